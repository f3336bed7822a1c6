"""str: immutable code point arrays in the heap (W_UnicodeObject).

Each code point is a 4-byte item in the heap's byte order; ``hash`` caches the
hash (-1 until computed).  The string methods operate on the heap contents
through host str operations: the host plays the role of PyPy's RPython
string library, and the JIT sees them as residual calls.
"""

from .. import layout as L
from ..gateway import MethodTable

S = L.W_UnicodeObject
S_LENGTH, S_HASH = S.field("length"), S.field("hash")
CHARS = S.array

str_methods = MethodTable("str")

_FNV_OFFSET = 0xcbf29ce484222325
_FNV_PRIME = 0x100000001b3
_MASK64 = (1 << 64) - 1


def hash_text(text):
    """The (deterministic) hash of a str: FNV-1a over code points, as a signed
    non-negative word (CPython randomizes str hashes; ours are fixed so that
    runs are reproducible)."""
    h = _FNV_OFFSET
    for ch in text:
        h = ((h ^ ord(ch)) * _FNV_PRIME) & _MASK64
    return h & ((1 << 62) - 1)


def newstr(space, text):
    """A new W_UnicodeObject holding the host str ``text``."""
    n = len(text)
    w_str = space.direct_ll.new_array(S, n)
    heap = space.heap
    heap.write_int(w_str + S_HASH.offset, -1)
    if n:
        heap.write_bytes(w_str + CHARS.items_offset, text.encode(heap.utf32, "surrogatepass"))
    return w_str


def str_value(space, w_str):
    """The host str held by a W_UnicodeObject."""
    heap = space.heap
    n = heap.read_int(w_str + S_LENGTH.offset)
    if n == 0:
        return ""
    return heap.read_bytes(w_str + CHARS.items_offset, 4 * n).decode(heap.utf32, "surrogatepass")


def str_length(space, w_str):
    return space.heap.read_int(w_str + S_LENGTH.offset)


def str_hash(space, w_str):
    heap = space.heap
    h = heap.read_int(w_str + S_HASH.offset)
    if h == -1:
        h = hash_text(str_value(space, w_str))
        heap.write_int(w_str + S_HASH.offset, h)
    return h


def str_eq(space, w_a, w_b):
    if w_a == w_b:
        return True
    heap = space.heap
    n = heap.read_int(w_a + S_LENGTH.offset)
    if n != heap.read_int(w_b + S_LENGTH.offset):
        return False
    return heap.read_bytes(w_a + CHARS.items_offset, 4 * n) == heap.read_bytes(w_b + CHARS.items_offset, 4 * n)


def str_concat(space, w_a, w_b):
    return newstr(space, str_value(space, w_a) + str_value(space, w_b))


def str_repr(space, w_str):
    return repr(str_value(space, w_str))
