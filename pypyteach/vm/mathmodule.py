"""The guest ``math`` module."""

import math

from . import layout as L
from .gateway import BuiltinFunction
from .std import dictobject

MATH_FUNCTIONS = {}


def math_function(name):
    def register(impl):
        MATH_FUNCTIONS[name] = BuiltinFunction(name, impl, qualname="math." + name)
        return impl
    return register


def make_module(space):
    w_dict = space.prebuild(space.newdict())
    w_module = space.prebuild(space.allocate(L.W_ModuleObject))
    space.heap.write_int(w_module + L.W_ModuleObject.field("name").offset, space.intern("math"))
    space.heap.write_int(w_module + L.W_ModuleObject.field("dict").offset, w_dict)
    dictobject.setitem_str(space, w_dict, "__name__", space.intern("math"))
    for name in ("pi", "e", "tau", "inf", "nan"):
        dictobject.setitem_str(space, w_dict, name, space.newfloat(getattr(math, name)))
    for name, fn in MATH_FUNCTIONS.items():
        dictobject.setitem_str(space, w_dict, name, space.new_builtin_function(fn))
    return w_module


@math_function("sqrt")
def math_sqrt(space, w_x):
    x = space.float_w(w_x)
    if x < 0:
        raise space.value_error("math domain error")
    return space.newfloat(math.sqrt(x))
