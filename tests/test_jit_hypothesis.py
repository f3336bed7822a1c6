"""Hypothesis writes programs: loops with int and float arithmetic, branches
and calls, a variable whose type changes between int and float in branches
(bridges that may or may not fit the loop body) and a temporary assigned
first thing in each iteration (dead at the loop header).  Each must print
the same with the JIT (llgraph and x86-64), without it, and under CPython."""

import contextlib
import io

from hypothesis import given, settings, HealthCheck, strategies as st

from pypyteach.run import run_source

VARS = ["a", "b", "c"]

int_const = st.integers(min_value=-9, max_value=9)
small = st.integers(min_value=1, max_value=7)


@st.composite
def int_expr(draw, depth=0):
    if depth > 2 or draw(st.booleans()):
        return draw(st.one_of(st.sampled_from(VARS + ["i"]), int_const.map(str)))
    left, right = draw(int_expr(depth + 1)), draw(int_expr(depth + 1))
    op = draw(st.sampled_from(["+", "-", "*", "%", "//", "&", "^"]))
    if op in ("%", "//"):
        return "(%s %s %d)" % (left, op, draw(small))
    return "(%s %s %s)" % (left, op, right)


@st.composite
def statement(draw):
    kind = draw(st.sampled_from(["assign", "if", "call", "float", "mixed", "temp"]))
    target = draw(st.sampled_from(VARS))
    if kind == "mixed":
        change = draw(st.sampled_from(["g = g * 0.5", "g = int(g) %% %d" % draw(small), "g = g + %s" % draw(int_expr())]))
        return ["if %s > %d:" % (draw(int_expr()), draw(int_const)), "    " + change,
                "else:", "    g = g + %s" % draw(int_expr())]
    if kind == "temp":
        return ["t = %s if i %% %d else %s * 0.5" % (draw(int_expr()), draw(small), draw(int_expr())),
                "f = f * 0.5 + t"]
    if kind == "assign":
        return ["%s = %s" % (target, draw(int_expr()))]
    if kind == "call":
        return ["%s = helper(%s, %s)" % (target, draw(int_expr()), draw(int_expr()))]
    if kind == "float":
        return ["f = f * 0.5 + %s" % draw(int_expr())]
    return ["if %s > %d:" % (draw(int_expr()), draw(int_const)),
            "    %s = %s" % (target, draw(int_expr())),
            "else:",
            "    %s = %s" % (target, draw(int_expr()))]


@st.composite
def program(draw):
    body = [line for _ in range(draw(st.integers(1, 5))) for line in draw(statement())]
    n = draw(st.integers(5, 40))
    lines = ["def helper(x, y):",
             "    if x > y:",
             "        return x - y",
             "    return (x + y) %% %d" % draw(small),
             "def run(n):",
             "    a, b, c, f, g = 1, 2, 3, 0.25, 1",
             "    for i in range(n):"]
    lines += ["        " + line for line in body]
    lines += ["        if a > 10**6 or a < -10**6:", "            a = a % 1000",
              "        if b > 10**6 or b < -10**6:", "            b = b % 1000",
              "        if c > 10**6 or c < -10**6:", "            c = c % 1000",
              "        if g > 10**6 or g < -10**6:", "            g = g % 1000",
              "    return a, b, c, f, g",
              "print(run(%d))" % n]
    return "\n".join(lines) + "\n"


def cpython(source):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "<generated>", "exec"), {"__name__": "__main__"})
    return out.getvalue()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(program(), st.integers(2, 6), st.integers(1, 4))
def test_generated_loops_same_with_and_without_jit(source, threshold, eagerness):
    assert_same_as_cpython_with_and_without_jit(source, threshold, eagerness)


def assert_same_as_cpython_with_and_without_jit(source, threshold, eagerness):
    expected = cpython(source)
    plain = run_source(source, "gen.py")
    assert plain.error is None, plain.error.traceback
    assert plain.stdout == expected
    for backend in ("llgraph", "x86_64"):
        jitted = run_source(source, "gen.py", jit=backend,
                            jit_params="threshold=%d,trace_eagerness=%d" % (threshold, eagerness))
        assert jitted.error is None, jitted.error.traceback
        assert jitted.stdout == expected, backend
