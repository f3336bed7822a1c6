"""From a list of instructions and labels to wordcode.

The compiler emits ``Instr`` objects whose jump arguments are ``BytecodeLabel``s and
places labels between them.  ``WordcodeAssembler.assemble`` then

1. applies the few peephole rewrites CPython 3.9 applies and that shape the
   loops a learner will see in PyPy's JIT logs (see ``_thread_jumps``);
2. lays the code out, growing EXTENDED_ARG prefixes until every argument fits;
3. computes the maximum stack depth by following every path.
"""

from . import opcodes
from .opcodes import OPS_BY_CODE, stack_effect

_UNCONDITIONAL = (opcodes.JUMP_FORWARD, opcodes.JUMP_ABSOLUTE)


class BytecodeLabel:
    __slots__ = ("offset",)

    def __init__(self):
        self.offset = -1


class Instr:
    __slots__ = ("op", "arg", "pos")

    def __init__(self, op, arg, pos):
        self.op = op
        self.arg = arg          # an int, or a BytecodeLabel for jumps
        self.pos = pos          # (line, col, end_line, end_col)

    def __repr__(self):
        return "Instr(%s, %r)" % (opcodes.opname(self.op), self.arg)


def _arg_size(arg):
    """Number of 2-byte slots an argument needs (EXTENDED_ARG prefixes + 1)."""
    size = 1
    while arg > 0xFF:
        arg >>= 8
        size += 1
    return size


class WordcodeAssembler:
    def __init__(self):
        self.items = []          # Instr and BytecodeLabel objects, in order
        self.reachable = True

    def emit(self, op, arg, pos):
        # Code after a return/raise/jump and before the next label can never
        # run: drop it, so that it neither confuses learners nor the stack
        # depth analysis (CPython 3.9 removes it after RETURN_VALUE too).
        if not self.reachable:
            return
        self.items.append(Instr(op, arg, pos))
        if OPS_BY_CODE[op].terminates:
            self.reachable = False

    def place(self, label):
        self.items.append(label)
        self.reachable = True

    def assemble(self):
        """Return (co_code bytes, positions tuple, max stack depth)."""
        self._thread_jumps()
        self._swap_unpacking()
        instrs = self._layout()
        depth = self._max_depth()
        code = bytearray()
        positions = []
        for instr in instrs:
            arg = instr.arg.offset if isinstance(instr.arg, BytecodeLabel) else instr.arg
            if opcodes.OPS_BY_CODE[instr.op].arg == opcodes.ARG_JREL:
                arg -= self._offset_after[id(instr)]
            size = _arg_size(arg)
            for shift in range(size - 1, 0, -1):
                code += bytes((opcodes.EXTENDED_ARG, (arg >> (8 * shift)) & 0xFF))
                positions.append(instr.pos)
            code += bytes((instr.op, arg & 0xFF))
            positions.append(instr.pos)
        return bytes(code), tuple(positions), depth

    # -- peephole ---------------------------------------------------------

    def _first_instr_after(self, label):
        index = self._label_index[label]
        for item in self.items[index + 1:]:
            if isinstance(item, Instr):
                return item
        return None

    def _thread_jumps(self):
        """An unconditional jump to an unconditional jump goes straight to the
        final target, as JUMP_ABSOLUTE (CPython 3.9's peephole does this, so an
        if/else at the end of a loop body jumps straight back to the loop head,
        as in PyPy's logs); an unconditional jump to a RETURN_VALUE becomes a
        RETURN_VALUE.  Conditional jumps are left alone: they must only ever
        jump forwards."""
        self._index_labels()
        for instr in self.items:
            if not isinstance(instr, Instr) or instr.op not in _UNCONDITIONAL:
                continue
            seen = set()
            while True:
                target = self._first_instr_after(instr.arg)
                if target is None or target is instr or id(target) in seen:
                    break
                seen.add(id(target))
                if target.op == opcodes.RETURN_VALUE:
                    instr.op, instr.arg = opcodes.RETURN_VALUE, 0
                    break
                if target.op not in _UNCONDITIONAL:
                    break
                instr.op, instr.arg = opcodes.JUMP_ABSOLUTE, target.arg

    def _swap_unpacking(self):
        """``a, b = b, a``: BUILD_TUPLE 2; UNPACK_SEQUENCE 2 becomes ROT_TWO
        (3 items: ROT_THREE; ROT_TWO), as CPython 3.9's peephole does."""
        items = self.items
        out = []
        i = 0
        while i < len(items):
            item = items[i]
            nxt = items[i + 1] if i + 1 < len(items) else None
            if (isinstance(item, Instr) and isinstance(nxt, Instr)
                    and item.op in (opcodes.BUILD_TUPLE, opcodes.BUILD_LIST)
                    and nxt.op == opcodes.UNPACK_SEQUENCE and item.arg == nxt.arg
                    and item.arg in (2, 3)):
                if item.arg == 3:
                    out.append(Instr(opcodes.ROT_THREE, 0, item.pos))
                out.append(Instr(opcodes.ROT_TWO, 0, item.pos))
                i += 2
                continue
            out.append(item)
            i += 1
        self.items = out

    # -- layout -------------------------------------------------------------

    def _index_labels(self):
        self._label_index = {item: i for i, item in enumerate(self.items)
                             if isinstance(item, BytecodeLabel)}

    def _layout(self):
        """Give every label its byte offset, growing EXTENDED_ARG prefixes
        until all arguments fit (sizes only ever grow, so this terminates)."""
        instrs = [item for item in self.items if isinstance(item, Instr)]
        sizes = {id(instr): 1 for instr in instrs}
        while True:
            offset = 0
            self._offset_after = {}
            for item in self.items:
                if isinstance(item, BytecodeLabel):
                    item.offset = offset
                else:
                    offset += 2 * sizes[id(item)]
                    self._offset_after[id(item)] = offset
            changed = False
            for instr in instrs:
                arg = instr.arg
                if isinstance(arg, BytecodeLabel):
                    arg = arg.offset
                    if OPS_BY_CODE[instr.op].arg == opcodes.ARG_JREL:
                        arg -= self._offset_after[id(instr)]
                        if arg < 0:
                            raise AssertionError("relative jump backwards")
                size = _arg_size(arg)
                if size > sizes[id(instr)]:
                    sizes[id(instr)] = size
                    changed = True
            if not changed:
                return instrs

    def _max_depth(self):
        """Follow every path from the entry, as CPython's stackdepth()."""
        self._index_labels()
        items = self.items
        depth_at = {}
        todo = [(0, 0)]
        max_depth = 0
        while todo:
            index, depth = todo.pop()
            while index < len(items):
                item = items[index]
                if isinstance(item, Instr):
                    if depth_at.get(index, -1) >= depth:
                        break
                    depth_at[index] = depth
                    info = OPS_BY_CODE[item.op]
                    if info.jump:
                        target = self._label_index[item.arg]
                        jumped = depth + stack_effect(item.op, 0, True)
                        max_depth = max(max_depth, jumped)
                        todo.append((target, jumped))
                    if info.terminates:
                        break
                    depth += stack_effect(item.op, item.arg, False)
                    max_depth = max(max_depth, depth)
                index += 1
        return max_depth
