"""Machine backends against llgraph: loops that iterate many times, several
labels, bridges attached and taken (fail counts included), inline
allocation and nursery exhaustion."""

import pytest

from test_backend import Env, run_all, run_trace, MACHINES
from pypyteach.vm.memory import layout as L

SUM_LOOP = """
[i0, i1]
label(i0, i1, descr=t1)
i2 = int_add(i0, 1)
i3 = int_add(i1, i2)
i4 = int_lt(i2, {n})
guard_true(i4, descr=g1) [i2, i3]
jump(i2, i3, descr=t1)
"""


def test_loop_iterates_many_times():
    result = run_trace(SUM_LOOP.format(n=100000), [[0, 0], [99990, 5]])
    assert result[0][3] == [100000, 5000050000]


def test_two_labels_preamble_and_peeled_loop():
    text = """
    [i0, i1]
    label(i0, i1, descr=t1)
    i2 = int_add(i0, 10)
    i3 = int_mul(i1, 2)
    label(i0, i3, i2, descr=t2)
    i4 = int_add(i0, 1)
    i5 = int_add(i3, i2)
    i6 = int_lt(i4, 1000)
    guard_true(i6, descr=g1) [i4, i5, i2]
    jump(i4, i5, i2, descr=t2)
    """
    run_trace(text, [[0, 1], [998, 7]])


def test_label_with_constant_and_repeated_arguments():
    text = """
    [i0, i1]
    label(i0, i1, descr=t1)
    i2 = int_add(i0, i1)
    label(i2, i2, 5, i1, descr=t2)
    i3 = int_add(i2, 1)
    i4 = int_lt(i3, 100)
    guard_true(i4, descr=g1) [i3, i1]
    jump(i3, i3, 5, i1, descr=t2)
    """
    run_trace(text, [[0, 1], [50, 3]])


BRIDGED_LOOP = """
[i0, i1]
label(i0, i1, descr=t1)
i2 = int_add(i0, 1)
i3 = int_mod(i2, 10)
i4 = int_is_true(i3)
guard_true(i4, descr=g2) [i2, i1]
i5 = int_add(i1, i2)
i6 = int_lt(i2, 1000)
guard_true(i6, descr=g1) [i2, i5]
jump(i2, i5, descr=t1)
"""

BRIDGE = """
[i0, i1]
i2 = int_sub(i1, 1000)
i3 = int_lt(i0, 500)
guard_true(i3, descr=g3) [i0, i2]
jump(i0, i2, descr=t1)
"""


def test_bridge_attached_and_taken_natively():
    def scenario(env):
        loop = env.compile_loop(BRIDGED_LOOP)
        first = env.summary(env.run(loop, [0, 0]))
        env.compile_bridge("g2", BRIDGE)
        second = env.summary(env.run(loop, [0, 0]))
        bridge_exit = env.ns["g3"].op
        return [first, second, env.ns["g2"].fail_count, second[2] == bridge_exit.name]
    result = run_all(scenario)
    assert result[1][2] == "guard_true" and result[2] == 50      # at 10, 20 ... 500: the last leaves through g3


def test_bridge_out_of_a_bridge_and_into_a_second_label():
    loop_text = """
    [i0, i1]
    label(i0, i1, descr=t1)
    i2 = int_add(i1, 3)
    label(i0, i2, descr=t2)
    i3 = int_add(i0, 1)
    i4 = int_and(i3, 7)
    guard_true(i4, descr=g2) [i3, i2]
    i5 = int_lt(i3, 300)
    guard_true(i5, descr=g1) [i3, i2]
    jump(i3, i2, descr=t2)
    """
    bridge1 = """
    [i0, i1]
    i2 = int_add(i1, 1)
    i3 = int_and(i0, 63)
    guard_true(i3, descr=g3) [i0, i2]
    jump(i0, i2, descr=t2)
    """
    bridge2 = """
    [i0, i1]
    i2 = int_mul(i1, 2)
    jump(i0, i2, descr=t1)
    """

    def scenario(env):
        loop = env.compile_loop(loop_text)
        out = [env.summary(env.run(loop, [0, 0]))]
        env.compile_bridge("g2", bridge1)
        out.append(env.summary(env.run(loop, [0, 0])))
        env.compile_bridge("g3", bridge2)
        out.append(env.summary(env.run(loop, [0, 0])))
        return out + [env.ns["g2"].fail_count, env.ns["g3"].fail_count]
    run_all(scenario)


def test_bridge_with_float_and_spilled_inputs():
    loop_text = """
    [i0, f1, f2]
    label(i0, f1, f2, descr=t1)
    i3 = int_add(i0, 1)
    f4 = float_add(f1, 0.5)
    f5 = float_mul(f2, 1.5)
    i6 = int_and(i3, 3)
    guard_true(i6, descr=g2) [i3, f4, f5, i0, f1]
    i7 = int_lt(i3, 100)
    guard_true(i7, descr=g1) [i3, f4, f5]
    jump(i3, f4, f5, descr=t1)
    """
    bridge = """
    [i0, f1, f2, i3, f4]
    f5 = float_sub(f2, f4)
    f6 = float_truediv(f5, 3.0)
    jump(i0, f1, f6, descr=t1)
    """

    def scenario(env):
        loop = env.compile_loop(loop_text)
        env.run(loop, [0, 0.0, 1.0])
        env.compile_bridge("g2", bridge)
        return [env.summary(env.run(loop, [0, 0.0, 1.0]))]
    run_all(scenario)


# -- allocation -------------------------------------------------------------------------------

ALLOC_LOOP = """
[i0, p1]
label(i0, p1, descr=t1)
p2 = new_with_vtable(descr=size_int) [i0, p1]
setfield_gc(p2, i0, descr=intval)
p3 = new_array(i0, descr=arr_i) [i0, p1]
setfield_gc(p2, i0, descr=intval)
p4 = new_array(3, descr=arr_r)
setarrayitem_gc(p4, 0, p1, descr=arr_r)
setarrayitem_gc(p4, 1, p2, descr=arr_r)
setarrayitem_gc(p4, 2, p3, descr=arr_r)
p5 = new_with_vtable(descr=size_float)
setfield_gc(p5, 1.5, descr=floatval)
p6 = new_array(i0, descr=arr_u)
i7 = int_add(i0, 1)
i8 = int_lt(i7, {n})
guard_true(i8, descr=g1) [i7, p4, p5, p6]
jump(i7, p4, descr=t1)
"""


@pytest.mark.parametrize("allowance", [0, 100, 5000, 10 ** 7])
def test_inline_allocation_and_nursery_exhaustion(allowance):
    def scenario(env):
        env.gc.threshold = env.gc.bytes_since_collect + allowance
        loop = env.compile_loop(ALLOC_LOOP.format(n=300))
        env.gc.threshold = env.gc.bytes_since_collect + allowance
        deads = [env.run(loop, [0, 0])]
        env.gc.threshold = env.gc.bytes_since_collect + allowance // 2
        deads.append(env.run(loop, [5, 0]))
        return [env.summary(dead) for dead in deads]
    result = run_all(scenario)
    assert result[0][0] == ("nursery" if allowance < 10 ** 6 else "guard")


def test_allocation_switches_to_the_next_free_chunk():
    """Past the current chunk's top, the slow path takes the GC's next chunk."""
    def scenario(env):
        loop = env.compile_loop(ALLOC_LOOP.format(n=40))
        gc = env.gc
        gc.chunks = [(gc.nursery_free + 4096, env.heap.end - gc.nursery_free - 4096)]
        gc.nursery_top = gc.nursery_free + 200
        return [env.summary(env.run(loop, [0, 0])), gc.nursery_top]
    run_all(scenario)


def test_negative_array_length_goes_to_the_host_allocator():
    def scenario(env):
        loop = env.compile_loop("[i0]\nlabel(i0, descr=t1)\np1 = new_array(i0, descr=arr_i) [i0]\n"
                                "i2 = arraylen_gc(p1, descr=arr_i)\nguard_false(1, descr=g0) [i2]\n"
                                "jump(i0, descr=t1)")
        return [env.summary(env.run(loop, [n])) for n in (0, 1, 1000, 100000)]
    run_all(scenario)


@pytest.mark.parametrize("backend", MACHINES)
def test_compiled_loop_body_is_short(backend):
    env = Env(backend)
    loop = env.compile_loop(SUM_LOOP.format(n=100))
    trace = loop.compiled
    start = trace.label_addresses[env.ns["t1"]]
    body = [row for row in trace.disassemble() if row.address >= start and row.role == "body"]
    assert len(body) <= 6, "\n" + trace.format()


# -- the jitframe grows; bridges compiled from inside a run -------------------------------------

def wide_bridge(n):
    """A bridge with n values live at once: it needs more jitframe slots."""
    lines = ["[i0]"] + ["i%d = int_add(i0, %d)" % (100 + k, k) for k in range(n)]
    lines.append("guard_false(1, descr=g7) [%s]" % ", ".join("i%d" % (100 + k) for k in range(n)))
    lines.append("jump(i0, descr=t1)")
    return "\n".join(lines)


@pytest.mark.parametrize("backend", MACHINES)
def test_jitframe_grows_for_a_wide_trace(backend):
    env = Env(backend)
    before = env.backend.frames.slots
    loop = env.compile_loop("[i0]\nlabel(i0, descr=t1)\ni1 = int_add(i0, 1)\n"
                            "guard_false(1, descr=g0) [%s]\njump(i1, descr=t1)" % ", ".join(["i0", "i1"] * 100))
    assert env.backend.frames.slots >= 200 > before
    dead = env.run(loop, [41])
    assert dead.values == [41, 42] * 100
    assert env.backend.frames.length(env.backend.frames.frames[0]) >= 200


@pytest.mark.parametrize("backend", MACHINES)
def test_bridge_compiled_inside_a_run_is_attached_after_it(backend):
    holder = {}

    def compile_bridge(env):
        def host(value):
            if "bridge" not in holder:
                holder["bridge"] = env.compile_bridge("g2", wide_bridge(150))
            return value
        return host
    env = Env(backend, calls={"c_compile": (compile_bridge, "i", "i")})
    loop = env.compile_loop("""
    [i0]
    label(i0, descr=t1)
    i1 = call_i(1, i0, descr=c_compile)
    guard_no_exception(descr=g1) [i0]
    i2 = int_add(i1, 1)
    i3 = int_lt(i2, 10)
    guard_true(i3, descr=g2) [i2]
    jump(i2, descr=t1)
    """)
    first = env.run(loop, [0])
    assert first.op.name == "guard_true" and first.values == [10]      # the bridge was not attached yet
    second = env.run(loop, [0])
    assert second.op is env.ns["g7"].op and second.values == [10 + k for k in range(150)]
    assert env.ns["g2"].fail_count == 1                                  # the entry into the bridge
