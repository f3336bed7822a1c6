"""Attribute access: getattr, setattr, delattr and method lookup.

The instance path is ll style: with the map promoted to a constant, the class
and the attribute's storage kind and slot are constants too, so a trace reads
a boxed attribute with one ``getarrayitem_gc_r``, an unboxed int with one
``getarrayitem_gc_i`` (and a box the optimizer usually removes).  Everything
else (class objects, modules, builtin types, properties) is host code reached
as a residual call.
"""

from ..memory import layout as L
from ..memory.heap import NULL
from .std import typeobject, functionobject, dictobject, descriptors, exceptions, iterobject, sliceobject
from .std.typeobject import I_MAP

INSTANCE = L.W_InstanceObject.tid
FUNCTION = L.W_FunctionObject.tid
BUILTIN = L.W_BuiltinFunctionObject.tid
MODULE = L.W_ModuleObject.tid
DATA_DESCRIPTORS = frozenset([L.W_PropertyObject.tid])
# LOAD_METHOD finds no plain method on these (their attributes are looked
# up on the object itself: getattr)
NOT_BUILTIN_METHODS = frozenset([L.W_TypeObject.tid, L.W_ModuleObject.tid, L.W_SuperObject.tid])


class AttrOperations:
    """Mixed into ObjSpace."""

    def getattr(self, w_obj, name):
        ll = self.ll
        tid = ll.classof(w_obj)
        if tid == MODULE:
            w_value = self._module_attribute(w_obj, name)
            if w_value:
                return ll.const(w_value)
        elif tid == INSTANCE:
            m = self.maps[ll.promote(ll.getfield_gc_i(w_obj, I_MAP))]
            ll.quasi_immutable(("type",))
            w_descr = typeobject.lookup(self, m.w_class, name)
            if name == "__class__":
                if not w_descr and name not in m.kind_of:
                    # as PyPy's mapdict getclass(): a map belongs to one
                    # class, so with the map promoted the class is a constant
                    return ll.const(m.w_class)
            elif not w_descr or self.tid(w_descr) not in DATA_DESCRIPTORS:
                w_value = typeobject.instance_getattr(self, w_obj, m, name)
                if not ll.is_null(w_value):
                    return w_value
                if w_descr and self.tid(w_descr) == FUNCTION:
                    return functionobject.new_method(self, ll.const(w_descr), w_obj)
        return ll.call_r(self.getattr_generic, w_obj, name)

    def _module_attribute(self, w_module, name):
        """``module.name`` as a constant of the trace, or NULL: with the
        module promoted, its dict entry is quasi-immutable, as a global
        is (objspace.load_global; PyPy's module dicts are celldicts with
        quasi-immutable cells, so ``math.sqrt`` is a constant in its
        traces).  An entry that was rebound is a cell: looked up when the
        trace runs (getattr_generic)."""
        ll = self.ll
        w_module = ll.promote(w_module)
        if name == "__class__":
            return NULL
        w_dict = self.heap.read_int(w_module + L.W_ModuleObject.field("dict").offset)
        if (w_dict, name) in self.mutable_globals:
            return NULL
        w_descr = typeobject.lookup(self, self.type(w_module), name)
        if w_descr and self.tid(w_descr) in DATA_DESCRIPTORS:
            return NULL
        ll.quasi_immutable(("global", w_dict, name))
        return self.getitem_str(w_dict, name)

    def getattr_generic(self, w_obj, name):
        w_type = self.type(w_obj)
        tid = self.tid(w_obj)
        if tid == L.W_SuperObject.tid:
            return descriptors.super_getattr(self, w_obj, name)
        w_descr = typeobject.lookup(self, w_type, name)
        if w_descr and self.tid(w_descr) in DATA_DESCRIPTORS:
            return descriptors.property_get_value(self, w_descr, w_obj, name)
        if tid == INSTANCE:
            w_value = typeobject.instance_getattr(self, w_obj, typeobject.instance_map(self, w_obj), name)
            if w_value:
                return w_value
        elif tid == L.W_TypeObject.tid:
            return self.type_getattr(w_obj, name)
        w_value = self.special_attribute(w_obj, name)
        if w_value:
            return w_value
        if w_descr:
            return self.descr_get(w_descr, w_obj, w_type)
        w_getattr = typeobject.lookup(self, w_type, "__getattr__")
        if w_getattr:
            return self.call_function(w_getattr, w_obj, self.newstr(name))
        raise self.attribute_error(w_obj, name)

    def attribute_error(self, w_obj, name):
        tid = self.tid(w_obj)
        if tid == L.W_TypeObject.tid:
            message = "type object '%s' has no attribute '%s'" % (self.type_name_of(w_obj), name)
        elif tid == L.W_ModuleObject.tid:
            message = "module '%s' has no attribute '%s'" % (self.module_name(w_obj), name)
        else:
            message = "'%s' object has no attribute '%s'" % (self.type_name(w_obj), name)
        return self.error(self.w_AttributeError, message)

    def type_getattr(self, w_type, name):
        """Attribute of a class object: its own MRO first, then type's."""
        w_value = typeobject.lookup(self, w_type, name)
        if w_value:
            return self.descr_get(w_value, NULL, w_type)
        w_special = self.special_attribute(w_type, name)
        if w_special:
            return w_special
        w_meta = typeobject.lookup(self, self.w_type, name)
        if w_meta:
            return self.descr_get(w_meta, w_type, self.w_type)
        raise self.attribute_error(w_type, name)

    def special_attribute(self, w_obj, name):
        """Attributes every object of a kind has without a class dict entry."""
        tid = self.tid(w_obj)
        if name == "__class__":
            return self.type(w_obj)
        if tid == L.W_TypeObject.tid:
            if name == "__name__":
                return self.heap.read_int(w_obj + typeobject.T_NAME.offset)
            if name in ("__qualname__", "__module__", "__doc__"):
                w_value = self.getitem_str(typeobject.type_dict(self, w_obj), name)
                if w_value:
                    return w_value
                if name == "__qualname__":
                    return self.heap.read_int(w_obj + typeobject.T_NAME.offset)
                return self.newstr("builtins") if name == "__module__" else self.w_None
            if name == "__bases__":
                w_base = typeobject.type_base(self, w_obj)
                return self.newtuple([w_base] if w_base else [])
            if name == "__mro__":
                return self.newtuple(typeobject.mro_w(self, w_obj))
        elif tid == FUNCTION:
            if name == "__name__":
                return self.heap.read_int(w_obj + functionobject.F_NAME.offset)
            if name == "__qualname__":
                return self.heap.read_int(w_obj + functionobject.F_QUALNAME.offset)
            w_dict = self.heap.read_int(w_obj + functionobject.F_DICT.offset)
            if w_dict:
                return self.getitem_str(w_dict, name)
        elif tid == L.W_ModuleObject.tid:
            return self.getitem_str(self.heap.read_int(w_obj + L.W_ModuleObject.field("dict").offset), name)
        elif tid == BUILTIN and name == "__name__":
            return self.newstr(functionobject.builtin_of(self, w_obj).name)
        elif tid == L.W_MethodObject.tid and name in ("__name__", "__qualname__", "__self__", "__func__"):
            if name == "__self__":
                return self.heap.read_int(w_obj + functionobject.M_SELF.offset)
            w_func = self.heap.read_int(w_obj + functionobject.M_FUNC.offset)
            return w_func if name == "__func__" else self.getattr_generic(w_func, name)
        elif tid in descriptors.SPECIAL_TIDS:
            return descriptors.special_attribute(self, w_obj, name)
        elif tid in L.RANGE_TIDS:
            return iterobject.range_attribute(self, w_obj, name)
        elif tid == L.W_SliceObject.tid:
            return sliceobject.slice_attribute(self, w_obj, name)
        elif tid == INSTANCE and self.isinstance_w(w_obj, self.w_BaseException):
            return self.exception_attribute(w_obj, name)
        return NULL

    def exception_attribute(self, w_exc, name):
        if name == "value" and self.isinstance_w(w_exc, self.w_StopIteration):
            return exceptions.stop_iteration_value(self, w_exc)
        if name in ("__cause__", "__context__"):
            return self.w_None
        return NULL

    def descr_get(self, w_descr, w_obj, w_type):
        """Bind a class attribute found for an instance (or for a class when w_obj is NULL)."""
        tid = self.tid(w_descr)
        if tid == FUNCTION:
            return functionobject.new_method(self, w_descr, w_obj) if w_obj else w_descr
        if tid == BUILTIN:
            if w_obj and not self.heap.read_int(w_descr + functionobject.B_SELF.offset):
                builtin = functionobject.builtin_of(self, w_descr)
                return self.new_builtin_function(builtin, w_obj)
            return w_descr
        if tid == L.W_StaticMethodObject.tid:
            return self.heap.read_int(w_descr + L.W_StaticMethodObject.field("func").offset)
        if tid == L.W_ClassMethodObject.tid:
            w_func = self.heap.read_int(w_descr + L.W_ClassMethodObject.field("func").offset)
            return functionobject.new_method(self, w_func, w_type)
        if tid == L.W_PropertyObject.tid:
            if not w_obj:
                return w_descr
            w_fget = self.heap.read_int(w_descr + L.W_PropertyObject.field("fget").offset)
            if not w_fget or w_fget == self.w_None:
                raise self.error(self.w_AttributeError, "property object has no getter")
            return self.call_function(w_fget, w_obj)
        return w_descr

    def lookup_method(self, w_obj, name):
        """For LOAD_METHOD: the plain function to call with w_obj as first
        argument, or NULL when the attribute is not such a method."""
        ll = self.ll
        if ll.classof(w_obj) == INSTANCE and name != "__class__":
            m = self.maps[ll.promote(ll.getfield_gc_i(w_obj, I_MAP))]
            if name not in m.index_of:
                ll.quasi_immutable(("type",))
                w_descr = typeobject.lookup(self, m.w_class, name)
                if w_descr and self.tid(w_descr) == FUNCTION:
                    return ll.const(w_descr)
            return NULL
        tid = ll.classof(w_obj)
        if tid in NOT_BUILTIN_METHODS:
            return NULL
        # A builtin type's methods never change (its dict is read-only): with
        # the class known from guard_class, the method is a constant, and
        # the trace has no op for the lookup.  In PyPy the type's version
        # is quasi-immutable and a builtin type's never changes either.
        return ll.const(self._lookup_builtin_method_of_type(self.type_by_tid[tid], name))

    def _lookup_builtin_method_of_type(self, w_type, name):
        w_descr = typeobject.lookup(self, w_type, name)
        if w_descr and self.tid(w_descr) in (FUNCTION, BUILTIN):
            if self.tid(w_descr) == BUILTIN and self.heap.read_int(w_descr + functionobject.B_SELF.offset):
                return NULL
            return w_descr
        return NULL

    # -- setting and deleting ----------------------------------------------------------------

    def setattr(self, w_obj, name, w_value):
        ll = self.ll
        if ll.classof(w_obj) == INSTANCE and name != "__class__":
            m = self.maps[ll.promote(ll.getfield_gc_i(w_obj, I_MAP))]
            ll.quasi_immutable(("type",))
            w_descr = typeobject.lookup(self, m.w_class, name)
            if not w_descr or self.tid(w_descr) not in DATA_DESCRIPTORS:
                typeobject.instance_setattr(self, w_obj, m, name, w_value)
                return
        ll.call_n(self.setattr_generic, w_obj, name, w_value)

    def setattr_generic(self, w_obj, name, w_value):
        tid = self.tid(w_obj)
        w_descr = typeobject.lookup(self, self.type(w_obj), name)
        if w_descr and self.tid(w_descr) == L.W_PropertyObject.tid:
            w_fset = self.heap.read_int(w_descr + L.W_PropertyObject.field("fset").offset)
            if not w_fset or w_fset == self.w_None:
                raise self.error(self.w_AttributeError, "property '%s' of '%s' object has no setter"
                                 % (name, self.type_name(w_obj)))
            self.call_function(w_fset, w_obj, w_value)
        elif name == "__class__":
            # In CPython an instance may change class when the layouts agree;
            # pypyteach's maps belong to one class, so it refuses plainly
            raise self.type_error("pypyteach does not support assigning to __class__ ('%s' object)"
                                  % self.type_name(w_obj))
        elif tid == INSTANCE:
            typeobject.instance_setattr(self, w_obj, typeobject.instance_map(self, w_obj), name, w_value)
        elif tid == L.W_TypeObject.tid:
            if not typeobject.type_flags(self, w_obj) & typeobject.FLAG_USER:
                raise self.type_error("cannot set '%s' attribute of immutable type '%s'"
                                      % (name, self.type_name_of(w_obj)))
            dictobject.setitem_str(self, typeobject.type_dict(self, w_obj), name, w_value)
            typeobject.type_changed(self, w_obj)
        elif tid == FUNCTION and name in ("__defaults__", "__kwdefaults__", "__code__"):
            # traces bind arguments with the defaults as constants, and no
            # quasi-immutable guard watches them: pypyteach refuses plainly
            raise self.type_error("pypyteach does not support assigning to %s (function '%s')"
                                  % (name, functionobject.func_qualname(self, w_obj)))
        elif tid == FUNCTION:
            w_dict = self.heap.read_int(w_obj + functionobject.F_DICT.offset)
            if not w_dict:
                w_dict = self.newdict()
                self.heap.write_int(w_obj + functionobject.F_DICT.offset, w_dict)
            dictobject.setitem_str(self, w_dict, name, w_value)
        else:
            raise self.attribute_error(w_obj, name)

    def delattr(self, w_obj, name):
        tid = self.tid(w_obj)
        if tid != L.W_TypeObject.tid:
            w_descr = typeobject.lookup(self, self.type(w_obj), name)
            if w_descr and self.tid(w_descr) in DATA_DESCRIPTORS:
                descriptors.property_delete(self, w_descr, w_obj, name)
                return
        if tid == INSTANCE and typeobject.instance_delattr(self, w_obj, name):
            return
        if tid == L.W_TypeObject.tid and typeobject.type_flags(self, w_obj) & typeobject.FLAG_USER:
            if dictobject.delitem(self, typeobject.type_dict(self, w_obj), self.intern(name)):
                typeobject.type_changed(self, w_obj)
                return
        raise self.attribute_error(w_obj, name)

    # -- instantiation from bytecode --------------------------------------------------------------

    def user_init(self, w_type):
        """The guest __init__ to run in the dispatch loop when calling w_type,
        or NULL when the call needs the generic path (host code)."""
        if self.tid(w_type) != L.W_TypeObject.tid or w_type in self.constructors:
            return NULL
        flags = typeobject.type_flags(self, w_type)
        if not flags & typeobject.FLAG_ACCEPTS_ATTRS or flags & typeobject.FLAG_EXCEPTION:
            return NULL
        w_init = typeobject.lookup(self, w_type, "__init__")
        return w_init if w_init and self.tid(w_init) == FUNCTION else NULL

    def new_user_instance(self, w_type, args_w):
        """The instance a class call creates before its __init__ runs (ll style)."""
        return typeobject.new_instance(self, w_type)

    def module_name(self, w_module):
        return self.str_w(self.heap.read_int(w_module + L.W_ModuleObject.field("name").offset))
