"""Resops: the operations of a trace, declared once (as PyPy's resoperation.py).

Each row of RESOPS gives a resop's name, its number of arguments (-1: any),
its result kind (``i`` int, ``r`` reference, ``f`` float, ``n`` none) and its
flags:

- ``guard``: a check that leaves the trace when it fails (carries resume data)
- ``descr``: takes a descr (field, array, size, call, loop target...)
- ``pure``: no side effect, result depends only on the arguments
- ``ovf``: may overflow; always followed by guard_no_overflow
- ``call``: calls host code (a residual call)
- ``alloc``: allocates
- ``final``: ends a trace (jump, finish)
- ``bool``: the result is 0 or 1 (comparisons, int_is_true, int_is_zero)

Categories used by the tracer, optimizer passes and backends are derived from
this table; a test checks that each of them handles or explicitly rejects
every entry.  A trace's operations are themselves its values (as in PyPy
since 2016): ``i5 = int_add(i3, i4)`` is one ResOperation object named i5.
"""

from dataclasses import dataclass

from ..vm.memory.lloperation import wrap_int


@dataclass(frozen=True)
class OpSpec:
    name: str
    arity: int
    result: str
    flags: frozenset

    @property
    def is_guard(self):
        return "guard" in self.flags

    @property
    def has_descr(self):
        return "descr" in self.flags

    @property
    def is_pure(self):
        return "pure" in self.flags

    @property
    def is_ovf(self):
        return "ovf" in self.flags

    @property
    def is_call(self):
        return "call" in self.flags

    @property
    def is_final(self):
        return "final" in self.flags

    @property
    def is_bool(self):
        return "bool" in self.flags

    @property
    def has_side_effect(self):
        return not (self.is_pure or self.is_guard or self.name.startswith(("get", "arraylen", "debug_")))


def _spec(name, arity, result, flags=""):
    return OpSpec(name, arity, result, frozenset(flags.split()))


_INT_BINARY = ["int_add", "int_sub", "int_mul", "int_floordiv", "int_mod", "int_and", "int_or", "int_xor",
               "int_lshift", "int_rshift", "uint_rshift", "uint_mul_high"]
_INT_COMPARE = ["int_lt", "int_le", "int_eq", "int_ne", "int_gt", "int_ge",
                "uint_lt", "uint_le", "uint_gt", "uint_ge"]
_FLOAT_BINARY = ["float_add", "float_sub", "float_mul", "float_truediv"]
_FLOAT_COMPARE = ["float_lt", "float_le", "float_eq", "float_ne", "float_gt", "float_ge"]

RESOPS = (
    [_spec(name, 2, "i", "pure") for name in _INT_BINARY]
    + [_spec(name, 2, "i", "pure bool") for name in _INT_COMPARE]
    + [_spec(name, 1, "i", "pure") for name in ("int_neg", "int_invert")]
    + [_spec(name, 1, "i", "pure bool") for name in ("int_is_true", "int_is_zero")]
    + [_spec("int_signext", 2, "i", "pure")]
    + [_spec(name, 2, "i", "ovf") for name in ("int_add_ovf", "int_sub_ovf", "int_mul_ovf")]
    + [_spec(name, 2, "f", "pure") for name in _FLOAT_BINARY]
    + [_spec(name, 1, "f", "pure") for name in ("float_neg", "float_abs")]
    + [_spec(name, 2, "i", "pure bool") for name in _FLOAT_COMPARE]
    + [
        _spec("cast_int_to_float", 1, "f", "pure"),
        _spec("cast_float_to_int", 1, "i", "pure"),
        _spec("ptr_eq", 2, "i", "pure bool"),
        _spec("ptr_ne", 2, "i", "pure bool"),
        _spec("same_as_i", 1, "i", "pure"),
        _spec("same_as_r", 1, "r", "pure"),
        _spec("same_as_f", 1, "f", "pure"),
        # guards
        _spec("guard_true", 1, "n", "guard"),
        _spec("guard_false", 1, "n", "guard"),
        _spec("guard_value", 2, "n", "guard"),
        _spec("guard_class", 2, "n", "guard"),
        _spec("guard_nonnull", 1, "n", "guard"),
        _spec("guard_isnull", 1, "n", "guard"),
        _spec("guard_nonnull_class", 2, "n", "guard"),
        _spec("guard_no_exception", 0, "n", "guard"),
        _spec("guard_exception", 1, "r", "guard"),
        _spec("guard_no_overflow", 0, "n", "guard"),
        _spec("guard_overflow", 0, "n", "guard"),
        _spec("guard_not_invalidated", 0, "n", "guard"),
        _spec("guard_not_forced", 0, "n", "guard"),
        # memory
        _spec("getfield_gc_i", 1, "i", "descr"),
        _spec("getfield_gc_r", 1, "r", "descr"),
        _spec("getfield_gc_f", 1, "f", "descr"),
        _spec("setfield_gc", 2, "n", "descr"),
        _spec("getarrayitem_gc_i", 2, "i", "descr"),
        _spec("getarrayitem_gc_r", 2, "r", "descr"),
        _spec("getarrayitem_gc_f", 2, "f", "descr"),
        _spec("setarrayitem_gc", 3, "n", "descr"),
        _spec("arraylen_gc", 1, "i", "descr"),
        _spec("new_with_vtable", 0, "r", "descr alloc"),
        _spec("new_array", 1, "r", "descr alloc"),
        # strings (PyPy's unicode family: a W_UnicodeObject holds one 4-byte
        # code point per item; no descr, the backend knows the layout).  As in
        # PyPy, unicodelen and unicodegetitem are pure: a string is never
        # changed once it is published
        _spec("newunicode", 1, "r", "alloc"),
        _spec("unicodelen", 1, "i", "pure"),
        _spec("unicodegetitem", 2, "i", "pure"),
        _spec("unicodesetitem", 3, "n"),
        _spec("copyunicodecontent", 5, "n"),
        # calls into host code
        _spec("call_i", -1, "i", "descr call"),
        _spec("call_r", -1, "r", "descr call"),
        _spec("call_f", -1, "f", "descr call"),
        _spec("call_n", -1, "n", "descr call"),
        _spec("call_pure_i", -1, "i", "descr call pure"),
        _spec("call_pure_r", -1, "r", "descr call pure"),
        _spec("call_pure_f", -1, "f", "descr call pure"),
        _spec("call_may_force_i", -1, "i", "descr call"),
        _spec("call_may_force_r", -1, "r", "descr call"),
        _spec("call_may_force_f", -1, "f", "descr call"),
        _spec("call_may_force_n", -1, "n", "descr call"),
        # a call to compiled code of a function (PyPy's call_assembler): its
        # arguments are the callee's frame values, its descr the callee's token
        _spec("call_assembler_i", -1, "i", "descr call"),
        _spec("call_assembler_r", -1, "r", "descr call"),
        _spec("call_assembler_f", -1, "f", "descr call"),
        _spec("call_assembler_n", -1, "n", "descr call"),
        # structure of a trace
        _spec("label", -1, "n", "descr"),
        _spec("jump", -1, "n", "descr final"),
        _spec("finish", -1, "n", "descr final"),
        _spec("debug_merge_point", 3, "n"),
        _spec("enter_portal_frame", 2, "n"),
        _spec("leave_portal_frame", 1, "n"),
        _spec("force_token", 0, "r"),
        _spec("quasiimmut_field", 1, "n", "descr"),
    ]
)

OPSPECS = {spec.name: spec for spec in RESOPS}
assert len(OPSPECS) == len(RESOPS), "duplicate resop"

GUARDS = frozenset(spec.name for spec in RESOPS if spec.is_guard)
PURE = frozenset(spec.name for spec in RESOPS if spec.is_pure)
CALLS = frozenset(spec.name for spec in RESOPS if spec.is_call)
CALL_ASSEMBLERS = frozenset(name for name in CALLS if name.startswith("call_assembler_"))


def call_arguments(op):
    """The arguments a call passes: a residual call's first argument is the
    function's address (a constant), call_assembler has none (PyPy's too:
    its descr, the callee's token, says what it calls)."""
    return op.args if op.name in CALL_ASSEMBLERS else op.args[1:]
OVF_OPS = frozenset(spec.name for spec in RESOPS if spec.is_ovf)
BOOL_OPS = frozenset(spec.name for spec in RESOPS if spec.is_bool)
COMPARISONS = frozenset(spec.name for spec in RESOPS if spec.is_bool and spec.arity == 2)
FLOAT_COMPARISONS = frozenset(name for name in COMPARISONS if name.startswith("float_"))
INT_COMPARISONS = COMPARISONS - FLOAT_COMPARISONS         # on words: ints, unsigned, pointers

# ``op(a, b)`` is ``not BOOL_INVERSE[op](a, b)`` (PyPy's _opboolinverse).
# PyPy's table also pairs the ordered float comparisons (float_lt with
# float_ge...); pypyteach leaves them out, because with a NaN both are
# false, so neither is the other's negation.
BOOL_INVERSE = {"int_eq": "int_ne", "int_ne": "int_eq", "int_lt": "int_ge", "int_ge": "int_lt",
                "int_gt": "int_le", "int_le": "int_gt",
                "uint_lt": "uint_ge", "uint_ge": "uint_lt", "uint_gt": "uint_le", "uint_le": "uint_gt",
                "float_eq": "float_ne", "float_ne": "float_eq",
                "ptr_eq": "ptr_ne", "ptr_ne": "ptr_eq"}

# ``op(a, b)`` is ``BOOL_REFLEX[op](b, a)`` (PyPy's _opboolreflex): true of
# every comparison, NaN included.
BOOL_REFLEX = {"int_eq": "int_eq", "int_ne": "int_ne", "int_lt": "int_gt", "int_ge": "int_le",
               "int_gt": "int_lt", "int_le": "int_ge",
               "uint_lt": "uint_gt", "uint_ge": "uint_le", "uint_gt": "uint_lt", "uint_le": "uint_ge",
               "float_eq": "float_eq", "float_ne": "float_ne", "float_lt": "float_gt", "float_ge": "float_le",
               "float_gt": "float_lt", "float_le": "float_ge",
               "ptr_eq": "ptr_eq", "ptr_ne": "ptr_ne"}
assert set(BOOL_REFLEX) == COMPARISONS and set(BOOL_INVERSE) == COMPARISONS - {
    "float_lt", "float_le", "float_gt", "float_ge"}

# kind-suffixed families: ``getfield_gc_`` + kind
def by_kind(prefix, kind):
    return prefix + kind if kind in "irf" else prefix + "n"


# -- values: constants, input arguments, operations -------------------------------------------

class AbstractValue:
    """Something a trace operation can take as an argument.  Every value
    class declares its attributes (``__slots__``): nothing is attached to a
    value after it is made."""

    __slots__ = ("_forwarded",)
    type = "v"

    def get_box_replacement(self):
        """Follow the union-find chain: exactly one way to replace a value."""
        value = self
        while value._forwarded is not None:
            value = value._forwarded
        return value

    def set_forwarded(self, other):
        self._forwarded = other

    def is_constant(self):
        return False


class Const(AbstractValue):
    __slots__ = ("value",)

    def __init__(self, value):
        self._forwarded = None
        self.value = value

    def is_constant(self):
        return True

    def same_constant(self, other):
        return isinstance(other, Const) and self.type == other.type and self.value == other.value

    def __eq__(self, other):
        return self.same_constant(other)

    def __hash__(self):
        return hash((self.type, self.value))


class ConstInt(Const):
    __slots__ = ()
    type = "i"

    def __init__(self, value):
        Const.__init__(self, wrap_int(int(value)))

    def __repr__(self):
        return "ConstInt(%d)" % self.value


class ConstFloat(Const):
    __slots__ = ()
    type = "f"

    def __init__(self, value):
        Const.__init__(self, float(value))

    def __repr__(self):
        return "ConstFloat(%r)" % self.value


class ConstPtr(Const):
    __slots__ = ()
    type = "r"

    def __repr__(self):
        return "ConstPtr(0x%x)" % self.value if self.value else "ConstPtr(null)"


NULLCONST = ConstPtr(0)


def const_of_kind(kind, value):
    if kind == "f":
        return ConstFloat(value)
    if kind == "r":
        return ConstPtr(value)
    return ConstInt(value)


class InputArg(AbstractValue):
    """An input argument of a trace (a loop's or a bridge's)."""

    __slots__ = ("type", "value")

    def __init__(self, kind, value=None):
        self._forwarded = None
        self.type = kind
        self.value = value        # the concrete value seen while tracing

    def __repr__(self):
        return "InputArg(%s, %r)" % (self.type, self.value)


class ResOperation(AbstractValue):
    """One operation of a trace, and the value it produces."""

    __slots__ = ("spec", "name", "args", "descr", "value", "fail_args", "resume", "provenance",
                 "overflow_source", "copy_mapping", "guard_number", "origin")

    def __init__(self, name, args, descr=None, value=None):
        self._forwarded = None
        self.spec = OPSPECS[name]
        self.name = name
        self.args = list(args)
        self.descr = descr
        self.value = value            # the concrete result seen while tracing
        self.fail_args = None         # guards: the values resume data needs
        self.resume = None            # guards: resume.ResumeSnapshot
        self.provenance = None        # provenance.Provenance: where it came from
        self.overflow_source = None   # guard_(no_)overflow: the _ovf op whose overflow it checks
        self.copy_mapping = None      # a guard copied by unrolling: {original value: its copy} for resume data
        self.guard_number = None      # a guard read from a log (oparser): the number the log gave it
        self.origin = None            # optimizer copies and rewrites: the recorded op they stand for
        if self.spec.arity >= 0:
            assert len(self.args) == self.spec.arity, "%s takes %d arguments, got %d" % (
                name, self.spec.arity, len(self.args))

    @property
    def type(self):
        return self.spec.result if self.spec.result != "n" else "v"

    def is_guard(self):
        return self.spec.is_guard

    def getarg(self, i):
        return self.args[i]

    def copy_and_change(self, name=None, args=None, descr=None):
        """A new operation like this one (for optimizer passes)."""
        op = ResOperation(name or self.name, self.args if args is None else args,
                          self.descr if descr is None else descr, self.value)
        op.fail_args = self.fail_args
        op.resume = self.resume
        op.provenance = self.provenance
        op.origin = self.origin or self
        return op

    def __repr__(self):
        return "<%s %s>" % (self.name, ", ".join(map(repr, self.args)))


def bytecodes_from(operations, index):
    """The bytecodes (merge points) from op ``index`` on, at least 1: what
    one iteration entered at a label there runs, as --max-steps charges it
    (llgraph per jump, the machine backends per label pass)."""
    return max(1, sum(1 for op in operations[index:] if op.name == "debug_merge_point"))
