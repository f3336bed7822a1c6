"""Builds the guest world when a space starts: singletons, the builtin
types with their methods, the exception hierarchy and the builtins module.

Every builtin type declares its methods in a MethodTable in its std/ module;
TYPES below says which table belongs to which type and which layout its
instances have.  A test checks that every layout has a type.
"""

from ..memory import layout as L
from ..memory.heap import NULL
from .std import typeobject, dictobject, exceptions, CONSTRUCTORS, METHOD_TABLES
from .std.typeobject import FLAG_ACCEPTS_ATTRS, FLAG_EXCEPTION
from . import builtins

# guest type name -> (base name, layout of its instances, method table module attribute)
# The method tables are looked up lazily in std.METHOD_TABLES (see std/__init__).
TYPES = [
    ("object", None, L.W_InstanceObject),
    ("type", "object", L.W_TypeObject),
    ("int", "object", L.W_IntObject),
    ("bool", "int", L.W_BoolObject),
    ("float", "object", L.W_FloatObject),
    ("str", "object", L.W_UnicodeObject),
    ("tuple", "object", L.W_TupleObject),
    ("list", "object", L.W_ListObject),
    ("dict", "object", L.W_DictObject),
    ("set", "object", L.W_SetObject),
    ("NoneType", "object", L.W_NoneObject),
    ("NotImplementedType", "object", L.W_NotImplementedObject),
    ("ellipsis", "object", L.W_EllipsisObject),
    ("function", "object", L.W_FunctionObject),
    ("builtin_function_or_method", "object", L.W_BuiltinFunctionObject),
    ("method", "object", L.W_MethodObject),
    ("generator", "object", L.W_GeneratorObject),
    ("range", "object", L.W_RangeObject),
    ("range_iterator", "object", L.W_IntRangeIterator),
    ("longrange_iterator", "object", L.W_LongRangeIterator),
    ("iterator", "object", L.W_SeqIterObject),
    ("reversed", "object", L.W_ReverseSeqIterObject),
    ("dict_iterator", "object", L.W_DictIterObject),
    ("dict_view", "object", L.W_DictViewObject),
    ("set_iterator", "object", L.W_SetIterObject),
    ("enumerate", "object", L.W_EnumerateObject),
    ("zip", "object", L.W_ZipObject),
    ("map", "object", L.W_MapObject),
    ("filter", "object", L.W_FilterObject),
    ("slice", "object", L.W_SliceObject),
    ("module", "object", L.W_ModuleObject),
    ("super", "object", L.W_SuperObject),
    ("staticmethod", "object", L.W_StaticMethodObject),
    ("classmethod", "object", L.W_ClassMethodObject),
    ("property", "object", L.W_PropertyObject),
    ("cell", "object", L.W_CellObject),
    ("code", "object", L.W_CodeObject),
    ("long", "int", L.W_LongObject),         # never visible: type(2**100) is int (see below)
]

# layouts that are not guest objects at all
INTERNAL_LAYOUTS = {L.FREE, L.FREE_WORD, L.GcArray, L.GcIntArray, L.GcDictEntries, L.GcSetEntries,
                    L.W_DummyObject}


def setup(space):
    space.maps = []
    space.root_maps = {}
    space.type_lookup_cache = {}
    space.type_change_listeners = []
    space.interned = {}
    space.constructors = {}
    space.type_by_tid = {}
    space.intern = lambda name: _intern(space, name)
    space.getitem_str = lambda w_dict, name: dictobject.getitem_str(space, w_dict, name)
    space.setitem_str = lambda w_dict, name, w_value: dictobject.setitem_str(space, w_dict, name, w_value)
    _make_singletons(space)
    _make_types(space)
    _make_exceptions(space)
    _install_methods(space)
    builtins.setup(space)
    space.w_memory_error = space.prebuild(space.new_exception(space.w_MemoryError))


def _intern(space, name):
    w_str = space.interned.get(name)
    if w_str is None:
        w_str = space.prebuild(space.newstr(name))
        space.interned[name] = w_str
    return w_str


def _classmethod(space, w_function):
    w_method = space.prebuild(space.allocate(L.W_ClassMethodObject))
    space.heap.write_int(w_method + L.W_ClassMethodObject.field("func").offset, w_function)
    return w_method


def _make_singletons(space):
    heap = space.heap
    space.w_None = space.prebuild(space.allocate(L.W_NoneObject))
    space.w_NotImplemented = space.prebuild(space.allocate(L.W_NotImplementedObject))
    space.w_Ellipsis = space.prebuild(space.allocate(L.W_EllipsisObject))
    space.w_dummy = space.prebuild(space.allocate(L.W_DummyObject))
    for name, value in (("w_True", 1), ("w_False", 0)):
        w_bool = space.prebuild(space.allocate(L.W_BoolObject))
        heap.write_int(w_bool + L.W_BoolObject.field("intval").offset, value)
        setattr(space, name, w_bool)


def _make_types(space):
    space.builtin_types = {}
    for name, base, layout in TYPES:
        w_base = space.builtin_types[base] if base else NULL
        flags = FLAG_ACCEPTS_ATTRS if layout is L.W_InstanceObject else 0
        w_type = typeobject.new_type(space, name, w_base, dictobject.newdict(space), flags, layout.tid)
        # explicit flags: only 'object' instances carry attributes
        heap_flags = typeobject.T_FLAGS.offset
        space.heap.write_int(w_type + heap_flags, flags)
        space.builtin_types[name] = w_type
        setattr(space, "w_" + name, w_type)
        if layout is not L.W_InstanceObject:
            space.type_by_tid[layout.tid] = w_type
    space.type_by_tid[L.W_LongObject.tid] = space.w_int
    space.type_by_tid[L.W_SpecialisedTupleObject_ii.tid] = space.w_tuple
    space.type_by_tid[L.W_SpecialisedTupleObject_ff.tid] = space.w_tuple
    space.type_by_tid[L.W_LongRangeObject.tid] = space.w_range
    del space.builtin_types["long"]


def _make_exceptions(space):
    for name, base in exceptions.HIERARCHY:
        w_base = getattr(space, "w_" + base) if base else space.w_object
        w_type = typeobject.new_type(space, name, w_base, dictobject.newdict(space),
                                     FLAG_EXCEPTION | FLAG_ACCEPTS_ATTRS, L.W_InstanceObject.tid)
        space.heap.write_int(w_type + typeobject.T_FLAGS.offset, FLAG_EXCEPTION | FLAG_ACCEPTS_ATTRS)
        setattr(space, "w_" + name, w_type)
        space.builtin_types[name] = w_type


def _install_methods(space):
    for typename, table in METHOD_TABLES:
        w_type = space.builtin_types[typename]
        w_dict = typeobject.type_dict(space, w_type)
        # sized for all its methods at once: growing it step by step through
        # resizes was a sixth of the start-up
        dictobject.presize(space, w_dict, len(table.methods) + len(getattr(table, "none_attrs", ())))
        for name, builtin in table.methods.items():
            w_function = space.new_builtin_function(builtin)
            if name in getattr(table, "classmethods", ()):
                w_function = _classmethod(space, w_function)
            elif name not in getattr(table, "staticmethods", ()):
                builtin.owner = typename
            dictobject.setitem_str(space, w_dict, name, w_function)
        for name in getattr(table, "none_attrs", ()):     # e.g. __hash__ = None: unhashable
            dictobject.setitem_str(space, w_dict, name, space.w_None)
    for typename, builtin in CONSTRUCTORS.items():
        space.register_builtin(builtin)
        space.constructors[space.builtin_types[typename]] = builtin
    space.w_object_init = space.getitem_str(typeobject.type_dict(space, space.w_object), "__init__")
    space.w_object_hash = space.getitem_str(typeobject.type_dict(space, space.w_object), "__hash__")
    space.type_lookup_cache.clear()
