"""The guest math module against CPython's (results and error messages)."""

import math

import pytest
from hypothesis import given, settings, strategies as st, HealthCheck

from test_builtins import check, check_lines, float_literal, vm_run

PROGRAMS = [
    "import math\nprint(math.pi, math.e, math.tau, math.inf, -math.inf, math.nan)",
    "from math import sqrt, pi\nprint(sqrt(16), sqrt(2), sqrt(0.0), sqrt(True), pi)",
    "import math\nprint(math.floor(2.5), math.floor(-2.5), math.ceil(2.1), math.ceil(-2.1), math.floor(7))",
    "import math\nprint(type(math.floor(2.5)), type(math.ceil(2.5)), math.floor(2**70), math.ceil(True))",
    "import math\nprint(math.floor(-0.5), math.ceil(-0.5), math.trunc(2.7), math.trunc(-2.7), math.trunc(True))",
    "import math\nprint(math.sin(0), math.cos(0), math.tan(1), math.asin(1), math.acos(0), math.atan(1))",
    "import math\nprint(math.atan2(1, 0), math.atan2(-1, -1), math.hypot(3, 4), math.hypot(3, 4, 12), math.hypot())",
    "import math\nprint(math.exp(1), math.exp(0), math.log(math.e), math.log(8, 2), math.log(100, 10))",
    "import math\nprint(math.log2(1024), math.log10(1000), math.log(10**400), math.log2(2**2000), math.log(True))",
    "import math\nprint(math.log(2**2000, 2), math.log10(10**400), math.log1p(1e-10), math.expm1(1e-10))",
    "import math\nprint(math.pow(2, 10), math.pow(2, 0.5), math.pow(-8, 3), math.fabs(-3), math.fabs(2))",
    "import math\nprint(math.fmod(7, 3), math.fmod(-7, 2), math.fmod(7.5, -2), math.remainder(7, 3))",
    "import math\nprint(math.degrees(math.pi), math.radians(180), math.copysign(3, -0.0), math.copysign(-2, 1))",
    "import math\nprint(math.isfinite(1.5), math.isfinite(math.inf), math.isinf(-math.inf), math.isnan(math.nan))",
    "import math\nprint(math.isnan(1), math.isinf(2**70), math.isfinite(0))",
    "import math\nprint(math.gcd(12, 18), math.gcd(), math.gcd(0, 0), math.gcd(-4, 6, 10), math.gcd(True, 4))",
    "import math\nprint(math.lcm(4, 6), math.lcm(), math.isqrt(17), math.isqrt(2**100), math.comb(5, 2), math.perm(5, 2))",
    "import math\nprint(math.factorial(0), math.factorial(5), math.factorial(25), math.factorial(True), math.perm(4))",
    "import math\nprint(math.isclose(1, 1.0), math.isclose(1.0, 1.0 + 1e-10), math.isclose(1, 1.1, rel_tol=0.2))",
    "import math\nprint(math.isclose(0, 1e-12, abs_tol=1e-9), math.isclose(math.inf, math.inf), math.isclose(1, 2))",
    "import math\nprint(math.fsum([0.1] * 10), sum([0.1] * 10), math.prod([1, 2, 3, 4]), math.prod([], start=5))",
    "import math\nprint(math.prod([2.5, 2]), math.dist((0, 0), (3, 4)), math.dist([1, 1, 1], [2, 2, 2]))",
    "import math\nm, e = math.frexp(8.0)\nprint(m, e)\nf, i = math.modf(2.5)\nprint(f, i, math.ldexp(0.5, 4))",
    "import math\nprint(math.sinh(1), math.cosh(1), math.tanh(1), math.asinh(1), math.acosh(2), math.atanh(0.5))",
    "import math\nprint(math.erf(1), math.erfc(1), math.gamma(5), math.lgamma(5), math.cbrt(27))",
    "import math\nclass F:\n    def __float__(self): return 4.0\nprint(math.sqrt(F()), math.floor(F()), math.exp(F()))",
    "import math\nclass I:\n    def __index__(self): return 6\nprint(math.factorial(I()), math.gcd(I(), 4), math.sqrt(I()))",
    "import math\nclass R:\n    def __floor__(self): return 'floor'\n    def __ceil__(self): return 'ceil'\n"
    "    def __trunc__(self): return 'trunc'\nprint(math.floor(R()), math.ceil(R()), math.trunc(R()))",
    "import math\nprint(math.sqrt.__name__, math.__name__, type(math.sqrt))",
    "import math as m\nfrom math import floor as fl\nprint(m.floor(3.5), fl(-3.5))",
]

ERRORS = [
    "math.sqrt()", "math.sqrt(x=1)", "math.sqrt(1, 2)", "math.atan2(1)", "math.log()", "math.log(1, 2, 3)",
    "math.sqrt('a')", "math.floor('a')", "math.trunc('a')", "math.gcd(1.5)", "math.factorial(5.0)",
    "math.factorial(-1)", "math.factorial(1.5)", "math.isclose(1)", "math.isclose(1, 2, rel_tol=-1)",
    "math.isclose(1, 2, 3)", "math.isclose(1, 2, foo=3)", "math.log(0)", "math.log(-2**2000)", "math.exp(1000)",
    "math.sqrt(-1)", "math.log(1, 1)", "math.fmod(1, 0)", "math.pow(0, -1)", "math.pow(-1, 0.5)",
    "math.pow(10, 400)", "math.hypot('a')", "math.hypot(1, x=2)", "math.copysign(1)", "math.floor(float('inf'))",
    "math.ceil(float('nan'))", "math.sqrt(10**400)", "math.isfinite(2**2000)", "math.pow(1)", "math.fabs()",
    "math.degrees()", "math.gcd(x=1)", "math.prod()", "math.prod([1], 2)", "math.prod([1], foo=2)",
    "math.fsum()", "math.comb(1)", "math.comb(5, -1)", "math.comb(-1, 2)", "math.perm(5, -1)",
    "math.ldexp(1.0, 1.5)", "math.ldexp(1, 2000)", "math.isqrt(-1)", "math.isqrt(1.5)", "math.log('a')",
    "math.log(1, 'a')", "math.exp('a')", "math.atan2('a', 1)", "math.log1p(-1)", "math.expm1(1000)",
    "math.sinh(1000)", "math.acos(2)", "math.asin(-2)", "math.gamma(0)", "math.lgamma(0)", "math.remainder(1, 0)",
    "math.dist([1], [1, 2])", "math.log2(0)", "math.log10(-1)", "math.trunc()", "math.floor()", "math.nosuch",
]


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.splitlines()[1][:50] for p in PROGRAMS])
def test_math_programs(program):
    check(program)


@pytest.mark.parametrize("expression", ERRORS, ids=ERRORS)
def test_math_errors(expression):
    check("import math\n%s\n" % expression)


def test_from_math_import_missing_name():
    # CPython names the file of its math extension here: compare the start only
    stdout, type_name, message = vm_run("from math import nosuch\n")
    assert type_name == "ImportError" and message.startswith("cannot import name 'nosuch' from 'math'")


def test_math_error_messages_are_cpythons():
    for expression, expected in [("math.sqrt(-1)", ("ValueError", "math domain error")),
                                 ("math.exp(1000)", ("OverflowError", "math range error")),
                                 ("math.factorial(-1)", ("ValueError", "factorial() not defined for negative values"))]:
        assert vm_run("import math\n%s\n" % expression)[1:] == expected


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
REALS = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-2**80, 2**80),
                  st.floats(-10, 10))
ONE_ARG = ["sqrt", "floor", "ceil", "sin", "cos", "tan", "asin", "acos", "atan", "exp", "log", "log2", "log10",
           "fabs", "degrees", "radians", "isfinite", "isinf", "isnan", "trunc", "expm1", "log1p", "sinh",
           "cosh", "tanh", "asinh", "acosh", "atanh", "erf", "erfc", "gamma", "lgamma", "cbrt"]
TWO_ARGS = ["atan2", "pow", "fmod", "hypot", "copysign", "log", "remainder", "isclose", "dist"]


def _lit(x):
    return float_literal(x) if isinstance(x, float) else repr(x)


@SETTINGS
@given(st.lists(REALS, min_size=1, max_size=4))
def test_one_argument_functions(values):
    lines = ["math.%s(%s)" % (name, _lit(v)) for v in values for name in ONE_ARG]
    check_lines_math(lines)


@SETTINGS
@given(st.lists(st.tuples(REALS, REALS), min_size=1, max_size=4))
def test_two_argument_functions(pairs):
    lines = []
    for a, b in pairs:
        for name in TWO_ARGS:
            args = "(%s,), (%s,)" % (_lit(a), _lit(b)) if name == "dist" else "%s, %s" % (_lit(a), _lit(b))
            lines.append("math.%s(%s)" % (name, args))
    check_lines_math(lines)


@SETTINGS
@given(st.lists(st.integers(-30, 300), min_size=1, max_size=6))
def test_integer_functions(values):
    lines = []
    for a, b in zip(values, values[1:] + values[:1]):
        lines += ["math.factorial(%d)" % a, "math.gcd(%d, %d)" % (a, b), "math.lcm(%d, %d)" % (a, b),
                  "math.isqrt(%d)" % a, "math.comb(%d, %d)" % (a, b % 40), "math.perm(%d, %d)" % (a, b % 10)]
    check_lines_math(lines)


def check_lines_math(lines):
    check_lines(lines, prelude="import math\n")


def test_math_module_has_constants_of_the_host():
    assert vm_run("import math\nprint(repr(math.pi), repr(math.e), repr(math.tau))\n")[0] == \
        "%r %r %r\n" % (math.pi, math.e, math.tau)
