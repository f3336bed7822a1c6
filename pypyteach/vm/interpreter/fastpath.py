"""Direct fast paths: opcode handlers for when nobody is tracing.

The handlers in pyopcode.py are written against ``space.ll`` so that the JIT
can record them (DESIGN decision 1).  Run directly, each ll operation is a
method call that only reads or writes a word: for the commonest cases (an
int or float operand, an instance attribute, a comparison feeding a jump)
most of the interpreter's time went into those calls.  The handlers here do
the same work on the heap directly, and hand everything else to the ll
handler they stand for.

They run only while ``space.ll is space.direct_ll`` (the dispatch loop
checks it before every bytecode), so a trace, a replay or a blackhole run
still goes through pyopcode.py and records exactly the same operations.
In PyPy the interpreter is translated to C once and the JIT's codewriter
reads the same source, so the two never need to differ; here the direct path
is the host Python running the interpreter, and these shortcuts are its
hand-inlined version of the ll calls, computing the same results.
"""

from ..compiler import opcodes
from ..memory import layout as L
from ..memory.heap import NULL
from ..memory.lloperation import MAXINT, MININT, wrap_int
from .pyframe import Frame
from ..objspace.std import typeobject
from ..objspace.std.typeobject import I_MAP, BOXED, INT as UNBOXED_INT, FLOAT as UNBOXED_FLOAT, FIELD, ITEMS

INT = L.W_IntObject.tid
BOOL = L.W_BoolObject.tid
FLOAT = L.W_FloatObject.tid
INSTANCE = L.W_InstanceObject.tid
NONE = L.W_NoneObject.tid
FUNCTION = L.W_FunctionObject.tid
INT_SIZE = L.W_IntObject.size_descr.size
FLOAT_SIZE = L.W_FloatObject.size_descr.size
DATA_DESCRIPTORS = frozenset([L.W_PropertyObject.tid])


def _word(offset):
    """A field's offset in words: every object and field is word-aligned."""
    assert offset % 8 == 0
    return offset >> 3


# word offsets of the fields the fast paths read and write
INTVAL = _word(L.W_IntObject.field("intval").offset)
FLOATVAL = _word(L.W_FloatObject.field("floatval").offset)
I_MAP_W = _word(I_MAP.offset)
BOXED_FIELD = _word(FIELD[BOXED].offset)
BOXED_ITEMS = _word(ITEMS[BOXED].items_offset)
UNBOXED_FIELD = _word(FIELD[UNBOXED_INT].offset)
UNBOXED_ITEMS = _word(ITEMS[UNBOXED_INT].items_offset)
assert ITEMS[BOXED].itemsize == ITEMS[UNBOXED_INT].itemsize == 8
assert (FIELD[UNBOXED_FLOAT].offset, ITEMS[UNBOXED_FLOAT].items_offset) == \
    (FIELD[UNBOXED_INT].offset, ITEMS[UNBOXED_INT].items_offset)

# host operators of the fast arithmetic, by the space method they stand for
_INT_OPS = {"add": int.__add__, "sub": int.__sub__, "mul": int.__mul__}
_FLOAT_OPS = {"add": float.__add__, "sub": float.__sub__, "mul": float.__mul__}
_COMPARE = [lambda a, b: a < b, lambda a, b: a <= b, lambda a, b: a == b,
            lambda a, b: a != b, lambda a, b: a > b, lambda a, b: a >= b]
assert len(_COMPARE) == len(opcodes.COMPARE_OPS)

_ARITHMETIC = {"BINARY_ADD": "add", "BINARY_SUBTRACT": "sub", "BINARY_MULTIPLY": "mul",
               "INPLACE_ADD": "add", "INPLACE_SUBTRACT": "sub", "INPLACE_MULTIPLY": "mul"}
_OTHERS = ("IS_OP", "FOR_ITER", "BINARY_TRUE_DIVIDE", "COMPARE_OP", "POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE", "LOAD_ATTR", "STORE_ATTR",
           "LOAD_METHOD", "CALL_FUNCTION", "CALL_METHOD")


def fast_handlers(interp):
    """The dispatch table of the direct path: ``interp.handlers`` with the
    fast handlers below in place of their ll originals.  They read the heap
    as words of the host's byte order (heap.words); a heap of the other
    byte order (a big-endian target's) keeps the ll handlers."""
    table = list(interp.handlers)
    if interp.space.heap.words is None:
        return table
    for name, op in _ARITHMETIC.items():
        code = getattr(opcodes, name)
        table[code] = _arithmetic(interp, op, table[code])
    for name in _OTHERS:
        code = getattr(opcodes, name)
        table[code] = globals()["_" + name.lower()](interp, table[code])
    return table


class _Words:
    """What every fast path uses: the heap as words and as doubles (index =
    (address - base) >> 3), the GC (its malloc looked up at each call, as
    DirectOps does) and the space."""

    def __init__(self, interp):
        space = interp.space
        heap = space.heap
        self.space = space
        self.words = heap.words
        self.floats = memoryview(heap.mem).cast("d")
        self.base = heap.base
        self.gc = space.gc


def _arithmetic(interp, op, slow):
    """``a op b`` for + - * on two ints (no overflow) or two floats."""
    h = _Words(interp)
    W, F, B, gc = h.words, h.floats, h.base, h.gc
    int_op, float_op = _INT_OPS[op], _FLOAT_OPS[op]

    def handler(frame, arg):
        stack = frame.stack
        a = (stack[-2] - B) >> 3
        b = (stack[-1] - B) >> 3
        ta = W[a]
        tb = W[b]
        if ta == INT and tb == INT:
            value = int_op(W[a + INTVAL], W[b + INTVAL])
            if MININT <= value <= MAXINT:
                w_result = gc.malloc(INT_SIZE)
                r = (w_result - B) >> 3
                W[r] = INT
                W[r + INTVAL] = value
                del stack[-1]
                stack[-1] = w_result
                return None
        else:
            x, y = _float_operands(W, F, a, b, ta, tb)
            if x is not None:
                w_result = gc.malloc(FLOAT_SIZE)
                r = (w_result - B) >> 3
                W[r] = FLOAT
                F[r + FLOATVAL] = float_op(x, y)
                del stack[-1]
                stack[-1] = w_result
                return None
        return slow(frame, arg)
    return handler


def _float_operands(W, F, a, b, ta, tb):
    """Two floats, or an int and a float, as host floats (as the space's
    _float_operands: the int cast by cast_int_to_float); else (None, None)."""
    if ta == FLOAT:
        if tb == FLOAT:
            return F[a + FLOATVAL], F[b + FLOATVAL]
        if tb == INT:
            return F[a + FLOATVAL], float(W[b + INTVAL])
    elif ta == INT and tb == FLOAT:
        return float(W[a + INTVAL]), F[b + FLOATVAL]
    return None, None


def _binary_true_divide(interp, slow):
    """``a / b`` with a float operand (the other a float or an int), b != 0."""
    h = _Words(interp)
    W, F, B, gc = h.words, h.floats, h.base, h.gc

    def handler(frame, arg):
        stack = frame.stack
        a = (stack[-2] - B) >> 3
        b = (stack[-1] - B) >> 3
        x, y = _float_operands(W, F, a, b, W[a], W[b])
        if x is None or y == 0.0:
            return slow(frame, arg)
        w_result = gc.malloc(FLOAT_SIZE)
        r = (w_result - B) >> 3
        W[r] = FLOAT
        F[r + FLOATVAL] = x / y
        del stack[-1]
        stack[-1] = w_result
        return None
    return handler


def _compare_op(interp, slow):
    """``a < b`` (etc.) on two ints or two floats: a bool, no allocation."""
    h = _Words(interp)
    W, F, B = h.words, h.floats, h.base
    w_True, w_False = h.space.w_True, h.space.w_False

    def handler(frame, arg):
        stack = frame.stack
        a = (stack[-2] - B) >> 3
        b = (stack[-1] - B) >> 3
        ta = W[a]
        tb = W[b]
        if ta == INT and tb == INT:
            flag = _COMPARE[arg](W[a + INTVAL], W[b + INTVAL])
        elif ta == FLOAT and tb == FLOAT:
            flag = _COMPARE[arg](F[a + FLOATVAL], F[b + FLOATVAL])
        else:
            return slow(frame, arg)
        del stack[-1]
        stack[-1] = w_True if flag else w_False
        return None
    return handler


def _jump_if(interp, slow, jump_when):
    """POP_JUMP_IF_FALSE / _TRUE on a bool, an int or None."""
    h = _Words(interp)
    W, B = h.words, h.base

    def handler(frame, arg):
        c = (frame.stack[-1] - B) >> 3
        tid = W[c]
        if tid == BOOL or tid == INT:
            flag = W[c + INTVAL] != 0
        elif tid == NONE:
            flag = False
        else:
            return slow(frame, arg)
        frame.stack.pop()
        if flag == jump_when:
            frame.pc = arg
        return None
    return handler


def _is_op(interp, slow):
    """``a is b`` / ``is not``: the same object, or two ints of one value
    (DescrOperation.is_w); floats take the ll handler."""
    h = _Words(interp)
    W, B = h.words, h.base
    w_True, w_False = h.space.w_True, h.space.w_False

    def handler(frame, arg):
        stack = frame.stack
        w_a = stack[-2]
        w_b = stack[-1]
        if w_a == w_b:
            same = True
        else:
            a = (w_a - B) >> 3
            b = (w_b - B) >> 3
            tid = W[b]
            if tid == FLOAT and W[a] == FLOAT:
                return slow(frame, arg)
            same = tid == INT and W[a] == INT and W[a + INTVAL] == W[b + INTVAL]
        del stack[-1]
        stack[-1] = w_True if same != bool(arg) else w_False
        return None
    return handler


def _pop_jump_if_false(interp, slow):
    return _jump_if(interp, slow, False)


def _pop_jump_if_true(interp, slow):
    return _jump_if(interp, slow, True)


def _instance_class_attr(h, o, name):
    """The map of the instance at word index ``o`` and whether its class
    leaves ``name`` to the instance (no data descriptor: a property)."""
    m = h.space.maps[h.words[o + I_MAP_W]]
    w_descr = typeobject.lookup(h.space, m.w_class, name)
    return m, not w_descr or h.words[(w_descr - h.base) >> 3] not in DATA_DESCRIPTORS


def _load_attr(interp, slow):
    """An attribute stored on an instance (boxed, or unboxed as an int or a
    float: then boxed afresh, as typeobject.instance_getattr does), not
    shadowed by a data descriptor of its class: the common ``self.x``."""
    h = _Words(interp)
    W, F, B, gc = h.words, h.floats, h.base, h.gc

    def handler(frame, arg):
        o = (frame.stack[-1] - B) >> 3
        if W[o] == INSTANCE:
            name = frame.code.co_names[arg]
            m, plain = _instance_class_attr(h, o, name)
            kind = m.kind_of.get(name)
            if kind is not None and plain and name != "__class__":
                index = m.index_of[name]
                if kind == BOXED:
                    w_value = W[((W[o + BOXED_FIELD] - B) >> 3) + BOXED_ITEMS + index]
                else:
                    item = ((W[o + UNBOXED_FIELD] - B) >> 3) + UNBOXED_ITEMS + index
                    if kind == UNBOXED_INT:
                        w_value = gc.malloc(INT_SIZE)
                        r = (w_value - B) >> 3
                        W[r] = INT
                        W[r + INTVAL] = W[item]
                    else:
                        w_value = gc.malloc(FLOAT_SIZE)
                        r = (w_value - B) >> 3
                        W[r] = FLOAT
                        F[r + FLOATVAL] = F[item]
                if w_value:
                    frame.stack[-1] = w_value
                    return None
        return slow(frame, arg)
    return handler


def _store_attr(interp, slow):
    """Rebinding an instance attribute that keeps its kind: a boxed one, an
    unboxed int given an int, an unboxed float given a float that is not a
    NaN (typeobject.instance_setattr's first case); or a new attribute
    (``self.x = x`` in ``__init__``) when its array has room: the item, then
    the map's transition (its second case, without growing an array)."""
    h = _Words(interp)
    W, F, B = h.words, h.floats, h.base
    space = h.space

    def append(stack, o, m, name, w_value):
        v = (w_value - B) >> 3
        if W[v] == INT:
            kind = UNBOXED_INT
        elif W[v] == FLOAT and F[v + FLOATVAL] == F[v + FLOATVAL]:
            kind = UNBOXED_FLOAT
        else:
            kind = BOXED
        index = m.used[FIELD[kind]]
        if index >= typeobject.storage_capacity(index):
            return False                # the array grows (or is made): the ll path
        if kind == BOXED:
            W[((W[o + BOXED_FIELD] - B) >> 3) + BOXED_ITEMS + index] = w_value
        elif kind == UNBOXED_INT:
            W[((W[o + UNBOXED_FIELD] - B) >> 3) + UNBOXED_ITEMS + index] = W[v + INTVAL]
        else:
            F[((W[o + UNBOXED_FIELD] - B) >> 3) + UNBOXED_ITEMS + index] = F[v + FLOATVAL]
        W[o + I_MAP_W] = m.with_attr(space, name, kind).number
        del stack[-2:]
        return True

    def handler(frame, arg):
        stack = frame.stack
        o = (stack[-1] - B) >> 3
        if W[o] == INSTANCE:
            name = frame.code.co_names[arg]
            m, plain = _instance_class_attr(h, o, name)
            kind = m.kind_of.get(name)
            if plain and name != "__class__":
                w_value = stack[-2]
                if kind is None:
                    return None if append(stack, o, m, name, w_value) else slow(frame, arg)
                if kind == BOXED:
                    W[((W[o + BOXED_FIELD] - B) >> 3) + BOXED_ITEMS + m.index_of[name]] = w_value
                elif kind == UNBOXED_INT and W[(w_value - B) >> 3] == INT:
                    W[((W[o + UNBOXED_FIELD] - B) >> 3) + UNBOXED_ITEMS + m.index_of[name]] = \
                        W[((w_value - B) >> 3) + INTVAL]
                elif kind == UNBOXED_FLOAT and W[(w_value - B) >> 3] == FLOAT and \
                        F[((w_value - B) >> 3) + FLOATVAL] == F[((w_value - B) >> 3) + FLOATVAL]:
                    # (a NaN makes the attribute boxed: typeobject.value_kind)
                    F[((W[o + UNBOXED_FIELD] - B) >> 3) + UNBOXED_ITEMS + m.index_of[name]] = \
                        F[((w_value - B) >> 3) + FLOATVAL]
                else:
                    return slow(frame, arg)
                del stack[-2:]
                return None
        return slow(frame, arg)
    return handler


def _load_method(interp, slow):
    """A method of an instance's class (a plain function the instance does
    not shadow): push it and the instance, as LOAD_METHOD does."""
    h = _Words(interp)
    W, B = h.words, h.base
    space = h.space

    def handler(frame, arg):
        stack = frame.stack
        w_obj = stack[-1]
        o = (w_obj - B) >> 3
        if W[o] == INSTANCE:
            name = frame.code.co_names[arg]
            m = space.maps[W[o + I_MAP_W]]
            if name not in m.index_of and name != "__class__":
                w_descr = typeobject.lookup(space, m.w_class, name)
                if w_descr and W[(w_descr - B) >> 3] == FUNCTION:
                    stack[-1] = w_descr
                    stack.append(w_obj)
                    return None
        return slow(frame, arg)
    return handler


RANGE_ITER = L.W_IntRangeIterator.tid
GENERATOR = L.W_GeneratorObject.tid
RI_CURRENT = _word(L.W_IntRangeIterator.field("current").offset)
RI_STOP = _word(L.W_IntRangeIterator.field("stop").offset)
RI_STEP = _word(L.W_IntRangeIterator.field("step").offset)


def _for_iter(interp, slow):
    """The next int of a range iterator (ContainerOperations.next_or_null's
    first case: the item boxed before the iterator is advanced)."""
    h = _Words(interp)
    W, B, gc = h.words, h.base, h.gc

    resume_inline = interp._resume_generator_inline_direct

    def handler(frame, arg):
        stack = frame.stack
        it = (stack[-1] - B) >> 3
        if W[it] != RANGE_ITER:
            if W[it] == GENERATOR and resume_inline(frame, stack[-1]):
                return None
            return slow(frame, arg)
        current = W[it + RI_CURRENT]
        step = W[it + RI_STEP]
        if (current < W[it + RI_STOP]) if step > 0 else (current > W[it + RI_STOP]):
            w_item = gc.malloc(INT_SIZE)
            r = (w_item - B) >> 3
            W[r] = INT
            W[r + INTVAL] = current
            W[it + RI_CURRENT] = wrap_int(current + step)
            stack.append(w_item)
        else:
            stack.pop()
            frame.pc += arg
        return None
    return handler


# -- calls -------------------------------------------------------------------------------------

F_CODE_OFS = L.W_FunctionObject.field("code").offset
F_GLOBALS_OFS = L.W_FunctionObject.field("globals").offset
CODE_INDEX_OFS = L.W_CodeObject.field("index").offset
NOT_SIMPLE = opcodes.CO_VARARGS | opcodes.CO_VARKEYWORDS | opcodes.CO_GENERATOR


def _simple_call(interp):
    """``enter(w_func, args_w)``: push the frame of a call to a guest
    function taking exactly these positional arguments (no defaults, *args,
    **kwargs, keyword-only arguments, closures or cells, not a generator),
    as Interpreter.push_call would; False, having done nothing, otherwise."""
    space = interp.space
    read = space.heap.read_int
    code_table = space.code_table

    def enter(w_func, args_w):
        if read(w_func) != FUNCTION:
            return False
        code = code_table[read(read(w_func + F_CODE_OFS) + CODE_INDEX_OFS)][0]
        if (code.co_flags & NOT_SIMPLE or code.co_argcount != len(args_w) or code.co_kwonlyargcount
                or code.co_cellvars or code.co_freevars):
            return False
        return args_w + [NULL] * (code.co_nlocals - len(args_w)), code

    def push(frame, w_func, entered):
        locals_w, code = entered
        interp.check_recursion()
        callee = Frame(code, w_func, read(w_func + F_GLOBALS_OFS), locals_w, [])
        callee.back = frame
        interp.frame = callee
        interp.depth += 1
    return enter, push


# With a JIT attached these run too: the JIT's hook in push_call
# (portal_call, call_assembler) acts only while it traces or replays a
# blackholed bytecode, when space.ll is not the direct one and the ll
# handlers run instead of these; the new frame's merge point (function
# entry) is the dispatch loop's, at its first bytecode.

def _call_function(interp, slow):
    enter, push = _simple_call(interp)

    def handler(frame, arg):
        stack = frame.stack
        w_func = stack[-arg - 1]
        entered = enter(w_func, stack[len(stack) - arg:])
        if not entered:
            return slow(frame, arg)
        del stack[-arg - 1:]
        push(frame, w_func, entered)
        return None
    return handler


def _call_method(interp, slow):
    enter, push = _simple_call(interp)

    def handler(frame, arg):
        stack = frame.stack
        w_func = stack[-arg - 2]
        if not w_func:
            return slow(frame, arg)
        entered = enter(w_func, stack[len(stack) - arg - 1:])
        if not entered:
            return slow(frame, arg)
        del stack[-arg - 2:]
        push(frame, w_func, entered)
        return None
    return handler
