"""Iterators: range and its iterator, sequence iterators, and next()."""

from .. import layout as L
from ..heap import NULL
from . import typeobject

R = L.W_RangeObject
RI = L.W_IntRangeIterator
SI = L.W_SeqIterObject


def range_iter(space, w_range):
    heap = space.heap
    w_iter = space.allocate(RI)
    start = heap.read_int(w_range + R.field("start").offset)
    heap.write_int(w_iter + RI.field("current").offset, start)
    heap.write_int(w_iter + RI.field("stop").offset, heap.read_int(w_range + R.field("stop").offset))
    heap.write_int(w_iter + RI.field("step").offset, heap.read_int(w_range + R.field("step").offset))
    return w_iter


def new_seq_iter(space, w_seq):
    w_iter = space.allocate(SI)
    space.heap.write_int(w_iter + SI.field("seq").offset, w_seq)
    return w_iter


def next_generic(space, w_iter):
    """The next item of any iterator, or NULL when it is exhausted."""
    from ..objspace import OperationError
    tid = space.tid(w_iter)
    if tid == SI.tid:
        return _seq_next(space, w_iter)
    w_next = typeobject.lookup(space, space.type(w_iter), "__next__")
    if not w_next:
        raise space.type_error("'%s' object is not an iterator" % space.type_name(w_iter))
    try:
        return space.call_function(w_next, w_iter)
    except OperationError as operr:
        if space.isinstance_w(operr.w_value, space.w_StopIteration):
            return NULL
        raise


def _seq_next(space, w_iter):
    """Sequence iterator over anything with __getitem__ (tuple, str, user classes)."""
    from ..objspace import OperationError
    heap = space.heap
    w_seq = heap.read_int(w_iter + SI.field("seq").offset)
    if not w_seq:
        return NULL
    index = heap.read_int(w_iter + SI.field("index").offset)
    try:
        w_item = space.getitem_generic(w_seq, space.newint(index))
    except OperationError as operr:
        if space.isinstance_w(operr.w_value, space.w_IndexError) or \
                space.isinstance_w(operr.w_value, space.w_StopIteration):
            heap.write_int(w_iter + SI.field("seq").offset, NULL)
            return NULL
        raise
    heap.write_int(w_iter + SI.field("index").offset, index + 1)
    return w_item
