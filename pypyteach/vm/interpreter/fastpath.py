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
from ..memory.lloperation import MAXINT, MININT
from .pyframe import Frame
from ..objspace.std import typeobject
from ..objspace.std.typeobject import I_MAP, BOXED, INT as UNBOXED_INT, FLOAT as UNBOXED_FLOAT, FIELD, ITEMS

INT = L.W_IntObject.tid
BOOL = L.W_BoolObject.tid
FLOAT = L.W_FloatObject.tid
INSTANCE = L.W_InstanceObject.tid
NONE = L.W_NoneObject.tid
INTVAL_OFS = L.W_IntObject.field("intval").offset
FLOATVAL_OFS = L.W_FloatObject.field("floatval").offset
INT_SIZE = L.W_IntObject.size_descr.size
FLOAT_SIZE = L.W_FloatObject.size_descr.size
I_MAP_OFS = I_MAP.offset
BOXED_FIELD_OFS = FIELD[BOXED].offset
BOXED_ITEMS_OFS = ITEMS[BOXED].items_offset
BOXED_ITEMSIZE = ITEMS[BOXED].itemsize
UNBOXED_FIELD_OFS = FIELD[UNBOXED_INT].offset
assert FIELD[UNBOXED_FLOAT].offset == UNBOXED_FIELD_OFS
UNBOXED_ITEMS_OFS = ITEMS[UNBOXED_INT].items_offset
UNBOXED_ITEMSIZE = ITEMS[UNBOXED_INT].itemsize
assert (ITEMS[UNBOXED_FLOAT].items_offset, ITEMS[UNBOXED_FLOAT].itemsize) == (UNBOXED_ITEMS_OFS, UNBOXED_ITEMSIZE)
DATA_DESCRIPTORS = frozenset([L.W_PropertyObject.tid])

# host operators of the fast arithmetic, by the space method they stand for
_INT_OPS = {"add": int.__add__, "sub": int.__sub__, "mul": int.__mul__}
_FLOAT_OPS = {"add": float.__add__, "sub": float.__sub__, "mul": float.__mul__}
_COMPARE = [lambda a, b: a < b, lambda a, b: a <= b, lambda a, b: a == b,
            lambda a, b: a != b, lambda a, b: a > b, lambda a, b: a >= b]
assert len(_COMPARE) == len(opcodes.COMPARE_OPS)

_ARITHMETIC = {"BINARY_ADD": "add", "BINARY_SUBTRACT": "sub", "BINARY_MULTIPLY": "mul",
               "INPLACE_ADD": "add", "INPLACE_SUBTRACT": "sub", "INPLACE_MULTIPLY": "mul"}


def fast_handlers(interp):
    """The dispatch table of the direct path: ``interp.handlers`` with the
    fast handlers below in place of their ll originals."""
    table = list(interp.handlers)
    for name, op in _ARITHMETIC.items():
        code = getattr(opcodes, name)
        table[code] = _arithmetic(interp, op, table[code])
    for name in ("COMPARE_OP", "POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE", "LOAD_ATTR"):
        code = getattr(opcodes, name)
        table[code] = globals()["_" + name.lower()](interp, table[code])
    for name in ("CALL_FUNCTION", "CALL_METHOD"):
        code = getattr(opcodes, name)
        table[code] = globals()["_" + name.lower()](interp, table[code])
    return table


def _arithmetic(interp, op, slow):
    """``a op b`` for + - * on two ints (no overflow) or two floats."""
    space = interp.space
    heap = space.heap
    read, write = heap.read_int, heap.write_int
    read_float, write_float = heap.read_float, heap.write_float
    gc = space.gc        # gc.malloc looked up at each call, as DirectOps does
    int_op, float_op = _INT_OPS[op], _FLOAT_OPS[op]

    def handler(frame, arg):
        stack = frame.stack
        w_b = stack[-1]
        w_a = stack[-2]
        ta = read(w_a)
        tb = read(w_b)
        if ta == INT and tb == INT:
            value = int_op(read(w_a + INTVAL_OFS), read(w_b + INTVAL_OFS))
            if MININT <= value <= MAXINT:
                w_result = gc.malloc(INT_SIZE)
                write(w_result, INT)
                write(w_result + INTVAL_OFS, value)
                del stack[-1]
                stack[-1] = w_result
                return None
        elif ta == FLOAT and tb == FLOAT:
            w_result = gc.malloc(FLOAT_SIZE)
            write(w_result, FLOAT)
            write_float(w_result + FLOATVAL_OFS, float_op(read_float(w_a + FLOATVAL_OFS),
                                                          read_float(w_b + FLOATVAL_OFS)))
            del stack[-1]
            stack[-1] = w_result
            return None
        return slow(frame, arg)
    return handler


def _compare_op(interp, slow):
    """``a < b`` (etc.) on two ints or two floats: a bool, no allocation."""
    space = interp.space
    heap = space.heap
    read, read_float = heap.read_int, heap.read_float
    w_True, w_False = space.w_True, space.w_False

    def handler(frame, arg):
        stack = frame.stack
        w_b = stack[-1]
        w_a = stack[-2]
        ta = read(w_a)
        tb = read(w_b)
        if ta == INT and tb == INT:
            flag = _COMPARE[arg](read(w_a + INTVAL_OFS), read(w_b + INTVAL_OFS))
        elif ta == FLOAT and tb == FLOAT:
            flag = _COMPARE[arg](read_float(w_a + FLOATVAL_OFS), read_float(w_b + FLOATVAL_OFS))
        else:
            return slow(frame, arg)
        del stack[-1]
        stack[-1] = w_True if flag else w_False
        return None
    return handler


def _jump_if(interp, slow, jump_when):
    """POP_JUMP_IF_FALSE / _TRUE on a bool, an int or None."""
    space = interp.space
    read = space.heap.read_int

    def handler(frame, arg):
        w_cond = frame.stack[-1]
        tid = read(w_cond)
        if tid == BOOL or tid == INT:
            flag = read(w_cond + INTVAL_OFS) != 0
        elif tid == NONE:
            flag = False
        else:
            return slow(frame, arg)
        frame.stack.pop()
        if flag == jump_when:
            frame.pc = arg
        return None
    return handler


def _pop_jump_if_false(interp, slow):
    return _jump_if(interp, slow, False)


def _pop_jump_if_true(interp, slow):
    return _jump_if(interp, slow, True)


def _load_attr(interp, slow):
    """An attribute stored on an instance (boxed, or unboxed as an int or a
    float: then boxed afresh, as typeobject.instance_getattr does), not
    shadowed by a data descriptor of its class: the common ``self.x``."""
    space = interp.space
    heap = space.heap
    read, write = heap.read_int, heap.write_int
    read_float, write_float = heap.read_float, heap.write_float
    gc = space.gc        # gc.malloc looked up at each call, as DirectOps does
    maps = space.maps
    lookup = typeobject.lookup

    def handler(frame, arg):
        w_obj = frame.stack[-1]
        if read(w_obj) == INSTANCE:
            name = frame.code.co_names[arg]
            m = maps[read(w_obj + I_MAP_OFS)]
            kind = m.kind_of.get(name)
            if kind is not None and name != "__class__":
                w_descr = lookup(space, m.w_class, name)
                if not w_descr or read(w_descr) not in DATA_DESCRIPTORS:
                    index = m.index_of[name]
                    if kind == BOXED:
                        w_array = read(w_obj + BOXED_FIELD_OFS)
                        w_value = read(w_array + BOXED_ITEMS_OFS + BOXED_ITEMSIZE * index)
                    else:
                        addr = read(w_obj + UNBOXED_FIELD_OFS) + UNBOXED_ITEMS_OFS + UNBOXED_ITEMSIZE * index
                        if kind == UNBOXED_INT:
                            w_value = gc.malloc(INT_SIZE)
                            write(w_value, INT)
                            write(w_value + INTVAL_OFS, read(addr))
                        else:
                            w_value = gc.malloc(FLOAT_SIZE)
                            write(w_value, FLOAT)
                            write_float(w_value + FLOATVAL_OFS, read_float(addr))
                    if w_value:
                        frame.stack[-1] = w_value
                        return None
        return slow(frame, arg)
    return handler


# -- calls -------------------------------------------------------------------------------------

FUNCTION = L.W_FunctionObject.tid
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


def _call_function(interp, slow):
    enter, push = _simple_call(interp)

    def handler(frame, arg):
        if interp.jitdriver is not None:        # the JIT's runtime hooks into push_call
            return slow(frame, arg)
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
        if not w_func or interp.jitdriver is not None:
            return slow(frame, arg)
        entered = enter(w_func, stack[len(stack) - arg - 1:])
        if not entered:
            return slow(frame, arg)
        del stack[-arg - 2:]
        push(frame, w_func, entered)
        return None
    return handler
