"""rewrite: algebraic simplification and redundant guards (PyPy's OptRewrite).

- ``x + 0``, ``x * 1``, ``x - x``, ``x & -1``, ``-(-x)``... become the
  value they always equal;
- a comparison of a value with itself is a constant;
- a guard on a constant either always passes (dropped) or always fails
  (kept: the trace really leaves there);
- a guard whose fact is already known is dropped: ``guard_nonnull`` on a
  value known non-null (a fresh allocation, a value guarded before),
  ``guard_class`` on a value of known class, ``guard_value`` on a constant,
  a second ``guard_not_invalidated`` with no call in between;
- ``guard_class`` after a ``guard_nonnull`` on the same value, in the same
  bytecode, merges into that earlier guard, which becomes
  ``guard_nonnull_class``.  PyPy merges across bytecodes too; here a guard's
  blackhole step re-enters its bytecode from the start, so a class check moved back into,
  say, the ``FOR_ITER`` that produced the value would resume at the loop
  header, and the bridge grown there would be an empty one.
"""

from ..resoperation import INT_COMPARISONS, Const, ConstInt, ConstFloat, ConstPtr, ResOperation
from .optimizer import Optimization, replace


def _is_int(value, number):
    return isinstance(value, ConstInt) and value.value == number


def _is_float(value, number):
    return isinstance(value, ConstFloat) and value.value == number and str(value.value) == str(float(number))


# ``x op x`` for a comparison on words: true for the reflexive ones
# (eq, le, ge), false for the others.  Not for floats: NaN is not equal to itself.
_SAME_ARGS_RESULT = {name: int(name.endswith(("_eq", "_le", "_ge"))) for name in INT_COMPARISONS}


def _same_bytecode(a, b):
    """Do two guards resume at the same bytecode?  (Hand-written traces
    have no provenance: their guards are taken to.)"""
    pa, pb = a.provenance, b.provenance
    if pa is None or pb is None:
        return True
    return (pa.code_name, pa.filename, pa.offset, pa.depth) == (pb.code_name, pb.filename, pb.offset, pb.depth)


class OptRewrite(Optimization):
    name = "rewrite"

    merge_nonnull_class = True       # a switch for tests: the merge below

    def setup(self):
        self.nonnull_guards = {}        # value -> its guard_nonnull in the output

    def same(self, op, value):
        self.optimizer.note(op, "replaced", "algebra", replace(value))
        self.make_equal_to(op, value)

    def const(self, op, number):
        self.optimizer.note(op, "replaced", "algebra", ConstInt(number))
        self.make_constant(op, ConstInt(number))

    def drop_guard(self, op, code, *args):
        self.optimizer.note(op, "removed", code, *args)

    # -- integer algebra ------------------------------------------------------------------------

    def optimize_INT_ADD(self, op):
        a, b = op.args
        if _is_int(b, 0):
            self.same(op, a)
        elif _is_int(a, 0):
            self.same(op, b)
        else:
            self.emit(op)

    def optimize_INT_SUB(self, op):
        a, b = op.args
        if _is_int(b, 0):
            self.same(op, a)
        elif a is b:
            self.const(op, 0)
        else:
            self.emit(op)

    def optimize_INT_MUL(self, op):
        a, b = op.args
        if _is_int(b, 1):
            self.same(op, a)
        elif _is_int(a, 1):
            self.same(op, b)
        elif _is_int(a, 0) or _is_int(b, 0):
            self.const(op, 0)
        else:
            self.emit(op)

    def optimize_INT_AND(self, op):
        a, b = op.args
        if _is_int(a, 0) or _is_int(b, 0):
            self.const(op, 0)
        elif _is_int(b, -1) or a is b:
            self.same(op, a)
        elif _is_int(a, -1):
            self.same(op, b)
        else:
            self.emit(op)

    def optimize_INT_OR(self, op):
        a, b = op.args
        if _is_int(b, 0) or a is b:
            self.same(op, a)
        elif _is_int(a, 0):
            self.same(op, b)
        else:
            self.emit(op)

    def optimize_INT_XOR(self, op):
        a, b = op.args
        if _is_int(b, 0):
            self.same(op, a)
        elif _is_int(a, 0):
            self.same(op, b)
        elif a is b:
            self.const(op, 0)
        else:
            self.emit(op)

    def optimize_shift(self, op):
        a, b = op.args
        if _is_int(b, 0):
            self.same(op, a)
        elif _is_int(a, 0):
            self.const(op, 0)
        else:
            self.emit(op)

    optimize_INT_LSHIFT = optimize_INT_RSHIFT = optimize_UINT_RSHIFT = optimize_shift

    def optimize_INT_FLOORDIV(self, op):
        if _is_int(op.args[1], 1):
            self.same(op, op.args[0])
        else:
            self.emit(op)

    def optimize_involution(self, op):
        """-(-x) and ~~x are x."""
        inner = op.args[0]
        if not isinstance(inner, Const) and getattr(inner, "name", None) == op.name:
            self.same(op, inner.args[0])
        else:
            self.emit(op)

    optimize_INT_NEG = optimize_INT_INVERT = optimize_FLOAT_NEG = optimize_involution

    def optimize_ovf(self, op):
        """x + 0, x - 0, x * 1 cannot overflow: the guard after goes too."""
        a, b = op.args
        neutral = 1 if op.name == "int_mul_ovf" else 0
        if _is_int(b, neutral):
            self.same(op, a)
        elif _is_int(a, neutral) and op.name != "int_sub_ovf":
            self.same(op, b)
        else:
            self.emit(op)

    optimize_INT_ADD_OVF = optimize_INT_SUB_OVF = optimize_INT_MUL_OVF = optimize_ovf

    def optimize_compare(self, op):
        if op.args[0] is op.args[1]:
            self.const(op, _SAME_ARGS_RESULT[op.name])
        else:
            self.emit(op)

    optimize_INT_LT = optimize_INT_LE = optimize_INT_EQ = optimize_INT_NE = optimize_compare
    optimize_INT_GT = optimize_INT_GE = optimize_compare
    optimize_UINT_LT = optimize_UINT_LE = optimize_UINT_GT = optimize_UINT_GE = optimize_compare

    def optimize_INT_IS_TRUE(self, op):
        # a comparison is already 0 or 1
        if isinstance(op.args[0], ResOperation) and op.args[0].spec.is_bool:
            self.same(op, op.args[0])
        else:
            self.emit(op)

    def optimize_pointer_compare(self, op):
        a, b = op.args
        if a is b:
            self.const(op, _SAME_ARGS_RESULT[op.name])
            return
        for x, y in ((a, b), (b, a)):
            if isinstance(y, ConstPtr) and not y.value and self.optimizer.is_nonnull(x):
                self.const(op, int(op.name == "ptr_ne"))
                return
        self.emit(op)

    optimize_PTR_EQ = optimize_PTR_NE = optimize_pointer_compare

    def optimize_same_as(self, op):
        self.same(op, op.args[0])

    optimize_SAME_AS_I = optimize_SAME_AS_R = optimize_SAME_AS_F = optimize_same_as

    # -- float algebra: only identities exact for every double, -0.0 and nan included --------

    def optimize_FLOAT_MUL(self, op):
        a, b = op.args
        if _is_float(b, 1.0):
            self.same(op, a)
        elif _is_float(a, 1.0):
            self.same(op, b)
        else:
            self.emit(op)

    def optimize_FLOAT_TRUEDIV(self, op):
        if _is_float(op.args[1], 1.0):
            self.same(op, op.args[0])
        else:
            self.emit(op)

    def optimize_FLOAT_SUB(self, op):
        if _is_float(op.args[1], 0.0):
            self.same(op, op.args[0])
        else:
            self.emit(op)

    # -- guards ------------------------------------------------------------------------------------

    def optimize_GUARD_TRUE(self, op):
        arg = op.args[0]
        if isinstance(arg, Const) and arg.value:
            return self.drop_guard(op, "guard_const")
        self.emit(op)

    def optimize_GUARD_FALSE(self, op):
        arg = op.args[0]
        if isinstance(arg, Const) and not arg.value:
            return self.drop_guard(op, "guard_const")
        self.emit(op)

    def optimize_GUARD_VALUE(self, op):
        value, expected = op.args
        if isinstance(value, Const) and value.same_constant(expected):
            return self.drop_guard(op, "guard_value_const")
        self.emit(op)

    def optimize_GUARD_NONNULL(self, op):
        if self.optimizer.is_nonnull(op.args[0]):
            return self.drop_guard(op, "known_nonnull")
        self.emit(op)

    def postprocess_GUARD_NONNULL(self, op):
        output = self.optimizer.output
        if output and output[-1] is op:
            self.nonnull_guards[replace(op.args[0])] = (len(output) - 1, op)

    def optimize_GUARD_ISNULL(self, op):
        arg = op.args[0]
        if isinstance(arg, Const) and not arg.value:
            return self.drop_guard(op, "guard_value_const")
        self.emit(op)

    def optimize_GUARD_CLASS(self, op):
        value, cls = op.args
        if self.optimizer.get_known_class(value) == cls.value:
            return self.drop_guard(op, "known_class")
        if self.merge_into_nonnull_guard(op, value, cls):
            return
        self.emit(op)

    def merge_into_nonnull_guard(self, op, value, cls):
        """Make the guard_nonnull emitted on ``value`` a guard_nonnull_class."""
        if not self.merge_nonnull_class or self.optimizer.is_virtual(value):
            return False
        found = self.nonnull_guards.pop(value, None)
        output = self.optimizer.output
        if found is None or found[0] >= len(output) or output[found[0]] is not found[1]:
            return False
        if not _same_bytecode(found[1], op):
            return False
        index, guard = found
        merged = guard.copy_and_change("guard_nonnull_class", args=[value, cls])
        output[index] = merged
        self.optimizer.note(op, "removed", "merged_class", merged)
        self.optimizer.note(guard, "replaced", "merged_nonnull", merged, op)
        self.optimizer.note(merged, "added", "merged_new", guard, op)
        self.optimizer.note_class(value, cls.value)
        return True

    def optimize_GUARD_NONNULL_CLASS(self, op):
        value, cls = op.args
        if self.optimizer.get_known_class(value) == cls.value:
            return self.drop_guard(op, "known_class")
        self.emit(op)

    def optimize_GUARD_NOT_INVALIDATED(self, op):
        # one that watches another loop (a short preamble's) checks something new
        if self.optimizer.invalidation_checked and getattr(op.descr, "watched_loop", None) is None:
            return self.drop_guard(op, "invalidation_checked")
        self.emit(op)
