"""The blackhole step (jit/blackhole.py): after compiled code leaves through a
guard, the interrupted bytecode is finished with the JIT off, then the
interpreter takes over at the next bytecode.  For each guard kind: the record
names the bytecode finished and the one where the interpreter takes over, and
that pair is one a plain run of the program goes through; output equals the
interpreter's and CPython's."""

import contextlib
import io

import pytest

from pypyteach.jit.resume import VirtualInfo
from pypyteach.run import new_globals, new_vm, run_source
from pypyteach.steprecorder import record_steps
from pypyteach.vm.compiler.pycompiler import compile_source
from pypyteach.vm.interpreter.jithints import JitHooks

EAGER = "threshold=3,trace_eagerness=1000"      # compiled early, never bridged


def cpython_output(source):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "<test>", "exec"), {"__name__": "__main__"})
    return out.getvalue()


def run_jit(source, params=EAGER, jit="llgraph", **options):
    result = run_source(source, "test.py", jit=jit, jit_params=params, **options)
    assert result.error is None, result.error.traceback
    assert result.stdout == run_source(source, "test.py").stdout == cpython_output(source)
    return result.jit


class _Successions(JitHooks):
    """Plain interpretation, noting each bytecode and the one run after it."""
    every_bytecode = True

    def __init__(self):
        self.previous = None
        self.pairs = set()

    def jit_merge_point(self, interp, frame):
        here = (frame.code.co_name, frame.pc)
        if self.previous is not None:
            self.pairs.add((self.previous, here))
        self.previous = here


def successions(source):
    """{((code name, pc), (code name, pc))}: which bytecode follows which in a
    run without the JIT."""
    hooks = _Successions()
    space, interp = new_vm(jitdriver=hooks)
    code = compile_source(source, "test.py")
    space.load_code(code)
    interp.run_module(code, new_globals(space))
    return hooks.pairs


def check_handovers(source, record):
    """Every blackhole step is linked from its failure, finished the bytecode
    the frames were rebuilt at, and handed over where a plain run goes next."""
    pairs = successions(source)
    assert record.blackholes
    for index, step in enumerate(record.blackholes):
        failure = record.guard_failures[step.failure]
        assert failure.blackhole == index and step.finished == failure.resumed_at
        assert step.frames == failure.frames and step.frames[-1][0] == step.finished[0]
        assert step.takes_over is not None
        assert ((step.finished[0], step.finished[1]), (step.takes_over[0], step.takes_over[1])) in pairs, step
        assert ("blackhole", index) in record.events
    # no blackhole step for a failure a bridge was traced from
    assert all(f.blackhole is not None or ("bridge-start", f.guard.number) in record.events
               for f in record.guard_failures)


def steps_for(record, guard_name):
    return [b for b in record.blackholes
            if record.guard_failures[b.failure].guard.op.name == guard_name]


# -- one program per guard kind ----------------------------------------------------------------------

GUARD_PROGRAMS = {
    # guard name: (program, bytecode finished, where the interpreter takes over, how)
    "guard_true": ("def run(n):\n    t = 0\n    for i in range(n):\n        if i < 40:\n            t += i\n"
                   "        else:\n            t -= 1\n    return t\nprint(run(60))\n",
                   ("run", "COMPARE_OP"), ("run", "POP_JUMP_IF_FALSE"), "next bytecode"),
    "guard_false": ("def run(n):\n    t = 0\n    for i in range(n):\n        if i > 40:\n            t += i\n"
                    "        t += 1\n    return t\nprint(run(60))\n",
                    ("run", "COMPARE_OP"), ("run", "POP_JUMP_IF_FALSE"), "next bytecode"),
    "guard_class": ("def run(items):\n    t = 0\n    for x in items:\n        t = t + x\n    return t\n"
                    "print(run([1] * 40 + [0.5] * 10))\n",
                    ("run", "BINARY_ADD"), ("run", "STORE_FAST"), "next bytecode"),
    "guard_value": ("def a(x):\n    return x + 1\ndef b(x):\n    return x * 2\ndef run(n):\n"
                    "    fs = [a] * 40 + [b] * 20\n    t = 0\n    for i in range(n):\n        f = fs[i]\n"
                    "        t += f(i)\n    return t\nprint(run(60))\n",
                    ("run", "CALL_FUNCTION"), ("b", "LOAD_FAST"), "call"),
    "guard_no_overflow": ("def run(n):\n    x = 1\n    for i in range(n):\n        x += x\n    return x\n"
                          "print(run(100))\n",
                          ("run", "INPLACE_ADD"), ("run", "STORE_FAST"), "next bytecode"),
    "guard_nonnull": ("def run(n, k):\n    if k:\n        t = 0\n    hits = 0\n    for i in range(n):\n"
                      "        try:\n            t = t + 1\n        except NameError:\n            hits += 1\n"
                      "    return hits\nprint(run(50, 1), run(50, 0))\n",
                      ("run", "LOAD_FAST"), ("run", "DUP_TOP"), "exception handler"),
    "guard_not_invalidated": ("def one():\n    return 1\ndef two():\n    return 2\nf = one\ndef key(x):\n"
                              "    global f\n    if x == 40:\n        f = two\n    return x\ndef run(n):\n"
                              "    t = 0\n    for i in range(n):\n        t += max([i], key=key)\n"
                              "        t += f()\n    return t\nprint(run(60))\n",
                              ("run", "LOAD_GLOBAL"), ("run", "CALL_FUNCTION"), "next bytecode"),
    "guard_no_exception": ("def run(n):\n    d = {k: 0 for k in range(7)}\n    misses = 0\n    for i in range(n):\n"
                           "        if i == 30:\n            del d[3]\n        try:\n            d[i % 7] += 1\n"
                           "        except KeyError:\n            misses += 1\n    return misses, sorted(d.items())\n"
                           "print(run(60))\n",
                           ("run", "BINARY_SUBSCR"), ("run", "DUP_TOP"), "exception handler"),
}


@pytest.mark.parametrize("guard_name", sorted(GUARD_PROGRAMS))
def test_each_guard_kind_is_finished_in_blackhole_and_handed_over_at_the_next_bytecode(guard_name):
    source, finished, takes_over, how = GUARD_PROGRAMS[guard_name]
    record = run_jit(source)
    check_handovers(source, record)
    steps = steps_for(record, guard_name)
    assert steps, [record.guard_failures[b.failure].guard.op.name for b in record.blackholes]
    step = steps[0]
    assert (step.finished[0], step.finished[2]) == finished
    assert (step.takes_over[0], step.takes_over[2]) == takes_over
    assert step.handover == how


def test_an_exception_exit_replays_the_call_that_raised():
    source = GUARD_PROGRAMS["guard_no_exception"][0]
    record = run_jit(source)
    raised = [b for b in record.blackholes if b.exit_kind == "exception"]
    assert raised and all(b.replayed_calls >= 1 for b in raised)
    # the dict lookup raised once in compiled code: the step re-raised it, the
    # handler counted each miss exactly once (the output check above)


def test_guard_in_an_inlined_call_finishes_the_callee_bytecode():
    source = "def f(x):\n    if x < 40:\n        return x\n    return -x\ndef run(n):\n    t = 0\n" \
             "    for i in range(n):\n        t += f(i)\n    return t\nprint(run(60))\n"
    record = run_jit(source)
    check_handovers(source, record)
    inner = [b for b in record.blackholes if len(b.frames) == 2]
    assert inner
    assert [name for name, _, _ in inner[0].frames] == ["run", "f"]
    assert inner[0].finished[:1] + inner[0].finished[2:3] == ("f", "COMPARE_OP")
    assert inner[0].takes_over[0] == "f" and inner[0].handover == "next bytecode"


def test_exception_in_an_inlined_call_is_handled_in_the_caller():
    # the callee's bytecode raises in the blackhole step; its frame unwinds and
    # the interpreter takes over at the caller's handler
    source = "def get(d, k):\n    return d[k]\ndef run(n):\n    d = {k: 0 for k in range(7)}\n    misses = 0\n" \
             "    for i in range(n):\n        if i == 30:\n            del d[3]\n        try:\n" \
             "            get(d, i % 7)\n        except KeyError:\n            misses += 1\n    return misses\n" \
             "print(run(60))\n"
    record = run_jit(source)
    check_handovers(source, record)
    raised = [b for b in record.blackholes if b.exit_kind == "exception"]
    assert raised and len(raised[0].frames) == 2
    assert raised[0].finished[0] == "get" and raised[0].finished[2] == "BINARY_SUBSCR"
    assert raised[0].takes_over[0] == "run" and raised[0].handover == "exception handler"


def test_an_exception_leaving_the_dispatch_ends_the_step():
    # the loop runs in a key function, called from host code (sorted): the
    # KeyError raised in compiled code leaves the key function's dispatch
    source = "d = {k: k for k in range(50)}\ndef key(n):\n    t = 0\n    for i in range(n):\n        t += d[i]\n" \
             "    return t\ntry:\n    print(sorted([40, 10, 60, 20], key=key))\nexcept KeyError as e:\n" \
             "    print('KeyError', e)\nprint(sorted([40, 10, 20], key=key))\n"
    record = run_jit(source)
    left = [b for b in record.blackholes if b.takes_over is None]
    assert len(left) == 1 and left[0].exit_kind == "exception"
    assert left[0].finished[2] == "BINARY_SUBSCR" and left[0].handover == "exception left the dispatch"
    from pypyteach.viz.guards import failure_text
    assert "no bytecode of its dispatch follows (exception left the dispatch)" in failure_text(record, left[0].failure)
    # the JIT is on again afterwards: later failures are blackholed and handed over
    assert record.blackholes[-1].takes_over is not None and record.blackholes[-1].failure > left[0].failure


def test_guard_in_a_bridge_is_finished_in_blackhole():
    source = "def run(n):\n    t = 0\n    for i in range(n):\n        if i % 4 == 0:\n            if i % 8 == 0:\n" \
             "                t += i\n            else:\n                t -= i\n        t += 1\n    return t\n" \
             "print(run(400))\n"
    record = run_jit(source, "threshold=3,trace_eagerness=3")
    check_handovers(source, record)
    bridges = {t.number for t in record.bridges()}
    in_bridge = [b for b in record.blackholes if b.trace_number in bridges]
    assert in_bridge and in_bridge[0].finished[2] == "COMPARE_OP"


def test_virtuals_are_rebuilt_for_the_blackhole_step():
    source = "class P:\n    def __init__(self, x, y):\n        self.x = x\n        self.y = y\ndef run(n):\n" \
             "    t = 0\n    for i in range(n):\n        p = P(i, i + 1)\n        if p.x > 40:\n" \
             "            t += p.y\n        t += p.x\n    return t\nprint(run(60))\n"
    record = run_jit(source)
    check_handovers(source, record)
    failure = record.guard_failures[record.blackholes[0].failure]
    values = [v for snap in failure.guard.op.resume.frames for v in snap.values()]
    assert any(isinstance(v, VirtualInfo) for v in values)      # p was never allocated in compiled code


def test_guard_inside_a_generator_frame():
    # the inner loop runs inside the generator's frame between two yields: its
    # guard fails there, and the interpreter takes over in the generator frame
    source = "def gen(n):\n    for k in range(3):\n        total = 0\n        for i in range(n):\n" \
             "            if i < 40:\n                total += i\n            else:\n                total -= k\n" \
             "        yield total\ndef run():\n    return [x for x in gen(60)]\nprint(run())\n"
    record = run_jit(source)
    check_handovers(source, record)
    inside = [b for b in record.blackholes if b.frames[0][0] == "gen"]
    assert inside and inside[0].finished[0] == inside[0].takes_over[0] == "gen"


def test_a_nursery_exit_is_finished_in_blackhole_too():
    # machine code leaves at an allocation when the nursery is full (pypyteach
    # only: PyPy's compiled code calls the collector's slow path instead).
    # Whether a collection falls due inside compiled code or in the
    # interpreter between two guard failures depends on the heap's phase
    # (the threshold follows the live bytes): 6000 iterations give several
    # collections, 2000 gave one, which a builtin more at startup moved out
    # of the compiled code
    source = "def run(n):\n    hits = 0\n    for i in range(n):\n        if i % 7 in (i % 3, i % 5):\n" \
             "            hits += 1\n    return hits\nprint(run(6000))\n"
    record = run_jit(source, jit="x86_64", gc_threshold=2048)
    check_handovers(source, record)
    nursery = [b for b in record.blackholes if b.exit_kind == "nursery"]
    assert nursery and nursery[0].guard == 0
    assert (nursery[0].finished[2], nursery[0].takes_over[2]) == ("BUILD_TUPLE", "CONTAINS_OP")


def test_machine_backend_hands_over_as_llgraph_does():
    source = GUARD_PROGRAMS["guard_class"][0]
    plain = run_jit(source)
    machine = run_jit(source, jit="x86_64")
    assert [(b.finished, b.takes_over) for b in machine.blackholes] == \
           [(b.finished, b.takes_over) for b in plain.blackholes]


# -- nothing is counted, traced or entered during the step ---------------------------------------------

ADDER = "class V:\n    def __init__(self, x):\n        self.x = x\n    def __add__(self, other):\n" \
        "        s = 0\n        for k in range(20):\n            s += k\n        return self.x + other + s\n" \
        "def run(items):\n    t = 0\n    for x in items:\n        t = x + t\n    return t\n"


def _adder_loop(record):
    return next((t for t in record.loops() if t.name.startswith("__add__;")), None)


def test_no_counting_or_tracing_in_guest_code_the_blackholed_bytecode_calls():
    # the V items come after the loop was compiled: each ``x + t`` fails the
    # loop's guard_class, and V.__add__ (a hot loop) runs inside the blackhole step
    late = run_jit(ADDER + "print(run([1] * 30 + [V(1)] * 3 + [2] * 10))\n")
    steps = [b for b in late.blackholes if b.finished[2] == "BINARY_ADD"]
    assert len(steps) == 3 and all(b.bytecodes > 20 for b in steps)
    assert not any(name == "__add__" for name, _ in late.counters)
    assert _adder_loop(late) is None
    # control: the same calls made by the interpreter count, trace and compile
    early = run_jit(ADDER + "print(run([V(1)] * 3 + [1] * 30 + [2] * 10))\n")
    assert any(name == "__add__" for name, _ in early.counters) and _adder_loop(early) is not None


def test_no_compiled_loop_is_entered_during_the_step():
    # V.__add__'s loop is compiled first (called by the interpreter); then
    # run's loop is compiled for ints, and the V items fail its guard_class
    warm = ADDER + "vs = [V(1)] * 10\nfor v in vs:\n    print(v + 0)\n"
    compiled_first = warm + "print(run([1] * 30))\n"
    then_blackholed = warm + "print(run([1] * 30 + vs[:3]))\n"
    before, after = run_jit(compiled_first), run_jit(then_blackholed)
    loop = _adder_loop(after)
    assert loop is not None and _adder_loop(before).number == loop.number
    assert sum(b.bytecodes > 20 for b in after.blackholes) == 3
    assert after.entries[loop.number] == before.entries[loop.number]


# -- the step recorder agrees ---------------------------------------------------------------------------------

def test_step_recorder_marks_the_blackhole_bytecode_and_the_takeover():
    source = GUARD_PROGRAMS["guard_true"][0]
    recording = record_steps(source, "test.py", max_steps=5000, jit="llgraph", jit_params=EAGER)
    record = recording.jit
    assert recording.stdout == cpython_output(source)
    step_of = record.blackholes[0]
    marked = [s for s in recording.steps if s.blackhole]
    assert len(marked) == len(record.blackholes)
    first = marked[0]
    assert (first.code_name, first.offset, first.opname) == step_of.finished[:3]
    assert any("the blackhole interpreter finishes this bytecode" in e for e in first.jit_events)
    following = recording.steps[first.index + 1]
    assert not following.blackhole
    assert (following.code_name, following.offset, following.opname) == step_of.takes_over[:3]
    assert any("the interpreter takes over here" in e for e in following.jit_events)
