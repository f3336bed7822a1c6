"""virtualize: allocation removal (PyPy's OptVirtualize).

A ``new_with_vtable`` is not emitted: the object becomes *virtual*, a
record of its class and of the values written to its fields, and reading a
field gives the recorded value.  A ``new_array`` of constant length works
the same with its items.  In a loop, most int and float boxes the
interpreter allocates never leave the iteration: their allocation, their
field writes and reads all disappear.

A virtual object is *forced* (allocated for real, its fields written) where
it escapes: stored into an object that is not virtual, passed to a residual
call, returned, or passed on a jump the unroll pass does not handle.  The
ops reaching earlyforce (or, that pass off, the driver) with virtual
arguments are exactly those escapes.

A guard that fails while an object is virtual needs it back: its resume data
holds a VirtualInfo recipe instead (the driver builds it), and
deoptimization allocates the object then.
"""

from ..resoperation import ConstInt
from .optimizer import Optimization, VirtualArray, VirtualStruct

# longer arrays stay real: forcing one costs one store per item
MAX_VIRTUAL_ARRAY = 32


class OptVirtualize(Optimization):
    name = "virtualize"

    # -- allocations ------------------------------------------------------------------------

    def note(self, op, kind, code, *args):
        self.optimizer.note(op, kind, code, *args)

    def optimize_NEW_WITH_VTABLE(self, op):
        self.note(op, "removed", "virtual_new")
        self.optimizer.virtuals[op] = VirtualStruct(op.descr)

    def optimize_NEW_ARRAY(self, op):
        length = op.args[0]
        if (isinstance(length, ConstInt) and 0 <= length.value <= MAX_VIRTUAL_ARRAY
                and op.descr.kind in "irf"):
            self.note(op, "removed", "virtual_new_array", length.value)
            self.optimizer.virtuals[op] = VirtualArray(op.descr, length.value)
        else:
            self.emit(op)

    # -- fields ------------------------------------------------------------------------------

    def struct_of(self, value, field):
        info = self.optimizer.get_virtual(value)
        if isinstance(info, VirtualStruct) and info.descr.layout.fields.get(field.name) is field:
            return info
        return None

    def optimize_SETFIELD_GC(self, op):
        info = self.struct_of(op.args[0], op.descr)
        if info is None:
            self.emit(op)
        else:
            self.note(op, "removed", "virtual_setfield")
            info.fields[op.descr] = op.args[1]
            info.writers[op.descr] = op

    def optimize_getfield(self, op):
        info = self.struct_of(op.args[0], op.descr)
        if info is not None:
            value = info.get(op.descr)
            self.note(op, "replaced", "virtual_getfield", value, info.writers.get(op.descr))
            self.make_equal_to(op, value)
            return
        array = self.optimizer.get_virtual(op.args[0])
        if isinstance(array, VirtualArray) and op.descr.offset == array.descr.length_offset:
            self.note(op, "replaced", "virtual_length", len(array.items))
            self.make_constant(op, ConstInt(len(array.items)))
            return
        self.emit(op)

    optimize_GETFIELD_GC_I = optimize_GETFIELD_GC_R = optimize_GETFIELD_GC_F = optimize_getfield

    # -- arrays ------------------------------------------------------------------------------

    def array_slot(self, array, index, descr):
        # descr may be another view of the same items (raw words read as doubles)
        info = self.optimizer.get_virtual(array)
        if (isinstance(info, VirtualArray) and info.descr.for_kind(descr.kind) is descr
                and isinstance(index, ConstInt)
                and 0 <= index.value < len(info.items)):
            return info
        return None

    def optimize_SETARRAYITEM_GC(self, op):
        array, index, value = op.args
        info = self.array_slot(array, index, op.descr)
        if info is None:
            self.emit(op)
        else:
            self.note(op, "removed", "virtual_setitem")
            info.items[index.value] = value
            info.writers[index.value] = op

    def optimize_getarrayitem(self, op):
        info = self.array_slot(op.args[0], op.args[1], op.descr)
        if info is None:
            self.emit(op)
        else:
            value = info.get(op.args[1].value, op.descr.kind)
            self.note(op, "replaced", "virtual_getitem", value, info.writers.get(op.args[1].value))
            self.make_equal_to(op, value)

    optimize_GETARRAYITEM_GC_I = optimize_GETARRAYITEM_GC_R = optimize_GETARRAYITEM_GC_F = optimize_getarrayitem

    def optimize_ARRAYLEN_GC(self, op):
        info = self.optimizer.get_virtual(op.args[0])
        if isinstance(info, VirtualArray):
            self.note(op, "replaced", "virtual_length", len(info.items))
            self.make_constant(op, ConstInt(len(info.items)))
        else:
            self.emit(op)

    # -- identity: a virtual is a fresh object, equal to nothing else ---------------------------

    def optimize_pointer_compare(self, op):
        a, b = op.args
        if not (self.optimizer.is_virtual(a) or self.optimizer.is_virtual(b)):
            self.emit(op)
            return
        equal = a is b
        result = int(equal == (op.name == "ptr_eq"))
        self.note(op, "replaced", "virtual_identity", result, a if self.optimizer.is_virtual(a) else b)
        self.make_constant(op, ConstInt(result))

    optimize_PTR_EQ = optimize_PTR_NE = optimize_pointer_compare

    # -- guards a virtual decides -------------------------------------------------------------

    def optimize_GUARD_NONNULL(self, op):
        if not self.optimizer.is_virtual(op.args[0]):
            self.emit(op)
        else:
            self.note(op, "removed", "virtual_nonnull")

    def optimize_guard_class(self, op):
        info = self.optimizer.get_virtual(op.args[0])
        if info is None or info.tid != op.args[1].value:
            self.emit(op)
        else:
            self.note(op, "removed", "virtual_class")

    optimize_GUARD_CLASS = optimize_GUARD_NONNULL_CLASS = optimize_guard_class
