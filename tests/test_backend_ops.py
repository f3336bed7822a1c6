"""Machine backends against llgraph: floats, memory, every guard kind,
residual calls (also raising ones), invalidation."""

import math

import pytest

from test_backend import Env, INTS, run_all, run_trace, BACKENDS
from pypyteach.vm.memory import layout as L
from pypyteach.vm.objspace.operationerror import OperationError

FLOATS = [0.0, -0.0, 1.5, -2.25, 3.7, -3.7, 0.1, 1e308, -1e308, 5e-324, math.inf, -math.inf, math.nan,
          2.0 ** 63, -2.0 ** 63, 2.0 ** 64 + 4096.0, 1e20, -1e20, 123456789.987]
FPAIRS = [(a, b) for a in FLOATS for b in FLOATS]

FLOAT_TEMPLATE = """
[f0, f1]
label(f0, f1, descr=t1)
{res} = {op}({a}, {b})
guard_false(1, descr=g0) [{res}, f0, f1]
jump(f0, f1, descr=t1)
"""


@pytest.mark.parametrize("op", ["float_add", "float_sub", "float_mul", "float_truediv",
                                "float_lt", "float_le", "float_eq", "float_ne", "float_gt", "float_ge"])
def test_float_binary_ops_nan_inf_negative_zero(op):
    res = "i2" if op[6:] in ("lt", "le", "eq", "ne", "gt", "ge") else "f2"
    pairs = [(a, b) for a, b in FPAIRS if not (op == "float_truediv" and b == 0.0)]
    for a, b in [("f0", "f1"), ("f0", "1.5"), ("-0.0", "f1"), ("f0", "f0"), ("f1", "nan")]:
        if op == "float_truediv" and b in ("f1", "f0"):
            operands = pairs if b == "f1" else [(x, y) for x, y in pairs if x != 0.0]
        else:
            operands = pairs
        run_trace(FLOAT_TEMPLATE.format(op=op, res=res, a=a, b=b), operands)


@pytest.mark.parametrize("op", ["float_lt", "float_le", "float_eq", "float_ne", "float_gt", "float_ge"])
@pytest.mark.parametrize("guard", ["guard_true", "guard_false"])
def test_float_comparison_fused_into_guard(op, guard):
    text = """
    [f0, f1]
    label(f0, f1, descr=t1)
    i2 = {op}(f0, f1)
    {guard}(i2, descr=g1) [f0, f1]
    guard_false(1, descr=g0) [f1]
    jump(f0, f1, descr=t1)
    """.format(op=op, guard=guard)
    run_trace(text, FPAIRS[::3])


@pytest.mark.parametrize("op", ["float_neg", "float_abs", "same_as_f", "cast_float_to_int"])
def test_float_unary_ops(op):
    res = "i1" if op == "cast_float_to_int" else "f1"
    text = """
    [f0]
    label(f0, descr=t1)
    {res} = {op}(f0)
    guard_false(1, descr=g0) [{res}, f0]
    jump(f0, descr=t1)
    """.format(op=op, res=res)
    run_trace(text, [[v] for v in FLOATS + [-1.5, 2.5, -0.5, 1e19, -9.2e18, 9.3e18, 1e300]])


def test_cast_int_to_float():
    text = """
    [i0]
    label(i0, descr=t1)
    f1 = cast_int_to_float(i0)
    f2 = cast_int_to_float(-3)
    guard_false(1, descr=g0) [f1, f2, i0]
    jump(i0, descr=t1)
    """
    run_trace(text, [[v] for v in INTS])


def test_guard_value_on_floats():
    text = """
    [f0]
    label(f0, descr=t1)
    guard_value(f0, 1.5, descr=g1) [f0]
    guard_false(1, descr=g0) [f0]
    jump(f0, descr=t1)
    """
    run_trace(text, [[v] for v in FLOATS + [1.5]])


# -- memory ------------------------------------------------------------------------------------

def test_fields_of_objects_and_constant_pointers():
    def scenario(env):
        a = env.obj(L.W_IntObject, intval=41)
        b = env.obj(L.W_FloatObject, floatval=-2.5)
        c = env.obj(L.W_CellObject, ref=a)
        env.ns["pa"], env.ns["pb"] = a, b
        loop = env.compile_loop("""
        [p0, p1, p2]
        label(p0, p1, p2, descr=t1)
        i3 = getfield_gc_i(p0, descr=intval)
        i4 = int_add(i3, 1)
        setfield_gc(p0, i4, descr=intval)
        f5 = getfield_gc_f(p1, descr=floatval)
        f6 = float_mul(f5, 2.0)
        setfield_gc(p1, f6, descr=floatval)
        p7 = getfield_gc_r(p2, descr=cellref)
        i8 = getfield_gc_i(ConstPtr(pa), descr=intval)
        setfield_gc(ConstPtr(pb), 0.25, descr=floatval)
        setfield_gc(p2, p1, descr=cellref)
        setfield_gc(p0, -12345678901234, descr=intval)
        guard_false(1, descr=g0) [p7, i8, f6, i4]
        jump(p0, p1, p2, descr=t1)
        """)
        return [env.summary(env.run(loop, [a, b, c]))]
    run_all(scenario)


def test_array_items_constant_and_variable_index():
    def scenario(env):
        refs = env.array(L.GcArray, [env.obj(L.W_IntObject, intval=i) for i in range(4)])
        ints = env.array(L.GcIntArray, [10, -20, 30, MAX := (1 << 63) - 1])
        text = env.array(L.W_UnicodeObject, [0x41, 0x42, 0x43, 0x44, 0x45])
        entries = env.array(L.GcDictEntries, [7, 8, 9])
        loop = env.compile_loop("""
        [p0, p1, p2, p3, i4]
        label(p0, p1, p2, p3, i4, descr=t1)
        p5 = getarrayitem_gc_r(p0, i4, descr=arr_r)
        i6 = getarrayitem_gc_i(p1, i4, descr=arr_i)
        i7 = getarrayitem_gc_i(p1, 3, descr=arr_i)
        setarrayitem_gc(p1, i4, 99, descr=arr_i)
        setarrayitem_gc(p1, 0, i6, descr=arr_i)
        setarrayitem_gc(p0, 3, p5, descr=arr_r)
        i8 = getarrayitem_gc_i(p2, i4, descr=arr_u)
        i9 = getarrayitem_gc_i(p3, i4, descr=arr_s)
        setarrayitem_gc(p3, i4, i7, descr=arr_s)
        i10 = arraylen_gc(p0, descr=arr_r)
        i11 = arraylen_gc(p2, descr=arr_u)
        guard_false(1, descr=g0) [p5, i6, i7, i8, i9, i10, i11]
        jump(p0, p1, p2, p3, i4, descr=t1)
        """)
        return [env.summary(env.run(loop, [refs, ints, text, entries, i])) for i in (0, 1, 2)]
    run_all(scenario)


def spill_trace(n, kind="i"):
    """n values live at once: more than the registers, some go to jitframe slots."""
    add = "int_add" if kind == "i" else "float_add"
    lines = ["[%s0, p1]" % kind, "label(%s0, p1, descr=t1)" % kind]
    values = []
    for k in range(1, n + 1):
        values.append("%s%d" % (kind, 100 + k))
        lines.append("%s = %s(%s0, %s)" % (values[-1], add, kind, k if kind == "i" else "%d.5" % k))
    if kind == "i":
        lines += ["setarrayitem_gc(p1, %d, %s, descr=arr_i)" % (k, v) for k, v in enumerate(values[:10])]
    total = "%s0" % kind
    for k, value in enumerate(values):
        lines.append("%s%d = %s(%s, %s)" % (kind, 200 + k, add, total, value))
        total = "%s%d" % (kind, 200 + k)
    lines.append("guard_false(1, descr=g0) [%s]" % ", ".join(values + [total]))
    lines.append("jump(%s0, p1, descr=t1)" % kind)
    return "\n".join(lines)


@pytest.mark.parametrize("kind", ["i", "f"])
def test_spilled_values(kind):
    def scenario(env):
        arr = env.array(L.GcIntArray, [0] * 40)
        loop = env.compile_loop(spill_trace(30, kind))
        return [env.summary(env.run(loop, [v, arr])) for v in ((0, 3) if kind == "i" else (0.5, -1.25))]
    run_all(scenario)


# -- guards ------------------------------------------------------------------------------------

GUARD_CASES = [
    ("guard_true(i0, descr=g1) [i0]", [[0], [1], [-5]]),
    ("guard_false(i0, descr=g1) [i0]", [[0], [1], [-5]]),
    ("guard_value(i0, 7, descr=g1) [i0]", [[7], [8], [-7]]),
    ("guard_value(i0, 1234567890123, descr=g1) [i0]", [[1234567890123], [7]]),
]


@pytest.mark.parametrize("guard, args", GUARD_CASES)
def test_int_guards_pass_and_fail(guard, args):
    text = "[i0]\nlabel(i0, descr=t1)\n%s\nguard_false(1, descr=g0) [i0]\njump(i0, descr=t1)" % guard
    run_trace(text, args)


@pytest.mark.parametrize("guard", ["guard_class(p0, ConstClass(W_IntObject), descr=g1) [p0]",
                                   "guard_nonnull(p0, descr=g1) [p0]",
                                   "guard_isnull(p0, descr=g1) [p0]",
                                   "guard_value(p0, ConstPtr(pint), descr=g1) [p0]"])
def test_ref_guards_pass_and_fail(guard):
    def scenario(env):
        pint = env.obj(L.W_IntObject, intval=3)
        pfloat = env.obj(L.W_FloatObject, floatval=3.0)
        env.ns["pint"] = pint
        loop = env.compile_loop("[p0]\nlabel(p0, descr=t1)\n%s\nguard_false(1, descr=g0) [p0]\n"
                                "jump(p0, descr=t1)" % guard)
        return [env.summary(env.run(loop, [p])) for p in (pint, pfloat, 0, env.obj(L.W_IntObject, intval=4))]
    run_all(scenario)


def test_guard_nonnull_class():
    """Null or another class fails."""
    def scenario(env):
        pint, pfloat = env.obj(L.W_IntObject, intval=3), env.obj(L.W_FloatObject, floatval=3.0)
        loop = env.compile_loop("[p0]\nlabel(p0, descr=t1)\nguard_nonnull_class(p0, ConstClass(W_IntObject), "
                                "descr=g1) [p0]\nguard_false(1, descr=g0) [p0]\njump(p0, descr=t1)")
        return [env.run(loop, [p]).op.name for p in (pint, pfloat, 0)]
    assert run_all(scenario) == ["guard_false", "guard_nonnull_class", "guard_nonnull_class"]


def test_guard_not_invalidated():
    def scenario(env):
        loop = env.compile_loop("[i0]\nlabel(i0, descr=t1)\nguard_not_invalidated(descr=g1) [i0]\n"
                                "guard_false(1, descr=g0) [i0]\njump(i0, descr=t1)")
        first = env.summary(env.run(loop, [1]))
        loop.invalidated = True
        return [first, env.summary(env.run(loop, [2]))]
    assert [s[2] for s in run_all(scenario)] == ["guard_false", "guard_not_invalidated"]


def test_guard_not_invalidated_watching_the_loop_a_bridge_enters():
    """A short preamble's guard_not_invalidated checks the loop it enters
    (GuardDescr.watched_loop), not the loop it belongs to."""
    def scenario(env):
        entered = env.compile_loop("[i0]\nlabel(i0, descr=t2)\nguard_false(1, descr=g2) [i0]\njump(i0, descr=t2)")
        env.ns["g1"].watched_loop = entered         # set by the optimizer, before compiling
        loop = env.compile_loop("[i0]\nlabel(i0, descr=t1)\nguard_not_invalidated(descr=g1) [i0]\n"
                                "guard_false(1, descr=g0) [i0]\njump(i0, descr=t1)")
        first = env.summary(env.run(loop, [1]))
        entered.invalidated = True
        if hasattr(env.backend, "invalidate_loop"):
            env.backend.invalidate_loop(entered)
        return [first[2], env.summary(env.run(loop, [2]))[2]]
    assert run_all(scenario) == ["guard_false", "guard_not_invalidated"]


# -- residual calls ----------------------------------------------------------------------------

def _calls():
    def add(env):
        return lambda a, b: a + b

    def many(env):
        return lambda *args: sum(a * (k + 1) for k, a in enumerate(args))

    def fmix(env):
        return lambda a, x, b, y: a * x - b / y

    def boxed(env):
        return lambda value: env.space.newint(value)

    def boom(env):
        def raise_value_error(value):
            if value > 2:
                raise OperationError(env.space.new_exception(env.space.w_ValueError, env.space.newint(value)))
            return value * 10
        return raise_value_error

    def invalidate(env):
        def invalidate_loops(value):
            for loop in env.loops:
                loop.invalidated = True
            return value
        return invalidate_loops

    return {"c_add": (add, "ii", "i"), "c_many": (many, "i" * 9, "i"), "c_fmix": (fmix, "ifif", "f"),
            "c_box": (boxed, "i", "r"), "c_boom": (boom, "i", "i"), "c_inval": (invalidate, "i", "i"),
            "c_many_f": (many, "f" * 10, "f")}


def test_residual_calls_int_float_ref_and_many_arguments():
    text = """
    [i0, f1]
    label(i0, f1, descr=t1)
    i2 = call_i(1, i0, 5, descr=c_add)
    guard_no_exception(descr=g1) [i0]
    i3 = call_i(2, i0, i2, 3, 4, 5, 6, 7, i0, i2, descr=c_many)
    guard_no_exception(descr=g2) [i0]
    f4 = call_f(3, i0, f1, i2, 2.0, descr=c_fmix)
    guard_no_exception(descr=g3) [i0]
    p5 = call_r(4, i3, descr=c_box)
    guard_no_exception(descr=g4) [i0]
    f6 = call_f(5, f1, f4, f1, 1.0, 2.0, 3.0, f4, f1, 4.5, f4, descr=c_many_f)
    guard_no_exception(descr=g5) [i0]
    i7 = getfield_gc_i(p5, descr=intval)
    guard_false(1, descr=g0) [i0, f1, i2, i3, f4, p5, f6, i7]
    jump(i0, f1, descr=t1)
    """
    run_trace(text, [[3, 0.5], [-7, 1e10], [0, -0.0]], calls=_calls())


def test_raising_call_leaves_with_the_exception():
    text = """
    [i0, i1]
    label(i0, i1, descr=t1)
    i2 = call_i(1, i0, descr=c_boom)
    guard_no_exception(descr=g1) [i0, i1, i2]
    i3 = int_add(i1, i2)
    i4 = int_add(i0, 1)
    jump(i4, i3, descr=t1)
    """
    result = run_trace(text, [[0, 0], [5, 0]], calls=_calls())
    assert result[0][0] == "exception" and result[0][4] == ("ValueError", "3")


def test_values_live_across_calls_survive_clobbering():
    text = """
    [i0, i1, f2]
    label(i0, i1, f2, descr=t1)
    i3 = int_mul(i0, 3)
    f4 = float_add(f2, 1.0)
    i5 = call_i(1, i0, i1, descr=c_add)
    guard_no_exception(descr=g1) [i0]
    i6 = call_i(2, i3, i5, i1, i0, i3, i5, i1, i0, i3, descr=c_many)
    guard_no_exception(descr=g2) [i0]
    i7 = int_add(i3, i6)
    f8 = float_mul(f4, f2)
    i9 = int_add(i0, 1)
    i10 = int_lt(i9, 50)
    guard_true(i10, descr=g3) [i9, i7, f8, i3, i5, f4]
    jump(i9, i7, f8, descr=t1)
    """
    run_trace(text, [[0, 1, 0.5], [10, -3, 1.25]], calls=_calls())


def test_call_invalidating_the_loop_fails_the_next_guard_not_invalidated():
    text = """
    [i0]
    label(i0, descr=t1)
    guard_not_invalidated(descr=g1) [i0]
    i1 = call_i(1, i0, descr=c_inval)
    guard_no_exception(descr=g2) [i0]
    guard_not_invalidated(descr=g3) [i0, i1]
    i2 = int_add(i1, 1)
    jump(i2, descr=t1)
    """
    result = run_trace(text, [[4]], calls=_calls())
    assert result[0][2] == "guard_not_invalidated" and result[0][1] == 4


def test_string_ops_lowered_on_every_backend():
    """newunicode, unicodelen, unicodegetitem, unicodesetitem and
    copyunicodecontent (RPython's unicode family) compile on every machine
    backend (lowered to new_array, arraylen_gc, 4-byte item loads and
    stores, and a host helper call for the copy) and
    mean what llgraph says; the new string reads back through the VM."""
    from pypyteach.vm.objspace.std.strobject import newstr, str_value

    def scenario(env):
        text = newstr(env.space, "A\u20acC\U0001f600")
        loop = env.compile_loop("""
        [p0, i1]
        label(p0, i1, descr=t1)
        i2 = unicodelen(p0)
        i3 = unicodegetitem(p0, i1)
        i4 = int_add(i2, 2)
        p5 = newunicode(i4)
        copyunicodecontent(p0, p5, 0, 1, i2)
        unicodesetitem(p5, 0, i3)
        i6 = int_add(i2, 1)
        unicodesetitem(p5, i6, 122)
        i7 = unicodegetitem(p5, i6)
        i8 = unicodelen(p5)
        guard_false(1, descr=g0) [p5, i2, i3, i7, i8]
        jump(p0, i1, descr=t1)
        """)
        results = []
        for i in (0, 1, 3):
            dead = env.run(loop, [text, i])
            results.append((env.summary(dead), str_value(env.space, dead.values[0])))
        return results
    run_all(scenario)
