"""staticmethod, classmethod, property and super.

Binding these descriptors when they are found on a class is done by
attributes.py (``descr_get``); this module creates them, gives them their
methods (``property.setter``...) and implements attribute lookup on super
objects (``super_getattr``).
"""

from ...memory import layout as L
from ..gateway import MethodTable, INVALID_KEYWORD, ClinicBuiltin, clinic, exactly
from ...memory.heap import NULL
from . import typeobject
from . import dictobject

SM_FUNC = L.W_StaticMethodObject.field("func")
CM_FUNC = L.W_ClassMethodObject.field("func")
P_FGET, P_FSET, P_FDEL = (L.W_PropertyObject.field(name) for name in ("fget", "fset", "fdel"))
S_TYPE, S_OBJ = L.W_SuperObject.field("type"), L.W_SuperObject.field("obj")

TYPE_CONSTRUCTORS = {}

# -- staticmethod and classmethod -----------------------------------------------------------

staticmethod_methods = MethodTable("staticmethod")
classmethod_methods = MethodTable("classmethod")


def _wrapper(space, layout, w_func):
    w_obj = space.allocate(layout)
    space.heap.write_int(w_obj + layout.field("func").offset, w_func)
    return w_obj


@clinic(TYPE_CONSTRUCTORS, "staticmethod", arity=exactly("staticmethod", 1))
def staticmethod_new(space, w_func):
    return _wrapper(space, L.W_StaticMethodObject, w_func)


@clinic(TYPE_CONSTRUCTORS, "classmethod", arity=exactly("classmethod", 1))
def classmethod_new(space, w_func):
    return _wrapper(space, L.W_ClassMethodObject, w_func)


@staticmethod_methods.method("__call__")
def staticmethod_call(space, w_self, *args_w):
    # Python 3.10+: a staticmethod object is callable like its function
    return space.call_args(space.heap.read_int(w_self + SM_FUNC.offset), list(args_w))


@staticmethod_methods.method("__get__")
def staticmethod_get(space, w_self, w_obj, w_type=None):
    return space.heap.read_int(w_self + SM_FUNC.offset)


@classmethod_methods.method("__get__")
def classmethod_get(space, w_self, w_obj, w_type=None):
    if w_type is None or w_type == space.w_None:
        w_type = space.type(w_obj)
    return space.descr_get(w_self, NULL, w_type)


# -- property -------------------------------------------------------------------------------

property_methods = MethodTable("property")


def new_property(space, w_fget, w_fset, w_fdel):
    w_prop = space.allocate(L.W_PropertyObject)
    heap = space.heap
    for field, w_value in ((P_FGET, w_fget), (P_FSET, w_fset), (P_FDEL, w_fdel)):
        heap.write_int(w_prop + field.offset, w_value if w_value else space.w_None)
    return w_prop


def _given(space, w_value):
    return w_value if w_value is not None else space.w_None


@clinic(TYPE_CONSTRUCTORS, "property", keywords=INVALID_KEYWORD, arity="missing")
def property_new(space, w_fget=None, w_fset=None, w_fdel=None, w_doc=None):
    return new_property(space, _given(space, w_fget), _given(space, w_fset), _given(space, w_fdel))


def property_parts(space, w_prop):
    heap = space.heap
    return [heap.read_int(w_prop + field.offset) for field in (P_FGET, P_FSET, P_FDEL)]


def _property_with(space, w_prop, index, w_func):
    parts = property_parts(space, w_prop)
    parts[index] = w_func
    return new_property(space, *parts)


@property_methods.method("getter")
def property_getter(space, w_self, w_func):
    return _property_with(space, w_self, 0, w_func)


@property_methods.method("setter")
def property_setter(space, w_self, w_func):
    return _property_with(space, w_self, 1, w_func)


@property_methods.method("deleter")
def property_deleter(space, w_self, w_func):
    return _property_with(space, w_self, 2, w_func)


@property_methods.method("__get__")
def property_get(space, w_self, w_obj, w_type=None):
    if w_obj == space.w_None:
        return w_self
    return space.descr_get(w_self, w_obj, space.type(w_obj))


@property_methods.method("__set__")
def property_set(space, w_self, w_obj, w_value):
    w_fset = property_parts(space, w_self)[1]
    if w_fset == space.w_None:
        raise space.error(space.w_AttributeError, "property object has no setter")
    space.call_function(w_fset, w_obj, w_value)
    return space.w_None


def property_delete(space, w_prop, w_obj, name):
    """``del obj.name`` where name is a property of obj's class."""
    w_fdel = property_parts(space, w_prop)[2]
    if w_fdel == space.w_None:
        raise space.error(space.w_AttributeError, "property '%s' of '%s' object has no deleter"
                          % (name, space.type_name(w_obj)))
    space.call_function(w_fdel, w_obj)


def property_get_value(space, w_prop, w_obj, name):
    """Reading ``obj.name`` through a property, with CPython 3.11's message."""
    w_fget = property_parts(space, w_prop)[0]
    if w_fget == space.w_None:
        raise space.error(space.w_AttributeError, "property '%s' of '%s' object has no getter"
                          % (name, space.type_name(w_obj)))
    return space.call_function(w_fget, w_obj)


# -- attributes of descriptor objects (p.fget, sm.__func__, super().__thisclass__...) -------

def special_attribute(space, w_obj, name):
    """The data attributes of staticmethod/classmethod/property/super objects, or NULL."""
    tid = space.tid(w_obj)
    heap = space.heap
    if tid == L.W_StaticMethodObject.tid and name == "__func__":
        return heap.read_int(w_obj + SM_FUNC.offset)
    if tid == L.W_ClassMethodObject.tid and name == "__func__":
        return heap.read_int(w_obj + CM_FUNC.offset)
    if tid == L.W_PropertyObject.tid and name in ("fget", "fset", "fdel"):
        return property_parts(space, w_obj)[("fget", "fset", "fdel").index(name)]
    if tid == L.W_SuperObject.tid and name in ("__thisclass__", "__self__", "__self_class__"):
        if name == "__thisclass__":
            return heap.read_int(w_obj + S_TYPE.offset)
        w_self = heap.read_int(w_obj + S_OBJ.offset)
        if not w_self:
            return space.w_None
        return w_self if name == "__self__" else super_obj_type(space, w_obj)
    return NULL


SPECIAL_TIDS = frozenset([L.W_StaticMethodObject.tid, L.W_ClassMethodObject.tid,
                          L.W_PropertyObject.tid, L.W_SuperObject.tid])

# -- super ----------------------------------------------------------------------------------

super_methods = MethodTable("super")


@clinic(TYPE_CONSTRUCTORS, "super")
def super_new(space, *args_w):
    if len(args_w) > 2:
        raise space.type_error("super() expected at most 2 arguments, got %d" % len(args_w))
    if not args_w:
        w_type, w_obj = _zero_arg_super(space)
    else:
        w_type = args_w[0]
        w_obj = args_w[1] if len(args_w) == 2 and args_w[1] != space.w_None else NULL
    if space.tid(w_type) != L.W_TypeObject.tid:
        raise space.type_error("super() argument 1 must be a type, not %s" % space.type_name(w_type))
    if w_obj and not _super_check(space, w_type, w_obj):
        raise space.type_error("super(type, obj): obj must be an instance or subtype of type")
    return new_super(space, w_type, w_obj)


def new_super(space, w_type, w_obj):
    w_super = space.allocate(L.W_SuperObject)
    space.heap.write_int(w_super + S_TYPE.offset, w_type)
    space.heap.write_int(w_super + S_OBJ.offset, w_obj)
    return w_super


def _super_check(space, w_type, w_obj):
    if space.tid(w_obj) == L.W_TypeObject.tid and space.is_subtype(w_obj, w_type):
        return True
    return space.isinstance_w(w_obj, w_type)


def _zero_arg_super(space):
    """super() in a method: the class from the __class__ cell, self from the
    first argument of the frame that is calling super (the innermost one)."""
    frame = space.interp.frame if space.interp is not None else None
    if frame is None:
        raise space.error(space.w_RuntimeError, "super(): no current frame")
    code = frame.code
    if code.co_argcount == 0:
        raise space.error(space.w_RuntimeError, "super(): no arguments")
    w_obj = _first_argument(space, frame)
    if not w_obj:
        raise space.error(space.w_RuntimeError, "super(): arg[0] deleted")
    if "__class__" not in code.co_freevars:
        raise space.error(space.w_RuntimeError, "super(): __class__ cell not found")
    w_cell = frame.cells_w[len(code.co_cellvars) + code.co_freevars.index("__class__")]
    w_class = space.heap.read_int(w_cell + L.W_CellObject.field("ref").offset)
    if not w_class:
        raise space.error(space.w_RuntimeError, "super(): empty __class__ cell")
    if space.tid(w_class) != L.W_TypeObject.tid:
        raise space.error(space.w_RuntimeError, "super(): __class__ is not a type (%s)"
                          % space.type_name(w_class))
    return w_class, w_obj


def _first_argument(space, frame):
    code = frame.code
    name = code.co_varnames[0]
    if name in code.co_cellvars:     # self is captured by a closure: it lives in its cell
        w_cell = frame.cells_w[code.co_cellvars.index(name)]
        return space.heap.read_int(w_cell + L.W_CellObject.field("ref").offset)
    return frame.locals_w[0]


def super_obj_type(space, w_super):
    """The class whose MRO a super object searches: obj itself for super(C, cls)."""
    heap = space.heap
    w_type = heap.read_int(w_super + S_TYPE.offset)
    w_obj = heap.read_int(w_super + S_OBJ.offset)
    if space.tid(w_obj) == L.W_TypeObject.tid and space.is_subtype(w_obj, w_type):
        return w_obj
    return space.type(w_obj)


def super_lookup(space, w_super, name):
    """The attribute ``name`` found after super's type in the MRO, bound; or NULL."""
    heap = space.heap
    w_obj = heap.read_int(w_super + S_OBJ.offset)
    if name == "__class__" or not w_obj:
        return NULL
    w_start = heap.read_int(w_super + S_TYPE.offset)
    w_objtype = super_obj_type(space, w_super)
    mro = typeobject.mro_w(space, w_objtype)
    index = mro.index(w_start) if w_start in mro else len(mro) - 1
    for w_class in mro[index + 1:]:
        w_value = dictobject.getitem_str(space, typeobject.type_dict(space, w_class), name)
        if w_value:
            return space.descr_get(w_value, NULL if w_obj == w_objtype else w_obj, w_objtype)
    return NULL


def super_getattr(space, w_super, name):
    """getattr on a super object: the MRO after super's type, then super's own attributes."""
    w_value = super_lookup(space, w_super, name)
    if w_value:
        return w_value
    w_value = special_attribute(space, w_super, name)
    if w_value:
        return w_value
    if name == "__class__":
        return space.w_super
    w_descr = typeobject.lookup(space, space.w_super, name)
    if w_descr:
        return space.descr_get(w_descr, w_super, space.w_super)
    raise space.error(space.w_AttributeError, "'super' object has no attribute '%s'" % name)


@super_methods.method("__repr__")
def super_repr(space, w_self):
    heap = space.heap
    w_type = heap.read_int(w_self + S_TYPE.offset)
    type_name = space.type_name_of(w_type)
    if not heap.read_int(w_self + S_OBJ.offset):
        return space.newstr("<super: <class '%s'>, NULL>" % type_name)
    return space.newstr("<super: <class '%s'>, <%s object>>"
                        % (type_name, space.type_name_of(super_obj_type(space, w_self))))


# -- type and object ------------------------------------------------------------------------

def _type_arity(given):
    if given not in (1, 3):
        return "type() takes 1 or 3 arguments"
    return None


@clinic(TYPE_CONSTRUCTORS, "type", arity=_type_arity)
def type_new(space, w_obj, w_bases=None, w_dict=None):
    if w_bases is not None:
        raise space.type_error("type() with 3 arguments (creating a class dynamically) is not part of "
                               "pypyteach's Python subset: use a class statement")
    return space.type(w_obj)


def _object_arity(given):
    return "object() takes no arguments" if given else None


class _ObjectConstructor(ClinicBuiltin):
    def _check_keywords(self, space, kwargs_w):
        raise space.type_error("object() takes no arguments")


def object_new(space):
    return typeobject.new_instance(space, space.w_object)


TYPE_CONSTRUCTORS["object"] = _ObjectConstructor("object", object_new, arity=_object_arity)

TYPE_TABLES = [("staticmethod", staticmethod_methods), ("classmethod", classmethod_methods),
               ("property", property_methods), ("super", super_methods)]
