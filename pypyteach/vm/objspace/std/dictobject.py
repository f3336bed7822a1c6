"""dict: a compact, insertion-ordered hash table in the heap (as CPython's
and PyPy's): an index table of ints points into an array of entries
(hash, key, value) kept in insertion order; deletion leaves a hole (key
NULL) that iteration skips.

Host code: the JIT calls these as residual calls.
"""

from ...memory import layout as L
from ...memory.heap import NULL
from ..gateway import MethodTable, BuiltinFunction, finish_methods, bare_names


from ..operationerror import OperationError
from . import iterobject, listobject, setobject, strobject, tupleobject

STR = L.W_UnicodeObject.tid

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
    first entry for which match(entry address) is true, or (first free slot, -1).
    A comparison (``match``, a guest ``__eq__``) that changed the dict's
    tables or the key compared restarts the walk, as CPython's lookdict
    does ("the dict was mutated, restart")."""
    while True:
        found = _probe_tables(space, w_dict, h, match)
        if found is not None:
            return found


def _probe_tables(space, w_dict, h, match):
    """One walk of the current tables; None when a comparison mutated them."""
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
            if read(entry) == h:
                w_stored = read(entry + 8)
                same = match(entry)
                if (read(w_dict + D_INDICES.offset) != w_indices or read(w_dict + D_ENTRIES.offset) != w_entries
                        or read(entry + 8) != w_stored):
                    return None
                if same:
                    return slot, index
        perturb >>= PERTURB_SHIFT
        slot = (slot * 5 + perturb + 1) & mask


def lookup(space, w_dict, w_key, h=None, gc_safe=False):
    """(slot, entry index) of w_key, entry index -1 if absent.

    ``gc_safe``: the caller pinned the dict, the key and whatever else it
    holds (``held``), so a guest ``__hash__`` or ``__eq__`` runs with
    collections allowed (space.call_held); otherwise collections wait until
    it returns.  The tables are read again after every comparison (a
    collection may free the old ones once a comparison resized the dict)."""
    if h is None:
        h = space.hash_w(w_key, gc_safe)
    read = space.heap.read_int

    def match(entry):
        w_other = read(entry + 8)
        return w_other == w_key or space.eq_w(w_other, w_key, gc_safe)
    return _probe(space, w_dict, h, match)


def getitem(space, w_dict, w_key, gc_safe=False):
    """The value for w_key, or NULL."""
    _, index = lookup(space, w_dict, w_key, gc_safe=gc_safe)
    if index < 0:
        return NULL
    w_entries = space.heap.read_int(w_dict + D_ENTRIES.offset)
    return space.heap.read_int(_entry(w_entries, index) + 16)


def setitem(space, w_dict, w_key, w_value, gc_safe=False):
    h = space.hash_w(w_key, gc_safe)
    slot, index = lookup(space, w_dict, w_key, h, gc_safe)
    _store(space, w_dict, slot, index, h, w_key, w_value)


def held_getitem(space, w_dict, w_key):
    """getitem from a caller that holds nothing but the dict and the key
    (BINARY_SUBSCR, CONTAINS_OP, the dict's methods): both pinned here, so
    the key's ``__hash__``/``__eq__`` may collect garbage.  An exact str key
    compared only with exact strs runs no guest code: nothing to pin."""
    if space.heap.read_int(w_key) == STR:
        try:
            return _getitem_str_key(space, w_dict, w_key)
        except _GuestComparison:
            pass                        # a key of another type has the same hash
    with space.gc.pinning([w_dict, w_key]):
        return getitem(space, w_dict, w_key, gc_safe=True)


class _GuestComparison(Exception):
    """The probe met a stored key whose ``==`` may run guest code."""


def _getitem_str_key(space, w_dict, w_key):
    read = space.heap.read_int

    def match(entry):
        w_other = read(entry + 8)
        if w_other == w_key:
            return True
        if read(w_other) != STR:
            raise _GuestComparison()
        return strobject.str_eq(space, w_other, w_key)
    _, index = _probe(space, w_dict, strobject.str_hash(space, w_key), match)
    if index < 0:
        return NULL
    return read(_entry(read(w_dict + D_ENTRIES.offset), index) + 16)


def held_setitem(space, w_dict, w_key, w_value):
    """setitem from a caller that holds nothing else (STORE_SUBSCR, MAP_ADD,
    dict.__setitem__); see held_getitem."""
    with space.gc.pinning([w_dict, w_key, w_value]):
        setitem(space, w_dict, w_key, w_value, gc_safe=True)


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
    """CPython's insertion_resize: a table for GROWTH_RATE = used * 3."""
    items = [(h, k, v) for h, k, v in _entries(space, w_dict)]
    minsize = (len(items) * 3) | MIN_INDEX_SIZE
    size = 1 << ((minsize - 1) | (MIN_INDEX_SIZE - 1)).bit_length()
    _install_tables(space, w_dict, size)
    for h, w_key, w_value in items:
        _insert_new(space, w_dict, h, w_key, w_value)


def presize(space, w_dict, count):
    """Give an empty dict the table _resize would reach after ``count`` inserts."""
    if length(space, w_dict) or count <= (MIN_INDEX_SIZE * 2) // 3:
        return
    minsize = (count * 3) | MIN_INDEX_SIZE
    _install_tables(space, w_dict, 1 << ((minsize - 1) | (MIN_INDEX_SIZE - 1)).bit_length())


def delitem(space, w_dict, w_key, gc_safe=False):
    """Remove w_key; False if it was absent."""
    slot, index = lookup(space, w_dict, w_key, gc_safe=gc_safe)
    if index < 0:
        return False
    _delete_at(space, w_dict, slot, index)
    return True


def _delete_at(space, w_dict, slot, index):
    heap = space.heap
    read, write = heap.read_int, heap.write_int
    w_indices = read(w_dict + D_INDICES.offset)
    write(w_indices + INDICES.items_offset + 8 * slot, DUMMY)
    entry = _entry(read(w_dict + D_ENTRIES.offset), index)
    write(entry + 8, NULL)
    write(entry + 16, NULL)
    write(w_dict + D_USED.offset, read(w_dict + D_USED.offset) - 1)


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


def nentries(space, w_dict):
    """How many entry positions are in use (live entries and holes)."""
    return space.heap.read_int(w_dict + D_NENTRIES.offset)


def live_entry(space, w_dict, position):
    """(key, value) at entry ``position``, or None for a hole."""
    read = space.heap.read_int
    entry = _entry(read(w_dict + D_ENTRIES.offset), position)
    w_key = read(entry + 8)
    return (w_key, read(entry + 16)) if w_key else None


# -- string keys (namespaces, class dicts, keyword arguments) -------------------------------

def getitem_str(space, w_dict, name):
    """The value for the str key ``name``, or NULL: _probe's walk written
    out for str keys (globals, builtins and class dicts are read by name on
    every LOAD_GLOBAL and attribute lookup)."""
    h = strobject.hash_text(name)
    read = space.heap.read_int
    w_name = space.interned.get(name, NULL)
    w_indices = read(w_dict + D_INDICES.offset)
    w_entries = read(w_dict + D_ENTRIES.offset)
    mask = read(w_indices + INDICES.length_offset) - 1
    ibase = w_indices + INDICES.items_offset
    perturb = h & 0xFFFFFFFFFFFFFFFF
    slot = h & mask
    while True:
        index = read(ibase + 8 * slot)
        if index == FREE:
            return NULL
        if index != DUMMY:
            entry = _entry(w_entries, index)
            if read(entry) == h:
                w_other = read(entry + 8)
                if w_other == w_name or (read(w_other) == L.W_UnicodeObject.tid
                                         and strobject.str_value(space, w_other) == name):
                    return read(entry + 16)
        perturb >>= PERTURB_SHIFT
        slot = (slot * 5 + perturb + 1) & mask


def setitem_str(space, w_dict, name, w_value):
    setitem(space, w_dict, space.intern(name), w_value)


def from_pairs(space, pairs):
    w_dict = newdict(space)
    for w_key, w_value in pairs:
        setitem(space, w_dict, w_key, w_value)
    return w_dict


def lookup_known_hash(space, w_dict, w_key, h):
    """The value for w_key (whose hash is h), or NULL."""
    _, index = lookup(space, w_dict, w_key, h)
    if index < 0:
        return NULL
    return space.heap.read_int(_entry(space.heap.read_int(w_dict + D_ENTRIES.offset), index) + 16)


def hashed_entries(space, w_dict):
    """(hash, key, value) of the live entries, in order (a snapshot)."""
    return list(_entries(space, w_dict))


# -- the dict type ----------------------------------------------------------------------------

dict_methods = MethodTable("dict")
DICT = D.tid


def is_dict(space, w_obj):
    return space.tid(w_obj) == DICT


def key_error(space, w_key):
    """KeyError(key): the key object itself is the argument."""
    return OperationError(space.new_exception(space.w_KeyError, w_key))


@dict_methods.method("__len__")
def dict_len(space, w_dict):
    return space.newint(length(space, w_dict))


def getitem_or_raise(space, w_dict, w_key):
    """``d[k]`` for host code that holds other references (not gc_safe): a
    guest ``__hash__``/``__eq__`` runs with collections waiting."""
    w_value = getitem(space, w_dict, w_key)
    if not w_value:
        raise key_error(space, w_key)
    return w_value


# The methods below hold nothing but their arguments: they pin them and let
# the key's __hash__ and __eq__ run with collections allowed (gc_safe), as
# every builtin called from guest code may (functionobject._pinned_call).
# The interpreter calls dict_getitem and dict_setitem for BINARY_SUBSCR and
# STORE_SUBSCR (residual calls in traces, as in PyPy's).

@dict_methods.method("__getitem__")
def dict_getitem(space, w_dict, w_key):
    w_value = held_getitem(space, w_dict, w_key)
    if not w_value:
        raise key_error(space, w_key)
    return w_value


@dict_methods.method("__setitem__")
def dict_setitem(space, w_dict, w_key, w_value):
    held_setitem(space, w_dict, w_key, w_value)
    return space.w_None


@dict_methods.method("__delitem__")
def dict_delitem(space, w_dict, w_key):
    with space.gc.pinning([w_dict, w_key]):
        if not delitem(space, w_dict, w_key, gc_safe=True):
            raise key_error(space, w_key)
    return space.w_None


@dict_methods.method("__contains__")
def dict_contains(space, w_dict, w_key):
    return space.newbool(bool(held_getitem(space, w_dict, w_key)))


@dict_methods.method("get")
def dict_get(space, w_dict, w_key, w_default=None):
    w_value = held_getitem(space, w_dict, w_key)
    if w_value:
        return w_value
    return space.w_None if w_default is None else w_default


@dict_methods.method("setdefault")
def dict_setdefault(space, w_dict, w_key, w_default=None):
    """One call of the key's __hash__, as CPython's."""
    w_value = space.w_None if w_default is None else w_default
    with space.gc.pinning([w_dict, w_key, w_value]):
        h = space.hash_w(w_key, True)
        slot, index = lookup(space, w_dict, w_key, h, True)
        if index >= 0:
            return space.heap.read_int(_entry(space.heap.read_int(w_dict + D_ENTRIES.offset), index) + 16)
        _store(space, w_dict, slot, index, h, w_key, w_value)
    return w_value


@dict_methods.method("pop")
def dict_pop(space, w_dict, w_key, w_default=None):
    """One lookup (one call of the key's __hash__), as CPython's."""
    with space.gc.pinning([w_dict, w_key]):
        slot, index = lookup(space, w_dict, w_key, gc_safe=True)
    if index < 0:
        if w_default is None:
            raise key_error(space, w_key)
        return w_default
    w_value = space.heap.read_int(_entry(space.heap.read_int(w_dict + D_ENTRIES.offset), index) + 16)
    _delete_at(space, w_dict, slot, index)
    return w_value


@dict_methods.method("popitem")
def dict_popitem(space, w_dict):
    """Remove the last entry (its position is not reused, as CPython)."""
    if length(space, w_dict) == 0:
        raise space.error(space.w_KeyError, "popitem(): dictionary is empty")
    read = space.heap.read_int
    w_entries = read(w_dict + D_ENTRIES.offset)
    i = read(w_dict + D_NENTRIES.offset) - 1
    while not read(_entry(w_entries, i) + 8):
        i -= 1
    w_key, w_value = read(_entry(w_entries, i) + 8), read(_entry(w_entries, i) + 16)
    w_result = space.newtuple([w_key, w_value])
    delitem(space, w_dict, w_key)
    return w_result


@dict_methods.method("keys")
def dict_keys(space, w_dict):
    return new_view(space, w_dict, KEYS)


@dict_methods.method("values")
def dict_values(space, w_dict):
    return new_view(space, w_dict, VALUES)


@dict_methods.method("items")
def dict_items(space, w_dict):
    return new_view(space, w_dict, ITEMS)


@dict_methods.method("copy")
def dict_copy(space, w_dict):
    return from_pairs(space, items(space, w_dict))


@dict_methods.method("clear")
def dict_clear(space, w_dict):
    clear(space, w_dict)
    return space.w_None


def dict_update(space, w_dict, *args_w):
    if len(args_w) > 1:
        raise space.type_error("update expected at most 1 argument, got %d" % len(args_w))
    if args_w:
        update_arg(space, w_dict, args_w[0])
    return space.w_None


def update_arg(space, w_dict, w_arg):
    """dict_update_arg: a dict, a mapping with keys(), or pairs."""
    if is_dict(space, w_arg):
        for w_key, w_value in items(space, w_arg):
            setitem(space, w_dict, w_key, w_value)
    elif _has_keys(space, w_arg):
        w_keys = space.call_function(space.getattr(w_arg, "keys"))
        for w_key in space.iterate(w_keys, [w_dict, w_arg]):
            setitem(space, w_dict, w_key, space.getitem(w_arg, w_key))
    else:
        merge_from_seq2(space, w_dict, w_arg)


def _has_keys(space, w_obj):
    try:
        space.getattr(w_obj, "keys")
    except OperationError as operr:
        if space.isinstance_w(operr.w_value, space.w_AttributeError):
            return False
        raise
    return True


def merge_from_seq2(space, w_dict, w_pairs):
    for i, w_item in enumerate(space.iterate(w_pairs, [w_dict])):
        try:
            pair = listobject.sequence_fast(space, w_item, "", [w_dict])
        except OperationError as operr:
            if space.isinstance_w(operr.w_value, space.w_TypeError):
                raise space.type_error("cannot convert dictionary update sequence element #%d "
                                       "to a sequence" % i)
            raise
        if len(pair) != 2:
            raise space.value_error("dictionary update sequence element #%d has length %d; "
                                    "2 is required" % (i, len(pair)))
        setitem(space, w_dict, pair[0], pair[1])


def _kwargs_update(space, w_dict, kwargs_w):
    for name, w_value in kwargs_w.items():
        setitem(space, w_dict, space.newstr(name), w_value)


class _DictBuiltin(BuiltinFunction):
    """dict(...) and d.update(...): any keyword arguments become items."""

    def call(self, space, args_w, kwargs_w=None):
        w_result = self.impl(space, *args_w)
        if kwargs_w:
            _kwargs_update(space, w_result if self.name == "dict" else args_w[0], kwargs_w)
        return w_result if self.name == "dict" else space.w_None


def dict_new(space, *args_w):
    if len(args_w) > 1:
        raise space.type_error("dict expected at most 1 argument, got %d" % len(args_w))
    w_dict = newdict(space)
    if args_w:
        update_arg(space, w_dict, args_w[0])
    return w_dict


def _update_impl(space, *args_w):
    if not args_w:
        raise space.type_error("descriptor 'update' of 'dict' object needs an argument")
    return dict_update(space, *args_w)


dict_methods.methods["update"] = _DictBuiltin("update", _update_impl, qualname="dict.update")


class ClassMethodBuiltin(BuiltinFunction):
    """A builtin to install in its type's dict as a classmethod (names listed
    in the MethodTable's ``classmethods``): its first argument is the class."""


def dict_fromkeys(space, w_type, *args_w):
    """dict.fromkeys(iterable[, value]).  Installed as a classmethod, w_type
    is the class; called as a plain unbound builtin, it is the iterable."""
    if space.tid(w_type) != L.W_TypeObject.tid:
        args_w = (w_type,) + args_w
    if not 1 <= len(args_w) <= 2:
        which = "at least 1 argument" if not args_w else "at most 2 arguments"
        raise space.type_error("fromkeys expected %s, got %d" % (which, len(args_w)))
    w_value = args_w[1] if len(args_w) == 2 else space.w_None
    w_dict = newdict(space)
    for w_key in space.iterate(args_w[0], [w_dict, w_value]):
        setitem(space, w_dict, w_key, w_value)
    return w_dict


dict_methods.methods["fromkeys"] = ClassMethodBuiltin("fromkeys", dict_fromkeys, qualname="dict.fromkeys")
dict_methods.classmethods = ("fromkeys",)


@dict_methods.method("__iter__")
def dict_iter(space, w_dict):
    return iterobject.new_dict_iter(space, w_dict, KEYS, False)


@dict_methods.method("__reversed__")
def dict_reversed(space, w_dict):
    return iterobject.new_dict_iter(space, w_dict, KEYS, True)


@dict_methods.method("__eq__")
def dict_eq(space, w_dict, w_other):
    if not is_dict(space, w_other):
        return space.w_NotImplemented
    return space.newbool(dict_equal(space, w_dict, w_other))


@dict_methods.method("__ne__")
def dict_ne(space, w_dict, w_other):
    if not is_dict(space, w_other):
        return space.w_NotImplemented
    return space.newbool(not dict_equal(space, w_dict, w_other))


def dict_equal(space, w_a, w_b):
    if length(space, w_a) != length(space, w_b):
        return False
    for h, w_key, w_value in hashed_entries(space, w_a):
        w_other = lookup_known_hash(space, w_b, w_key, h)
        if not w_other or not space.eq_w(w_value, w_other):
            return False
    return True


@dict_methods.method("__or__")
def dict_or(space, w_dict, w_other):
    if not is_dict(space, w_other):
        return space.w_NotImplemented
    w_result = dict_copy(space, w_dict)
    update_arg(space, w_result, w_other)
    return w_result


@dict_methods.method("__ior__")
def dict_ior(space, w_dict, w_other):
    update_arg(space, w_dict, w_other)
    return w_dict


@dict_methods.method("__repr__")
def dict_repr(space, w_dict):
    with tupleobject.repr_guard(space, w_dict) as recursive:
        if recursive:
            return space.newstr("{...}")
        parts = []
        position = 0
        while True:
            found = entry_at(space, w_dict, position)
            if found is None:
                break
            position, w_key, w_value = found
            parts.append("%s: %s" % (space.repr_w(w_key), space.repr_w(w_value)))
        return space.newstr("{%s}" % ", ".join(parts))


# -- views (keys(), values(), items()); their iterators are in iterobject.py -------------------------

KEYS, VALUES, ITEMS = 0, 1, 2
REVERSED = 4            # a flag in a W_DictIterObject's kind (iterobject.new_dict_iter)
DV = L.W_DictViewObject
DV_DICT, DV_KIND = DV.field("dict"), DV.field("kind")
VIEW_NAMES = {KEYS: "dict_keys", VALUES: "dict_values", ITEMS: "dict_items"}

dictview_methods = MethodTable("dict_view")


def new_view(space, w_dict, kind):
    w_view = space.allocate(DV)
    space.heap.write_int(w_view + DV_DICT.offset, w_dict)
    space.heap.write_int(w_view + DV_KIND.offset, kind)
    return w_view


def view_parts(space, w_view):
    read = space.heap.read_int
    return read(w_view + DV_DICT.offset), read(w_view + DV_KIND.offset)


def is_set_like_view(space, w_obj):
    return space.tid(w_obj) == DV.tid and view_parts(space, w_obj)[1] != VALUES


@dictview_methods.method("__len__")
def view_len(space, w_view):
    return space.newint(length(space, view_parts(space, w_view)[0]))


@dictview_methods.method("__iter__")
def view_iter(space, w_view):
    w_dict, kind = view_parts(space, w_view)
    return iterobject.new_dict_iter(space, w_dict, kind, False)


@dictview_methods.method("__reversed__")
def view_reversed(space, w_view):
    w_dict, kind = view_parts(space, w_view)
    return iterobject.new_dict_iter(space, w_dict, kind, True)


@dictview_methods.method("__contains__")
def view_contains(space, w_view, w_obj):
    return space.newbool(view_has(space, w_view, w_obj))


def view_has(space, w_view, w_obj):
    w_dict, kind = view_parts(space, w_view)
    if kind == KEYS:
        return bool(getitem(space, w_dict, w_obj))
    if kind == ITEMS:
        if not tupleobject.is_tuple(space, w_obj) or len(space.tuple_w(w_obj)) != 2:
            return False
        w_key, w_value = space.tuple_w(w_obj)
        w_found = getitem(space, w_dict, w_key)
        return bool(w_found) and space.eq_w(w_found, w_value)
    return any(space.eq_w(w_value, w_obj) for w_value in values(space, w_dict))


@dictview_methods.method("__repr__")
def view_repr(space, w_view):
    w_dict, kind = view_parts(space, w_view)
    with tupleobject.repr_guard(space, w_view) as recursive:
        if recursive:
            return space.newstr("...")
        w_list = space.newlist(space.unpack_iterable(w_view, [w_view]))
        return space.newstr("%s(%s)" % (VIEW_NAMES[kind], space.repr_w(w_list)))


@dictview_methods.method("isdisjoint")
def view_isdisjoint(space, w_view, w_other):
    for w_item in space.iterate(w_other, [w_view]):
        if view_has(space, w_view, w_item):
            return space.w_False
    return space.w_True


def _view_compare(symbol):
    def impl(space, w_view, w_other):
        if not is_set_like_view(space, w_view) or not (is_set_like_view(space, w_other)
                                                       or setobject.is_set(space, w_other)):
            return space.w_NotImplemented
        n, m = space.len_w(w_view), space.len_w(w_other)
        if symbol in ("==", "!="):
            ok = n == m and _all_contained_in(space, w_view, w_other)
            return space.newbool(ok if symbol == "==" else not ok)
        if symbol in ("<", "<="):
            ok = (n < m if symbol == "<" else n <= m) and _all_contained_in(space, w_view, w_other)
        else:
            ok = (n > m if symbol == ">" else n >= m) and _all_contained_in(space, w_other, w_view)
        return space.newbool(ok)
    return impl


def _all_contained_in(space, w_self, w_other):
    # w_self and w_other are set-like: neither runs guest code to iterate
    for w_item in space.unpack_iterable(w_self, [w_other]):
        if not space.contains(w_other, w_item):
            return False
    return True


for _name, _symbol in (("__eq__", "=="), ("__ne__", "!="), ("__lt__", "<"), ("__le__", "<="),
                       ("__gt__", ">"), ("__ge__", ">=")):
    dictview_methods.methods[_name] = BuiltinFunction(_name, _view_compare(_symbol),
                                                      qualname="dict_view." + _name)


def _view_setop(name, reflected):
    def impl(space, w_view, w_other):
        if not is_set_like_view(space, w_view):
            return space.w_NotImplemented
        w_left, w_right = (w_other, w_view) if reflected else (w_view, w_other)
        return setobject.view_operation(space, name, w_left, w_right)
    return impl


for _op in ("and", "or", "sub", "xor"):
    for _reflected in (False, True):
        _name = "__%s%s__" % ("r" if _reflected else "", _op)
        dictview_methods.methods[_name] = BuiltinFunction(_name, _view_setop(_op, _reflected),
                                                          qualname="dict_view." + _name)

bare_names(dict_methods, "get", "setdefault", "pop")
dict_methods.none_attrs = ("__hash__",)
dictview_methods.none_attrs = ("__hash__",)

finish_methods(dict_methods, dictview_methods)
TYPE_TABLES = [("dict", dict_methods), ("dict_view", dictview_methods)]
TYPE_CONSTRUCTORS = {"dict": _DictBuiltin("dict", dict_new)}
