"""Hypothesis writes traces: loops over ints, floats and a heap array, with
guards that may fail anywhere; every machine backend must agree with
llgraph on the DeadFrame, the heap and the GC counters."""

import math

from hypothesis import HealthCheck, given, settings, strategies as st

from test_backend import run_all
from pypyteach.vm.memory import layout as L
from pypyteach.vm.memory.lloperation import MAXINT, MININT

INT_OPS = ["int_add", "int_sub", "int_mul", "int_and", "int_or", "int_xor", "int_lt", "int_le", "int_eq",
           "int_ne", "int_gt", "int_ge", "uint_lt", "uint_ge", "uint_mul_high"]
FLOAT_OPS = ["float_add", "float_sub", "float_mul"]
FLOAT_CMP = ["float_lt", "float_le", "float_eq", "float_ne", "float_gt", "float_ge"]

ints = st.one_of(st.integers(-10, 10), st.sampled_from([MAXINT, MININT, MAXINT - 1, MININT + 1, 1 << 32, -(1 << 31)]),
                 st.integers(MININT, MAXINT))
floats = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0.0, -0.0, 0.5, -2.5, 1e19]))


class TraceBuilder:
    def __init__(self, draw):
        self.draw = draw
        self.lines = []
        self.ints = ["i0", "i1", "i2"]
        self.floats = ["f0", "f1"]
        self.counter = 10
        self.guards = 0

    def fresh(self, kind):
        self.counter += 1
        return "%s%d" % (kind, self.counter)

    def int_arg(self):
        if self.draw(st.integers(0, 4)) == 0:
            return str(self.draw(st.integers(-100, 100)))
        return self.draw(st.sampled_from(self.ints))

    def float_arg(self):
        return self.draw(st.sampled_from(self.floats))

    def guard(self, name, arg):
        self.guards += 1
        live = ", ".join(self.ints[-4:] + self.floats[-2:])
        args = "%s, " % arg if arg else ""
        self.lines.append("%s(%sdescr=g%d) [%s]" % (name, args, self.guards, live))

    def step(self):
        kind = self.draw(st.sampled_from(["int", "int", "ovf", "shift", "div", "float", "fcmp", "cast",
                                          "unary", "mem", "guard"]))
        getattr(self, "op_" + kind)()

    def op_int(self):
        res = self.fresh("i")
        self.lines.append("%s = %s(%s, %s)" % (res, self.draw(st.sampled_from(INT_OPS)), self.int_arg(),
                                                self.int_arg()))
        self.ints.append(res)

    def op_unary(self):
        res = self.fresh("i")
        name = self.draw(st.sampled_from(["int_neg", "int_invert", "int_is_true", "int_is_zero"]))
        self.lines.append("%s = %s(%s)" % (res, name, self.draw(st.sampled_from(self.ints))))
        self.ints.append(res)

    def op_ovf(self):
        res = self.fresh("i")
        name = self.draw(st.sampled_from(["int_add_ovf", "int_sub_ovf", "int_mul_ovf"]))
        self.lines.append("%s = %s(%s, %s)" % (res, name, self.int_arg(), self.int_arg()))
        self.guard(self.draw(st.sampled_from(["guard_no_overflow", "guard_overflow"])), None)
        self.ints.append(res)

    def op_shift(self):
        res = self.fresh("i")
        name = self.draw(st.sampled_from(["int_lshift", "int_rshift", "uint_rshift"]))
        self.lines.append("%s = %s(%s, %d)" % (res, name, self.int_arg(), self.draw(st.integers(0, 70))))
        self.ints.append(res)

    def op_div(self):
        res = self.fresh("i")
        name = self.draw(st.sampled_from(["int_floordiv", "int_mod"]))
        divisor = self.draw(st.sampled_from([-7, -3, -2, -1, 1, 2, 3, 10, 1 << 40]))
        self.lines.append("%s = %s(%s, %d)" % (res, name, self.int_arg(), divisor))
        self.ints.append(res)

    def op_float(self):
        res = self.fresh("f")
        self.lines.append("%s = %s(%s, %s)" % (res, self.draw(st.sampled_from(FLOAT_OPS)), self.float_arg(),
                                                self.float_arg()))
        self.floats.append(res)

    def op_fcmp(self):
        res = self.fresh("i")
        self.lines.append("%s = %s(%s, %s)" % (res, self.draw(st.sampled_from(FLOAT_CMP)), self.float_arg(),
                                                self.float_arg()))
        self.ints.append(res)

    def op_cast(self):
        if self.draw(st.booleans()):
            res = self.fresh("i")
            self.lines.append("%s = cast_float_to_int(%s)" % (res, self.float_arg()))
            self.ints.append(res)
        else:
            res = self.fresh("f")
            self.lines.append("%s = cast_int_to_float(%s)" % (res, self.draw(st.sampled_from(self.ints))))
            self.floats.append(res)

    def op_mem(self):
        index = self.fresh("i")
        self.lines.append("%s = int_and(%s, 7)" % (index, self.draw(st.sampled_from(self.ints))))
        if self.draw(st.booleans()):
            res = self.fresh("i")
            self.lines.append("%s = getarrayitem_gc_i(p0, %s, descr=arr_i)" % (res, index))
            self.ints.append(res)
        else:
            self.lines.append("setarrayitem_gc(p0, %s, %s, descr=arr_i)" % (index, self.int_arg()))
        if self.draw(st.booleans()):
            res = self.fresh("f")
            self.lines.append("%s = getfield_gc_f(p1, descr=floatval)" % res)
            self.floats.append(res)
        else:
            self.lines.append("setfield_gc(p1, %s, descr=floatval)" % self.float_arg())

    def op_guard(self):
        which = self.draw(st.sampled_from(["guard_true", "guard_false", "guard_value"]))
        if which == "guard_value":
            self.guard(which, "%s, %d" % (self.draw(st.sampled_from(self.ints)), self.draw(st.integers(-2, 2))))
        else:
            self.guard(which, self.draw(st.sampled_from(self.ints)))

    def text(self):
        header = ["[i0, i1, i2, f0, f1, p0, p1, i9]", "label(i0, i1, i2, f0, f1, p0, p1, i9, descr=t1)"]
        count = ["i99 = int_add(i9, 1)", "i98 = int_lt(i99, 25)",
                 "guard_true(i98, descr=g90) [%s]" % ", ".join(self.ints + self.floats + ["i99"])]
        jump = "jump(%s, %s, %s, %s, %s, p0, p1, i99, descr=t1)" % (
            self.ints[-1], self.ints[-2], self.ints[-3], self.floats[-1], self.floats[-2])
        return "\n".join(header + self.lines + count + [jump])


@st.composite
def traces(draw):
    builder = TraceBuilder(draw)
    for _ in range(draw(st.integers(1, 14))):
        builder.step()
    return builder.text()


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(traces(), st.lists(ints, min_size=3, max_size=3), st.lists(floats, min_size=2, max_size=2),
       st.lists(st.integers(-5, 5), min_size=8, max_size=8))
def test_random_traces_agree_with_llgraph(text, int_args, float_args, items):
    def scenario(env):
        array = env.array(L.GcIntArray, items)
        box = env.obj(L.W_FloatObject, floatval=0.25)
        loop = env.compile_loop(text)
        dead = env.run(loop, int_args + float_args + [array, box, 0])
        return [env.summary(dead)]
    run_all(scenario)


@settings(max_examples=5, deadline=None)
@given(traces())
def test_generator_makes_valid_traces(text):
    assert text.startswith("[i0") and "jump(" in text and math.isfinite(len(text))
