"""Code objects: what the compiler produces and the interpreter runs.

A Code is host-side and immutable, like CPython's code object.  Its constants
are host values (None, bool, int, float, str, tuples of those, nested Code);
the object space turns them into heap objects when the code is loaded.

Every instruction knows where it came from (DESIGN decision 4): ``positions``
holds, per instruction, ``(line, col, end_line, end_col)`` of the AST node
that produced it (columns 0-based, as Python's ast).
"""

from dataclasses import dataclass, field

from . import opcodes


class FrozenSetConst(tuple):
    """A frozenset constant, as CPython's compiler folds ``x in {1, 2}`` and
    ``for x in {1, 2, 3}``: its items in source order, so the space can
    build the set exactly as CPython does (their order decides iteration)."""

    def __repr__(self):
        return "frozenset({%s})" % ", ".join(map(repr, self)) if self else "frozenset()"


@dataclass(frozen=True)
class Instruction:
    offset: int        # byte offset of the instruction itself (after any EXTENDED_ARG)
    opcode: int
    arg: int           # full argument, EXTENDED_ARG prefixes folded in (0 if none)
    line: int
    col: int

    @property
    def opname(self):
        return opcodes.opname(self.opcode)


@dataclass(eq=False)
class Code:
    co_name: str
    co_qualname: str
    co_filename: str
    co_firstlineno: int
    co_argcount: int
    co_kwonlyargcount: int
    co_flags: int
    co_varnames: tuple          # arguments first (positional, kw-only, *args, **kwargs), then locals
    co_cellvars: tuple
    co_freevars: tuple
    co_names: tuple
    co_consts: tuple
    co_code: bytes
    positions: tuple            # per 2-byte slot: (line, col, end_line, end_col)
    co_stacksize: int
    source: str = field(default="", repr=False)   # the whole module source, for error messages

    def __post_init__(self):
        self.co_nlocals = len(self.co_varnames)
        self.instructions = tuple(decode(self.co_code, self.positions))
        # Dense per-slot table for the interpreter: slot = offset // 2.  An
        # EXTENDED_ARG slot maps to the instruction it prefixes, so a jump to
        # the prefix runs the whole instruction.
        self.by_slot = [None] * (len(self.co_code) // 2)
        for instr in reversed(self.instructions):
            slot = instr.offset // 2
            self.by_slot[slot] = instr
            while slot > 0 and self.co_code[2 * (slot - 1)] == opcodes.EXTENDED_ARG:
                slot -= 1
                self.by_slot[slot] = instr
        # the same as plain (opcode, arg, offset) tuples: the dispatch loop
        # unpacks one per bytecode, cheaper than three attribute reads
        self.ops_by_slot = [None if instr is None else (instr.opcode, instr.arg, instr.offset)
                            for instr in self.by_slot]

        # where loops close: targets of backward jumps (JUMP_ABSOLUTE calls
        # can_enter_jit there); the JIT's merge points outside traces
        self.loop_headers = frozenset(instr.arg for instr in self.instructions
                                      if instr.opcode == opcodes.JUMP_ABSOLUTE and instr.arg < instr.offset)
        # a generator whose resumption a consumer's trace inlines: exactly
        # one ``yield`` (YIELD_VALUE), no ``yield from`` and no block
        # (SETUP_FINALLY: try).  Its suspended state lives in the guest
        # heap (``Interpreter.generator_suspend``).  In PyPy,
        # ``should_not_inline`` (pypy/interpreter/generator.py) counts the
        # yields: a generator with two or more is not inlined (its ``next``
        # becomes a call_assembler through ``generatorentry_driver``); here
        # such a generator's ``next`` stays a residual call.
        ops = [instr.opcode for instr in self.instructions]
        self.inlinable_generator = (self.is_generator and ops.count(opcodes.YIELD_VALUE) == 1
                                    and opcodes.YIELD_FROM not in ops and opcodes.SETUP_FINALLY not in ops)

    @property
    def is_generator(self):
        return bool(self.co_flags & opcodes.CO_GENERATOR)

    def line_at(self, offset):
        """The source line of the instruction at byte ``offset``."""
        return self.positions[offset // 2][0]

    def position_at(self, offset):
        return self.positions[offset // 2]

    def source_line(self, lineno):
        lines = self.source.splitlines()
        if 1 <= lineno <= len(lines):
            return lines[lineno - 1]
        return ""

    def nested_codes(self):
        """This code object and every code object in its constants, depth first."""
        yield self
        for const in self.co_consts:
            if isinstance(const, Code):
                yield from const.nested_codes()

    def __repr__(self):
        return "<code object %s, file %r, line %d>" % (self.co_name, self.co_filename, self.co_firstlineno)


def decode(co_code, positions):
    """Yield the Instructions of a wordcode string, EXTENDED_ARG folded in."""
    extended = 0
    for offset in range(0, len(co_code), 2):
        op, arg = co_code[offset], co_code[offset + 1]
        if op == opcodes.EXTENDED_ARG:
            extended = (extended | arg) << 8
            continue
        line, col = positions[offset // 2][:2]
        yield Instruction(offset, op, extended | arg, line, col)
        extended = 0
