"""tuple: an immutable array of references stored inline (W_TupleObject)."""

from .. import layout as L
from ..gateway import MethodTable

ITEMS = L.W_TupleObject.array

tuple_methods = MethodTable("tuple")


def tuple_length(space, w_tuple):
    return space.heap.read_int(w_tuple + ITEMS.length_offset)
