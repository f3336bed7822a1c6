"""List storage strategies: how a W_ListObject stores its items, as PyPy's
W_ListObject with its ``strategy`` and ``lstorage``
(pypy/objspace/std/listobject.py).  The list methods are in listobject.py;
everything that reads or writes a list's items goes through here.

The strategy says how the items are stored (layout field ``strategy``):

- EmptyListStrategy: no items, no array (``items`` is NULL);
- IntegerListStrategy: every item an exact int (not a bool, not beyond a
  machine word), kept as raw machine words in a GcIntArray, read with
  ``getarrayitem_gc_i(..., descr=<ArrayS 8>)``;
- FloatListStrategy: every item an exact float, raw doubles in a
  GcIntArray read through its float view ``<ArrayF 8>``;
- ObjectListStrategy: references in a GcArray, ``<ArrayP 8>``.

A list only generalizes (empty -> int or float -> object), as in PyPy:
storing an item the strategy cannot hold switches the list to the object
strategy by boxing every item into a new GcArray; ``clear()`` makes it
empty again.  Reading an item of an int or float list gives a fresh box (in
a trace the box stays virtual when consumed at once); ``is`` compares exact
ints by value and floats by bits (vm/objspace/descroperation.py: is_w), so
``lst[0] is lst[0]`` holds, as in PyPy.  ``id(lst[0])`` may differ between
two reads (in PyPy, id() of an int is computed from its value).

In PyPy the strategy is a prebuilt object, guarded with guard_class; here
it is a small int tag, guarded with guard_value (``ll.promote``).  PyPy
also has IntOrFloatListStrategy (ints and floats mixed, NaN-boxed), Bytes,
Ascii/Unicode and Range strategies; here those lists use the object
strategy.  A float list never holds a NaN: NaN != NaN, so only the identity
of its box lets ``x in [x]`` find it, as in CPython (the same rule as
unboxed float attributes, vm/objspace/std/typeobject.py).
"""

from ...memory import layout as L

LIST_LENGTH = L.W_ListObject.field("length")
LIST_ITEMS = L.W_ListObject.field("items")
LIST_STRATEGY = L.W_ListObject.field("strategy")
ITEMS = L.GcArray.array                   # the object strategy's items, <ArrayP 8>
INT_ITEMS = L.GcIntArray.array            # the int strategy's raw words, <ArrayS 8>
FLOAT_ITEMS = L.GcIntArray.array.float_view   # the float strategy's raw doubles, <ArrayF 8>
LIST = L.W_ListObject.tid
INT = L.W_IntObject.tid
FLOAT = L.W_FloatObject.tid
INTVAL = L.W_IntObject.field("intval")
FLOATVAL = L.W_FloatObject.field("floatval")

# the strategies: a fresh (zero-filled) W_ListObject is empty
EMPTY, OBJECT, INTEGER, FLOATS = 0, 1, 2, 3
assert [L.LIST_STRATEGIES[i] for i in (EMPTY, OBJECT, INTEGER, FLOATS)] == [
    "EmptyListStrategy", "ObjectListStrategy", "IntegerListStrategy", "FloatListStrategy"]
STRATEGY_NAMES = dict(enumerate(L.LIST_STRATEGIES))      # PyPy's names, by number
ARRAY_LAYOUT = {OBJECT: L.GcArray, INTEGER: L.GcIntArray, FLOATS: L.GcIntArray}
ARRAY_DESCR = {OBJECT: ITEMS, INTEGER: INT_ITEMS, FLOATS: FLOAT_ITEMS}


# -- strategies (host code) -------------------------------------------------------------------

def strategy_of(space, w_list):
    return space.heap.read_int(w_list + LIST_STRATEGY.offset)


def strategy_name(space, w_list):
    """PyPy's name of the list's strategy: "IntegerListStrategy"..."""
    return STRATEGY_NAMES[strategy_of(space, w_list)]


def item_strategy(space, w_item):
    """The strategy a list holding only ``w_item`` gets."""
    tid = space.heap.read_int(w_item)
    if tid == INT:
        return INTEGER
    if tid == FLOAT:
        value = space.heap.read_float(w_item + FLOATVAL.offset)
        return FLOATS if value == value else OBJECT
    return OBJECT


def strategy_for(space, items_w):
    """The strategy of a new list of ``items_w``."""
    strategy = EMPTY
    for w_item in items_w:
        strategy = join(strategy, item_strategy(space, w_item))
        if strategy == OBJECT:
            break
    return strategy


def join(a, b):
    """The strategy that holds the items of both (lists only generalize)."""
    if a == EMPTY:
        return b
    if b == EMPTY or a == b:
        return a
    return OBJECT


def unbox(space, strategy, w_item):
    if strategy == INTEGER:
        return space.heap.read_int(w_item + INTVAL.offset)
    if strategy == FLOATS:
        return space.heap.read_float(w_item + FLOATVAL.offset)
    return w_item


def _box(space, strategy, raw):
    if strategy == INTEGER:
        return space.newint(raw)
    if strategy == FLOATS:
        return space.newfloat(raw)
    return raw


def raw_items(space, w_list):
    """(strategy, the stored words as a host list: ints, floats or addresses)."""
    heap = space.heap
    strategy = strategy_of(space, w_list)
    n = heap.read_int(w_list + LIST_LENGTH.offset)
    if strategy == EMPTY or n == 0:
        return strategy, []
    base = heap.read_int(w_list + LIST_ITEMS.offset) + ITEMS.items_offset
    read = heap.read_float if strategy == FLOATS else heap.read_int
    return strategy, [read(base + 8 * i) for i in range(n)]


def store_raw(space, w_list, strategy, raw):
    """Replace the whole contents by ``raw`` words of ``strategy`` (host
    code).  The array is reused when it has the strategy and the room; a
    new strategy always gets a new array, so that one array never holds
    words of two kinds (the JIT's heap cache relies on it)."""
    heap = space.heap
    n = len(raw)
    old_strategy = strategy_of(space, w_list)
    old_n = heap.read_int(w_list + LIST_LENGTH.offset)
    w_items = heap.read_int(w_list + LIST_ITEMS.offset)
    if strategy == EMPTY:
        assert n == 0
        w_items = 0
    elif (strategy != old_strategy or not w_items
          or heap.read_int(w_items + ITEMS.length_offset) < n):
        w_items = space.direct_ll.new_array(ARRAY_LAYOUT[strategy], max(4, n + (n >> 1)))
        old_n = 0
    if w_items:
        base = w_items + ITEMS.items_offset
        write = heap.write_float if strategy == FLOATS else heap.write_int
        for i, value in enumerate(raw):
            write(base + 8 * i, value)
        if old_n > n:
            heap.zero(base + 8 * n, 8 * (old_n - n))
    heap.write_int(w_list + LIST_ITEMS.offset, w_items)
    heap.write_int(w_list + LIST_STRATEGY.offset, strategy)
    heap.write_int(w_list + LIST_LENGTH.offset, n)


def store_items(space, w_list, strategy, items_w):
    store_raw(space, w_list, strategy, [unbox(space, strategy, w) for w in items_w])


def switch_to_object_strategy(space, w_list):
    """PyPy's W_ListObject.switch_to_object_strategy: box every item."""
    store_items(space, w_list, OBJECT, list_items(space, w_list))


def newlist(space, items_w, like=EMPTY):
    """A new list of ``items_w``; ``like``: the strategy of the list they
    come from (a slice or a copy of an object list stays an object list,
    as in PyPy)."""
    w_list = space.direct_ll.new_with_vtable(L.W_ListObject.size_descr)
    strategy = join(like, strategy_for(space, items_w)) if items_w else EMPTY
    store_items(space, w_list, strategy, items_w)
    return w_list


def newlist_raw(space, strategy, raw):
    w_list = space.direct_ll.new_with_vtable(L.W_ListObject.size_descr)
    store_raw(space, w_list, strategy if raw else EMPTY, raw)
    return w_list


def list_length(space, w_list):
    return space.heap.read_int(w_list + LIST_LENGTH.offset)


def list_items(space, w_list):
    """The items as a host list of addresses (a snapshot; the items of an
    int or float list are boxed afresh)."""
    strategy, raw = raw_items(space, w_list)
    if strategy == OBJECT or strategy == EMPTY:
        return raw
    # a local list, not a comprehension: a collection in the middle of the
    # boxing (an allocation failed, gc.py: collect(conservative=True)) finds
    # the boxes made so far in the frames' locals only
    items_w = []
    for value in raw:
        items_w.append(_box(space, strategy, value))
    return items_w


def set_items(space, w_list, items_w):
    """Replace the whole contents (host code); the strategy generalizes if
    an item needs it."""
    strategy = join(strategy_of(space, w_list), strategy_for(space, items_w))
    if strategy == EMPTY:
        store_raw(space, w_list, EMPTY, [])
    else:
        store_items(space, w_list, strategy, items_w)


# -- ll style: what traces see --------------------------------------------------------------

def ll_strategy(space, w_list):
    """The list's strategy as a constant: getfield_gc_i + guard_value (in
    PyPy: getfield_gc_r inst_strategy + guard_class)."""
    ll = space.ll
    return ll.promote(ll.getfield_gc_i(w_list, LIST_STRATEGY))


def ll_unboxed(space, strategy, w_item):
    """The word the list of ``strategy`` (int or float) stores for
    ``w_item``, or None if the item needs another strategy (ll style)."""
    ll = space.ll
    tid = ll.classof(w_item)
    if strategy == INTEGER:
        return ll.getfield_gc_i(w_item, INTVAL) if tid == INT else None
    if strategy == FLOATS and tid == FLOAT:
        value = ll.getfield_gc_f(w_item, FLOATVAL)
        if not ll.is_true(ll.float_ne(value, value)):
            return value
    return None


def ll_getitem(space, w_list, index):
    """Item ``index`` (known in range) of a list (ll style)."""
    ll = space.ll
    strategy = ll_strategy(space, w_list)
    w_items = ll.getfield_gc_r(w_list, LIST_ITEMS)
    if strategy == INTEGER:
        return space.newint(ll.getarrayitem_gc_i(w_items, index, INT_ITEMS))
    if strategy == FLOATS:
        return space.newfloat(ll.getarrayitem_gc_f(w_items, index, FLOAT_ITEMS))
    return ll.getarrayitem_gc_r(w_items, index, ITEMS)


def ll_setitem(space, w_list, index, w_value):
    """lst[index] = w_value, index known in range (ll style)."""
    ll = space.ll
    strategy = ll_strategy(space, w_list)
    if strategy == OBJECT:
        ll.setarrayitem_gc(ll.getfield_gc_r(w_list, LIST_ITEMS), index, w_value, ITEMS)
        return
    value = ll_unboxed(space, strategy, w_value)
    if value is None:
        ll.call_n(put_item, space, w_list, index, w_value)
        return
    ll.setarrayitem_gc(ll.getfield_gc_r(w_list, LIST_ITEMS), index, value, ARRAY_DESCR[strategy])


def append(space, w_list, w_item):
    """list.append in ll style: store in spare capacity, else grow (residual);
    an item the strategy cannot hold switches it (residual)."""
    ll = space.ll
    strategy = ll_strategy(space, w_list)
    if strategy == EMPTY:
        _ll_append_to_empty(space, w_list, w_item)
        return
    value = w_item if strategy == OBJECT else ll_unboxed(space, strategy, w_item)
    if value is None:       # an item of another kind
        ll.call_n(_append_switching, space, w_list, w_item)
        return
    n = ll.getfield_gc_i(w_list, LIST_LENGTH)
    w_items = ll.getfield_gc_r(w_list, LIST_ITEMS)
    descr = ARRAY_DESCR[strategy]
    if ll.is_true(ll.int_ge(n, ll.arraylen_gc(w_items, descr))):
        w_items = ll.call_r(_grow, space, w_list, n)
    ll.setarrayitem_gc(w_items, n, value, descr)
    ll.setfield_gc(w_list, ll.int_add(n, ll.const(1)), LIST_LENGTH)


def _ll_append_to_empty(space, w_list, w_item):
    """The first item of an empty list (ll style): the strategy the item
    needs, a new array for 4 items of it (``new_array``, as store_raw
    sizes it), the item, the length 1.  In PyPy, EmptyListStrategy.append
    switches the strategy with the same few ops in the trace."""
    ll = space.ll
    tid = ll.classof(w_item)
    strategy = INTEGER if tid == INT else FLOATS if tid == FLOAT else OBJECT
    value = w_item if strategy == OBJECT else ll_unboxed(space, strategy, w_item)
    if value is None:       # a NaN: only an object list holds one
        strategy, value = OBJECT, w_item
    w_items = ll.new_array(ARRAY_LAYOUT[strategy], ll.const(4))
    ll.setarrayitem_gc(w_items, ll.const(0), value, ARRAY_DESCR[strategy])
    ll.setfield_gc(w_list, w_items, LIST_ITEMS)
    ll.setfield_gc(w_list, ll.const(strategy), LIST_STRATEGY)
    ll.setfield_gc(w_list, ll.const(1), LIST_LENGTH)


def _append_switching(space, w_list, w_item):
    items_w = list_items(space, w_list)
    items_w.append(w_item)
    strategy = join(strategy_of(space, w_list), item_strategy(space, w_item))
    store_items(space, w_list, strategy, items_w)


def _grow(space, w_list, n):
    heap = space.heap
    strategy = strategy_of(space, w_list)
    w_old = heap.read_int(w_list + LIST_ITEMS.offset)
    w_new = space.direct_ll.new_array(ARRAY_LAYOUT[strategy], n + (n >> 1) + 4)
    heap.write_bytes(w_new + ITEMS.items_offset, heap.read_bytes(w_old + ITEMS.items_offset, 8 * n))
    heap.write_int(w_list + LIST_ITEMS.offset, w_new)
    return w_new


# -- access helpers (host code) ---------------------------------------------------------------

def get_item(space, w_list, i):
    """Item ``i`` (in range), boxed if the list stores raw words."""
    heap = space.heap
    strategy = strategy_of(space, w_list)
    addr = heap.read_int(w_list + LIST_ITEMS.offset) + ITEMS.items_offset + 8 * i
    if strategy == INTEGER:
        return space.newint(heap.read_int(addr))
    if strategy == FLOATS:
        return space.newfloat(heap.read_float(addr))
    return heap.read_int(addr)



def put_item(space, w_list, i, w_item):
    """lst[i] = w_item (i in range): switches to the object strategy if needed."""
    heap = space.heap
    strategy = strategy_of(space, w_list)
    if strategy != OBJECT and item_strategy(space, w_item) != strategy:
        switch_to_object_strategy(space, w_list)
        strategy = OBJECT
    addr = heap.read_int(w_list + LIST_ITEMS.offset) + ITEMS.items_offset + 8 * i
    value = unbox(space, strategy, w_item)
    if strategy == FLOATS:
        heap.write_float(addr, value)
    else:
        heap.write_int(addr, value)
