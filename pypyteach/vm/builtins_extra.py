"""More builtin functions (registered into builtins.BUILTINS on import)."""

from . import layout as L
from .builtins import builtin
from .heap import NULL


@builtin("len")
def builtin_len(space, w_obj):
    return space.newint(space.len_w(w_obj))


@builtin("repr")
def builtin_repr(space, w_obj):
    return space.newstr(space.repr_w(w_obj))


@builtin("isinstance")
def builtin_isinstance(space, w_obj, w_classinfo):
    if space.tid(w_classinfo) == L.W_TupleObject.tid:
        return space.newbool(any(space.is_true(builtin_isinstance(space, w_obj, w_cls))
                                 for w_cls in space.tuple_w(w_classinfo)))
    if space.tid(w_classinfo) != L.W_TypeObject.tid:
        raise space.type_error("isinstance() arg 2 must be a type, a tuple of types, or a union")
    return space.newbool(space.isinstance_w(w_obj, w_classinfo))
