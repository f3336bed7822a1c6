"""set: an open-addressing hash table in the heap, CPython 3.11's setobject.c.

The table (GcSetEntries) holds (hash, key) entries: an unused slot is
(0, NULL), a deleted one (-1, dummy).  Probing, resizing, merging and the
way each operation builds its result follow setobject.c step by step, so a
set iterates in exactly CPython's order for keys whose hashes are CPython's
(ints, floats, bools, tuples of those).  W_SetObject's ``used`` and ``fill``
are CPython's; the mask is the table's length - 1; ``finger`` is pop's.

Host code: the JIT calls these as residual calls.
"""

from ...memory import layout as L
from ...memory.heap import NULL
from ..gateway import MethodTable, BuiltinFunction, NoKeywordsBuiltin, finish_methods
from . import dictobject, strobject
from ..operationerror import OperationError
from . import iterobject, tupleobject

S = L.W_SetObject
S_USED, S_FILL, S_TABLE, S_FINGER = S.field("used"), S.field("fill"), S.field("table"), S.field("finger")
ENTRIES = L.GcSetEntries.array
SET = S.tid
STR = L.W_UnicodeObject.tid
MINSIZE = 8
LINEAR_PROBES = 9
PERTURB_SHIFT = 5
MASK64 = (1 << 64) - 1
NOT_FOUND, FOUND = 0, 1

set_methods = MethodTable("set")


# -- the table ----------------------------------------------------------------------------

def is_set(space, w_obj):
    return space.tid(w_obj) == SET


def _field(space, w_set, field):
    return space.heap.read_int(w_set + field.offset)


def _set_field(space, w_set, field, value):
    space.heap.write_int(w_set + field.offset, value)


def set_length(space, w_set):
    return _field(space, w_set, S_USED)


def _mask(space, w_set):
    return space.heap.read_int(_field(space, w_set, S_TABLE) + ENTRIES.length_offset) - 1


def _entry(w_table, i):
    return w_table + ENTRIES.items_offset + 16 * i


def slot_count(space, w_set):
    return _mask(space, w_set) + 1


def live_key(space, w_set, i):
    """The key in slot ``i``, or NULL for an unused or deleted slot."""
    w_key = space.heap.read_int(_entry(_field(space, w_set, S_TABLE), i) + 8)
    return NULL if w_key == space.w_dummy else w_key


def new_empty(space):
    """make_new_set(type, NULL): an empty set with the 8-slot table."""
    w_set = space.allocate(S)
    _set_field(space, w_set, S_TABLE, space.direct_ll.new_array(L.GcSetEntries, MINSIZE))
    return w_set


def newset(space, items_w):
    """BUILD_SET: a new set, the items added in order."""
    w_set = new_empty(space)
    for w_item in items_w:
        add_key(space, w_set, w_item)
    return w_set


def make_new_set(space, w_iterable):
    """set(iterable)."""
    w_set = new_empty(space)
    update_internal(space, w_set, w_iterable)
    return w_set


def entries(space, w_set):
    """(hash, key) of the live entries in table order (a snapshot)."""
    read = space.heap.read_int
    w_table = _field(space, w_set, S_TABLE)
    w_dummy = space.w_dummy
    result = []
    for i in range(_mask(space, w_set) + 1):
        entry = _entry(w_table, i)
        w_key = read(entry + 8)
        if w_key and w_key != w_dummy:
            result.append((read(entry), w_key))
    return result


def set_items(space, w_set):
    return [w_key for _, w_key in entries(space, w_set)]


def _same_key(space, w_stored, w_key, gc_safe=False):
    """CPython's comparison in a probe."""
    if w_stored == w_key:
        return True
    if space.tid(w_stored) == STR and space.tid(w_key) == STR:
        return strobject.str_eq(space, w_stored, w_key)
    return space.eq_w(w_stored, w_key, gc_safe)


def _probe(space, w_set, w_key, h, dummies=None, gc_safe=False):
    """Walk set_lookkey's probe sequence.  Returns ("unused", entry) or
    ("active", entry); set_add_entry passes ``dummies``, a list that
    receives the dummy entries passed on the way.  ``gc_safe``: the caller
    pinned the set and the key (held_add...), so a guest ``__eq__`` may
    collect; after each comparison the table is read again (a restart when
    it changed: the old one may be freed)."""
    read = space.heap.read_int
    while True:
        w_table = _field(space, w_set, S_TABLE)
        mask = _mask(space, w_set)
        result = _probe_table(space, w_set, w_table, mask, w_key, h, dummies, read, gc_safe)
        if result is not None:
            return result
        if dummies is not None:
            del dummies[:]


def _probe_table(space, w_set, w_table, mask, w_key, h, dummies, read, gc_safe):
    perturb = h & MASK64
    i = h & mask
    while True:
        entry = _entry(w_table, i)
        probes = LINEAR_PROBES if i + LINEAR_PROBES <= mask else 0
        for _ in range(probes + 1):
            entry_hash = read(entry)
            w_stored = read(entry + 8)
            if entry_hash == 0 and not w_stored:
                return "unused", entry
            if entry_hash == h:
                same = _same_key(space, w_stored, w_key, gc_safe)
                if same and dummies is not None:
                    return "active", entry          # set_add_entry: found_active first
                if _field(space, w_set, S_TABLE) != w_table or read(entry + 8) != w_stored:
                    return None                     # the comparison mutated the set: restart
                if same:
                    return "active", entry
            elif entry_hash == -1 and dummies is not None:
                dummies.append(entry)
            entry += 16
        perturb >>= PERTURB_SHIFT
        i = (i * 5 + 1 + perturb) & mask


def contains_entry(space, w_set, w_key, h, gc_safe=False):
    return _probe(space, w_set, w_key, h, None, gc_safe)[0] == "active"


def contains_key(space, w_set, w_key, gc_safe=False):
    return contains_entry(space, w_set, w_key, space.hash_w(w_key, gc_safe), gc_safe)


def add_key(space, w_set, w_key, gc_safe=False):
    add_entry(space, w_set, w_key, space.hash_w(w_key, gc_safe), gc_safe)


def add(space, w_set, w_key):
    add_key(space, w_set, w_key)


def held_add(space, w_set, w_key):
    """SET_ADD and set.add, whose callers hold nothing but the set and the
    key: both pinned, the key's __hash__/__eq__ may collect garbage."""
    with space.gc.pinning([w_set, w_key]):
        add_key(space, w_set, w_key, gc_safe=True)


def add_entry(space, w_set, w_key, h, gc_safe=False):
    """set_add_entry: the last dummy passed is reused, else the unused slot."""
    freeslot = []
    state, entry = _probe(space, w_set, w_key, h, freeslot, gc_safe)
    if state == "active":
        return
    write = space.heap.write_int
    _set_field(space, w_set, S_USED, set_length(space, w_set) + 1)
    if freeslot:
        write(freeslot[-1], h)
        write(freeslot[-1] + 8, w_key)
        return
    write(entry, h)
    write(entry + 8, w_key)
    fill = _field(space, w_set, S_FILL) + 1
    _set_field(space, w_set, S_FILL, fill)
    if fill * 5 >= _mask(space, w_set) * 3:
        used = set_length(space, w_set)
        table_resize(space, w_set, used * 2 if used > 50000 else used * 4)


def insert_clean(space, w_table, mask, w_key, h):
    """set_insert_clean: into a table known to hold no dummies nor w_key."""
    read, write = space.heap.read_int, space.heap.write_int
    perturb = h & MASK64
    i = h & mask
    while True:
        entry = _entry(w_table, i)
        probes = LINEAR_PROBES if i + LINEAR_PROBES <= mask else 0
        for _ in range(probes + 1):
            if not read(entry + 8):
                write(entry, h)
                write(entry + 8, w_key)
                return
            entry += 16
        perturb >>= PERTURB_SHIFT
        i = (i * 5 + 1 + perturb) & mask


def table_resize(space, w_set, minused):
    newsize = MINSIZE
    while newsize <= minused:
        newsize <<= 1
    used, fill = set_length(space, w_set), _field(space, w_set, S_FILL)
    if newsize == MINSIZE and _mask(space, w_set) == MINSIZE - 1 and fill == used:
        return                      # the small table has no dummies: nothing to do
    old = entries(space, w_set)
    w_table = space.direct_ll.new_array(L.GcSetEntries, newsize)
    _set_field(space, w_set, S_TABLE, w_table)
    _set_field(space, w_set, S_FILL, used)
    for h, w_key in old:
        insert_clean(space, w_table, newsize - 1, w_key, h)


def discard_entry(space, w_set, w_key, h, gc_safe=False):
    state, entry = _probe(space, w_set, w_key, h, None, gc_safe)
    if state == "unused":
        return NOT_FOUND
    space.heap.write_int(entry, -1)
    space.heap.write_int(entry + 8, space.w_dummy)
    _set_field(space, w_set, S_USED, set_length(space, w_set) - 1)
    return FOUND


def discard_key(space, w_set, w_key, gc_safe=False):
    return discard_entry(space, w_set, w_key, space.hash_w(w_key, gc_safe), gc_safe)


def clear(space, w_set):
    """set_clear_internal: back to an empty 8-slot table (the finger stays)."""
    _set_field(space, w_set, S_TABLE, space.direct_ll.new_array(L.GcSetEntries, MINSIZE))
    _set_field(space, w_set, S_USED, 0)
    _set_field(space, w_set, S_FILL, 0)


def swap_in(space, w_set, w_other):
    """set_swap_bodies, keeping only w_set: it takes w_other's table."""
    for field in (S_USED, S_FILL, S_TABLE):
        _set_field(space, w_set, field, _field(space, w_other, field))


# -- building from other collections -----------------------------------------------------------

def merge(space, w_set, w_other):
    """set_merge: w_other is a set."""
    other_used = set_length(space, w_other)
    if w_other == w_set or other_used == 0:
        return
    if (_field(space, w_set, S_FILL) + other_used) * 5 >= _mask(space, w_set) * 3:
        table_resize(space, w_set, (set_length(space, w_set) + other_used) * 2)
    mask = _mask(space, w_set)
    if _field(space, w_set, S_FILL) == 0:
        if mask == _mask(space, w_other) and _field(space, w_other, S_FILL) == other_used:
            _copy_slots(space, w_set, w_other)
            return
        w_table = _field(space, w_set, S_TABLE)
        _set_field(space, w_set, S_FILL, other_used)
        _set_field(space, w_set, S_USED, other_used)
        for h, w_key in entries(space, w_other):
            insert_clean(space, w_table, mask, w_key, h)
        return
    for h, w_key in entries(space, w_other):
        add_entry(space, w_set, w_key, h)


def _copy_slots(space, w_set, w_other):
    """Same size, no dummies: every entry goes to the same position."""
    n = 16 * (_mask(space, w_other) + 1)
    src = _field(space, w_other, S_TABLE) + ENTRIES.items_offset
    dst = _field(space, w_set, S_TABLE) + ENTRIES.items_offset
    space.heap.write_bytes(dst, space.heap.read_bytes(src, n))
    _set_field(space, w_set, S_FILL, _field(space, w_other, S_FILL))
    _set_field(space, w_set, S_USED, set_length(space, w_other))


def update_internal(space, w_set, w_other):
    """set_update_internal: sets merge, dicts add with their stored hashes,
    other iterables add item by item."""
    if is_set(space, w_other):
        merge(space, w_set, w_other)
    elif dictobject.is_dict(space, w_other):
        size = dictobject.length(space, w_other)
        if (_field(space, w_set, S_FILL) + size) * 5 >= _mask(space, w_set) * 3:
            table_resize(space, w_set, (set_length(space, w_set) + size) * 2)
        for h, w_key, _ in dictobject.hashed_entries(space, w_other):
            add_entry(space, w_set, w_key, h)
    else:
        for w_item in space.iterate(w_other, [w_set]):
            add_key(space, w_set, w_item)


def copy(space, w_set):
    w_result = new_empty(space)
    merge(space, w_result, w_set)
    return w_result


# -- the algebra, as setobject.c builds each result ---------------------------------------------

def union(space, w_set, others_w):
    w_result = copy(space, w_set)
    for w_other in others_w:
        if w_other != w_set:
            update_internal(space, w_result, w_other)
    return w_result


def intersection(space, w_set, w_other):
    if w_other == w_set:
        return copy(space, w_set)
    w_result = new_empty(space)
    if is_set(space, w_other):
        if set_length(space, w_other) > set_length(space, w_set):
            w_set, w_other = w_other, w_set
        for h, w_key in entries(space, w_other):
            if contains_entry(space, w_set, w_key, h):
                add_entry(space, w_result, w_key, h)
        return w_result
    for w_key in space.iterate(w_other, [w_set, w_result]):
        h = space.hash_w(w_key)
        if contains_entry(space, w_set, w_key, h):
            add_entry(space, w_result, w_key, h)
            if set_length(space, w_result) >= set_length(space, w_set):
                return w_result
    return w_result


def intersection_multi(space, w_set, others_w):
    if not others_w:
        return copy(space, w_set)
    w_result = w_set
    for w_other in others_w:
        w_result = intersection(space, w_result, w_other)
    return w_result


def difference_update_internal(space, w_set, w_other):
    if w_other == w_set:
        clear(space, w_set)
        return
    if is_set(space, w_other):
        for h, w_key in entries(space, w_other):
            discard_entry(space, w_set, w_key, h)
    else:
        for w_key in space.iterate(w_other, [w_set]):
            discard_key(space, w_set, w_key)
    used = set_length(space, w_set)
    if _field(space, w_set, S_FILL) - used > _mask(space, w_set) // 4:
        table_resize(space, w_set, used * 2 if used > 50000 else used * 4)


def copy_and_difference(space, w_set, w_other):
    w_result = copy(space, w_set)
    difference_update_internal(space, w_result, w_other)
    return w_result


def difference(space, w_set, w_other):
    if is_set(space, w_other):
        other_size = set_length(space, w_other)
    elif dictobject.is_dict(space, w_other):
        other_size = dictobject.length(space, w_other)
    else:
        return copy_and_difference(space, w_set, w_other)
    if (set_length(space, w_set) >> 2) > other_size:
        return copy_and_difference(space, w_set, w_other)
    w_result = new_empty(space)
    for h, w_key in entries(space, w_set):
        if is_set(space, w_other):
            present = contains_entry(space, w_other, w_key, h)
        else:
            present = bool(dictobject.lookup_known_hash(space, w_other, w_key, h))
        if not present:
            add_entry(space, w_result, w_key, h)
    return w_result


def difference_multi(space, w_set, others_w):
    if not others_w:
        return copy(space, w_set)
    w_result = difference(space, w_set, others_w[0])
    for w_other in others_w[1:]:
        difference_update_internal(space, w_result, w_other)
    return w_result


def symmetric_difference_update(space, w_set, w_other):
    if w_other == w_set:
        clear(space, w_set)
        return
    if dictobject.is_dict(space, w_other):
        pairs = [(h, w_key) for h, w_key, _ in dictobject.hashed_entries(space, w_other)]
    else:
        w_otherset = w_other if is_set(space, w_other) else make_new_set(space, w_other)
        pairs = entries(space, w_otherset)
    for h, w_key in pairs:
        if discard_entry(space, w_set, w_key, h) == NOT_FOUND:
            add_entry(space, w_set, w_key, h)


def symmetric_difference(space, w_set, w_other):
    w_result = make_new_set(space, w_other)
    symmetric_difference_update(space, w_result, w_set)
    return w_result


def issubset(space, w_set, w_other):
    if not is_set(space, w_other):
        return issubset(space, w_set, make_new_set(space, w_other))
    if set_length(space, w_set) > set_length(space, w_other):
        return False
    for h, w_key in entries(space, w_set):
        if not contains_entry(space, w_other, w_key, h):
            return False
    return True


def issuperset(space, w_set, w_other):
    if is_set(space, w_other):
        return issubset(space, w_other, w_set)
    for w_key in space.iterate(w_other, [w_set]):
        if not contains_key(space, w_set, w_key):
            return False
    return True


def isdisjoint(space, w_set, w_other):
    if w_other == w_set:
        return set_length(space, w_set) == 0
    if is_set(space, w_other):
        if set_length(space, w_other) > set_length(space, w_set):
            w_set, w_other = w_other, w_set
        return not any(contains_entry(space, w_set, w_key, h) for h, w_key in entries(space, w_other))
    for w_key in space.iterate(w_other, [w_set]):
        if contains_key(space, w_set, w_key):
            return False
    return True


def pop(space, w_set):
    """set_pop: scan from the finger, wrapping around."""
    if set_length(space, w_set) == 0:
        raise space.error(space.w_KeyError, "pop from an empty set")
    read = space.heap.read_int
    w_table = _field(space, w_set, S_TABLE)
    mask = _mask(space, w_set)
    i = _field(space, w_set, S_FINGER) & mask
    while True:
        w_key = read(_entry(w_table, i) + 8)
        if w_key and w_key != space.w_dummy:
            break
        i = 0 if i >= mask else i + 1
    space.heap.write_int(_entry(w_table, i), -1)
    space.heap.write_int(_entry(w_table, i) + 8, space.w_dummy)
    _set_field(space, w_set, S_USED, set_length(space, w_set) - 1)
    _set_field(space, w_set, S_FINGER, i + 1)
    return w_key


# -- the guest methods --------------------------------------------------------------------------

def _unhashable_set_key(space, operr, w_key):
    """set.__contains__/remove/discard retry a set key as a frozenset; no set
    holds frozensets here, so the retry finds nothing."""
    return space.isinstance_w(operr.w_value, space.w_TypeError) and is_set(space, w_key)


def _lookup_or_absent(space, w_set, w_key, operation):
    """Its callers (set methods) hold nothing but the set and the key: both
    pinned, the key's __hash__/__eq__ may collect (gc_safe)."""
    try:
        with space.gc.pinning([w_set, w_key]):
            return operation(space, w_set, w_key, True)
    except OperationError as operr:
        if _unhashable_set_key(space, operr, w_key):
            return NOT_FOUND
        raise


@set_methods.method("add")
def set_add(space, w_set, w_key):
    held_add(space, w_set, w_key)
    return space.w_None


@set_methods.method("__contains__")
def set_contains(space, w_set, w_key):
    return space.newbool(_lookup_or_absent(space, w_set, w_key, contains_key))


@set_methods.method("discard")
def set_discard(space, w_set, w_key):
    _lookup_or_absent(space, w_set, w_key, discard_key)
    return space.w_None


@set_methods.method("remove")
def set_remove(space, w_set, w_key):
    if _lookup_or_absent(space, w_set, w_key, discard_key) == NOT_FOUND:
        raise dictobject.key_error(space, w_key)
    return space.w_None


@set_methods.method("pop")
def set_pop(space, w_set):
    return pop(space, w_set)


@set_methods.method("clear")
def set_clear(space, w_set):
    clear(space, w_set)
    return space.w_None


@set_methods.method("copy")
def set_copy(space, w_set):
    return copy(space, w_set)


@set_methods.method("__len__")
def set_len(space, w_set):
    return space.newint(set_length(space, w_set))


@set_methods.method("update")
def set_update(space, w_set, *others_w):
    for w_other in others_w:
        update_internal(space, w_set, w_other)
    return space.w_None


@set_methods.method("union")
def set_union(space, w_set, *others_w):
    return union(space, w_set, others_w)


@set_methods.method("intersection")
def set_intersection(space, w_set, *others_w):
    return intersection_multi(space, w_set, others_w)


@set_methods.method("intersection_update")
def set_intersection_update(space, w_set, *others_w):
    swap_in(space, w_set, intersection_multi(space, w_set, others_w))
    return space.w_None


@set_methods.method("difference")
def set_difference(space, w_set, *others_w):
    return difference_multi(space, w_set, others_w)


@set_methods.method("difference_update")
def set_difference_update(space, w_set, *others_w):
    for w_other in others_w:
        difference_update_internal(space, w_set, w_other)
    return space.w_None


@set_methods.method("symmetric_difference")
def set_symmetric_difference(space, w_set, w_other):
    return symmetric_difference(space, w_set, w_other)


@set_methods.method("symmetric_difference_update")
def set_symmetric_difference_update(space, w_set, w_other):
    symmetric_difference_update(space, w_set, w_other)
    return space.w_None


@set_methods.method("issubset")
def set_issubset(space, w_set, w_other):
    return space.newbool(issubset(space, w_set, w_other))


@set_methods.method("issuperset")
def set_issuperset(space, w_set, w_other):
    return space.newbool(issuperset(space, w_set, w_other))


@set_methods.method("isdisjoint")
def set_isdisjoint(space, w_set, w_other):
    return space.newbool(isdisjoint(space, w_set, w_other))


def _in_place_update(space, w_set, w_other):
    update_internal(space, w_set, w_other)


def _in_place_intersection(space, w_set, w_other):
    swap_in(space, w_set, intersection(space, w_set, w_other))


# operator name -> (result builder, in-place updater), both only for set operands
OPERATORS = {
    "or": (lambda space, a, b: union(space, a, [b]), _in_place_update),
    "and": (intersection, _in_place_intersection),
    "sub": (difference, difference_update_internal),
    "xor": (symmetric_difference, symmetric_difference_update),
}


def _binary(build):
    def impl(space, w_set, w_other):
        if not is_set(space, w_other):
            return space.w_NotImplemented
        return build(space, w_set, w_other)
    return impl


def _in_place(update):
    def impl(space, w_set, w_other):
        if not is_set(space, w_other):
            return space.w_NotImplemented
        update(space, w_set, w_other)
        return w_set
    return impl


def _install(name, impl):
    set_methods.methods[name] = BuiltinFunction(name, impl, qualname="set." + name)


for _op, (_build, _update) in OPERATORS.items():
    _install("__%s__" % _op, _binary(_build))
    _install("__i%s__" % _op, _in_place(_update))


def compare(space, w_set, w_other, symbol):
    """set_richcompare on two sets: a host bool."""
    n, m = set_length(space, w_set), set_length(space, w_other)
    if symbol == "==":
        return n == m and issubset(space, w_set, w_other)
    if symbol == "!=":
        return not compare(space, w_set, w_other, "==")
    if symbol == "<=":
        return issubset(space, w_set, w_other)
    if symbol == ">=":
        return issuperset(space, w_set, w_other)
    if symbol == "<":
        return n < m and issubset(space, w_set, w_other)
    return n > m and issuperset(space, w_set, w_other)


def _compare_method(symbol):
    def impl(space, w_set, w_other):
        if not is_set(space, w_other):
            return space.w_NotImplemented
        return space.newbool(compare(space, w_set, w_other, symbol))
    return impl


for _name, _symbol in (("__eq__", "=="), ("__ne__", "!="), ("__lt__", "<"), ("__le__", "<="),
                       ("__gt__", ">"), ("__ge__", ">=")):
    _install(_name, _compare_method(_symbol))


@set_methods.method("__repr__")
def set_repr(space, w_set):
    with tupleobject.repr_guard(space, w_set) as recursive:
        if recursive:
            return space.newstr("set(...)")
        if set_length(space, w_set) == 0:
            return space.newstr("set()")
        return space.newstr("{%s}" % ", ".join(space.repr_w(w) for w in set_items(space, w_set)))


@set_methods.method("__iter__")
def set_iter(space, w_set):
    return iterobject.new_set_iter(space, w_set)


def set_new(space, w_iterable=None):
    if w_iterable is None:
        return new_empty(space)
    return make_new_set(space, w_iterable)


# -- dict views as sets (dictobject's keys() and items()) -------------------------------------------

def view_to_set(space, w_obj):
    """dictviews_to_set: a keys view converts through its dict (stored hashes)."""
    if space.tid(w_obj) == L.W_DictViewObject.tid:
        w_dict, kind = dictobject.view_parts(space, w_obj)
        if kind == dictobject.KEYS:
            return make_new_set(space, w_dict)
    return make_new_set(space, w_obj)


def view_operation(space, op, w_left, w_right):
    """``left op right`` where one side is a keys/items view: a new set."""
    if op == "and":
        return _view_intersect(space, w_left, w_right)
    if op == "xor" and _is_items_view(space, w_left) and _is_items_view(space, w_right):
        return _items_xor(space, w_left, w_right)
    w_result = view_to_set(space, w_left)
    {"or": update_internal, "sub": difference_update_internal,
     "xor": symmetric_difference_update}[op](space, w_result, w_right)
    return w_result


def _is_items_view(space, w_obj):
    return (space.tid(w_obj) == L.W_DictViewObject.tid
            and dictobject.view_parts(space, w_obj)[1] == dictobject.ITEMS)


def _view_intersect(space, w_view, w_other):
    """_PyDictView_Intersect."""
    if not dictobject.is_set_like_view(space, w_view):
        w_view, w_other = w_other, w_view
    n = space.len_w(w_view)
    if is_set(space, w_other) and n <= set_length(space, w_other):
        return intersection(space, w_other, w_view)
    if dictobject.is_set_like_view(space, w_other) and space.len_w(w_other) > n:
        w_view, w_other = w_other, w_view
    keys_w = space.unpack_iterable(w_other, [w_view, w_other])
    w_result = new_empty(space)
    for w_key in keys_w:
        if dictobject.view_has(space, w_view, w_key):
            add_key(space, w_result, w_key)
    return w_result


def _items_xor(space, w_left, w_right):
    """dictitems_xor."""
    w_d1 = dictobject.view_parts(space, w_left)[0]
    w_d2 = dictobject.view_parts(space, w_right)[0]
    w_temp = dictobject.dict_copy(space, w_d1)
    w_result = new_empty(space)
    for h, w_key, w_val2 in dictobject.hashed_entries(space, w_d2):
        w_val1 = dictobject.lookup_known_hash(space, w_temp, w_key, h)
        if w_val1 and space.eq_w(w_val1, w_val2):
            dictobject.delitem(space, w_temp, w_key)
        else:
            add_key(space, w_result, space.newtuple([w_key, w_val2]))
    update_internal(space, w_result, dictobject.new_view(space, w_temp, dictobject.ITEMS))
    return w_result


set_methods.none_attrs = ("__hash__",)

finish_methods(set_methods)
TYPE_TABLES = [("set", set_methods)]
TYPE_CONSTRUCTORS = {"set": NoKeywordsBuiltin("set", set_new, 0, 1)}


# -- set displays of constants, as CPython's compiler folds them ----------------------------------

def constant_set(space, items_w):
    """The frozenset constant CPython's compiler makes of a set display of
    constants (``for x in {1, 2, 3}``): built from the items, then rebuilt
    from its own iteration order when the compiler merges constants."""
    return newset(space, set_items(space, newset(space, items_w)))


def newset_from_constants(space, items_w):
    """A set display of more than two constants: CPython compiles it to
    BUILD_SET 0; LOAD_CONST <frozenset>; SET_UPDATE 1 (a merge)."""
    w_set = new_empty(space)
    merge(space, w_set, constant_set(space, items_w))
    return w_set
