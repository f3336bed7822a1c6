"""Machine backends against llgraph, the reference (DESIGN decision 5).

Each test writes a trace as text (oparser), with real descrs from
vm/memory/layout.py, and runs it on every backend from the same inputs in fresh,
identical VMs: the DeadFrames (kind, op, values, exception), the heap and
the GC's counters must be the same.  A new architecture joins by adding its
name to BACKENDS.

The harness here (Env, run_all...) is shared by the other test_backend_*.py.
"""

import struct

import pytest

from pypyteach.jit.backend import heap_byteorder, make_machine_backend
from pypyteach.jit.backend.support import BackendError
from pypyteach.jit.descr import CallDescr, GuardDescr, LoopToken, TargetToken
from pypyteach.jit.llgraph import LLGraphBackend
from pypyteach.jit.oparser import parse_trace
from pypyteach.vm.memory import layout as L
from pypyteach.vm.memory.gc import LARGE_OBJECT
from pypyteach.vm.memory.lloperation import MAXINT, MININT
from pypyteach.vm.objspace.operationerror import OperationError
from pypyteach.run import new_vm
from pypyteach.vm.objspace.std import exceptions

BACKENDS = ["llgraph", "x86_64", "aarch64", "ppc64", "ppc64le", "s390x"]
MACHINES = [name for name in BACKENDS if name != "llgraph"]
START_OFFSET = 0x40000          # test objects start here in every VM, whatever the backend allocated


def make_backend(name, space):
    if name == "llgraph":
        return LLGraphBackend(space)
    return make_machine_backend(name, space, debug_clobber=True, budget=50_000_000)


def layout_namespace():
    ns = {layout.name: layout for layout in L.LAYOUTS.by_tid[1:]}
    ns.update({
        "intval": L.W_IntObject.field("intval"), "floatval": L.W_FloatObject.field("floatval"),
        "current": L.W_IntRangeIterator.field("current"), "stop": L.W_IntRangeIterator.field("stop"),
        "listlen": L.W_ListObject.field("length"), "listitems": L.W_ListObject.field("items"),
        "cellref": L.W_CellObject.field("ref"), "map": L.W_InstanceObject.field("map"),
        "size_int": L.W_IntObject.size_descr, "size_float": L.W_FloatObject.size_descr,
        "size_list": L.W_ListObject.size_descr, "size_inst": L.W_InstanceObject.size_descr,
        "arr_r": L.GcArray.array, "arr_i": L.GcIntArray.array, "arr_u": L.W_UnicodeObject.array,
        "arr_s": L.GcDictEntries.array, "arr_b": L.W_LongObject.array,
    })
    return ns


class Env:
    """A fresh VM, a backend on it, and a namespace for traces."""

    def __init__(self, backend_name, gc_threshold=None, calls=None, byteorder=None):
        self.name = backend_name
        self.byteorder = heap_byteorder(backend_name, byteorder)      # the target's: big for ppc64 and s390x
        self.space, self.interp = new_vm(gc_threshold=gc_threshold, byteorder=self.byteorder)
        self.heap, self.gc = self.space.heap, self.space.gc
        self.ll = self.space.direct_ll
        self.backend_start = self.gc.nursery_free
        self.backend = make_backend(backend_name, self.space)
        start = self.heap.base + START_OFFSET
        assert self.gc.nursery_free < start
        # padding: arrays below the GC's large-object size, so that they are bumped from the bottom
        while start - self.gc.nursery_free > LARGE_OBJECT // 2:
            self.ll.new_array(L.GcIntArray, (LARGE_OBJECT // 2 - 16) // 8)
        self.ll.new_array(L.GcIntArray, (start - self.gc.nursery_free - 16) // 8)
        assert self.gc.nursery_free == start
        self.ns = layout_namespace()
        self.ns.update({"g%d" % i: GuardDescr(0x100 + i) for i in range(100)})
        self.ns.update({"t%d" % i: TargetToken() for i in range(1, 5)})
        for name, (func, kinds, result) in (calls or {}).items():
            self.ns[name] = CallDescr(func(self), [("arg",)] * len(kinds), result, self.space)
        self.loops = []

    # -- objects -----------------------------------------------------------------------------

    def obj(self, layout, **fields):
        addr = self.ll.new_with_vtable(layout.size_descr)
        for name, value in fields.items():
            self.ll.setfield_gc(addr, value, layout.field(name))
        return addr

    def array(self, layout, items):
        addr = self.ll.new_array(layout, len(items))
        for i, value in enumerate(items):
            self.ll.setarrayitem_gc(addr, i, value, layout.array)
        return addr

    # -- traces ------------------------------------------------------------------------------

    def parse(self, text):
        inputargs, ops = parse_trace(text, self.ns)
        last_ovf = None
        for op in ops:
            if op.spec.is_ovf:
                last_ovf = op
            if op.name in ("guard_no_overflow", "guard_overflow"):
                op.overflow_source = last_ovf
            if op.name in ("new_with_vtable", "new_array") and op.fail_args is not None:
                op.resume = "resume"            # these may leave as a "nursery" exit
        return inputargs, ops

    def compile_loop(self, text):
        inputargs, ops = self.parse(text)
        loop = LoopToken(len(self.loops) + 1, None, "test")
        loop.inputargs, loop.operations = inputargs, ops
        self._own_guards(loop, ops)
        self.backend.compile_loop(loop)
        loop.compiled.number = loop.number
        self.loops.append(loop)
        return loop

    def compile_bridge(self, guard_name, text, loop=None):
        inputargs, ops = self.parse(text)
        guard = self.ns[guard_name]
        self._own_guards(guard.loop if loop is None else loop, ops)
        return self.backend.compile_bridge(guard, inputargs, ops)

    def _own_guards(self, loop, ops):
        for op in ops:
            if op.is_guard():
                op.descr.loop = loop
                op.descr.op = op

    def run(self, loop, args):
        return self.backend.execute_token(loop, args)

    # -- what must be equal across backends ------------------------------------------------------

    def summary(self, dead):
        trace_ops = dead.trace.operations
        index = next(i for i, op in enumerate(trace_ops) if op is dead.op)
        exc = None
        if dead.exception is not None:
            exc = exceptions.exception_message(self.space, dead.exception.w_value)
        return (dead.kind, index, dead.op.name, [normalize(v, a.type) for v, a in zip(dead.values, dead.op.fail_args)],
                exc)

    def heap_state(self):
        mem = self.heap.mem
        skip_from, skip_to = self.backend_start - self.heap.base, START_OFFSET
        return (bytes(mem[:skip_from]), bytes(mem[skip_to:]), self.gc.nursery_free,
                self.gc.bytes_since_collect, self.gc.nursery_top)

    def fail_counts(self):
        return {name: d.fail_count for name, d in self.ns.items() if isinstance(d, GuardDescr) and d.fail_count}


def normalize(value, kind):
    if kind == "f":
        return ("f", struct.pack("<d", value).hex())
    return int(value)


def run_all(scenario, backends=BACKENDS, **env_options):
    """Run ``scenario(env)`` (a list of observations) in a fresh Env per
    backend; everything observed, the heap and the fail counts must agree.
    A big-endian backend is compared with the first backend run again on a
    big-endian heap (a word read across 4-byte items differs by byte order)."""
    results, byteorders = {}, {}
    for name in backends:
        env = Env(name, **env_options)
        observed = scenario(env)
        results[name] = (observed, env.heap_state(), env.fail_counts())
        byteorders[name] = env.byteorder
    reference = results[backends[0]]
    references = {byteorders[backends[0]]: reference}
    for name in backends[1:]:
        observed, heap, counts = results[name]
        if byteorders[name] not in references:
            env = Env(backends[0], byteorder=byteorders[name], **env_options)
            references[byteorders[name]] = (scenario(env), env.heap_state(), env.fail_counts())
        expected = references[byteorders[name]]
        assert observed == expected[0], name
        assert heap[2:] == expected[1][2:], "%s: GC state differs" % name
        assert heap[0] == expected[1][0] and heap[1] == expected[1][1], "%s: heap differs" % name
        assert counts == expected[2], name
    return reference[0]


def run_trace(text, arg_sets, **env_options):
    """Compile ``text`` once per backend, run it on each argument list."""
    def scenario(env):
        loop = env.compile_loop(text)
        return [env.summary(env.run(loop, list(args))) for args in arg_sets]
    return run_all(scenario, **env_options)


INTS = [0, 1, -1, 2, -2, 3, -3, 7, -7, 63, 64, 100, -100, 0x7fffffff, 0x80000000, -0x80000000, 1 << 32,
        -(1 << 32), 12345678901234, -12345678901234, MAXINT, MININT, MAXINT - 1, MININT + 1]
PAIRS = [(a, b) for a in INTS for b in INTS]


def pairs_for(a, b, pairs=PAIRS):
    """The argument pairs worth running for an op of ``a`` and ``b``: all of
    them when both are inputs, else one pair per value of the input used
    (the other input only passes through to the fail args)."""
    used = [i for i, name in enumerate(("i0", "i1")) if name in (a, b)]
    if len(used) == 2:
        return pairs
    distinct = {}
    for pair in pairs:
        distinct.setdefault(tuple(pair[i] for i in used), pair)
    return list(distinct.values())

BINARY_TEMPLATE = """
[i0, i1]
label(i0, i1, descr=t1)
i2 = {op}({a}, {b})
guard_false(1, descr=g0) [i2, i0, i1]
jump(i0, i1, descr=t1)
"""

INT_BINARY = ["int_add", "int_sub", "int_mul", "int_and", "int_or", "int_xor", "uint_mul_high",
              "int_lt", "int_le", "int_eq", "int_ne", "int_gt", "int_ge",
              "uint_lt", "uint_le", "uint_gt", "uint_ge", "ptr_eq", "ptr_ne"]


@pytest.mark.parametrize("op", INT_BINARY)
def test_int_binary_ops(op):
    for a, b in [("i0", "i1"), ("i0", "7"), ("-7", "i1"), ("i0", "i0"), ("i1", str(MAXINT))]:
        run_trace(BINARY_TEMPLATE.format(op=op, a=a, b=b), pairs_for(a, b))


@pytest.mark.parametrize("op", ["int_floordiv", "int_mod"])
def test_division_c_style(op):
    pairs = [(a, b) for a, b in PAIRS if b != 0]
    for a, b in [("i0", "i1"), ("i0", "7"), ("i0", "-7"), ("i0", "-1"), ("100", "i1"), ("i0", "1")]:
        run_trace(BINARY_TEMPLATE.format(op=op, a=a, b=b), pairs_for(a, b, pairs))


@pytest.mark.parametrize("op", ["int_lshift", "int_rshift", "uint_rshift"])
def test_shifts(op):
    pairs = [(a, b) for a in INTS for b in (0, 1, 3, 31, 32, 63, 64, 65, 100)]
    for b in ["i1", "0", "5", "63", "64", "70"]:
        run_trace(BINARY_TEMPLATE.format(op=op, a="i0", b=b), pairs_for("i0", b, pairs))


OVF_TEMPLATE = """
[i0, i1]
label(i0, i1, descr=t1)
i2 = {op}({a}, {b})
guard_no_overflow(descr=g1) [i0, i1]
guard_false(1, descr=g0) [i2]
jump(i0, i1, descr=t1)
"""


@pytest.mark.parametrize("op", ["int_add_ovf", "int_sub_ovf", "int_mul_ovf"])
def test_overflow_at_the_boundaries(op):
    for a, b in [("i0", "i1"), ("i0", "1"), ("i0", "-1"), ("2", "i1")]:
        run_trace(OVF_TEMPLATE.format(op=op, a=a, b=b), pairs_for(a, b))
        run_trace(OVF_TEMPLATE.format(op=op, a=a, b=b).replace("guard_no_overflow", "guard_overflow"),
                  pairs_for(a, b))


def test_overflow_guard_not_right_after_its_op():
    text = """
    [i0, i1]
    i2 = int_add_ovf(i0, i1)
    i3 = int_add(i0, 1)
    guard_no_overflow(descr=g1) [i0, i3]
    guard_false(1, descr=g0) [i2, i3]
    jump(i0, i1, descr=t1)
    """.replace("[i0, i1]\n", "[i0, i1]\nlabel(i0, i1, descr=t1)\n", 1)
    run_trace(text, PAIRS)


@pytest.mark.parametrize("op", ["int_neg", "int_invert", "int_is_true", "int_is_zero", "same_as_i"])
def test_int_unary_ops(op):
    text = """
    [i0]
    label(i0, descr=t1)
    i1 = {op}(i0)
    guard_false(1, descr=g0) [i1, i0]
    jump(i0, descr=t1)
    """.format(op=op)
    run_trace(text, [[v] for v in INTS])


def test_int_signext():
    for nbytes in (1, 2, 4, 8):
        text = BINARY_TEMPLATE.format(op="int_signext", a="i0", b=str(nbytes)).replace("[i0, i1]", "[i0]", 1)
        text = text.replace("label(i0, i1,", "label(i0,").replace("jump(i0, i1,", "jump(i0,")
        text = text.replace("[i2, i0, i1]", "[i2, i0]")
        run_trace(text, [[v] for v in INTS + [0x80, 0xff, 0x7f, 0x8000, 0xffff]])


@pytest.mark.parametrize("op", ["int_lt", "int_ge", "int_eq", "uint_lt", "ptr_ne", "int_is_true", "int_is_zero"])
@pytest.mark.parametrize("guard", ["guard_true", "guard_false"])
def test_comparison_fused_into_guard(op, guard):
    unary = op.startswith("int_is")
    args = "i0" if unary else "i0, i1"
    text = """
    [i0, i1]
    label(i0, i1, descr=t1)
    i2 = {op}({args})
    {guard}(i2, descr=g1) [i0, i1]
    guard_false(1, descr=g0) [i0]
    jump(i0, i1, descr=t1)
    """.format(op=op, args=args, guard=guard)
    run_trace(text, PAIRS[::7])
    # and with the condition also needed as a value
    run_trace(text.replace("[i0, i1]\n    guard_false", "[i0, i2]\n    guard_false"), PAIRS[::7])


def test_every_resop_is_handled_or_rejected():
    from pypyteach.jit.backend.support import coverage, REJECTED
    from pypyteach.jit.backend.x86 import CODEGEN
    from pypyteach.jit.resoperation import OPSPECS
    table = coverage(CODEGEN.HANDLED, CODEGEN.GUARDS)
    assert set(table) == set(OPSPECS), sorted(set(OPSPECS) - set(table))
    for name, reason in REJECTED.items():
        assert name in OPSPECS and len(reason) > 20


@pytest.mark.parametrize("backend", ["llgraph", "x86_64", "aarch64", "s390x"])
def test_finish_leaves_with_its_result(backend):
    """``finish`` (a function trace's end) leaves compiled code with a
    "finish" DeadFrame carrying its arguments, constants included."""
    env = Env(backend)
    loop = env.compile_loop("[i0]\ni1 = int_add(i0, 5)\nfinish(i1, descr=t1)")
    dead = env.run(loop, [37])
    assert (dead.kind, dead.op.name, dead.values) == ("finish", "finish", [42])
    loop = env.compile_loop("[i0]\nfinish(7, descr=t1)")
    assert env.run(loop, [1]).values == [7]


@pytest.mark.parametrize("name", ["guard_exception", "force_token", "guard_not_forced"])
def test_rejected_ops_raise_a_clear_error(name):
    env = Env("x86_64")
    texts = {"guard_exception": "[i0]\np1 = guard_exception(ConstClass(W_IntObject), descr=g1) [i0]\njump(i0, descr=t1)",
             "force_token": "[i0]\np1 = force_token()\njump(i0, descr=t1)",
             "guard_not_forced": "[i0]\nguard_not_forced(descr=g1) [i0]\njump(i0, descr=t1)"}
    with pytest.raises(BackendError, match=name):
        env.compile_loop(texts[name].replace("[i0]\n", "[i0]\nlabel(i0, descr=t1)\n", 1))


def test_big_endian_heap_is_refused():
    space, _ = new_vm(byteorder="big")
    with pytest.raises(ValueError, match="little-endian"):
        make_machine_backend("x86_64", space)


def test_every_target_has_a_backend_and_unknown_names_are_refused():
    from pypyteach.emu.arch import ARCHS
    from pypyteach.jit.backend import PACKAGES, backend_package
    assert set(PACKAGES) == set(ARCHS)
    with pytest.raises(ValueError, match="mips"):
        backend_package("mips")
