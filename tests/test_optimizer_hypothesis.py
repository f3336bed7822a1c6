"""Hypothesis writes loop traces; llgraph runs them before and after the
optimizer, from the same inputs.

A trace is a loop over random operations: integer arithmetic (with and
without overflow checks), comparisons and guards on them, int boxes
allocated, written and read, two-item tuples (virtualize), reads and writes of a real
iterator object and of a real cell holding a box (heap), residual calls
that read or write that object or take a box (forcing), an elidable call
(pure) and a counter that ends the loop after a few iterations.  Guards
may fail anywhere, in the first iteration or a later one; a call may raise
(guard_no_exception then fails).

Both runs must leave through the same guard of the recorded trace with
equal saved values (virtual objects in the optimized trace's resume data
are rebuilt as deoptimization would) and leave the heap objects they can
reach equal.  Objects are compared by content and by sharing (which saved
value is which object), never by address.
"""

import itertools
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings, strategies as st

from pypyteach.jit.descr import CallDescr, GuardDescr, TargetToken
from pypyteach.jit.llgraph import LLGraphBackend
from pypyteach.jit.oparser import parse_trace
from pypyteach.jit.optimizer import optimize_trace
from pypyteach.jit.params import JitParams, ALL_OPTS
from pypyteach.jit.resume import Deoptimizer
from pypyteach.vm.memory import layout as L
from pypyteach.vm.interpreter.jithints import elidable
from pypyteach.vm.memory.lloperation import MAXINT, MININT, wrap_int
from pypyteach.run import new_vm

INTVAL = L.W_IntObject.field("intval")
CURRENT = L.W_IntRangeIterator.field("current")
STOP = L.W_IntRangeIterator.field("stop")
CELLREF = L.W_CellObject.field("ref")

SMALL = st.sampled_from([-3, -1, 0, 1, 2, 5, 7, 100])
BIG = st.sampled_from([MAXINT, MAXINT - 1, MININT, MININT + 1, 1 << 40])


@elidable
def square(x):
    return wrap_int(x * x)      # host functions give machine words


# -- generating traces ------------------------------------------------------------------------------

class TraceWriter:
    """Builds the text of one loop trace from Hypothesis draws."""

    def __init__(self, draw):
        self.draw = draw
        self.lines = []
        self.ints = ["i1", "i2"]
        self.boxes = ["p5"]
        self.tuples = []
        self.count = 10
        self.guards = itertools.count(1)

    def new(self, prefix):
        self.count += 1
        return "%s%d" % (prefix, self.count)

    def int_arg(self):
        if self.draw(st.integers(0, 4)) == 0:
            return str(self.draw(st.one_of(SMALL, BIG)))
        return self.draw(st.sampled_from(self.ints))

    def emit(self, line):
        self.lines.append(line)

    def guard(self, text):
        live = self.ints + self.boxes + ["p3", "p4"]
        fail = self.draw(st.lists(st.sampled_from(live), max_size=5, unique=True))
        number = next(self.guards)
        head = text[:-1] + (", " if not text.endswith("()") else "")
        self.emit("%sdescr=g%d) [%s]" % (head, number, ", ".join(fail)))

    def statement(self):
        kind = self.draw(st.sampled_from(["arith", "arith", "compare", "ovf", "box", "unbox", "read",
                                          "write", "store", "load", "call", "poke", "force", "guard_box",
                                          "elidable", "tuple", "untuple"]))
        getattr(self, "do_" + kind)()

    def do_arith(self):
        op = self.draw(st.sampled_from(["int_add", "int_sub", "int_mul", "int_and", "int_or", "int_xor",
                                        "int_lt", "int_eq", "int_is_true", "int_neg"]))
        result = self.new("i")
        if op in ("int_is_true", "int_neg"):
            self.emit("%s = %s(%s)" % (result, op, self.int_arg()))
        else:
            self.emit("%s = %s(%s, %s)" % (result, op, self.int_arg(), self.int_arg()))
        self.ints.append(result)

    def do_compare(self):
        cond = self.new("i")
        op = self.draw(st.sampled_from(["int_lt", "int_le", "int_eq", "int_ne", "int_gt", "uint_lt"]))
        self.emit("%s = %s(%s, %s)" % (cond, op, self.int_arg(), self.int_arg()))
        self.guard("%s(%s)" % (self.draw(st.sampled_from(["guard_true", "guard_false"])), cond))

    def do_ovf(self):
        result = self.new("i")
        op = self.draw(st.sampled_from(["int_add_ovf", "int_sub_ovf", "int_mul_ovf"]))
        self.emit("%s = %s(%s, %s)" % (result, op, self.int_arg(), self.int_arg()))
        self.guard("guard_no_overflow()")
        self.ints.append(result)

    def do_box(self):
        box = self.new("p")
        self.emit("%s = new_with_vtable(descr=int_size)" % box)
        self.emit("setfield_gc(%s, %s, descr=intval)" % (box, self.int_arg()))
        self.boxes.append(box)

    def do_tuple(self):
        pair = self.new("p")
        self.emit("%s = new_array(2, descr=tuple_items)" % pair)
        for index in range(2):
            self.emit("setarrayitem_gc(%s, %d, %s, descr=tuple_items)"
                      % (pair, index, self.draw(st.sampled_from(self.boxes))))
        self.tuples.append(pair)
        if self.draw(st.booleans()):
            self.emit("setfield_gc(p4, %s, descr=cellref)" % pair)     # escapes

    def do_untuple(self):
        if not self.tuples:
            return
        pair = self.draw(st.sampled_from(self.tuples))
        box, length = self.new("p"), self.new("i")
        self.emit("%s = getarrayitem_gc_r(%s, %d, descr=tuple_items)" % (box, pair, self.draw(st.integers(0, 1))))
        self.emit("%s = arraylen_gc(%s, descr=tuple_items)" % (length, pair))
        self.boxes.append(box)
        self.ints.append(length)

    def do_unbox(self):
        result = self.new("i")
        self.emit("%s = getfield_gc_i(%s, descr=intval)" % (result, self.draw(st.sampled_from(self.boxes))))
        self.ints.append(result)

    def do_read(self):
        result = self.new("i")
        self.emit("%s = getfield_gc_i(p3, descr=current)" % result)
        self.ints.append(result)

    def do_write(self):
        self.emit("setfield_gc(p3, %s, descr=current)" % self.int_arg())

    def do_store(self):
        self.emit("setfield_gc(p4, %s, descr=cellref)" % self.draw(st.sampled_from(self.boxes)))

    def do_load(self):
        box = self.new("p")
        self.emit("%s = getfield_gc_r(p4, descr=cellref)" % box)
        self.guard("guard_class(%s, ConstClass(W_IntObject))" % box)
        self.boxes.append(box)

    def do_call(self):
        result = self.new("i")
        self.emit("%s = call_i(1, p3, %s, descr=peek)" % (result, self.int_arg()))
        self.guard("guard_no_exception()")
        self.ints.append(result)

    def do_poke(self):
        self.emit("call_n(2, p3, %s, descr=poke)" % self.int_arg())
        self.guard("guard_no_exception()")

    def do_force(self):
        result = self.new("i")
        self.emit("%s = call_i(3, %s, descr=unbox)" % (result, self.draw(st.sampled_from(self.boxes))))
        self.guard("guard_no_exception()")
        self.ints.append(result)

    def do_guard_box(self):
        box = self.draw(st.sampled_from(self.boxes))
        guard = self.draw(st.sampled_from(["guard_nonnull(%s)", "guard_class(%s, ConstClass(W_IntObject))"]))
        self.guard(guard % box)

    def do_elidable(self):
        result = self.new("i")
        self.emit("%s = call_i(4, %s, descr=square)" % (result, self.draw(st.sampled_from(["3", "i1", "i2"]))))
        self.guard("guard_no_exception()")
        self.ints.append(result)

    def trace(self):
        self.emit("label(i0, i1, i2, p3, p4, p5, descr=L1)")
        for _ in range(self.draw(st.integers(1, 12))):
            self.statement()
        self.emit("i90 = int_add(i0, 1)")
        self.emit("i91 = int_lt(i90, %d)" % self.draw(st.integers(1, 6)))
        self.guard("guard_true(i91)")
        carried = [self.draw(st.sampled_from(self.ints)) for _ in range(2)]
        self.emit("jump(i90, %s, %s, p3, p4, %s, descr=L1)" % (carried[0], carried[1],
                                                             self.draw(st.sampled_from(self.boxes))))
        return "[i0, i1, i2, p3, p4, p5]\n" + "\n".join(self.lines)


@st.composite
def traces(draw):
    return TraceWriter(draw).trace(), draw(st.tuples(SMALL, SMALL, SMALL, SMALL))


# -- running them -----------------------------------------------------------------------------------

class World:
    """One VM heap, the host functions and the descrs of the traces."""

    def __init__(self):
        self.space, _ = new_vm(heap_size=1 << 22)
        self.space.gc.threshold = 1 << 60          # no nursery exit: the recorded trace has none
        ll = self.space.direct_ll

        def peek(p, x):
            if x == 7:
                raise self.space.error(self.space.w_ValueError, "seven")
            return wrap_int(ll.getfield_gc_i(p, CURRENT) + x)

        def poke(p, x):
            ll.setfield_gc(p, x & 0xffff, CURRENT)

        def unbox(p):
            return ll.getfield_gc_i(p, INTVAL)

        calls = {"peek": (peek, "i", 2), "poke": (poke, "n", 2), "unbox": (unbox, "i", 1),
                 "square": (square, "i", 1)}
        self.namespace = {name: CallDescr(func, [("arg",)] * n, kind, self.space)
                          for name, (func, kind, n) in calls.items()}
        self.namespace.update(int_size=L.W_IntObject.size_descr, intval=INTVAL, current=CURRENT,
                              cellref=CELLREF, W_IntObject=L.W_IntObject, L1=TargetToken(),
                              tuple_items=L.W_TupleObject.array)
        for number in range(1, 200):
            self.namespace["g%d" % number] = GuardDescr(number)

    def inputs(self, values):
        """Fresh input objects: a range iterator, a cell holding a box, a box."""
        ll = self.space.direct_ll
        start, a, b, c = values
        iterator = ll.new_with_vtable(L.W_IntRangeIterator.size_descr)
        ll.setfield_gc(iterator, c, CURRENT)
        ll.setfield_gc(iterator, 1000, STOP)
        held = self.box(a + b)
        cell = ll.new_with_vtable(L.W_CellObject.size_descr)
        ll.setfield_gc(cell, held, CELLREF)
        return [0, a, b, iterator, cell, self.box(start)]

    def box(self, value):
        ptr = self.space.direct_ll.new_with_vtable(L.W_IntObject.size_descr)
        self.space.direct_ll.setfield_gc(ptr, value, INTVAL)
        return ptr

    def run(self, inputargs, operations, args):
        backend = LLGraphBackend(self.space)
        loop = SimpleNamespace(inputargs=inputargs, operations=operations, compiled=None)
        for op in operations:
            if op.is_guard():
                op.descr.loop = SimpleNamespace(invalidated=False)
        backend.compile_loop(loop)
        return backend.execute_token(loop, args)

    # -- what a run leaves, addresses left out ----------------------------------------------------

    def exit_of(self, dead, recorded):
        """(guard of the recorded trace, concrete saved values)."""
        op = dead.op
        if op.resume is None:               # the recorded trace itself
            return recorded.index(op), list(dead.values)
        frame = op.resume.frames[0]
        env = dict(zip(op.fail_args, dead.values))
        deopt = Deoptimizer(self.space, None)
        deopt.ll = self.space.direct_ll
        virtuals = {}
        values = [deopt.concrete(v, env, virtuals) for v in frame.values()]
        return recorded.index(frame.tag), values

    def shape(self, roots, kinds):
        """The objects reachable from ``roots``, each by content and by which
        earlier object it is: comparable across heaps."""
        ll = self.space.direct_ll
        numbers = {}

        def walk(kind, value):
            if kind != "r" or not value:
                return value
            if value in numbers:
                return ("same", numbers[value])
            numbers[value] = len(numbers)
            tid = ll.classof(value)
            layout = L.LAYOUTS.by_tid[tid]
            fields = tuple(walk(f.kind, ll.getfield_gc_i(value, f)) for f in layout.fields.values())
            if layout.array is not None and layout.array.kind == "r":
                length = ll.arraylen_gc(value, layout.array)
                fields += tuple(walk("r", ll.getarrayitem_gc_i(value, i, layout.array)) for i in range(length))
            return (layout.name, fields)
        return [walk(kind, value) for kind, value in zip(kinds, roots)]


def outcome(world, inputargs, operations, recorded, values):
    args = world.inputs(values)
    dead = world.run(inputargs, operations, args)
    assert dead.kind in ("guard", "exception"), dead.kind
    index, saved = world.exit_of(dead, recorded)
    guard = recorded[index]
    kinds = [a.type for a in guard.fail_args]
    return dead.kind, index, world.shape(args[3:5] + saved, ["r", "r"] + kinds)


def check_equivalent(source, values, opts):
    world = World()
    inputargs, recorded = parse_trace(source, world.namespace)
    for previous, op in zip(recorded, recorded[1:]):
        if op.name == "guard_no_overflow":
            op.overflow_source = previous       # as the tracer links them
    before = outcome(world, inputargs, recorded, recorded, values)
    runtime = SimpleNamespace(space=world.space, guard_numbers=itertools.count(0x1000))
    optimized, _ = optimize_trace(runtime, inputargs, recorded, JitParams.enabled_passes_of(opts))
    after = outcome(world, inputargs, optimized, recorded, values)
    assert after == before


SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(traces())
def test_optimized_trace_behaves_as_recorded(case):
    source, values = case
    check_equivalent(source, values, "all")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(traces(), st.sampled_from(ALL_OPTS))
def test_optimized_trace_with_one_pass_off(case, off):
    source, values = case
    check_equivalent(source, values, ":".join(opt for opt in ALL_OPTS if opt != off))


def test_a_known_trace_through_the_harness():
    """The harness itself: a loop that leaves at its counter guard, with a
    virtual box in the saved values."""
    source = """[i0, i1, i2, p3, p4, p5]
label(i0, i1, i2, p3, p4, p5, descr=L1)
p11 = new_with_vtable(descr=int_size)
setfield_gc(p11, i1, descr=intval)
setfield_gc(p3, i0, descr=current)
i90 = int_add(i0, 1)
i91 = int_lt(i90, 4)
guard_true(i91, descr=g1) [p11, i90, p3]
jump(i90, i1, i2, p3, p4, p11, descr=L1)"""
    check_equivalent(source, (1, 2, 3, 4), "all")
