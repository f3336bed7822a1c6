"""list: the list methods, written against the storage strategies of
liststrategy.py (a W_ListObject's items are raw words or references, as its
``strategy`` says; PyPy's pypy/objspace/std/listobject.py).
"""

from ...memory import layout as L
from ...memory.lloperation import MAXINT, MININT
from ..gateway import MethodTable, BuiltinFunction, NoKeywordsBuiltin, MethodBuiltin, finish_methods, bare_names
from . import sliceobject, strobject
from . import tupleobject as T
from ..operationerror import OperationError
from . import iterobject
from .liststrategy import (  # noqa: F401  (the list API other modules use)
    LIST_LENGTH, LIST_ITEMS, LIST_STRATEGY, ITEMS, INT_ITEMS, FLOAT_ITEMS, LIST, EMPTY, OBJECT,
    INTEGER, FLOATS, STRATEGY_NAMES, strategy_of, strategy_name, item_strategy, join, unbox, raw_items,
    store_raw, store_items, newlist, newlist_raw, list_length, list_items, set_items, ll_getitem,
    ll_setitem, append, get_item, put_item, ll_strategy)

INT_LIKE = frozenset([L.W_IntObject.tid, L.W_BoolObject.tid])
FLOAT = L.W_FloatObject.tid
STR = L.W_UnicodeObject.tid
INTVAL = L.W_IntObject.field("intval")

list_methods = MethodTable("list")


def _accessors(space, w_list):
    """(length(), get(i)) re-reading the list each time: guest code run by
    comparisons may mutate it."""
    return (lambda: list_length(space, w_list)), (lambda i: get_item(space, w_list, i))


def is_list(space, w_obj):
    return space.tid(w_obj) == LIST


def sequence_fast(space, w_obj, message, held):
    """PySequence_Fast: the items of a list/tuple, or of any iterable; a
    TypeError from iter() becomes ``message``.  ``held``: every other heap
    reference the caller needs afterwards, pinned while a generator behind
    ``w_obj`` runs with collections allowed (``space.drain``)."""
    tid = space.tid(w_obj)
    if tid == LIST:
        return list_items(space, w_obj)
    if tid in T.TUPLE_TIDS:
        return space.tuple_w(w_obj)
    try:
        w_iter = space.iter(w_obj)
    except OperationError as operr:
        if space.isinstance_w(operr.w_value, space.w_TypeError):
            raise space.type_error(message)
        raise
    return space.drain(w_iter, held)


# -- length, items, membership -----------------------------------------------------------------

@list_methods.method("__len__")
def list_len(space, w_list):
    return space.newint(list_length(space, w_list))


@list_methods.method("__getitem__")
def list_getitem(space, w_list, w_index):
    n = list_length(space, w_list)
    if sliceobject.is_index(space, w_index):
        return get_item(space, w_list, T.item_index(space, w_index, n, "list"))
    if sliceobject.is_slice(space, w_index):
        positions = sliceobject.slice_range(space, w_index, n)
        strategy, raw = raw_items(space, w_list)
        return newlist_raw(space, strategy, [raw[i] for i in positions])
    raise T.bad_index_type(space, "list", w_index)


@list_methods.method("__setitem__")
def list_setitem(space, w_list, w_index, w_value):
    n = list_length(space, w_list)
    if sliceobject.is_index(space, w_index):
        put_item(space, w_list, _assignment_index(space, w_index, n), w_value)
    elif sliceobject.is_slice(space, w_index):
        _assign_slice(space, w_list, w_index, w_value)
    else:
        raise T.bad_index_type(space, "list", w_index)
    return space.w_None


@list_methods.method("__delitem__")
def list_delitem(space, w_list, w_index):
    n = list_length(space, w_list)
    if sliceobject.is_index(space, w_index):
        i = _assignment_index(space, w_index, n)
        strategy, items = raw_items(space, w_list)
        del items[i]
    elif sliceobject.is_slice(space, w_index):
        start, stop, step, slicelength = sliceobject.slice_indices(space, w_index, n)
        strategy, items = raw_items(space, w_list)
        if step == 1:
            del items[start:max(start, stop)]
        else:
            doomed = set(range(start, start + slicelength * step, step))
            items = [w for i, w in enumerate(items) if i not in doomed]
    else:
        raise T.bad_index_type(space, "list", w_index)
    store_raw(space, w_list, strategy, items)     # deleting keeps the strategy, as in PyPy
    return space.w_None


def _assignment_index(space, w_index, n):
    i = sliceobject.ssize_index(space, w_index, space.w_IndexError)
    if i < 0:
        i += n
    if not 0 <= i < n:
        raise space.error(space.w_IndexError, "list assignment index out of range")
    return i


def _assign_slice(space, w_list, w_slice, w_value):
    start, stop, step, slicelength = sliceobject.slice_indices(space, w_slice, list_length(space, w_list))
    if step == 1:
        new = sequence_fast(space, w_value, "can only assign an iterable", [w_list])
        items = list_items(space, w_list)
        low = min(max(start, 0), len(items))
        high = min(max(stop, low), len(items))
        items[low:high] = new
        set_items(space, w_list, items)
        return
    new = sequence_fast(space, w_value, "must assign iterable to extended slice", [w_list])
    if len(new) != slicelength:
        raise space.value_error("attempt to assign sequence of size %d to extended slice of size %d"
                                % (len(new), slicelength))
    for k, w_item in enumerate(new):
        put_item(space, w_list, start + k * step, w_item)


@list_methods.method("__contains__")
def list_contains(space, w_list, w_value):
    length, get = _accessors(space, w_list)
    return space.newbool(T.contains_item(space, length, get, w_value))


@list_methods.method("__iter__")
def list_iter(space, w_list):
    return iterobject.new_seq_iter(space, w_list)


@list_methods.method("__reversed__")
def list_reversed(space, w_list):
    return iterobject.new_reverse_iter(space, w_list, list_length(space, w_list) - 1)


# -- mutation --------------------------------------------------------------------------------

@list_methods.method("append")
def list_append(space, w_list, w_item):
    append(space, w_list, w_item)
    return space.w_None


@list_methods.ll_path("append")
def ll_list_append(space, args_w):
    """``lst.append(x)`` from bytecode, inline (liststrategy.append): a
    residual call only to grow the array or switch the strategy."""
    if len(args_w) != 2 or space.ll.classof(args_w[0]) != LIST:
        return None
    append(space, args_w[0], args_w[1])
    return space.ll.const(space.w_None)


@list_methods.method("extend")
def list_extend(space, w_list, w_iterable):
    extend(space, w_list, w_iterable)
    return space.w_None


def extend(space, w_list, w_iterable):
    """list.extend: lists and tuples at once, other iterables item by item
    (what was appended stays if the iteration fails)."""
    tid = space.tid(w_iterable)
    if tid == LIST:
        strategy_a, raw_a = raw_items(space, w_list)
        strategy_b, raw_b = raw_items(space, w_iterable)
        if join(strategy_a, strategy_b) != OBJECT:
            store_raw(space, w_list, join(strategy_a, strategy_b), raw_a + raw_b)
            return
    if tid == LIST or tid in T.TUPLE_TIDS:
        items_w = list_items(space, w_list)  # a local while the other's items are boxed
        items_w = items_w + sequence_fast(space, w_iterable, "", ())
        set_items(space, w_list, items_w)
        return
    for w_item in space.iterate(w_iterable, [w_list]):
        append(space, w_list, w_item)


@list_methods.method("insert")
def list_insert(space, w_list, w_index, w_item):
    where = sliceobject.ssize_arg(space, w_index)
    strategy, items = raw_items(space, w_list)
    if where < 0:
        where = max(where + len(items), 0)
    where = min(where, len(items))
    if strategy != EMPTY and item_strategy(space, w_item) == strategy:
        items.insert(where, unbox(space, strategy, w_item))
        store_raw(space, w_list, strategy, items)
    else:
        items_w = list_items(space, w_list)
        items_w.insert(where, w_item)
        set_items(space, w_list, items_w)
    return space.w_None


@list_methods.method("pop")
def list_pop(space, w_list, w_index=None):
    index = -1 if w_index is None else sliceobject.ssize_arg(space, w_index)
    n = list_length(space, w_list)
    if n == 0:
        raise space.error(space.w_IndexError, "pop from empty list")
    if index < 0:
        index += n
    if not 0 <= index < n:
        raise space.error(space.w_IndexError, "pop index out of range")
    w_item = get_item(space, w_list, index)
    if index == n - 1:
        heap = space.heap
        heap.write_int(heap.read_int(w_list + LIST_ITEMS.offset) + ITEMS.items_offset + 8 * index, 0)
        heap.write_int(w_list + LIST_LENGTH.offset, n - 1)
    else:
        strategy, items = raw_items(space, w_list)
        del items[index]
        store_raw(space, w_list, strategy, items)
    return w_item


@list_methods.ll_path("pop")
def ll_list_pop(space, args_w):
    """``lst.pop()`` and ``lst.pop(i)`` of the last item, inline, as
    PyPy's rlist ``ll_pop_default``: the length, the item, a NULL stored
    in its slot (references only: the GC must not see it) and the new
    length.  Another index shifts the items after it (PyPy's
    ``ll_pop_zero``/``ll_pop``: a residual call), an empty list or an
    index out of range raise: the host function (a residual call)."""
    ll = space.ll
    if not 1 <= len(args_w) <= 2 or ll.classof(args_w[0]) != LIST:
        return None
    w_list = args_w[0]
    n = ll.getfield_gc_i(w_list, LIST_LENGTH)
    last = ll.int_sub(n, ll.const(1))
    if len(args_w) == 2:
        if ll.classof(args_w[1]) not in INT_LIKE:
            return None
        index = ll.getfield_gc_i(args_w[1], INTVAL)
        if ll.is_true(ll.int_lt(index, ll.const(0))):
            index = ll.int_add(index, n)
        if not ll.is_true(ll.int_eq(index, last)):
            return None
    if not ll.is_true(ll.int_ge(last, ll.const(0))):
        return None
    w_item = ll_getitem(space, w_list, last)
    if ll_strategy(space, w_list) == OBJECT:
        ll.setarrayitem_gc(ll.getfield_gc_r(w_list, LIST_ITEMS), last, ll.const(0), ITEMS)
    ll.setfield_gc(w_list, last, LIST_LENGTH)
    return w_item


@list_methods.method("remove")
def list_remove(space, w_list, w_value):
    length, get = _accessors(space, w_list)
    i = T.find_index(space, length, get, w_value, None, None)
    if i < 0:
        raise space.value_error("list.remove(x): x not in list")
    if i < length():
        strategy, items = raw_items(space, w_list)
        del items[i]
        store_raw(space, w_list, strategy, items)
    return space.w_None


@list_methods.method("index")
def list_index(space, w_list, w_value, w_start=None, w_stop=None):
    length, get = _accessors(space, w_list)
    i = T.find_index(space, length, get, w_value, w_start, w_stop)
    if i < 0:
        raise space.value_error("%s is not in list" % space.repr_w(w_value))
    return space.newint(i)


@list_methods.method("count")
def list_count(space, w_list, w_value):
    length, get = _accessors(space, w_list)
    return space.newint(T.count_items(space, length, get, w_value))


@list_methods.method("reverse")
def list_reverse(space, w_list):
    strategy, items = raw_items(space, w_list)
    store_raw(space, w_list, strategy, items[::-1])
    return space.w_None


@list_methods.method("copy")
def list_copy(space, w_list):
    return newlist_raw(space, *raw_items(space, w_list))


@list_methods.method("clear")
def list_clear(space, w_list):
    store_raw(space, w_list, EMPTY, [])     # back to the empty strategy, as PyPy's clear()
    return space.w_None


# -- sorting ---------------------------------------------------------------------------------

class _SortItem:
    """A (key, value) pair whose ``<`` is the guest's: sorting these with the
    host's list.sort runs CPython's own timsort, so the comparisons made (and
    the result for inconsistent orders, and the state after an exception)
    are exactly CPython's."""

    __slots__ = ("space", "w_key", "w_value")

    def __init__(self, space, w_key, w_value):
        self.space, self.w_key, self.w_value = space, w_key, w_value

    def __lt__(self, other):
        return less_than(self.space, self.w_key, other.w_key)


def less_than(space, w_a, w_b):
    """``a < b`` as a host bool for list.sort (fast paths for ints, floats and strs)."""
    heap = space.heap
    ta, tb = heap.read_int(w_a), heap.read_int(w_b)
    if ta in INT_LIKE and tb in INT_LIKE:
        return heap.read_int(w_a + 8) < heap.read_int(w_b + 8)
    if ta == FLOAT and tb == FLOAT:
        return heap.read_float(w_a + 8) < heap.read_float(w_b + 8)
    if ta == STR and tb == STR:
        return strobject.str_value(space, w_a) < strobject.str_value(space, w_b)
    # the guest's __lt__ may collect: sort_list pinned the items and the
    # keys, list.sort's builtin call its list and key function
    return space.lt_w(w_a, w_b, gc_safe=True)


@list_methods.method("sort")
def list_sort(space, w_list, *args_w, key=None, reverse=None):
    if args_w:
        raise space.type_error("sort() takes no positional arguments")
    flag = False if reverse is None else bool(sliceobject.int_arg(space, reverse))
    sort_list(space, w_list, None if key == space.w_None else key, flag)
    return space.w_None


class _SortBuiltin(MethodBuiltin):
    """list.sort: keyword-only arguments with CPython's messages."""

    def call(self, space, args_w, kwargs_w=None):
        if len(args_w) > 1:
            raise space.type_error("sort() takes no positional arguments")
        for name in kwargs_w or {}:
            if name not in ("key", "reverse"):
                raise space.type_error("'%s' is an invalid keyword argument for sort()" % name)
        return MethodBuiltin.call(self, space, args_w, kwargs_w)


list_methods.methods["sort"] = _SortBuiltin("sort", list_sort, qualname="list.sort")


def sort_list(space, w_list, w_key, reverse):
    """list.sort(key=w_key, reverse=reverse) (w_key None: no key function).
    The list is empty while sorting, as in CPython.  An int or float list
    without a key function sorts its raw words (no guest code can run; in
    PyPy: IntSort, FloatSort)."""
    heap = space.heap
    strategy, raw = raw_items(space, w_list)
    if w_key is None and strategy in (INTEGER, FLOATS):
        raw.sort(reverse=reverse)        # the host's timsort: CPython's order, stable
        store_raw(space, w_list, strategy, raw)
        return
    saved = list_items(space, w_list)
    w_marker = space.direct_ll.new_array(L.GcArray, 0)
    heap.write_int(w_list + LIST_LENGTH.offset, 0)
    heap.write_int(w_list + LIST_ITEMS.offset, w_marker)
    heap.write_int(w_list + LIST_STRATEGY.offset, OBJECT)
    result = saved
    try:
        with space.gc.pinning(saved):
            result = _sorted_items(space, saved, w_key, reverse)
    finally:
        modified = (heap.read_int(w_list + LIST_ITEMS.offset) != w_marker
                    or heap.read_int(w_list + LIST_LENGTH.offset) != 0)
        store_raw(space, w_list, EMPTY, [])
        store_items(space, w_list, strategy if result else EMPTY, result)
    if modified:
        raise space.value_error("list modified during sort")


def _sorted_items(space, items_w, w_key, reverse):
    """The items sorted by key.  Key functions and the guest's ``__lt__``
    may collect: the items are pinned by sort_list, the keys here, the key
    function by list.sort's builtin call."""
    keys_w = items_w if w_key is None else []
    with space.gc.pinning(keys_w):
        if w_key is not None:
            for w_item in items_w:
                keys_w.append(space.call_held(w_key, [w_item]))
        pairs = [_SortItem(space, w_k, w_v) for w_k, w_v in zip(keys_w, items_w)]
        try:
            pairs.sort(reverse=reverse)
        finally:
            items_w[:] = [pair.w_value for pair in pairs]
    return items_w


# -- operators -------------------------------------------------------------------------------

@list_methods.method("__add__")
def list_add(space, w_list, w_other):
    if not is_list(space, w_other):
        if T.defers_to_reflected(space, w_other, "__radd__"):
            return space.w_NotImplemented
        raise space.type_error('can only concatenate list (not "%s") to list' % space.type_name(w_other))
    strategy_a, raw_a = raw_items(space, w_list)
    strategy_b, raw_b = raw_items(space, w_other)
    if join(strategy_a, strategy_b) != OBJECT:
        return newlist_raw(space, join(strategy_a, strategy_b), raw_a + raw_b)
    items_w = list_items(space, w_list)      # a local while the other's items are boxed
    items_w = items_w + list_items(space, w_other)
    return newlist(space, items_w, OBJECT)


@list_methods.method("__iadd__")
def list_iadd(space, w_list, w_other):
    extend(space, w_list, w_other)
    return w_list


def _repeat_count(space, w_times):
    count = T.repeat_count(space, w_times)
    if count is None and not T.defers_to_reflected(space, w_times, "__rmul__"):
        raise T.cannot_multiply(space, w_times)
    return count


@list_methods.method("__mul__")
def list_mul(space, w_list, w_times):
    count = _repeat_count(space, w_times)
    if count is None:
        return space.w_NotImplemented
    strategy, items = raw_items(space, w_list)
    T.check_repeat_size(space, len(items), count)
    return newlist_raw(space, strategy, items * count)


@list_methods.method("__rmul__")
def list_rmul(space, w_list, w_times):
    return list_mul(space, w_list, w_times)


@list_methods.method("__imul__")
def list_imul(space, w_list, w_times):
    count = _repeat_count(space, w_times)
    if count is None:
        return space.w_NotImplemented
    strategy, items = raw_items(space, w_list)
    T.check_repeat_size(space, len(items), count)
    if count != 1:
        store_raw(space, w_list, strategy, items * count)
    return w_list


def _compare_method(symbol):
    def impl(space, w_list, w_other):
        if not is_list(space, w_other):
            return space.w_NotImplemented
        len_a, get_a = _accessors(space, w_list)
        len_b, get_b = _accessors(space, w_other)
        return T.richcompare(space, len_a, len_b, get_a, get_b, symbol, True)
    return impl


for _name, _symbol in T.COMPARE_NAMES:
    list_methods.methods[_name] = BuiltinFunction(_name, _compare_method(_symbol), qualname="list." + _name)


@list_methods.method("__repr__")
def list_repr(space, w_list):
    with T.repr_guard(space, w_list) as recursive:
        if recursive:
            return space.newstr("[...]")
        length, get = _accessors(space, w_list)
        return space.newstr("[%s]" % T.repr_items(space, length, get))


def list_new(space, w_iterable=None):
    if w_iterable is None:
        return newlist(space, [])
    if is_list(space, w_iterable):
        return list_copy(space, w_iterable)
    if space.tid(w_iterable) in L.RANGE_TIDS:
        # list(range(...)): the ints go straight into the int strategy's
        # words, never boxed (in PyPy the list starts as a RangeListStrategy)
        start, stop, step = iterobject.range_parts(space, w_iterable)
        n = iterobject.range_length(start, stop, step)
        if n > MAXINT:
            # CPython's length hint: len() of the range overflows
            raise space.error(space.w_OverflowError, "Python int too large to convert to C ssize_t")
        T.check_repeat_size(space, n, 1)
        if n and not (MININT <= start <= MAXINT and MININT <= start + (n - 1) * step <= MAXINT):
            return newlist(space, [space.wrap_int(value) for value in range(start, stop, step)])
        return newlist_raw(space, INTEGER, list(range(start, stop, step)))
    return newlist(space, space.unpack_iterable(w_iterable, []))


bare_names(list_methods, "insert", "pop", "index")
list_methods.none_attrs = ("__hash__",)

finish_methods(list_methods)
TYPE_TABLES = [("list", list_methods)]
TYPE_CONSTRUCTORS = {"list": NoKeywordsBuiltin("list", list_new, 0, 1)}
