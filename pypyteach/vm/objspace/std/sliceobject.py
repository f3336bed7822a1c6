"""slice objects and the index helpers every sequence shares.

``slice_indices(space, w_slice, length)`` is CPython's PySlice_Unpack +
PySlice_AdjustIndices: ``(start, stop, step, slicelength)`` as host ints.
``index_w`` / ``ssize_index`` convert guest ints (and objects with
``__index__``) the way CPython's PyNumber_Index / PyNumber_AsSsize_t do.
"""

from ...memory import layout as L
from ..gateway import MethodTable, BuiltinFunction, NoKeywordsBuiltin, finish_methods
from ...memory.lloperation import MAXINT, MININT

SL = L.W_SliceObject
SL_START, SL_STOP, SL_STEP = SL.field("start"), SL.field("stop"), SL.field("step")
INTEGRAL = frozenset([L.W_IntObject.tid, L.W_BoolObject.tid, L.W_LongObject.tid])

slice_methods = MethodTable("slice")


# -- integer conversions ---------------------------------------------------------------------

def index_w(space, w_obj):
    """The host int of an int, bool or object with __index__; None otherwise."""
    if space.tid(w_obj) in INTEGRAL:
        return space.int_w(w_obj)
    if space.tid(w_obj) != L.W_InstanceObject.tid:
        return None
    w_index = space.lookup_special(w_obj, "__index__")
    if not w_index:
        return None
    w_result = space.call_function(w_index, w_obj)
    if space.tid(w_result) not in INTEGRAL:
        raise space.type_error("__index__ returned non-int (type %s)" % space.type_name(w_result))
    return space.int_w(w_result)


def int_arg(space, w_obj):
    """An argument that must be an integer (CPython's PyNumber_Index)."""
    value = index_w(space, w_obj)
    if value is None:
        raise space.type_error("'%s' object cannot be interpreted as an integer" % space.type_name(w_obj))
    return value


def ssize_arg(space, w_obj):
    """A Py_ssize_t argument (Argument Clinic's conversion): OverflowError beyond a word."""
    value = int_arg(space, w_obj)
    if not MININT <= value <= MAXINT:
        raise space.error(space.w_OverflowError, "Python int too large to convert to C ssize_t")
    return value


def ssize_index(space, w_obj, w_exc_type):
    """PyNumber_AsSsize_t(w_obj, exc): an index; w_exc_type raised beyond a word
    (None: clamp, as slice indices do)."""
    value = int_arg(space, w_obj)
    if MININT <= value <= MAXINT:
        return value
    if w_exc_type is None:
        return MAXINT if value > 0 else MININT
    raise space.error(w_exc_type, "cannot fit '%s' into an index-sized integer" % space.type_name(w_obj))


def is_index(space, w_obj):
    """Does w_obj support __index__ (can it be a sequence index)?"""
    if space.tid(w_obj) in INTEGRAL:
        return True
    return space.tid(w_obj) == L.W_InstanceObject.tid and bool(space.lookup_special(w_obj, "__index__"))


def _slice_index(space, w_obj, none_ok=True):
    """_PyEval_SliceIndex: an int clamped to a word, or None for None."""
    if none_ok and w_obj == space.w_None:
        return None
    if not is_index(space, w_obj):
        if none_ok:
            raise space.type_error("slice indices must be integers or None or have an __index__ method")
        raise space.type_error("slice indices must be integers or have an __index__ method")
    return ssize_index(space, w_obj, None)


def slice_index_not_none(space, w_obj):
    """list.index's start/stop arguments (_PyEval_SliceIndexNotNone)."""
    return _slice_index(space, w_obj, none_ok=False)


# -- slices ----------------------------------------------------------------------------------

def newslice(space, w_start, w_stop, w_step):
    return space.newslice(w_start, w_stop, w_step)


def slice_parts(space, w_slice):
    """(w_start, w_stop, w_step) of a slice object."""
    read = space.heap.read_int
    return read(w_slice + SL_START.offset), read(w_slice + SL_STOP.offset), read(w_slice + SL_STEP.offset)


def is_slice(space, w_obj):
    return space.tid(w_obj) == SL.tid


def unpack(space, w_slice):
    """PySlice_Unpack: (start, stop, step) before adjusting to a length."""
    w_start, w_stop, w_step = slice_parts(space, w_slice)
    step = _slice_index(space, w_step)
    if step is None:
        step = 1
    elif step == 0:
        raise space.value_error("slice step cannot be zero")
    elif step < -MAXINT:
        step = -MAXINT
    start = _slice_index(space, w_start)
    if start is None:
        start = MAXINT if step < 0 else 0
    stop = _slice_index(space, w_stop)
    if stop is None:
        stop = MININT if step < 0 else MAXINT
    return start, stop, step


def adjust_indices(length, start, stop, step):
    """PySlice_AdjustIndices: clamp to ``length``; returns (start, stop, slicelength)."""
    if start < 0:
        start += length
        if start < 0:
            start = -1 if step < 0 else 0
    elif start >= length:
        start = length - 1 if step < 0 else length
    if stop < 0:
        stop += length
        if stop < 0:
            stop = -1 if step < 0 else 0
    elif stop >= length:
        stop = length - 1 if step < 0 else length
    if step < 0:
        slicelength = (start - stop - 1) // (-step) + 1 if stop < start else 0
    else:
        slicelength = (stop - start - 1) // step + 1 if start < stop else 0
    return start, stop, slicelength


def slice_indices(space, w_slice, length):
    """(start, stop, step, slicelength) of ``w_slice`` over a sequence of ``length``."""
    start, stop, step = unpack(space, w_slice)
    start, stop, slicelength = adjust_indices(length, start, stop, step)
    return start, stop, step, slicelength


def slice_range(space, w_slice, length):
    """The host range of positions a slice selects."""
    start, stop, step, slicelength = slice_indices(space, w_slice, length)
    return range(start, start + slicelength * step, step)


def slice_attribute(space, w_slice, name):
    """``s.start`` / ``s.stop`` / ``s.step`` (for attributes.special_attribute); NULL otherwise."""
    if name == "start":
        return space.heap.read_int(w_slice + SL_START.offset)
    if name == "stop":
        return space.heap.read_int(w_slice + SL_STOP.offset)
    if name == "step":
        return space.heap.read_int(w_slice + SL_STEP.offset)
    return 0


# -- the slice type ----------------------------------------------------------------------------

def slice_new(space, *args_w):
    if len(args_w) == 1:
        return space.newslice(space.w_None, args_w[0], space.w_None)
    if len(args_w) == 2:
        return space.newslice(args_w[0], args_w[1], space.w_None)
    return space.newslice(*args_w)


@slice_methods.method("__repr__")
def slice_repr(space, w_slice):
    return space.newstr("slice(%s)" % ", ".join(space.repr_w(w) for w in slice_parts(space, w_slice)))


def _compare(symbol):
    def impl(space, w_slice, w_other):
        if not is_slice(space, w_other):
            return space.w_NotImplemented
        if symbol in ("==", "!=") and w_slice == w_other:
            return space.newbool(symbol == "==")
        w_a = space.newtuple(list(slice_parts(space, w_slice)))
        w_b = space.newtuple(list(slice_parts(space, w_other)))
        return space.compare_generic(w_a, w_b, symbol)
    return impl


for _name, _symbol in (("__eq__", "=="), ("__ne__", "!="), ("__lt__", "<"), ("__le__", "<="),
                       ("__gt__", ">"), ("__ge__", ">=")):
    slice_methods.methods[_name] = BuiltinFunction(_name, _compare(_symbol), qualname="slice." + _name)


@slice_methods.method("indices")
def slice_indices_method(space, w_slice, w_length):
    length = int_arg(space, w_length)
    if length < 0:
        raise space.value_error("length should not be negative")
    start, stop, step = _long_unpack(space, w_slice, length)
    return space.newtuple([space.wrap_int(start), space.wrap_int(stop), space.wrap_int(step)])


def _long_unpack(space, w_slice, length):
    """_PySlice_GetLongIndices: the same adjustment without clamping to a word."""
    w_start, w_stop, w_step = slice_parts(space, w_slice)
    step = 1 if w_step == space.w_None else _long_index(space, w_step)
    if step == 0:
        raise space.value_error("slice step cannot be zero")
    lower, upper = (-1, length - 1) if step < 0 else (0, length)
    bounds = []
    for w_bound, default in ((w_start, upper if step < 0 else lower),
                             (w_stop, lower if step < 0 else upper)):
        if w_bound == space.w_None:
            bounds.append(default)
            continue
        value = _long_index(space, w_bound)
        if value < 0:
            value = max(value + length, lower)
        else:
            value = min(value, upper)
        bounds.append(value)
    return bounds[0], bounds[1], step


def _long_index(space, w_obj):
    value = index_w(space, w_obj)
    if value is None:
        raise space.type_error("slice indices must be integers or None or have an __index__ method")
    return value


finish_methods(slice_methods)
TYPE_TABLES = [("slice", slice_methods)]
slice_methods.none_attrs = ("__hash__",)
TYPE_CONSTRUCTORS = {"slice": NoKeywordsBuiltin("slice", slice_new, 1, 3)}
