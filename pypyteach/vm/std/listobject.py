"""list: a length and an items array (GcArray) with spare capacity, as
PyPy's (and RPython's) resizable lists: ``<FieldS W_ListObject.length 8>``,
``<FieldP W_ListObject.items 16>``, items read with ``getarrayitem_gc_r``.
"""

from .. import layout as L
from ..gateway import MethodTable

LIST_LENGTH = L.W_ListObject.field("length")
LIST_ITEMS = L.W_ListObject.field("items")
ITEMS = L.GcArray.array

list_methods = MethodTable("list")


def newlist(space, items_w):
    ll = space.direct_ll
    w_list = ll.new_with_vtable(L.W_ListObject.size_descr)
    n = len(items_w)
    w_items = ll.new_array(L.GcArray, max(n, 4))
    write = space.heap.write_int
    base = w_items + ITEMS.items_offset
    for i, w_item in enumerate(items_w):
        write(base + 8 * i, w_item)
    write(w_list + LIST_LENGTH.offset, n)
    write(w_list + LIST_ITEMS.offset, w_items)
    return w_list


def list_length(space, w_list):
    return space.heap.read_int(w_list + LIST_LENGTH.offset)


def list_items(space, w_list):
    """The items as a host list of addresses (a snapshot)."""
    read = space.heap.read_int
    n = read(w_list + LIST_LENGTH.offset)
    base = read(w_list + LIST_ITEMS.offset) + ITEMS.items_offset
    return [read(base + 8 * i) for i in range(n)]


def set_items(space, w_list, items_w):
    """Replace the whole contents (host code)."""
    heap = space.heap
    n = len(items_w)
    w_items = heap.read_int(w_list + LIST_ITEMS.offset)
    if heap.read_int(w_items + ITEMS.length_offset) < n:
        w_items = space.direct_ll.new_array(L.GcArray, max(4, n + (n >> 1)))
        heap.write_int(w_list + LIST_ITEMS.offset, w_items)
    base = w_items + ITEMS.items_offset
    for i, w_item in enumerate(items_w):
        heap.write_int(base + 8 * i, w_item)
    old_n = heap.read_int(w_list + LIST_LENGTH.offset)
    if old_n > n:
        heap.zero(base + 8 * n, 8 * (old_n - n))
    heap.write_int(w_list + LIST_LENGTH.offset, n)


def append(space, w_list, w_item):
    """list.append in ll style: store in spare capacity, else grow (residual)."""
    ll = space.ll
    n = ll.getfield_gc_i(w_list, LIST_LENGTH)
    w_items = ll.getfield_gc_r(w_list, LIST_ITEMS)
    if ll.is_true(ll.int_ge(n, ll.arraylen_gc(w_items, ITEMS))):
        w_items = ll.call_r(_grow, space, w_list, n)
    ll.setarrayitem_gc(w_items, n, w_item, ITEMS)
    ll.setfield_gc(w_list, ll.int_add(n, ll.const(1)), LIST_LENGTH)


def _grow(space, w_list, n):
    heap = space.heap
    w_old = heap.read_int(w_list + LIST_ITEMS.offset)
    w_new = space.direct_ll.new_array(L.GcArray, n + (n >> 1) + 4)
    heap.write_bytes(w_new + ITEMS.items_offset, heap.read_bytes(w_old + ITEMS.items_offset, 8 * n))
    heap.write_int(w_list + LIST_ITEMS.offset, w_new)
    return w_new
