"""Integer ranges for the intbounds pass (PyPy's optimizeopt/intutils.py,
without the known-bits half).

An IntBound is a closed interval [lower, upper] of machine words.  Every
operation on bounds is sound: the result contains every value the operation
can produce on values inside the argument bounds.  Operations that may wrap
around give the full range.
"""

from ...vm.memory.lloperation import MAXINT, MININT


class IntBound:
    __slots__ = ("lower", "upper")

    def __init__(self, lower=MININT, upper=MAXINT):
        self.lower = max(lower, MININT)
        self.upper = min(upper, MAXINT)

    @staticmethod
    def exact(value):
        return IntBound(value, value)

    @staticmethod
    def of_exact_range(lower, upper):
        """The bound of an exact (unwrapped) result, or None if it may wrap."""
        if lower < MININT or upper > MAXINT:
            return None
        return IntBound(lower, upper)

    def copy(self):
        return IntBound(self.lower, self.upper)

    def is_full(self):
        return self.lower == MININT and self.upper == MAXINT

    def is_constant(self):
        return self.lower == self.upper

    def contains(self, other):
        """Is every value of ``other`` inside this bound?"""
        return self.lower <= other.lower and other.upper <= self.upper

    def contains_value(self, value):
        return self.lower <= value <= self.upper

    def intersect(self, other):
        """Narrow to the values in both; returns whether anything changed."""
        lower, upper = max(self.lower, other.lower), min(self.upper, other.upper)
        changed = (lower, upper) != (self.lower, self.upper)
        if lower <= upper:
            self.lower, self.upper = lower, upper
        return changed

    def make_lt(self, other):
        """Narrow knowing self < other."""
        return self.intersect(IntBound(MININT, other.upper - 1))

    def make_le(self, other):
        return self.intersect(IntBound(MININT, other.upper))

    def make_gt(self, other):
        return self.intersect(IntBound(other.lower + 1, MAXINT))

    def make_ge(self, other):
        return self.intersect(IntBound(other.lower, MAXINT))

    # -- deciding comparisons ------------------------------------------------------------

    def known_lt(self, other):
        return self.upper < other.lower

    def known_le(self, other):
        return self.upper <= other.lower

    def known_gt(self, other):
        return other.known_lt(self)

    def known_ge(self, other):
        return other.known_le(self)

    def known_nonzero(self):
        return self.lower > 0 or self.upper < 0

    def known_nonnegative(self):
        return self.lower >= 0

    # -- results of arithmetic -------------------------------------------------------------

    def add_bound(self, other):
        return IntBound.of_exact_range(self.lower + other.lower, self.upper + other.upper) or IntBound()

    def sub_bound(self, other):
        return IntBound.of_exact_range(self.lower - other.upper, self.upper - other.lower) or IntBound()

    def mul_bound(self, other):
        corners = [a * b for a in (self.lower, self.upper) for b in (other.lower, other.upper)]
        return IntBound.of_exact_range(min(corners), max(corners)) or IntBound()

    def add_cannot_overflow(self, other):
        return IntBound.of_exact_range(self.lower + other.lower, self.upper + other.upper) is not None

    def sub_cannot_overflow(self, other):
        return IntBound.of_exact_range(self.lower - other.upper, self.upper - other.lower) is not None

    def mul_cannot_overflow(self, other):
        corners = [a * b for a in (self.lower, self.upper) for b in (other.lower, other.upper)]
        return IntBound.of_exact_range(min(corners), max(corners)) is not None

    def clamped_exact(self, lower, upper):
        """The bound of an _ovf result once its guard_no_overflow passed."""
        return IntBound(max(lower, MININT), min(upper, MAXINT))

    def neg_bound(self):
        if self.lower == MININT:
            return IntBound()
        return IntBound(-self.upper, -self.lower)

    def __eq__(self, other):
        return isinstance(other, IntBound) and (self.lower, self.upper) == (other.lower, other.upper)

    def __repr__(self):
        show = lambda v: "MININT" if v == MININT else "MAXINT" if v == MAXINT else str(v)
        return "IntBound(%s, %s)" % (show(self.lower), show(self.upper))


def trunc_div(a, b):
    """Division rounding toward zero, as int_floordiv."""
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


BOOL = IntBound(0, 1)
