"""dict: a compact, insertion-ordered hash table in the heap (as CPython's
and PyPy's): an index table of ints points into an array of entries
(hash, key, value) kept in insertion order; deletion leaves a hole (key
NULL) that iteration skips.

Host code: the JIT calls these as residual calls.
"""

from .. import layout as L
from ..heap import NULL

D = L.W_DictObject
D_USED, D_NENTRIES = D.field("used"), D.field("nentries")
D_INDICES, D_ENTRIES = D.field("indices"), D.field("entries")
ENTRIES = L.GcDictEntries.array
INDICES = L.GcIntArray.array
FREE = -1
DUMMY = -2
MIN_INDEX_SIZE = 8
PERTURB_SHIFT = 5


def newdict(space, index_size=MIN_INDEX_SIZE):
    ll = space.direct_ll
    w_dict = ll.new_with_vtable(D.size_descr)
    _install_tables(space, w_dict, index_size)
    return w_dict


def _install_tables(space, w_dict, index_size):
    ll = space.direct_ll
    heap = space.heap
    w_indices = ll.new_array(L.GcIntArray, index_size)
    base = w_indices + INDICES.items_offset
    for i in range(index_size):
        heap.write_int(base + 8 * i, FREE)
    w_entries = ll.new_array(L.GcDictEntries, (index_size * 2) // 3)
    heap.write_int(w_dict + D_INDICES.offset, w_indices)
    heap.write_int(w_dict + D_ENTRIES.offset, w_entries)
    heap.write_int(w_dict + D_USED.offset, 0)
    heap.write_int(w_dict + D_NENTRIES.offset, 0)


def length(space, w_dict):
    return space.heap.read_int(w_dict + D_USED.offset)


def _entry(w_entries, i):
    return w_entries + ENTRIES.items_offset + 24 * i


def _probe(space, w_dict, h, match):
    """Walk the probe sequence for hash h.  Returns (slot, entry index) of the
    first entry for which match(entry address) is true, or (first free slot, -1)."""
    read = space.heap.read_int
    w_indices = read(w_dict + D_INDICES.offset)
    w_entries = read(w_dict + D_ENTRIES.offset)
    mask = read(w_indices + INDICES.length_offset) - 1
    ibase = w_indices + INDICES.items_offset
    perturb = h & 0xFFFFFFFFFFFFFFFF
    slot = h & mask
    first_dummy = -1
    while True:
        index = read(ibase + 8 * slot)
        if index == FREE:
            return (first_dummy if first_dummy >= 0 else slot), -1
        if index == DUMMY:
            if first_dummy < 0:
                first_dummy = slot
        else:
            entry = _entry(w_entries, index)
            if read(entry) == h and match(entry):
                return slot, index
        perturb >>= PERTURB_SHIFT
        slot = (slot * 5 + perturb + 1) & mask


def lookup(space, w_dict, w_key, h=None):
    """(slot, entry index) of w_key, entry index -1 if absent."""
    if h is None:
        h = space.hash_w(w_key)
    read = space.heap.read_int

    def match(entry):
        w_other = read(entry + 8)
        return w_other == w_key or space.eq_w(w_other, w_key)
    return _probe(space, w_dict, h, match)


def getitem(space, w_dict, w_key):
    """The value for w_key, or NULL."""
    _, index = lookup(space, w_dict, w_key)
    if index < 0:
        return NULL
    w_entries = space.heap.read_int(w_dict + D_ENTRIES.offset)
    return space.heap.read_int(_entry(w_entries, index) + 16)


def setitem(space, w_dict, w_key, w_value):
    h = space.hash_w(w_key)
    slot, index = lookup(space, w_dict, w_key, h)
    _store(space, w_dict, slot, index, h, w_key, w_value)


def _store(space, w_dict, slot, index, h, w_key, w_value):
    heap = space.heap
    read, write = heap.read_int, heap.write_int
    w_entries = read(w_dict + D_ENTRIES.offset)
    if index >= 0:
        write(_entry(w_entries, index) + 16, w_value)
        return
    nentries = read(w_dict + D_NENTRIES.offset)
    if nentries >= read(w_entries + ENTRIES.length_offset):
        _resize(space, w_dict)
        _insert_new(space, w_dict, h, w_key, w_value)
        return
    entry = _entry(w_entries, nentries)
    write(entry, h)
    write(entry + 8, w_key)
    write(entry + 16, w_value)
    w_indices = read(w_dict + D_INDICES.offset)
    write(w_indices + INDICES.items_offset + 8 * slot, nentries)
    write(w_dict + D_NENTRIES.offset, nentries + 1)
    write(w_dict + D_USED.offset, read(w_dict + D_USED.offset) + 1)


def _insert_new(space, w_dict, h, w_key, w_value):
    slot, _ = _probe(space, w_dict, h, lambda entry: False)
    _store(space, w_dict, slot, -1, h, w_key, w_value)


def _resize(space, w_dict):
    items = [(h, k, v) for h, k, v in _entries(space, w_dict)]
    size = MIN_INDEX_SIZE
    while (size * 2) // 3 <= len(items) * 2:
        size *= 2
    _install_tables(space, w_dict, size)
    for h, w_key, w_value in items:
        _insert_new(space, w_dict, h, w_key, w_value)


def delitem(space, w_dict, w_key):
    """Remove w_key; False if it was absent."""
    slot, index = lookup(space, w_dict, w_key)
    if index < 0:
        return False
    heap = space.heap
    read, write = heap.read_int, heap.write_int
    w_indices = read(w_dict + D_INDICES.offset)
    write(w_indices + INDICES.items_offset + 8 * slot, DUMMY)
    entry = _entry(read(w_dict + D_ENTRIES.offset), index)
    write(entry + 8, NULL)
    write(entry + 16, NULL)
    write(w_dict + D_USED.offset, read(w_dict + D_USED.offset) - 1)
    return True


def clear(space, w_dict):
    _install_tables(space, w_dict, MIN_INDEX_SIZE)


def _entries(space, w_dict):
    """(hash, key, value) of every live entry, in insertion order."""
    read = space.heap.read_int
    w_entries = read(w_dict + D_ENTRIES.offset)
    for i in range(read(w_dict + D_NENTRIES.offset)):
        entry = _entry(w_entries, i)
        w_key = read(entry + 8)
        if w_key:
            yield read(entry), w_key, read(entry + 16)


def items(space, w_dict):
    return [(w_key, w_value) for _, w_key, w_value in _entries(space, w_dict)]


def keys(space, w_dict):
    return [w_key for _, w_key, _ in _entries(space, w_dict)]


def values(space, w_dict):
    return [w_value for _, _, w_value in _entries(space, w_dict)]


def entry_at(space, w_dict, position):
    """(next position, key, value) of the first live entry at or after
    ``position`` in insertion order, or None: what dict iterators step through."""
    read = space.heap.read_int
    w_entries = read(w_dict + D_ENTRIES.offset)
    nentries = read(w_dict + D_NENTRIES.offset)
    while position < nentries:
        entry = _entry(w_entries, position)
        w_key = read(entry + 8)
        if w_key:
            return position + 1, w_key, read(entry + 16)
        position += 1
    return None


# -- string keys (namespaces, class dicts, keyword arguments) -------------------------------

def getitem_str(space, w_dict, name):
    from . import strobject
    h = strobject.hash_text(name)
    read = space.heap.read_int
    w_name = space.interned.get(name, NULL)

    def match(entry):
        w_other = read(entry + 8)
        return w_other == w_name or (space.tid(w_other) == L.W_UnicodeObject.tid
                                     and strobject.str_value(space, w_other) == name)
    _, index = _probe(space, w_dict, h, match)
    if index < 0:
        return NULL
    return read(_entry(read(w_dict + D_ENTRIES.offset), index) + 16)


def setitem_str(space, w_dict, name, w_value):
    setitem(space, w_dict, space.intern(name), w_value)


def from_pairs(space, pairs):
    w_dict = newdict(space)
    for w_key, w_value in pairs:
        setitem(space, w_dict, w_key, w_value)
    return w_dict
