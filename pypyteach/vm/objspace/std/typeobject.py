"""Type objects, attribute lookup along the MRO, and instance maps.

Guest types are W_TypeObjects in the heap.  Lookups of class attributes are
cached host-side; every change to any class dict bumps the type's ``version``
(a quasi-immutable field for the JIT) and clears the cache.

User instances store attributes as PyPy does, with *maps* (hidden classes):
the instance holds a map number, a storage array of references and an array
of unboxed words (exact ints and floats); the map, shared by all instances
with the same class and attributes, says which array and slot hold which
attribute.  A trace then needs one guard on the map to know the class, where
every attribute lives and whether it is boxed.
"""

from ...memory import layout as L
from ...memory.heap import NULL
from . import dictobject

T = L.W_TypeObject
T_NAME, T_BASE, T_DICT, T_MRO = T.field("name"), T.field("base"), T.field("dict"), T.field("mro")
T_VERSION, T_INSTANCE_TID, T_FLAGS = T.field("version"), T.field("instance_tid"), T.field("flags")
I_MAP = L.W_InstanceObject.field("map")
I_STORAGE = L.W_InstanceObject.field("storage")
I_UNBOXED = L.W_InstanceObject.field("unboxed")

FLAG_USER = 1            # created by a class statement
FLAG_EXCEPTION = 2       # BaseException or a subclass
FLAG_ACCEPTS_ATTRS = 4   # instances are W_InstanceObject (can carry attributes)


class Map:
    """A hidden class: the class plus the attributes, in the order they were
    added, each with its storage kind and its index in the array of that kind."""

    def __init__(self, space, w_class, attr_kinds):
        self.w_class = w_class
        self.attr_kinds = attr_kinds        # ((name, kind), ...)
        self.attrs = tuple(name for name, _ in attr_kinds)
        self.kind_of = dict(attr_kinds)     # name -> BOXED, INT or FLOAT
        self.index_of = {}                  # name -> index in FIELD[kind]'s array
        self.used = {I_STORAGE: 0, I_UNBOXED: 0}
        for name, kind in attr_kinds:
            self.index_of[name] = self.used[FIELD[kind]]
            self.used[FIELD[kind]] += 1
        self.transitions = {}
        self.number = len(space.maps)
        space.maps.append(self)

    def with_attr(self, space, name, kind):
        child = self.transitions.get((name, kind))
        if child is None:
            child = Map(space, self.w_class, self.attr_kinds + ((name, kind),))
            self.transitions[(name, kind)] = child
        return child

    def __repr__(self):
        return "<Map %d %s>" % (self.number, ",".join("%s:%s" % pair for pair in self.attr_kinds))


def new_type(space, name, w_base, w_dict, flags=0, instance_tid=None):
    heap = space.heap
    w_type = space.allocate(T)
    space.prebuild(w_type)
    heap.write_int(w_type + T_NAME.offset, space.newstr(name))
    heap.write_int(w_type + T_BASE.offset, w_base)
    heap.write_int(w_type + T_DICT.offset, w_dict)
    if w_base:
        flags |= heap.read_int(w_base + T_FLAGS.offset) & (FLAG_EXCEPTION | FLAG_ACCEPTS_ATTRS)
        if instance_tid is None:
            instance_tid = heap.read_int(w_base + T_INSTANCE_TID.offset)
    heap.write_int(w_type + T_FLAGS.offset, flags)
    heap.write_int(w_type + T_INSTANCE_TID.offset, instance_tid or 0)
    mro = [w_type] + (space.tuple_w(heap.read_int(w_base + T_MRO.offset)) if w_base else [])
    heap.write_int(w_type + T_MRO.offset, space.newtuple(mro))
    space.root_maps[w_type] = Map(space, w_type, ())
    return w_type


def type_dict(space, w_type):
    return space.heap.read_int(w_type + T_DICT.offset)


def type_flags(space, w_type):
    return space.heap.read_int(w_type + T_FLAGS.offset)


def type_base(space, w_type):
    return space.heap.read_int(w_type + T_BASE.offset)


def mro_w(space, w_type):
    return space.tuple_w(space.heap.read_int(w_type + T_MRO.offset))


def is_subtype(space, w_type, w_base):
    if w_type == w_base:
        return True
    return w_base in mro_w(space, w_type)


def lookup(space, w_type, name):
    """The class attribute ``name`` along the MRO of ``w_type``, or NULL.

    Elidable while no class changes: the JIT folds it for a constant type."""
    key = (w_type, name)
    cache = space.type_lookup_cache
    if key in cache:
        return cache[key]
    w_result = NULL
    for w_class in mro_w(space, w_type):
        w_result = dictobject.getitem_str(space, type_dict(space, w_class), name)
        if w_result:
            break
    cache[key] = w_result
    return w_result


def lookup_where(space, w_type, name):
    """(class that defines name, value) along the MRO of ``w_type``."""
    for w_class in mro_w(space, w_type):
        w_value = dictobject.getitem_str(space, type_dict(space, w_class), name)
        if w_value:
            return w_class, w_value
    return NULL, NULL


def type_changed(space, w_type):
    """A class dict changed: bump its version and forget cached lookups."""
    heap = space.heap
    heap.write_int(w_type + T_VERSION.offset, heap.read_int(w_type + T_VERSION.offset) + 1)
    space.type_lookup_cache.clear()
    for listener in space.type_change_listeners:
        listener(w_type)


# -- instances ----------------------------------------------------------------------
#
# Storage kinds, as PyPy's mapdict: an attribute whose first value is an exact
# int (or float) is stored *unboxed*, as a raw word in the instance's unboxed
# array (a GcIntArray: the GC never scans it), read through <ArrayS 8> (or the
# float view <ArrayF 8>).  Every other attribute holds a reference in storage
# (a GcArray, <ArrayP 8>).  An unboxed attribute given a value of another kind
# becomes boxed for good: the instance is re-laid-out on a map where it is.
# The map is a constant in a trace, so the kind of every attribute is too.

BOXED, INT, FLOAT = "r", "i", "f"
FIELD = {BOXED: I_STORAGE, INT: I_UNBOXED, FLOAT: I_UNBOXED}
ITEMS = {BOXED: L.GcArray.array, INT: L.GcIntArray.array, FLOAT: L.GcIntArray.array.float_view}
BOX_FIELD = {INT: L.W_IntObject.field("intval"), FLOAT: L.W_FloatObject.field("floatval")}
READ_ITEM = {kind: "getarrayitem_gc_" + kind for kind in (BOXED, INT, FLOAT)}     # ll operations
READ_BOX = {kind: "getfield_gc_" + kind for kind in (INT, FLOAT)}
KIND_OF_TID = {L.W_IntObject.tid: INT, L.W_FloatObject.tid: FLOAT}


def new_instance(space, w_type):
    """A fresh instance of a class whose instances carry attributes."""
    ll = space.ll
    w_obj = ll.new_with_vtable(L.W_InstanceObject.size_descr)
    ll.setfield_gc(w_obj, ll.const(space.root_maps[w_type].number), I_MAP)
    return w_obj


def instance_map(space, w_obj):
    return space.maps[space.heap.read_int(w_obj + I_MAP.offset)]


def value_kind(space, w_value):
    """The kind a new attribute holding ``w_value`` gets (ll style: a
    guard_class on the value; exact ints and floats only, not bools).

    A NaN stays boxed: NaN != NaN, so only the identity of its object lets
    ``nan in [nan]`` find it again, and a fresh box at every read would
    lose it (CPython's containers test identity first)."""
    ll = space.ll
    kind = KIND_OF_TID.get(ll.classof(w_value), BOXED)
    if kind == FLOAT:
        value = ll.getfield_gc_f(w_value, BOX_FIELD[FLOAT])
        if ll.is_true(ll.float_ne(value, value)):
            return BOXED
    return kind


def instance_getattr(space, w_obj, m, name):
    """The attribute ``name`` stored on the instance, or NULL (ll style, m
    constant).  An unboxed value is boxed afresh: in a trace the box stays
    virtual when it is consumed at once."""
    kind = m.kind_of.get(name)
    if kind is None:
        return NULL
    w_array = space.ll.getfield_gc_r(w_obj, FIELD[kind])
    return _box(space, kind, _read(space, kind, w_array, m.index_of[name]))


def instance_setattr(space, w_obj, m, name, w_value):
    """Store an instance attribute (ll style, m constant)."""
    ll = space.ll
    kind = m.kind_of.get(name)
    if kind is None:
        new_map = _append(space, w_obj, m, name, value_kind(space, w_value), w_value)
        ll.setfield_gc(w_obj, ll.const(new_map.number), I_MAP)
    elif kind == BOXED or value_kind(space, w_value) == kind:
        w_array = ll.getfield_gc_r(w_obj, FIELD[kind])
        ll.setarrayitem_gc(w_array, ll.const(m.index_of[name]), _unbox(space, kind, w_value), ITEMS[kind])
    else:
        # a value of another kind: from now on this attribute is boxed
        _relayout(space, w_obj, m, [(attr, BOXED, w_value) if attr == name else
                                    (attr, attr_kind, instance_getattr(space, w_obj, m, attr))
                                    for attr, attr_kind in m.attr_kinds])


def instance_delattr(space, w_obj, name):
    """Remove an attribute: re-lay-out the instance without it (host code)."""
    m = instance_map(space, w_obj)
    if name not in m.index_of:
        return False
    _relayout(space, w_obj, m, [(attr, kind, instance_getattr(space, w_obj, m, attr))
                                for attr, kind in m.attr_kinds if attr != name])
    return True


def instance_attrs(space, w_obj):
    m = instance_map(space, w_obj)
    return [(name, instance_getattr(space, w_obj, m, name)) for name in m.attrs]


def _read(space, kind, w_array, index):
    """Item ``index`` of an array of ``kind``: a reference or a raw word."""
    ll = space.ll
    return getattr(ll, READ_ITEM[kind])(w_array, ll.const(index), ITEMS[kind])


def _box(space, kind, value):
    """The object an attribute of ``kind`` holding ``value`` stands for."""
    if kind == BOXED:
        return value
    return space.newint(value) if kind == INT else space.newfloat(value)


def _unbox(space, kind, w_value):
    """What an attribute of ``kind`` stores for ``w_value`` (of that kind)."""
    if kind == BOXED:
        return w_value
    return getattr(space.ll, READ_BOX[kind])(w_value, BOX_FIELD[kind])


def _append(space, w_obj, m, name, kind, w_value):
    """Store a new attribute after those of ``m``; the instance's map is
    left to the caller.  Returns the map with the attribute."""
    ll = space.ll
    field = FIELD[kind]
    index = m.used[field]
    if index >= storage_capacity(index):
        # the capacity is a function of the attribute count: constant in a trace
        w_array = _grow(space, w_obj, m, field)
    else:
        w_array = ll.getfield_gc_r(w_obj, field)
    ll.setarrayitem_gc(w_array, ll.const(index), _unbox(space, kind, w_value), ITEMS[kind])
    return m.with_attr(space, name, kind)


def _relayout(space, w_obj, m, items):
    """Rebuild the instance from its class's root map with ``items``
    [(name, kind, w_value)]: fresh arrays, so that one array never holds
    words of two kinds at one index (the JIT's heap cache relies on it)."""
    ll = space.ll
    ll.setfield_gc(w_obj, ll.const(NULL), I_STORAGE)
    ll.setfield_gc(w_obj, ll.const(NULL), I_UNBOXED)
    m = space.root_maps[m.w_class]
    for name, kind, w_value in items:
        m = _append(space, w_obj, m, name, kind, w_value)
    ll.setfield_gc(w_obj, ll.const(m.number), I_MAP)


def storage_capacity(nattrs):
    """Slots in an array holding ``nattrs`` attributes."""
    return 0 if nattrs == 0 else max(4, 1 << (nattrs - 1).bit_length())


def _grow(space, w_obj, m, field):
    """A bigger array for ``field`` (storage or unboxed) holding the
    attributes ``m`` keeps there, each copied with its own kind's descr (ll
    style: a trace sees an allocation it can keep virtual, not a call)."""
    ll = space.ll
    nattrs = m.used[field]
    layout = L.GcArray if field is I_STORAGE else L.GcIntArray
    w_new = ll.new_array(layout, ll.const(storage_capacity(nattrs + 1)))
    if nattrs:
        w_old = ll.getfield_gc_r(w_obj, field)
        for name, kind in m.attr_kinds:
            if FIELD[kind] is field:
                index = m.index_of[name]
                ll.setarrayitem_gc(w_new, ll.const(index), _read(space, kind, w_old, index), ITEMS[kind])
    ll.setfield_gc(w_obj, w_new, field)
    return w_new
