"""Type objects, attribute lookup along the MRO, and instance maps.

Guest types are W_TypeObjects in the heap.  Lookups of class attributes are
cached host-side; every change to any class dict bumps the type's ``version``
(a quasi-immutable field for the JIT) and clears the cache.

User instances store attributes as PyPy does, with *maps* (hidden classes):
the instance holds a map number and a storage array; the map, shared by all
instances with the same class and attribute order, says which slot holds
which attribute.  A trace then needs one guard on the map to know both the
class and where every attribute lives.
"""

from .. import layout as L
from ..heap import NULL

T = L.W_TypeObject
T_NAME, T_BASE, T_DICT, T_MRO = T.field("name"), T.field("base"), T.field("dict"), T.field("mro")
T_VERSION, T_INSTANCE_TID, T_FLAGS = T.field("version"), T.field("instance_tid"), T.field("flags")
I_MAP = L.W_InstanceObject.field("map")
I_STORAGE = L.W_InstanceObject.field("storage")

FLAG_USER = 1            # created by a class statement
FLAG_EXCEPTION = 2       # BaseException or a subclass
FLAG_ACCEPTS_ATTRS = 4   # instances are W_InstanceObject (can carry attributes)


class Map:
    """A hidden class: the class plus the attribute names in storage order."""

    def __init__(self, space, w_class, attrs):
        self.w_class = w_class
        self.attrs = attrs
        self.index_of = {name: i for i, name in enumerate(attrs)}
        self.transitions = {}
        self.number = len(space.maps)
        space.maps.append(self)

    def with_attr(self, space, name):
        child = self.transitions.get(name)
        if child is None:
            child = Map(space, self.w_class, self.attrs + (name,))
            self.transitions[name] = child
        return child

    def __repr__(self):
        return "<Map %d %s>" % (self.number, ",".join(self.attrs))


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
    from . import dictobject
    w_result = NULL
    for w_class in mro_w(space, w_type):
        w_result = dictobject.getitem_str(space, type_dict(space, w_class), name)
        if w_result:
            break
    cache[key] = w_result
    return w_result


def lookup_where(space, w_type, name):
    """(class that defines name, value) along the MRO of ``w_type``."""
    from . import dictobject
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

def new_instance(space, w_type):
    """A fresh instance of a class whose instances carry attributes."""
    ll = space.ll
    w_obj = ll.new_with_vtable(L.W_InstanceObject.size_descr)
    ll.setfield_gc(w_obj, ll.const(space.root_maps[w_type].number), I_MAP)
    return w_obj


def instance_map(space, w_obj):
    return space.maps[space.heap.read_int(w_obj + I_MAP.offset)]


def instance_getattr(space, w_obj, m, name):
    """The attribute ``name`` stored on the instance, or NULL (ll style, m constant)."""
    index = m.index_of.get(name)
    if index is None:
        return NULL
    ll = space.ll
    w_storage = ll.getfield_gc_r(w_obj, I_STORAGE)
    return ll.getarrayitem_gc_r(w_storage, ll.const(index), L.GcArray.array)


def instance_setattr(space, w_obj, m, name, w_value):
    """Store an instance attribute (ll style, m constant)."""
    ll = space.ll
    index = m.index_of.get(name)
    if index is not None:
        w_storage = ll.getfield_gc_r(w_obj, I_STORAGE)
        ll.setarrayitem_gc(w_storage, ll.const(index), w_value, L.GcArray.array)
        return
    new_map = m.with_attr(space, name)
    index = len(m.attrs)
    if index >= storage_capacity(index):
        # the capacity is a function of the attribute count: constant in a trace
        w_storage = _grow_storage(space, w_obj, index)
    else:
        w_storage = ll.getfield_gc_r(w_obj, I_STORAGE)
    ll.setarrayitem_gc(w_storage, ll.const(index), w_value, L.GcArray.array)
    ll.setfield_gc(w_obj, ll.const(new_map.number), I_MAP)


def storage_capacity(nattrs):
    """Slots in the storage of an instance with ``nattrs`` attributes."""
    return 0 if nattrs == 0 else max(4, 1 << (nattrs - 1).bit_length())


def _grow_storage(space, w_obj, nattrs):
    """A bigger storage array holding the ``nattrs`` attributes so far (ll
    style: a trace sees an allocation it can keep virtual, not a call)."""
    ll = space.ll
    array = L.GcArray.array
    w_new = ll.new_array(L.GcArray, ll.const(storage_capacity(nattrs + 1)))
    if nattrs:
        w_old = ll.getfield_gc_r(w_obj, I_STORAGE)
        for i in range(nattrs):
            ll.setarrayitem_gc(w_new, ll.const(i), ll.getarrayitem_gc_r(w_old, ll.const(i), array), array)
    ll.setfield_gc(w_obj, w_new, I_STORAGE)
    return w_new


def instance_delattr(space, w_obj, name):
    """Remove an attribute: rebuild the instance on the map without it."""
    m = instance_map(space, w_obj)
    if name not in m.index_of:
        return False
    values = [(attr, instance_getattr(space, w_obj, m, attr)) for attr in m.attrs if attr != name]
    new_map = space.root_maps[m.w_class]
    space.heap.write_int(w_obj + I_MAP.offset, new_map.number)
    for attr, w_value in values:
        instance_setattr(space, w_obj, instance_map(space, w_obj), attr, w_value)
    return True


def instance_attrs(space, w_obj):
    m = instance_map(space, w_obj)
    return [(name, instance_getattr(space, w_obj, m, name)) for name in m.attrs]
