"""Integers beyond a machine word (W_LongObject).

PyPy switches from W_IntObject to W_LongObject when an operation overflows;
so do we.  The value is stored in the heap as two's complement bytes
(little-endian, whatever the heap's byte order: it is a byte string).
Arithmetic on longs happens on host ints (numberobject.py).
"""

from ...memory import layout as L

LONG = L.W_LongObject
NBYTES = LONG.field("nbytes")


def newlong(space, value):
    nbytes = (value.bit_length() + 8) // 8 + 1
    w_long = space.direct_ll.new_array(LONG, nbytes)
    space.heap.write_bytes(w_long + LONG.array.items_offset, value.to_bytes(nbytes, "little", signed=True))
    return w_long


def long_value(space, w_long):
    heap = space.heap
    nbytes = heap.read_int(w_long + NBYTES.offset)
    return int.from_bytes(heap.read_bytes(w_long + LONG.array.items_offset, nbytes), "little", signed=True)
