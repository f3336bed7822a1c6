"""The opcode table: the single source of truth for pypyteach's bytecode.

pypyteach owns its bytecode; it never decodes the host CPython's.  The names
follow CPython 3.9, which is the bytecode PyPy 7.3.11 (Python 3.9) runs, so a
learner meets the same names in PyPy's JIT logs (``#8 LOAD_FAST``).

Encoding ("wordcode"): every instruction is two bytes, opcode then argument.
An argument above 255 is built from EXTENDED_ARG prefixes, each contributing
eight more high bits.  Bytecode offsets are byte offsets, so instructions sit
at #0, #2, #4, ... as in PyPy's ``debug_merge_point`` lines.  Jump arguments:
``jabs`` is an absolute byte offset, ``jrel`` a byte distance from the start
of the next instruction.

The block stack (as in Python 3.9): SETUP_FINALLY pushes a block
(handler offset, value-stack depth).  When an exception propagates, the
interpreter pops blocks until it finds a SETUP_FINALLY block; it truncates the
value stack to the block's depth, pushes an EXCEPT_HANDLER block that
remembers the exception being handled before, pushes the exception object
(ONE value, unlike CPython's three) and jumps to the handler.  Inside the
handler POP_EXCEPT pops the EXCEPT_HANDLER block and restores the previously
handled exception; RERAISE re-raises the exception object on top of stack.

Stack effects are written ``before -> after`` with the top of stack last.
"""

from dataclasses import dataclass

# How an argument is interpreted, for the disassembler and the tests.
ARG_NONE = None
ARG_CONST = "const"      # index into co_consts
ARG_NAME = "name"        # index into co_names
ARG_LOCAL = "local"      # index into co_varnames
ARG_FREE = "free"        # index into co_cellvars + co_freevars
ARG_JABS = "jabs"        # absolute byte offset
ARG_JREL = "jrel"        # byte distance from the next instruction
ARG_COMPARE = "compare"  # index into COMPARE_OPS
ARG_COUNT = "count"      # a plain number (items, arguments, flags)

COMPARE_OPS = ("<", "<=", "==", "!=", ">", ">=")

# MAKE_FUNCTION flag bits (as CPython 3.9)
MAKE_DEFAULTS = 0x01
MAKE_KWDEFAULTS = 0x02
MAKE_ANNOTATIONS = 0x04  # never emitted: annotations are dropped
MAKE_CLOSURE = 0x08

# FORMAT_VALUE flag bits (as CPython 3.9)
FVC_MASK = 0x3
FVC_NONE, FVC_STR, FVC_REPR, FVC_ASCII = 0, 1, 2, 3
FVS_HAVE_SPEC = 0x4

# Code object flags (co_flags), as CPython
CO_OPTIMIZED = 0x01
CO_NEWLOCALS = 0x02
CO_VARARGS = 0x04
CO_VARKEYWORDS = 0x08
CO_NESTED = 0x10
CO_GENERATOR = 0x20
CO_NOFREE = 0x40


@dataclass(frozen=True)
class OpInfo:
    name: str
    code: int
    arg: object        # one of the ARG_* kinds
    stack: str         # stack effect, "before -> after", top last
    doc: str
    jump: bool = False           # may transfer control to its argument's target
    conditional: bool = False    # ...or fall through
    backward_ok: bool = False    # may jump backwards (a can_enter_jit point)
    terminates: bool = False     # never falls through


def _op(code, name, arg, stack, doc, **flags):
    return OpInfo(name, code, arg, stack, doc, **flags)


# One line per opcode.  Numbers are pypyteach's own (loosely CPython 3.9's).
OPCODES = [
    _op(1, "POP_TOP", ARG_NONE, "x ->", "Discard the top of stack."),
    _op(2, "ROT_TWO", ARG_NONE, "a b -> b a", "Swap the two top items."),
    _op(3, "ROT_THREE", ARG_NONE, "a b c -> c a b", "Move the top item down two places."),
    _op(4, "DUP_TOP", ARG_NONE, "x -> x x", "Duplicate the top of stack."),
    _op(5, "DUP_TOP_TWO", ARG_NONE, "a b -> a b a b", "Duplicate the two top items."),
    _op(6, "ROT_FOUR", ARG_NONE, "a b c d -> d a b c", "Move the top item down three places."),
    _op(9, "NOP", ARG_NONE, "->", "Do nothing."),
    _op(10, "UNARY_POSITIVE", ARG_NONE, "x -> +x", "Unary plus."),
    _op(11, "UNARY_NEGATIVE", ARG_NONE, "x -> -x", "Unary minus."),
    _op(12, "UNARY_NOT", ARG_NONE, "x -> not x", "Boolean not."),
    _op(15, "UNARY_INVERT", ARG_NONE, "x -> ~x", "Bitwise inversion."),
    _op(19, "BINARY_POWER", ARG_NONE, "a b -> a**b", "Power."),
    _op(20, "BINARY_MULTIPLY", ARG_NONE, "a b -> a*b", "Multiplication."),
    _op(22, "BINARY_MODULO", ARG_NONE, "a b -> a%b", "Modulo (also str % args)."),
    _op(23, "BINARY_ADD", ARG_NONE, "a b -> a+b", "Addition."),
    _op(24, "BINARY_SUBTRACT", ARG_NONE, "a b -> a-b", "Subtraction."),
    _op(25, "BINARY_SUBSCR", ARG_NONE, "a i -> a[i]", "Subscription."),
    _op(26, "BINARY_FLOOR_DIVIDE", ARG_NONE, "a b -> a//b", "Floor division."),
    _op(27, "BINARY_TRUE_DIVIDE", ARG_NONE, "a b -> a/b", "True division."),
    _op(28, "INPLACE_FLOOR_DIVIDE", ARG_NONE, "a b -> a//=b", "In-place floor division."),
    _op(29, "INPLACE_TRUE_DIVIDE", ARG_NONE, "a b -> a/=b", "In-place true division."),
    _op(55, "INPLACE_ADD", ARG_NONE, "a b -> a+=b", "In-place addition (list += extends in place)."),
    _op(56, "INPLACE_SUBTRACT", ARG_NONE, "a b -> a-=b", "In-place subtraction."),
    _op(57, "INPLACE_MULTIPLY", ARG_NONE, "a b -> a*=b", "In-place multiplication."),
    _op(59, "INPLACE_MODULO", ARG_NONE, "a b -> a%=b", "In-place modulo."),
    _op(60, "STORE_SUBSCR", ARG_NONE, "v a i ->", "a[i] = v."),
    _op(61, "DELETE_SUBSCR", ARG_NONE, "a i ->", "del a[i]."),
    _op(62, "BINARY_LSHIFT", ARG_NONE, "a b -> a<<b", "Left shift."),
    _op(63, "BINARY_RSHIFT", ARG_NONE, "a b -> a>>b", "Right shift."),
    _op(64, "BINARY_AND", ARG_NONE, "a b -> a&b", "Bitwise and (also set intersection)."),
    _op(65, "BINARY_XOR", ARG_NONE, "a b -> a^b", "Bitwise xor."),
    _op(66, "BINARY_OR", ARG_NONE, "a b -> a|b", "Bitwise or (also set union)."),
    _op(67, "INPLACE_POWER", ARG_NONE, "a b -> a**=b", "In-place power."),
    _op(68, "GET_ITER", ARG_NONE, "x -> iter(x)", "Replace TOS by an iterator over it."),
    _op(69, "GET_YIELD_FROM_ITER", ARG_NONE, "x -> iter(x)", "Iterator for 'yield from' (generators pass through)."),
    _op(71, "LOAD_BUILD_CLASS", ARG_NONE, "-> __build_class__", "Push the builtin that builds a class from its body function."),
    _op(72, "YIELD_FROM", ARG_NONE, "it v -> it | result",
        "Send v into the sub-iterator it (v is None: next(it)). If it yields y, y is "
        "yielded by this generator and the instruction is executed again on resumption "
        "(with the value sent). When it is exhausted, pop both and push the return value "
        "(StopIteration.value)."),
    _op(73, "LOAD_ASSERTION_ERROR", ARG_NONE, "-> AssertionError", "Push the AssertionError class."),
    _op(75, "INPLACE_LSHIFT", ARG_NONE, "a b -> a<<=b", "In-place left shift."),
    _op(76, "INPLACE_RSHIFT", ARG_NONE, "a b -> a>>=b", "In-place right shift."),
    _op(77, "INPLACE_AND", ARG_NONE, "a b -> a&=b", "In-place and."),
    _op(78, "INPLACE_XOR", ARG_NONE, "a b -> a^=b", "In-place xor."),
    _op(79, "INPLACE_OR", ARG_NONE, "a b -> a|=b", "In-place or."),
    _op(82, "LIST_TO_TUPLE", ARG_NONE, "list -> tuple", "Convert the list on TOS to a tuple."),
    _op(83, "RETURN_VALUE", ARG_NONE, "x ->", "Return TOS to the caller.", terminates=True),
    _op(86, "YIELD_VALUE", ARG_NONE, "x -> sent",
        "Suspend the generator yielding x; on resumption push the value sent in (None for next())."),
    _op(87, "POP_BLOCK", ARG_NONE, "->", "Pop a SETUP_FINALLY block from the block stack."),
    _op(89, "POP_EXCEPT", ARG_NONE, "->",
        "Pop the EXCEPT_HANDLER block and restore the exception that was being handled before."),
    _op(48, "RERAISE", ARG_NONE, "exc ->", "Re-raise the exception object on TOS.", terminates=True),
    _op(90, "STORE_NAME", ARG_NAME, "x ->", "Store into the namespace (module or class body)."),
    _op(91, "DELETE_NAME", ARG_NAME, "->", "Delete from the namespace."),
    _op(92, "UNPACK_SEQUENCE", ARG_COUNT, "seq -> x[n-1] .. x[0]",
        "Unpack exactly n items; pushed so that x[0] ends on top."),
    _op(93, "FOR_ITER", ARG_JREL, "it -> it x | ",
        "Call next(it): push the item, or on exhaustion pop it and jump.", jump=True, conditional=True),
    _op(94, "UNPACK_EX", ARG_COUNT, "seq -> after.. list before..",
        "Starred unpacking: arg = before | (after << 8); as UNPACK_SEQUENCE with a list "
        "for the starred target in the middle."),
    _op(95, "STORE_ATTR", ARG_NAME, "v obj ->", "obj.name = v."),
    _op(96, "DELETE_ATTR", ARG_NAME, "obj ->", "del obj.name."),
    _op(97, "STORE_GLOBAL", ARG_NAME, "x ->", "Store a global."),
    _op(98, "DELETE_GLOBAL", ARG_NAME, "->", "Delete a global."),
    _op(100, "LOAD_CONST", ARG_CONST, "-> c", "Push a constant."),
    _op(101, "LOAD_NAME", ARG_NAME, "-> x", "Load from the namespace, then globals, then builtins."),
    _op(102, "BUILD_TUPLE", ARG_COUNT, "x1..xn -> tuple", "Build a tuple of n items."),
    _op(103, "BUILD_LIST", ARG_COUNT, "x1..xn -> list", "Build a list of n items."),
    _op(104, "BUILD_SET", ARG_COUNT, "x1..xn -> set", "Build a set of n items."),
    _op(105, "BUILD_MAP", ARG_COUNT, "k1 v1..kn vn -> dict", "Build a dict of n pairs."),
    _op(106, "LOAD_ATTR", ARG_NAME, "obj -> obj.name", "Attribute lookup."),
    _op(107, "COMPARE_OP", ARG_COMPARE, "a b -> a op b", "Rich comparison (<, <=, ==, !=, >, >=)."),
    _op(108, "IMPORT_NAME", ARG_NAME, "level fromlist -> module",
        "Import a module (only 'math' exists in the guest world)."),
    _op(109, "IMPORT_FROM", ARG_NAME, "module -> module attr", "Load an attribute of the module on TOS."),
    _op(110, "JUMP_FORWARD", ARG_JREL, "->", "Jump forward.", jump=True, terminates=True),
    _op(111, "JUMP_IF_FALSE_OR_POP", ARG_JABS, "x -> x | ",
        "If x is false jump and keep it, else pop it.", jump=True, conditional=True),
    _op(112, "JUMP_IF_TRUE_OR_POP", ARG_JABS, "x -> x | ",
        "If x is true jump and keep it, else pop it.", jump=True, conditional=True),
    _op(113, "JUMP_ABSOLUTE", ARG_JABS, "->", "Jump to an absolute offset (loops jump backwards here).",
        jump=True, terminates=True, backward_ok=True),
    _op(114, "POP_JUMP_IF_FALSE", ARG_JABS, "x ->", "Pop x; jump if false.",
        jump=True, conditional=True, backward_ok=True),
    _op(115, "POP_JUMP_IF_TRUE", ARG_JABS, "x ->", "Pop x; jump if true.",
        jump=True, conditional=True, backward_ok=True),
    _op(116, "LOAD_GLOBAL", ARG_NAME, "-> x", "Load a global, then a builtin."),
    _op(117, "IS_OP", ARG_COUNT, "a b -> bool", "a is b (arg 0) or a is not b (arg 1)."),
    _op(118, "CONTAINS_OP", ARG_COUNT, "a b -> bool", "a in b (arg 0) or a not in b (arg 1)."),
    _op(121, "JUMP_IF_NOT_EXC_MATCH", ARG_JABS, "exc cls ->",
        "Pop both; jump unless exc is an instance of cls (or of a class in the tuple cls).",
        jump=True, conditional=True),
    _op(122, "SETUP_FINALLY", ARG_JREL, "->",
        "Push a block whose handler is the target: exceptions inside jump there.", jump=True,
        conditional=True),
    _op(124, "LOAD_FAST", ARG_LOCAL, "-> x", "Push a local variable (UnboundLocalError if unset)."),
    _op(125, "STORE_FAST", ARG_LOCAL, "x ->", "Store a local variable."),
    _op(126, "DELETE_FAST", ARG_LOCAL, "->", "Delete a local variable."),
    _op(130, "RAISE_VARARGS", ARG_COUNT, "[exc [cause]] ->",
        "0: re-raise the exception being handled; 1: raise exc; 2: raise exc from cause.",
        terminates=True),
    _op(131, "CALL_FUNCTION", ARG_COUNT, "f a1..an -> result", "Call f with n positional arguments."),
    _op(132, "MAKE_FUNCTION", ARG_COUNT, "[defaults] [kwdefaults] [closure] code qualname -> function",
        "Make a function; flags say which optional items are present (in that order)."),
    _op(133, "BUILD_SLICE", ARG_COUNT, "start stop [step] -> slice", "Build a slice of 2 or 3 items."),
    _op(135, "LOAD_CLOSURE", ARG_FREE, "-> cell", "Push the cell object of a cell or free variable."),
    _op(136, "LOAD_DEREF", ARG_FREE, "-> x", "Push the contents of a cell (NameError if empty)."),
    _op(137, "STORE_DEREF", ARG_FREE, "x ->", "Store into a cell."),
    _op(138, "DELETE_DEREF", ARG_FREE, "->", "Empty a cell."),
    _op(141, "CALL_FUNCTION_KW", ARG_COUNT, "f a1..an names -> result",
        "Call f with n arguments, the last len(names) of them by keyword (names: a tuple of str)."),
    _op(142, "CALL_FUNCTION_EX", ARG_COUNT, "f args [kwargs] -> result",
        "Call f(*args, **kwargs); bit 0 of the arg says whether kwargs (a dict) is present."),
    _op(144, "EXTENDED_ARG", ARG_COUNT, "->", "Prefix: eight more high bits for the next argument."),
    _op(145, "LIST_APPEND", ARG_COUNT, "x ->", "Append x to the list n items down (comprehensions)."),
    _op(146, "SET_ADD", ARG_COUNT, "x ->", "Add x to the set n items down (comprehensions)."),
    _op(147, "MAP_ADD", ARG_COUNT, "k v ->", "Set d[k] = v in the dict n items down (comprehensions)."),
    _op(148, "LOAD_CLASSDEREF", ARG_FREE, "-> x",
        "In a class body: load from the class namespace, else from the cell."),
    _op(155, "FORMAT_VALUE", ARG_COUNT, "x [spec] -> str",
        "f-string field: apply the conversion (arg & 3: none, str, repr, ascii), then format "
        "with spec if arg & 4."),
    _op(156, "BUILD_CONST_KEY_MAP", ARG_COUNT, "v1..vn keys -> dict", "Build a dict from n values and a tuple of keys."),
    _op(157, "BUILD_STRING", ARG_COUNT, "s1..sn -> str", "Concatenate n strings."),
    _op(160, "LOAD_METHOD", ARG_NAME, "obj -> meth self | NULL attr",
        "Look up a method: push the function and obj (unbound method call), or NULL and the attribute."),
    _op(161, "CALL_METHOD", ARG_COUNT, "meth self a1..an -> result", "Call what LOAD_METHOD pushed."),
    _op(162, "LIST_EXTEND", ARG_COUNT, "it ->", "Extend the list n items down by the iterable."),
    _op(163, "SET_UPDATE", ARG_COUNT, "it ->", "Update the set n items down by the iterable."),
    _op(164, "DICT_MERGE", ARG_COUNT, "m ->", "Merge mapping m into the dict n items down (duplicate keys are an error)."),
    _op(165, "DICT_UPDATE", ARG_COUNT, "m ->", "Update the dict n items down with mapping m."),
]

OPS_BY_NAME = {info.name: info for info in OPCODES}
OPS_BY_CODE = {info.code: info for info in OPCODES}

assert len(OPS_BY_NAME) == len(OPCODES), "duplicate opcode name"
assert len(OPS_BY_CODE) == len(OPCODES), "duplicate opcode number"
assert all(0 < info.code < 256 for info in OPCODES)

# Module-level constants, one per opcode: ``opcodes.LOAD_FAST == 124``.
globals().update({info.name: info.code for info in OPCODES})

HAS_ARG = frozenset(info.code for info in OPCODES if info.arg is not ARG_NONE)
JUMP_ABSOLUTE_OPS = frozenset(info.code for info in OPCODES if info.arg == ARG_JABS)
JUMP_RELATIVE_OPS = frozenset(info.code for info in OPCODES if info.arg == ARG_JREL)


def opname(code):
    return OPS_BY_CODE[code].name


def jump_target(code, arg, offset):
    """The byte offset a jump instruction at ``offset`` goes to, or None."""
    if code in JUMP_ABSOLUTE_OPS:
        return arg
    if code in JUMP_RELATIVE_OPS:
        return offset + 2 + arg
    return None


# -- stack effects ------------------------------------------------------------
#
# Derived from the ``stack`` column: for most opcodes the effect is the number
# of items after "->" minus the number before.  The opcodes below have an
# effect that depends on the argument or on whether the jump is taken; their
# rules restate their ``stack`` strings.

def _popcount(n):
    return bin(n).count("1")


_VARIABLE_EFFECTS = {
    "UNPACK_SEQUENCE": lambda arg, jump: arg - 1,
    "UNPACK_EX": lambda arg, jump: (arg & 0xFF) + (arg >> 8),
    "FOR_ITER": lambda arg, jump: -1 if jump else 1,
    "JUMP_IF_FALSE_OR_POP": lambda arg, jump: 0 if jump else -1,
    "JUMP_IF_TRUE_OR_POP": lambda arg, jump: 0 if jump else -1,
    # The handler starts with the block's stack plus the exception object.
    "SETUP_FINALLY": lambda arg, jump: 1 if jump else 0,
    "BUILD_TUPLE": lambda arg, jump: 1 - arg,
    "BUILD_LIST": lambda arg, jump: 1 - arg,
    "BUILD_SET": lambda arg, jump: 1 - arg,
    "BUILD_STRING": lambda arg, jump: 1 - arg,
    "BUILD_MAP": lambda arg, jump: 1 - 2 * arg,
    "BUILD_CONST_KEY_MAP": lambda arg, jump: -arg,
    "BUILD_SLICE": lambda arg, jump: 1 - arg,
    "RAISE_VARARGS": lambda arg, jump: -arg,
    "CALL_FUNCTION": lambda arg, jump: -arg,
    "CALL_FUNCTION_KW": lambda arg, jump: -arg - 1,
    "CALL_FUNCTION_EX": lambda arg, jump: -1 - (arg & 1),
    "CALL_METHOD": lambda arg, jump: -arg - 1,
    "MAKE_FUNCTION": lambda arg, jump: -1 - _popcount(arg & 0x0F),
    "FORMAT_VALUE": lambda arg, jump: -1 if arg & FVS_HAVE_SPEC else 0,
    "LOAD_METHOD": lambda arg, jump: 1,
    # One result each, though written as a phrase ("not x", "a op b").
    "UNARY_NOT": lambda arg, jump: 0,
    "COMPARE_OP": lambda arg, jump: -1,
    # Net effect once the sub-iterator is exhausted: it v -> result.
    "YIELD_FROM": lambda arg, jump: -1,
}


def _fixed_effect(info):
    before, after = info.stack.split("->")
    return len(after.split()) - len(before.split())


_FIXED_EFFECTS = {info.code: _fixed_effect(info) for info in OPCODES
                  if info.name not in _VARIABLE_EFFECTS}


def stack_effect(opcode, arg=0, jump=None):
    """Net change of the value-stack depth, like CPython's dis.stack_effect.

    ``jump`` True: the effect when the jump is taken; False: when it is not;
    None: the larger of the two.
    """
    if opcode in _FIXED_EFFECTS:
        return _FIXED_EFFECTS[opcode]
    rule = _VARIABLE_EFFECTS[opname(opcode)]
    if jump is None:
        return max(rule(arg, True), rule(arg, False))
    return rule(arg, jump)
