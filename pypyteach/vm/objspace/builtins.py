"""The builtins module: builtin functions and the names of builtin types.

Each builtin is a host function registered with ``@builtin``; its Python
signature is the guest signature (see gateway.py).
"""

from ..memory import layout as L
from .gateway import BuiltinFunction
from ..memory.heap import NULL
from .std import dictobject, typeobject

BUILTINS = {}


def builtin(name):
    def register(impl):
        assert name not in BUILTINS, name
        BUILTINS[name] = BuiltinFunction(name, impl)
        return impl
    return register


def setup(space):
    """Create the builtins dict and the guest modules."""
    w_builtins = space.prebuild(space.newdict())
    space.w_builtins = w_builtins
    for name, w_type in space.builtin_types.items():
        if name in PUBLIC_TYPES or space.is_subtype(w_type, space.w_BaseException):
            dictobject.setitem_str(space, w_builtins, name, w_type)
    from . import builtins_extra   # registers more builtins into BUILTINS
    for name, fn in BUILTINS.items():
        dictobject.setitem_str(space, w_builtins, name, space.new_builtin_function(fn))
    space.w_build_class = space.prebuild(space.new_builtin_function(BUILD_CLASS))
    for name, w_value in (("None", space.w_None), ("True", space.w_True), ("False", space.w_False),
                          ("NotImplemented", space.w_NotImplemented), ("Ellipsis", space.w_Ellipsis)):
        dictobject.setitem_str(space, w_builtins, name, w_value)
    from . import mathmodule
    space.modules = {"math": mathmodule.make_module(space)}


PUBLIC_TYPES = {"object", "type", "int", "bool", "float", "str", "tuple", "list", "dict", "set",
                "range", "enumerate", "zip", "map", "filter", "reversed", "slice", "super",
                "staticmethod", "classmethod", "property"}


def build_class(space, w_body, w_name, *bases_w):
    """__build_class__: run the class body in a fresh namespace, then make the type."""
    from .std import objectobject
    name = space.str_w(w_name)
    if len(bases_w) > 1:
        raise space.type_error("multiple inheritance is not part of pypyteach's Python subset "
                               "(class %s has %d bases)" % (name, len(bases_w)))
    w_base = bases_w[0] if bases_w else space.w_object
    if space.tid(w_base) != L.W_TypeObject.tid:
        raise space.type_error("bases must be types")
    if not typeobject.type_flags(space, w_base) & typeobject.FLAG_ACCEPTS_ATTRS:
        raise space.type_error("subclassing the builtin type '%s' is not part of pypyteach's Python subset"
                               % space.type_name_of(w_base))
    w_namespace = space.newdict()
    space.interp.run_class_body(w_body, w_namespace)
    w_type = typeobject.new_type(space, name, w_base, w_namespace, typeobject.FLAG_USER)
    w_cell = dictobject.getitem_str(space, w_namespace, "__classcell__")
    if w_cell:
        space.heap.write_int(w_cell + L.W_CellObject.field("ref").offset, w_type)
        dictobject.delitem(space, w_namespace, space.intern("__classcell__"))
    if typeobject.lookup(space, w_type, "__eq__") != typeobject.lookup(space, space.w_object, "__eq__") \
            and not dictobject.getitem_str(space, w_namespace, "__hash__"):
        # as CPython: defining __eq__ without __hash__ makes instances unhashable
        if dictobject.getitem_str(space, w_namespace, "__eq__"):
            dictobject.setitem_str(space, w_namespace, "__hash__", space.w_None)
    space.type_lookup_cache.clear()
    return w_type


BUILD_CLASS = BuiltinFunction("__build_class__", build_class)
