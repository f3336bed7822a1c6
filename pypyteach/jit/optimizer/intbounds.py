"""intbounds: what range each integer lies in (PyPy's OptIntBounds).

Bounds come from operations (``int_and(x, 255)`` is in [0, 255], a
comparison is 0 or 1, ``arraylen_gc`` is never negative) and from guards
(after ``guard_true(int_lt(i, n))``, ``i < n``, so ``i + 1`` cannot
overflow).  With them the pass

- folds comparisons whose outcome the bounds decide (the guard on them then
  goes away in rewrite),
- turns ``int_add_ovf`` and friends into plain ``int_add`` when the result
  provably fits a machine word; the ``guard_no_overflow`` after it is then
  dropped by the driver, since it guards an operation that cannot overflow.
"""

from ..resoperation import BOOL_INVERSE, ConstInt, ResOperation
from .intutils import IntBound, BOOL, trunc_div
from .optimizer import Optimization, replace, OVF_TO_PLAIN

# a signed comparison -> its negation (from the resop table)
_NEGATED = {name: inverse for name, inverse in BOOL_INVERSE.items() if name.startswith("int_")}
_UNSIGNED = {"uint_lt": "int_lt", "uint_le": "int_le", "uint_gt": "int_gt", "uint_ge": "int_ge"}


def _decide(name, b0, b1):
    """1 or 0 if the bounds decide comparison ``name``, else None."""
    if name == "int_lt":
        return 1 if b0.known_lt(b1) else 0 if b0.known_ge(b1) else None
    if name == "int_le":
        return 1 if b0.known_le(b1) else 0 if b0.known_gt(b1) else None
    if name == "int_gt":
        return _decide("int_lt", b1, b0)
    if name == "int_ge":
        return _decide("int_le", b1, b0)
    if name == "int_eq":
        if b0.known_lt(b1) or b0.known_gt(b1):
            return 0
        return 1 if b0.is_constant() and b1.is_constant() and b0.lower == b1.lower else None
    if name == "int_ne":
        decided = _decide("int_eq", b0, b1)
        return None if decided is None else 1 - decided
    return None


class OptIntBounds(Optimization):
    name = "intbounds"

    def bounds_of(self, op):
        return [self.getintbound(arg) for arg in op.args]

    # -- comparisons: folded when the bounds decide them --------------------------------------

    def optimize_compare(self, op):
        name = _UNSIGNED.get(op.name, op.name)
        b0, b1 = self.bounds_of(op)
        if name != op.name and not (b0.known_nonnegative() and b1.known_nonnegative()):
            self.emit(op)           # unsigned order differs from signed for negative words
            return
        decided = _decide(name, b0, b1)
        if decided is None:
            self.emit(op)
        else:
            self.optimizer.note(op, "replaced", "bounds_decide", decided, b0, b1)
            self.make_constant(op, ConstInt(decided))

    optimize_INT_LT = optimize_INT_LE = optimize_INT_GT = optimize_INT_GE = optimize_compare
    optimize_INT_EQ = optimize_INT_NE = optimize_compare
    optimize_UINT_LT = optimize_UINT_LE = optimize_UINT_GT = optimize_UINT_GE = optimize_compare

    def optimize_INT_IS_TRUE(self, op):
        bound = self.getintbound(op.args[0])
        if bound.known_nonzero():
            self.optimizer.note(op, "replaced", "bounds_nonzero", 1, bound)
            self.make_constant(op, ConstInt(1))
        else:
            self.emit(op)

    def optimize_INT_IS_ZERO(self, op):
        bound = self.getintbound(op.args[0])
        if bound.known_nonzero():
            self.optimizer.note(op, "replaced", "bounds_nonzero", 0, bound)
            self.make_constant(op, ConstInt(0))
        else:
            self.emit(op)

    # -- operations that may overflow ---------------------------------------------------------

    def optimize_ovf(self, op):
        b0, b1 = self.bounds_of(op)
        fits = {"int_add_ovf": b0.add_cannot_overflow, "int_sub_ovf": b0.sub_cannot_overflow,
                "int_mul_ovf": b0.mul_cannot_overflow}[op.name](b1)
        following = self.optimizer.next_op
        if fits and not (following is not None and following.name == "guard_overflow"):
            plain = ResOperation(OVF_TO_PLAIN[op.name], op.args, None, op.value)
            plain.provenance = op.provenance
            plain.origin = op.origin or op
            self.optimizer.note(op, "replaced", "no_overflow", plain, b0, b1)
            self.optimizer.note(plain, "added", "no_overflow_new", op, b0, b1)
            self.make_equal_to(op, plain)
            self.emit(plain)
        else:
            self.emit(op)

    optimize_INT_ADD_OVF = optimize_INT_SUB_OVF = optimize_INT_MUL_OVF = optimize_ovf

    def postprocess_ovf(self, op):
        following = self.optimizer.next_op
        if following is None or following.name != "guard_no_overflow":
            return
        b0, b1 = self.bounds_of(op)
        corners = {"int_add_ovf": [b0.lower + b1.lower, b0.upper + b1.upper],
                   "int_sub_ovf": [b0.lower - b1.upper, b0.upper - b1.lower],
                   "int_mul_ovf": [a * b for a in (b0.lower, b0.upper) for b in (b1.lower, b1.upper)]}[op.name]
        # once the guard passed, the result is the exact one
        self.optimizer.setintbound(op, b0.clamped_exact(min(corners), max(corners)))

    postprocess_INT_ADD_OVF = postprocess_INT_SUB_OVF = postprocess_INT_MUL_OVF = postprocess_ovf

    # -- bounds of results ------------------------------------------------------------------------

    def result(self, op, bound):
        self.optimizer.setintbound(op, bound)

    def postprocess_INT_ADD(self, op):
        b0, b1 = self.bounds_of(op)
        self.result(op, b0.add_bound(b1))

    def postprocess_INT_SUB(self, op):
        b0, b1 = self.bounds_of(op)
        self.result(op, b0.sub_bound(b1))

    def postprocess_INT_MUL(self, op):
        b0, b1 = self.bounds_of(op)
        self.result(op, b0.mul_bound(b1))

    def postprocess_INT_NEG(self, op):
        self.result(op, self.getintbound(op.args[0]).neg_bound())

    def postprocess_INT_AND(self, op):
        b0, b1 = self.bounds_of(op)
        if b0.known_nonnegative() or b1.known_nonnegative():
            upper = min(b.upper for b in (b0, b1) if b.known_nonnegative())
            self.result(op, IntBound(0, upper))

    def postprocess_or_xor(self, op):
        b0, b1 = self.bounds_of(op)
        if b0.known_nonnegative() and b1.known_nonnegative():
            top = max(b0.upper, b1.upper)
            self.result(op, IntBound(0, (1 << top.bit_length()) - 1))

    postprocess_INT_OR = postprocess_INT_XOR = postprocess_or_xor

    def postprocess_INT_MOD(self, op):
        b0, b1 = self.bounds_of(op)
        if b1.lower > 0:
            largest = b1.upper - 1
            lower = 0 if b0.known_nonnegative() else -largest
            upper = 0 if b0.upper <= 0 else largest
            self.result(op, IntBound(lower, upper))

    def postprocess_INT_FLOORDIV(self, op):
        b0, b1 = self.bounds_of(op)
        if b1.lower > 0:
            # division toward zero by a positive number is monotonic
            lows = [trunc_div(b0.lower, d) for d in (b1.lower, b1.upper)]
            highs = [trunc_div(b0.upper, d) for d in (b1.lower, b1.upper)]
            self.result(op, IntBound(min(lows), max(highs)))

    def postprocess_INT_RSHIFT(self, op):
        b0, b1 = self.bounds_of(op)
        if b1.is_constant() and 0 <= b1.lower < 64:
            self.result(op, IntBound(b0.lower >> b1.lower, b0.upper >> b1.lower))

    def postprocess_UINT_RSHIFT(self, op):
        b0, b1 = self.bounds_of(op)
        if b1.is_constant() and 0 < b1.lower < 64:
            if b0.known_nonnegative():
                self.result(op, IntBound(b0.lower >> b1.lower, b0.upper >> b1.lower))
            else:
                self.result(op, IntBound(0, ((1 << 64) - 1) >> b1.lower))

    def postprocess_INT_SIGNEXT(self, op):
        b1 = self.getintbound(op.args[1])
        if b1.is_constant() and 0 < b1.lower <= 8:
            half = 1 << (8 * b1.lower - 1)
            self.result(op, IntBound(-half, half - 1))

    def postprocess_ARRAYLEN_GC(self, op):
        self.result(op, IntBound(0))

    postprocess_UNICODELEN = postprocess_ARRAYLEN_GC      # a string's length too (PyPy's postprocess_UNICODELEN)

    def postprocess_SAME_AS_I(self, op):
        self.result(op, self.getintbound(op.args[0]))

    def postprocess_bool(self, op):
        self.result(op, BOOL)

    postprocess_INT_LT = postprocess_INT_LE = postprocess_INT_EQ = postprocess_bool
    postprocess_INT_NE = postprocess_INT_GT = postprocess_INT_GE = postprocess_bool
    postprocess_UINT_LT = postprocess_UINT_LE = postprocess_UINT_GT = postprocess_UINT_GE = postprocess_bool
    postprocess_INT_IS_TRUE = postprocess_INT_IS_ZERO = postprocess_bool
    postprocess_FLOAT_LT = postprocess_FLOAT_LE = postprocess_FLOAT_EQ = postprocess_bool
    postprocess_FLOAT_NE = postprocess_FLOAT_GT = postprocess_FLOAT_GE = postprocess_bool
    postprocess_PTR_EQ = postprocess_PTR_NE = postprocess_bool

    # -- guards: what a passing guard teaches -------------------------------------------------------

    def postprocess_GUARD_TRUE(self, op):
        self.learn(op.args[0], True)

    def postprocess_GUARD_FALSE(self, op):
        self.learn(op.args[0], False)

    def learn(self, cond, truth):
        """``cond`` (the guard's argument as it was emitted) is ``truth``."""
        if not isinstance(cond, ResOperation):
            return
        name = cond.name
        if name not in _NEGATED and name not in _UNSIGNED and name not in ("int_is_true", "int_is_zero"):
            # guard_true on a plain int: it is nonzero (the driver knows guard_false's 0)
            if truth and cond.type == "i" and self.getintbound(cond).known_nonnegative():
                self.optimizer.setintbound(cond, IntBound(1))
            return
        if name in ("int_is_true", "int_is_zero"):
            if (name == "int_is_true") != truth:
                self.optimizer.setintbound(cond.args[0], IntBound.exact(0))
            elif self.getintbound(cond.args[0]).known_nonnegative():
                self.optimizer.setintbound(cond.args[0], IntBound(1))
            return
        if name in _UNSIGNED:
            b0, b1 = self.bounds_of(cond)
            if not (b0.known_nonnegative() and b1.known_nonnegative()):
                if name == "uint_lt" and truth and b1.known_nonnegative():
                    self.optimizer.setintbound(cond.args[0], IntBound(0, b1.upper - 1))
                elif name == "uint_ge" and not truth and b1.known_nonnegative():
                    self.optimizer.setintbound(cond.args[0], IntBound(0, b1.upper - 1))
                return
            name = _UNSIGNED[name]
        if name not in _NEGATED:
            return
        if not truth:
            name = _NEGATED[name]
        self.learn_compare(name, replace(cond.args[0]), replace(cond.args[1]))

    def learn_compare(self, name, a, b):
        ba, bb = self.getintbound(a), self.getintbound(b)
        narrow = self.optimizer.setintbound
        if name == "int_lt":
            narrow(a, IntBound(upper=bb.upper - 1))
            narrow(b, IntBound(lower=ba.lower + 1))
        elif name == "int_le":
            narrow(a, IntBound(upper=bb.upper))
            narrow(b, IntBound(lower=ba.lower))
        elif name == "int_gt":
            self.learn_compare("int_lt", b, a)
        elif name == "int_ge":
            self.learn_compare("int_le", b, a)
        elif name == "int_eq":
            narrow(a, bb)
            narrow(b, ba)
