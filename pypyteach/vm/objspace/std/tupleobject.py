"""tuple: an immutable array of references stored inline (W_TupleObject),
or, as PyPy's specialised tuples (pypy/objspace/std/specialisedtupleobject.py),
a pair of exact ints (W_SpecialisedTupleObject_ii) or of floats
(W_SpecialisedTupleObject_ff) stored unboxed in two fields.  Reading an item
of a specialised tuple boxes it afresh (``is`` compares ints by value and
floats by bits, so ``t[0] is t[0]`` holds); a NaN is never unboxed, so that
``x in (x, 1.0)`` and the tuple's hash find it by identity, as in CPython.
In PyPy every other 2-tuple is a W_SpecialisedTupleObject_oo; here it is a
W_TupleObject.  Read tuples only through tuple_length / tuple_item /
space.tuple_w (and ll_items2 in ll style).

Also the helpers list and tuple share: CPython's lexicographic rich
comparison, ``repr`` with its recursion guard, repetition counts and
integer indexing.
"""

from contextlib import contextmanager
from ...memory import layout as L
from ..gateway import MethodTable, BuiltinFunction, NoKeywordsBuiltin, finish_methods, bare_names
from . import sliceobject
from . import iterobject


ITEMS = L.W_TupleObject.array
TUPLE = L.W_TupleObject.tid
INSTANCE = L.W_InstanceObject.tid
II, FF = L.W_SpecialisedTupleObject_ii, L.W_SpecialisedTupleObject_ff
SPECIALISED = {II.tid: II, FF.tid: FF}
TUPLE_TIDS = L.TUPLE_TIDS
INT, FLOAT = L.W_IntObject.tid, L.W_FloatObject.tid
INTVAL, FLOATVAL = L.W_IntObject.field("intval"), L.W_FloatObject.field("floatval")

tuple_methods = MethodTable("tuple")

COMPARE_NAMES = (("__eq__", "=="), ("__ne__", "!="), ("__lt__", "<"), ("__le__", "<="),
                 ("__gt__", ">"), ("__ge__", ">="))


def tuple_length(space, w_tuple):
    if space.tid(w_tuple) in SPECIALISED:
        return 2
    return space.heap.read_int(w_tuple + ITEMS.length_offset)


def tuple_item(space, w_tuple, i):
    """Item ``i`` (in range); an item of a specialised tuple is boxed afresh."""
    layout = SPECIALISED.get(space.tid(w_tuple))
    if layout is None:
        return space.heap.read_int(w_tuple + ITEMS.items_offset + 8 * i)
    field = layout.field("value%d" % i)
    if layout is II:
        return space.newint(space.heap.read_int(w_tuple + field.offset))
    return space.newfloat(space.heap.read_float(w_tuple + field.offset))


def raw_values(space, w_tuple):
    """The two host values of a specialised tuple (ints or floats), unboxed."""
    layout = SPECIALISED[space.tid(w_tuple)]
    read = space.heap.read_int if layout is II else space.heap.read_float
    return read(w_tuple + layout.field("value0").offset), read(w_tuple + layout.field("value1").offset)


def is_tuple(space, w_obj):
    return space.tid(w_obj) in TUPLE_TIDS


def ll_newtuple2(space, w_a, w_b):
    """PyPy's makespecialisedtuple in ll style: a specialised tuple of two
    exact ints or two non-NaN floats (guard_class on the items, when
    tracing), else None."""
    ll = space.ll
    kind = ll.classof(w_a)
    if (kind != INT and kind != FLOAT) or ll.classof(w_b) != kind:
        return None
    if kind == INT:
        a, b, layout = ll.getfield_gc_i(w_a, INTVAL), ll.getfield_gc_i(w_b, INTVAL), II
    else:
        a, b, layout = ll.getfield_gc_f(w_a, FLOATVAL), ll.getfield_gc_f(w_b, FLOATVAL), FF
        if ll.is_true(ll.float_ne(a, a)) or ll.is_true(ll.float_ne(b, b)):
            return None
    w_tuple = ll.new_with_vtable(layout.size_descr)
    ll.setfield_gc(w_tuple, a, layout.field("value0"))
    ll.setfield_gc(w_tuple, b, layout.field("value1"))
    return w_tuple


def ll_items2(space, w_tuple, tid):
    """The two items of a specialised tuple of type id ``tid`` (a constant), boxed (ll style)."""
    ll = space.ll
    layout = SPECIALISED[tid]
    if layout is II:
        return [space.newint(ll.getfield_gc_i(w_tuple, layout.field(name))) for name in ("value0", "value1")]
    return [space.newfloat(ll.getfield_gc_f(w_tuple, layout.field(name))) for name in ("value0", "value1")]


# -- helpers shared with list ----------------------------------------------------------------

@contextmanager
def repr_guard(space, w_obj):
    """Py_ReprEnter/Py_ReprLeave: yields True when w_obj's repr is already
    being computed (a self-recursive container)."""
    active = space.__dict__.setdefault("repr_in_progress", set())
    if w_obj in active:
        yield True
        return
    active.add(w_obj)
    try:
        yield False
    finally:
        active.discard(w_obj)


def repr_items(space, length, get):
    """', '.join of the reprs of items 0..length()-1 (re-reading the length:
    a __repr__ may mutate the container)."""
    parts = []
    i = 0
    while i < length():
        parts.append(space.repr_w(get(i)))
        i += 1
    return ", ".join(parts)


def richcompare(space, len_a, len_b, get_a, get_b, symbol, length_shortcut):
    """CPython's list/tuple rich comparison.  len_*: callables (lists may
    change while items compare); returns a guest object."""
    if length_shortcut and symbol in ("==", "!=") and len_a() != len_b():
        return space.newbool(symbol == "!=")
    i = 0
    while i < len_a() and i < len_b():
        # one at a time: w_x is a local while get_b boxes (liststrategy.list_items)
        w_x = get_a(i)
        w_y = get_b(i)
        if w_x != w_y and not space.eq_w(w_x, w_y):
            break
        i += 1
    if i >= len_a() or i >= len_b():
        return space.newbool(_host_compare(len_a(), len_b(), symbol))
    if symbol == "==":
        return space.w_False
    if symbol == "!=":
        return space.w_True
    return space.compare_generic(get_a(i), get_b(i), symbol)


def _host_compare(a, b, symbol):
    return {"==": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[symbol]


def repeat_count(space, w_times):
    """The count of ``seq * n``, or None when n is not an integer (the
    caller raises "can't multiply sequence by non-int...")."""
    if not sliceobject.is_index(space, w_times):
        return None
    return max(0, sliceobject.ssize_index(space, w_times, space.w_OverflowError))


def check_repeat_size(space, length, count):
    if length * count > space.heap.size // 8:
        raise space.error(space.w_MemoryError)


def cannot_multiply(space, w_times):
    return space.type_error("can't multiply sequence by non-int of type '%s'" % space.type_name(w_times))


def defers_to_reflected(space, w_other, name):
    """Should a sequence operator return NotImplemented so that w_other's
    reflected method runs?  (CPython tries the number slots first.)"""
    return space.tid(w_other) == INSTANCE and bool(space.lookup_special(w_other, name))


def item_index(space, w_index, length, what):
    """A checked position for seq[i] (i an index-like object), CPython's messages."""
    i = sliceobject.ssize_index(space, w_index, space.w_IndexError)
    if i < 0:
        i += length
    if not 0 <= i < length:
        raise space.error(space.w_IndexError, "%s index out of range" % what)
    return i


def bad_index_type(space, what, w_index):
    return space.type_error("%s indices must be integers or slices, not %s" % (what, space.type_name(w_index)))


def find_index(space, length, get, w_value, w_start, w_stop):
    """list.index / tuple.index: the first position in [start, stop), or -1."""
    start = 0 if w_start is None else sliceobject.slice_index_not_none(space, w_start)
    stop = sliceobject.MAXINT if w_stop is None else sliceobject.slice_index_not_none(space, w_stop)
    if start < 0:
        start = max(start + length(), 0)
    if stop < 0:
        stop = max(stop + length(), 0)
    i = start
    while i < stop and i < length():
        if space.eq_w(get(i), w_value):
            return i
        i += 1
    return -1


def count_items(space, length, get, w_value):
    count = 0
    i = 0
    while i < length():
        if space.eq_w(get(i), w_value):
            count += 1
        i += 1
    return count


def contains_item(space, length, get, w_value):
    i = 0
    while i < length():
        if space.eq_w(get(i), w_value):
            return True
        i += 1
    return False


# -- tuple methods ------------------------------------------------------------------------

def _accessors(space, w_tuple):
    n = tuple_length(space, w_tuple)
    return (lambda: n), (lambda i: tuple_item(space, w_tuple, i))


@tuple_methods.method("__len__")
def tuple_len(space, w_tuple):
    return space.newint(tuple_length(space, w_tuple))


@tuple_methods.method("__getitem__")
def tuple_getitem(space, w_tuple, w_index):
    n = tuple_length(space, w_tuple)
    if sliceobject.is_index(space, w_index):
        return tuple_item(space, w_tuple, item_index(space, w_index, n, "tuple"))
    if sliceobject.is_slice(space, w_index):
        positions = sliceobject.slice_range(space, w_index, n)
        if len(positions) == n and positions.step == 1:
            return w_tuple
        items_w = space.tuple_w(w_tuple)
        return space.newtuple([items_w[i] for i in positions])
    raise bad_index_type(space, "tuple", w_index)


@tuple_methods.method("__contains__")
def tuple_contains(space, w_tuple, w_value):
    length, get = _accessors(space, w_tuple)
    return space.newbool(contains_item(space, length, get, w_value))


@tuple_methods.method("__iter__")
def tuple_iter(space, w_tuple):
    return iterobject.new_seq_iter(space, w_tuple)


@tuple_methods.method("count")
def tuple_count(space, w_tuple, w_value):
    length, get = _accessors(space, w_tuple)
    return space.newint(count_items(space, length, get, w_value))


@tuple_methods.method("index")
def tuple_index(space, w_tuple, w_value, w_start=None, w_stop=None):
    length, get = _accessors(space, w_tuple)
    i = find_index(space, length, get, w_value, w_start, w_stop)
    if i < 0:
        raise space.value_error("tuple.index(x): x not in tuple")
    return space.newint(i)


@tuple_methods.method("__add__")
def tuple_add(space, w_tuple, w_other):
    if not is_tuple(space, w_other):
        if defers_to_reflected(space, w_other, "__radd__"):
            return space.w_NotImplemented
        raise space.type_error('can only concatenate tuple (not "%s") to tuple' % space.type_name(w_other))
    if tuple_length(space, w_other) == 0:
        return w_tuple
    if tuple_length(space, w_tuple) == 0:
        return w_other
    items_w = space.tuple_w(w_tuple)         # a local while the other's items are boxed
    items_w = items_w + space.tuple_w(w_other)
    return space.newtuple(items_w)


def _tuple_repeat(space, w_tuple, w_times):
    count = repeat_count(space, w_times)
    if count is None:
        if defers_to_reflected(space, w_times, "__rmul__"):
            return space.w_NotImplemented
        raise cannot_multiply(space, w_times)
    n = tuple_length(space, w_tuple)
    if count == 1 or n == 0:
        return w_tuple
    check_repeat_size(space, n, count)
    return space.newtuple(space.tuple_w(w_tuple) * count)


@tuple_methods.method("__mul__")
def tuple_mul(space, w_tuple, w_times):
    return _tuple_repeat(space, w_tuple, w_times)


@tuple_methods.method("__rmul__")
def tuple_rmul(space, w_tuple, w_times):
    return _tuple_repeat(space, w_tuple, w_times)


def _compare_method(symbol):
    def impl(space, w_tuple, w_other):
        if not is_tuple(space, w_other):
            return space.w_NotImplemented
        len_a, get_a = _accessors(space, w_tuple)
        len_b, get_b = _accessors(space, w_other)
        return richcompare(space, len_a, len_b, get_a, get_b, symbol, False)
    return impl


for _name, _symbol in COMPARE_NAMES:
    tuple_methods.methods[_name] = BuiltinFunction(_name, _compare_method(_symbol), qualname="tuple." + _name)


@tuple_methods.method("__hash__")
def tuple_hash(space, w_tuple):
    return space.wrap_int(space.hash_w(w_tuple))


@tuple_methods.method("__repr__")
def tuple_repr(space, w_tuple):
    n = tuple_length(space, w_tuple)
    if n == 0:
        return space.newstr("()")
    with repr_guard(space, w_tuple) as recursive:
        if recursive:
            return space.newstr("(...)")
        length, get = _accessors(space, w_tuple)
        text = repr_items(space, length, get)
    return space.newstr("(%s,)" % text if n == 1 else "(%s)" % text)


def tuple_new(space, w_iterable=None):
    if w_iterable is None:
        return space.newtuple([])
    if is_tuple(space, w_iterable):
        return w_iterable
    return space.newtuple(space.unpack_iterable(w_iterable, []))


bare_names(tuple_methods, "index")

finish_methods(tuple_methods)
TYPE_TABLES = [("tuple", tuple_methods)]
TYPE_CONSTRUCTORS = {"tuple": NoKeywordsBuiltin("tuple", tuple_new, 0, 1)}
