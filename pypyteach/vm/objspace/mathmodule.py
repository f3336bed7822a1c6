"""The guest ``math`` module.

The host's math library is the VM's C library: each function converts its
guest arguments as CPython's mathmodule.c does (PyFloat_AsDouble,
operator.index...), then calls the host function through ``host_call`` so
results and errors ("math domain error", "math range error"...) are CPython's.
"""

import math

from ..memory import layout as L
from .std import dictobject
from .std.numberobject import INTEGRAL_TIDS, float_value, host_call, index_value, wrap_number
from .gateway import INVALID_KEYWORD, ClinicBuiltin
from ..memory.lloperation import OS_MATH_SQRT, oopspec

FLOAT = L.W_FloatObject.tid
FLOATVAL = L.W_FloatObject.field("floatval")
INTVAL = L.W_IntObject.field("intval")

MATH_FUNCTIONS = {}
CONSTANTS = ("pi", "e", "tau", "inf", "nan")


class MathBuiltin(ClinicBuiltin):
    """A math function: "math.sqrt() takes exactly one argument (0 given)"
    for one-argument functions, "atan2 expected 2 arguments, got 1" otherwise."""

    def _arity_message(self, given):
        lo, hi = self.min_args, self.max_args
        if lo == hi == 1 or self.arity_style is not None:
            return ClinicBuiltin._arity_message(self, given)
        if lo == hi:
            return "%s expected %d arguments, got %d" % (self.name, lo, given)
        if given < lo:
            return "%s expected at least %d argument%s, got %d" % (self.name, lo, "" if lo == 1 else "s", given)
        return "%s expected at most %d argument%s, got %d" % (self.name, hi, "" if hi == 1 else "s", given)


def math_function(name, qualname=None, **options):
    def register(impl):
        assert name not in MATH_FUNCTIONS, name
        MATH_FUNCTIONS[name] = MathBuiltin(name, impl, qualname=qualname or "math." + name, **options)
        return impl
    return register


def make_module(space):
    w_dict = space.prebuild(space.newdict())
    w_module = space.prebuild(space.allocate(L.W_ModuleObject))
    space.heap.write_int(w_module + L.W_ModuleObject.field("name").offset, space.intern("math"))
    space.heap.write_int(w_module + L.W_ModuleObject.field("dict").offset, w_dict)
    dictobject.setitem_str(space, w_dict, "__name__", space.intern("math"))
    for name in CONSTANTS:
        dictobject.setitem_str(space, w_dict, name, space.newfloat(getattr(math, name)))
    for name, fn in MATH_FUNCTIONS.items():
        dictobject.setitem_str(space, w_dict, name, space.new_builtin_function(fn))
    return w_module


def _host(space, fn, *args):
    return wrap_number(space, host_call(space, fn, *args))


# -- functions of one real number ---------------------------------------------------------

def _float_function(name):
    host_fn = getattr(math, name)

    def impl(space, w_x):
        return _host(space, host_fn, float_value(space, w_x))
    impl.__name__ = "math_" + name
    math_function(name)(impl)


@oopspec(OS_MATH_SQRT, elidable=True, can_raise=False)
def sqrt_nonneg(x):
    """The square root of a finite float >= 0 (rpython's ll_math's
    ``sqrt_nonneg``, oopspec "math.sqrt": the machine backends compile the
    call to one instruction, as PyPy's do)."""
    return math.sqrt(x)


def ll_math_sqrt(space, args_w):
    """``math.sqrt(x)`` of a float (or int) from bytecode, inline: PyPy's
    codewriter inlines rpython's ``ll_math_sqrt`` into the trace, so the
    trace has its two tests (``float_lt(x, 0.0)``; ``float_sub(x, x) ==
    0.0``, i.e. finite) and then ``call_f(sqrt_nonneg, x)`` with OS=100.
    A negative, infinite or nan argument, a big int or any other object:
    None, and the call goes to the builtin (which raises CPython's
    ValueError "math domain error")."""
    if len(args_w) != 1:
        return None
    ll = space.ll
    w_x = args_w[0]
    tid = ll.classof(w_x)
    if tid == FLOAT:
        x = ll.getfield_gc_f(w_x, FLOATVAL)
    elif tid in (L.W_IntObject.tid, L.W_BoolObject.tid):
        x = ll.cast_int_to_float(ll.getfield_gc_i(w_x, INTVAL))
    else:
        return None
    if ll.is_true(ll.float_lt(x, ll.const(0.0))):
        return None
    if not ll.is_true(ll.float_eq(ll.float_sub(x, x), ll.const(0.0))):
        return None
    return space.newfloat(ll.call_f(sqrt_nonneg, x))


for _name in ("sqrt", "exp", "exp2", "expm1", "log1p", "sin", "cos", "tan", "asin", "acos", "atan",
              "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "fabs", "degrees", "radians",
              "erf", "erfc", "gamma", "lgamma", "cbrt", "isfinite", "isinf", "isnan", "ulp"):
    if hasattr(math, _name):
        _float_function(_name)

MATH_FUNCTIONS["sqrt"].ll_impl = ll_math_sqrt

# -- functions of two real numbers --------------------------------------------------------


def _float2_function(name):
    host_fn = getattr(math, name)

    def impl(space, w_x, w_y):
        return _host(space, host_fn, float_value(space, w_x), float_value(space, w_y))
    impl.__name__ = "math_" + name
    math_function(name)(impl)


for _name in ("atan2", "copysign", "fmod", "pow", "remainder", "nextafter"):
    if hasattr(math, _name):
        _float2_function(_name)
del _name

# -- logarithms: integers of any size are taken exactly, as CPython's loghelper -----------


def _log_arg(space, w_x):
    if space.tid(w_x) in INTEGRAL_TIDS:
        return space.int_w(w_x)
    return float_value(space, w_x)


def _log_arity(given):
    return None if 1 <= given <= 2 else "math.log requires 1 to 2 arguments"


@math_function("log", arity=_log_arity)
def math_log(space, w_x, w_base=None):
    if w_base is None:
        return _host(space, math.log, _log_arg(space, w_x))
    return _host(space, math.log, _log_arg(space, w_x), _log_arg(space, w_base))


@math_function("log2")
def math_log2(space, w_x):
    return _host(space, math.log2, _log_arg(space, w_x))


@math_function("log10")
def math_log10(space, w_x):
    return _host(space, math.log10, _log_arg(space, w_x))

# -- rounding -------------------------------------------------------------------------------


def _round_with(space, w_x, special, host_fn):
    if space.tid(w_x) == FLOAT:
        return _host(space, host_fn, float_value(space, w_x))
    w_method = space.lookup_special(w_x, special)
    if w_method:
        return space.call_function(w_method, w_x)
    return _host(space, host_fn, float_value(space, w_x))


@math_function("floor")
def math_floor(space, w_x):
    return _round_with(space, w_x, "__floor__", math.floor)


@math_function("ceil")
def math_ceil(space, w_x):
    return _round_with(space, w_x, "__ceil__", math.ceil)


@math_function("trunc")
def math_trunc(space, w_x):
    w_method = space.lookup_special(w_x, "__trunc__")
    if not w_method:
        raise space.type_error("type %s doesn't define __trunc__ method" % space.type_name(w_x))
    return space.call_function(w_method, w_x)


@math_function("modf")
def math_modf(space, w_x):
    return _host(space, math.modf, float_value(space, w_x))


@math_function("frexp")
def math_frexp(space, w_x):
    return _host(space, math.frexp, float_value(space, w_x))


@math_function("ldexp")
def math_ldexp(space, w_x, w_i):
    x = float_value(space, w_x)
    if space.tid(w_i) not in INTEGRAL_TIDS:
        raise space.type_error("Expected an int as second argument to ldexp.")
    return _host(space, math.ldexp, x, space.int_w(w_i))

# -- integers -------------------------------------------------------------------------------


@math_function("factorial")
def math_factorial(space, w_n):
    n = index_value(space, w_n)
    if n < 0:
        raise space.value_error("factorial() not defined for negative values")
    return _host(space, math.factorial, n)


@math_function("gcd")
def math_gcd(space, *args_w):
    return _host(space, math.gcd, *[index_value(space, w) for w in args_w])


@math_function("lcm")
def math_lcm(space, *args_w):
    return _host(space, math.lcm, *[index_value(space, w) for w in args_w])


@math_function("isqrt")
def math_isqrt(space, w_n):
    return _host(space, math.isqrt, index_value(space, w_n))


@math_function("comb")
def math_comb(space, w_n, w_k):
    return _host(space, math.comb, index_value(space, w_n), index_value(space, w_k))


@math_function("perm")
def math_perm(space, w_n, w_k=None):
    n = index_value(space, w_n)
    if w_k is None or w_k == space.w_None:
        return _host(space, math.perm, n)
    return _host(space, math.perm, n, index_value(space, w_k))

# -- several numbers ------------------------------------------------------------------------


@math_function("hypot")
def math_hypot(space, *args_w):
    return _host(space, math.hypot, *[float_value(space, w) for w in args_w])


@math_function("fsum")
def math_fsum(space, w_iterable):
    return _host(space, math.fsum, [float_value(space, w) for w in space.iterate(w_iterable, ())])


@math_function("dist")
def math_dist(space, w_p, w_q):
    p = [float_value(space, w) for w in space.iterate(w_p, ())]      # host floats: nothing to pin
    q = [float_value(space, w) for w in space.iterate(w_q, ())]
    return _host(space, math.dist, p, q)


def _prod_arity(given):
    return None if given == 1 else "prod() takes exactly 1 positional argument (%d given)" % given


@math_function("prod", qualname="prod", keywords=INVALID_KEYWORD, arity=_prod_arity)
def math_prod(space, w_iterable, *, start=None):
    w_result = space.newint(1) if start is None else start
    held = [w_result]
    for w_item in space.iterate(w_iterable, held):
        w_result = held[0] = space.mul(w_result, w_item)
    return w_result


def _isclose_arity(given):
    if given < 2:
        return "isclose() missing required argument '%s' (pos %d)" % ("ab"[given], given + 1)
    if given > 2:
        return "isclose() takes exactly 2 positional arguments (%d given)" % given
    return None


@math_function("isclose", qualname="isclose", keywords=INVALID_KEYWORD, arity=_isclose_arity)
def math_isclose(space, w_a, w_b, *, rel_tol=None, abs_tol=None):
    a, b = float_value(space, w_a), float_value(space, w_b)
    rel = 1e-09 if rel_tol is None else float_value(space, rel_tol)
    tol = 0.0 if abs_tol is None else float_value(space, abs_tol)
    return space.newbool(host_call(space, lambda: math.isclose(a, b, rel_tol=rel, abs_tol=tol)))
