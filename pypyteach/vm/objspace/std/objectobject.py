"""The methods of ``object`` and ``type``: the defaults every class inherits."""

from ...memory import layout as L
from ..gateway import MethodTable
from . import typeobject

object_methods = MethodTable("object")
type_methods = MethodTable("type")


@object_methods.method("__init__")
def object_init(space, w_self, *args_w):
    return space.w_None


@object_methods.method("__repr__")
def object_repr(space, w_self):
    w_type = space.type(w_self)
    return space.newstr("<%s object at 0x%x>" % (qualified_name(space, w_type), w_self))


@object_methods.method("__str__")
def object_str(space, w_self):
    return space.newstr(space.repr_w(w_self))


@object_methods.method("__eq__")
def object_eq(space, w_self, w_other):
    return space.w_True if w_self == w_other else space.w_NotImplemented


@object_methods.method("__ne__")
def object_ne(space, w_self, w_other):
    w_eq = typeobject.lookup(space, space.type(w_self), "__eq__")
    w_result = space.call_function(w_eq, w_self, w_other)
    if w_result == space.w_NotImplemented:
        return w_result
    return space.newbool(not space.is_true(w_result))


@object_methods.method("__hash__")
def object_hash(space, w_self):
    return space.newint((w_self >> 4) & ((1 << 62) - 1))


def qualified_name(space, w_type):
    """'__main__.Point' for user classes, 'int' for builtin ones."""
    name = space.type_name_of(w_type)
    w_module = space.getitem_str(typeobject.type_dict(space, w_type), "__module__")
    if w_module and space.tid(w_module) == L.W_UnicodeObject.tid:
        module = space.str_w(w_module)
        if module != "builtins":
            w_qual = space.getitem_str(typeobject.type_dict(space, w_type), "__qualname__")
            if w_qual and space.tid(w_qual) == L.W_UnicodeObject.tid:
                name = space.str_w(w_qual)
            return "%s.%s" % (module, name)
    return name


@type_methods.method("__repr__")
def type_repr(space, w_self):
    return space.newstr("<class '%s'>" % qualified_name(space, w_self))


none_methods = MethodTable("NoneType")
notimplemented_methods = MethodTable("NotImplementedType")
ellipsis_methods = MethodTable("ellipsis")
module_methods = MethodTable("module")


@none_methods.method("__repr__")
def none_repr(space, w_self):
    return space.newstr("None")


@none_methods.method("__bool__")
def none_bool(space, w_self):
    return space.w_False


@notimplemented_methods.method("__repr__")
def notimplemented_repr(space, w_self):
    return space.newstr("NotImplemented")


@ellipsis_methods.method("__repr__")
def ellipsis_repr(space, w_self):
    return space.newstr("Ellipsis")


@module_methods.method("__repr__")
def module_repr(space, w_self):
    return space.newstr("<module '%s' (built-in)>" % space.module_name(w_self))


@object_methods.method("__format__")
def object_format(space, w_self, w_spec):
    if space.str_w(w_spec):
        raise space.type_error("unsupported format string passed to %s.__format__" % space.type_name(w_self))
    return space.newstr(space.str_of(w_self))


TYPE_TABLES = [("object", object_methods), ("type", type_methods), ("NoneType", none_methods),
               ("NotImplementedType", notimplemented_methods), ("ellipsis", ellipsis_methods),
               ("module", module_methods)]
