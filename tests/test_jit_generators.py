"""Generators in the JIT (issue 15).

A loop inside a generator is traced with the generator's frame as the root
frame; where that frame yields, the trace ends with ``finish`` (PyPy: the
portal, the generator frame's dispatch, returns the value yielded), and the
frame's state after the yield goes back into the frame when compiled code
leaves there.  A loop over a generator calls its ``next`` (a residual call,
whose nested dispatch enters the generator's compiled loop); creating a
generator is a residual call too; ``yield from`` delegates through one.

Every program here is compared with CPython and the interpreter, on llgraph
and x86-64; the record shows what was compiled and how much ran in it.
"""

import pathlib

import pytest

from reference import run_cpython
from pypyteach.jit.aborts import PYPY_COUNTERS, abort_counts, reason_code
from pypyteach.jit.oparser import parse_log
from pypyteach.jit.pypylog import PyPyLog, parse_log_spec
from pypyteach.run import run_source

from test_blackhole import successions
from test_jit_functions import cpython

PARAMS = "threshold=30,function_threshold=20,trace_eagerness=5"
BACKENDS = ["llgraph", "x86_64"]

LOOP_IN_GENERATOR = """
def gen(n):
    i = 0
    while i < n:
        yield i * i
        i += 1

def run(n):
    total = 0
    for x in gen(n):
        total += x
    return total
print(run(2000))
"""

# two yields: not inlined into its consumer's trace (Code.inlinable_generator,
# PyPy's should_not_inline): ``next`` stays a residual call, and the
# generator's own loop is compiled, ending at its yield
LOOP_IN_TWO_YIELD_GENERATOR = """
def gen(n):
    i = 0
    while i < n:
        yield i * i
        i += 1
    yield -1

def run(n):
    total = 0
    for x in gen(n):
        total += x
    return total
print(run(2000))
"""

PIPELINE_TWO_YIELDS = """
def squares(n):
    for i in range(n):
        yield i * i
    yield 0

def evens(items):
    for x in items:
        if x % 2 == 0:
            yield x
    yield 0

def plus_one(items):
    for x in items:
        yield x + 1
    yield 0

def run(n):
    total = 0
    for x in plus_one(evens(squares(n))):
        total += x
    return total
print(run(3000))
"""

PIPELINE = """
def squares(n):
    for i in range(n):
        yield i * i

def evens(items):
    for x in items:
        if x % 2 == 0:
            yield x

def plus_one(items):
    for x in items:
        yield x + 1

def run(n):
    total = 0
    for x in plus_one(evens(squares(n))):
        total += x
    return total
print(run(3000))
"""

GENEXPR_IN_LOOP = """
def run(n):
    t = 0
    for j in range(n):
        t += sum(x * x for x in range(j % 7))
        t += max(k - j for k in (1, 2, 3))
        if any(y > 4 for y in range(j % 9)):
            t += 1
    return t
print(run(400))
"""

SEND = """
def averager():
    total = 0
    count = 0
    average = None
    while True:
        value = yield average
        if value is None:
            return (count, total)
        total += value
        count += 1
        average = total / count

def run(n):
    g = averager()
    next(g)
    last = 0
    for i in range(n):
        last = g.send(i)
    try:
        g.send(None)
    except StopIteration as e:
        return last, e.value
print(run(500))
"""

RAISING = """
def gen(n):
    i = 0
    while True:
        if i == n:
            raise ValueError("stopped at %d" % i)
        yield i
        i += 1

def run():
    total = 0
    message = ""
    for rep in range(40):
        try:
            for x in gen(30 + rep):
                total += x
        except ValueError as e:
            message = str(e)
            total += 1
    return total, message
print(run())
"""

RETURN_VALUE = """
def counter(n):
    i = 0
    while i < n:
        yield i
        i += 1
    return n * 100

def run():
    total = 0
    results = []
    for rep in range(60):
        g = counter(rep % 13)
        while True:
            try:
                total += next(g)
            except StopIteration as e:
                results.append(e.value)
                break
    return total, sum(results), results[-3:], next(counter(0), "empty")
print(run())
"""

CLOSE = """
def numbers():
    i = 0
    while True:
        yield i
        i += 1

def run():
    total = 0
    for rep in range(50):
        g = numbers()
        for x in g:
            if x > 20 + rep % 5:
                break
            total += x
        g.close()
        total += next(g, -1)
    return total
print(run())
"""

RECURSION = """
def walk(depth):
    if depth == 0:
        yield 1
        return
    for k in range(2):
        yield from walk(depth - 1)
    yield depth

def tree_sum(depth):
    if depth == 0:
        return 0
    total = 0
    for x in walk(depth):
        total += x
    return total + tree_sum(depth - 1)
print(tree_sum(8), sum(walk(9)))
"""

YIELD_FROM = """
def inner(n):
    i = 0
    while i < n:
        yield i
        i += 1
    return n * 10

def outer(m):
    total = 0
    for k in range(m):
        r = yield from inner(k % 5)
        total += r
    yield total

def delegate_list(n):
    yield from [n, n + 1]
    yield from range(n)

def run():
    s = 0
    for x in outer(400):
        s += x
    t = 0
    for j in range(200):
        for y in delegate_list(j % 6):
            t += y
    return s, t
print(run())
"""

GENERATOR_DEOPT = """
def gen(n):
    i = 0
    while i < n:
        if i < 150:
            yield i * 2
        else:
            yield i * 0.5
        i += 1

def run(n):
    total = 0
    for x in gen(n):
        total += x
    return total
print(run(300))
"""

PROGRAMS = {"loop_in_generator": LOOP_IN_GENERATOR, "pipeline": PIPELINE, "genexpr_in_loop": GENEXPR_IN_LOOP,
            "send": SEND, "raising": RAISING, "return_value": RETURN_VALUE, "close": CLOSE,
            "recursion": RECURSION, "yield_from": YIELD_FROM, "deopt": GENERATOR_DEOPT,
            "two_yields": LOOP_IN_TWO_YIELD_GENERATOR, "pipeline_two_yields": PIPELINE_TWO_YIELDS}


def run(source, jit, params=PARAMS):
    return run_source(source, "program.py", jit=jit, jit_params=params)


def assert_same(source, result, tmp_path):
    out, error_type, message = cpython(source, tmp_path)
    assert result.error is None, result.error.traceback
    assert error_type is None
    assert result.stdout == out == run_source(source, "program.py").stdout


def loops_in(record, code_name):
    return [t for t in record.traces if t.kind == "loop" and t.name.startswith(code_name + ";")]


@pytest.mark.parametrize("jit", BACKENDS)
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_generator_programs_as_cpython(name, jit, tmp_path):
    source = PROGRAMS[name]
    result = run(source, jit)
    assert_same(source, result, tmp_path)
    reasons = {reason_code(a.reason) for a in result.jit.aborts}
    assert not reasons & {"ABORT_GENERATOR", "ABORT_YIELD_FROM"}, reasons
    if name not in ("raising", "return_value"):
        # (those two raise while tracing: ABORT_EXCEPTION, and a loop traced
        # on its last iteration may still leave its frame)
        assert result.jit.aborts == []


@pytest.mark.parametrize("jit", BACKENDS)
def test_loop_inside_a_generator_is_compiled_and_ends_at_the_yield(jit):
    interpreted = run_source(LOOP_IN_TWO_YIELD_GENERATOR, "program.py")
    result = run(LOOP_IN_TWO_YIELD_GENERATOR, jit)
    record = result.jit
    assert result.stdout == interpreted.stdout
    assert record.aborts == []
    [loop] = loops_in(record, "gen")
    finish = loop.operations[-1]
    assert finish.name == "finish" and repr(finish.descr) == "<DoneWithThisFrameDescrRef object>"
    # the frame's state after the yield goes with the finish
    assert finish.resume is not None and finish.resume.frames[0].code.co_name == "gen"
    assert not any(op.name == "jump" for op in loop.operations)
    # resuming the generator enters its compiled loop once per item
    assert record.entries[loop.number] > 1900
    assert result.steps < interpreted.steps / 2


@pytest.mark.parametrize("jit", BACKENDS)
def test_loop_over_a_generator_calls_next_from_compiled_code(jit):
    # (a generator with one yield is inlined instead: test_jit_generator_inline.py)
    result = run(LOOP_IN_TWO_YIELD_GENERATOR, jit)
    [consumer] = loops_in(result.jit, "run")
    calls = [op for op in consumer.operations if op.name == "call_r"]
    assert any("generator_next" in repr(op.descr) for op in calls)
    # the generator's frame is not virtual: no frame is allocated in the trace,
    # and the consumer's loop is entered once, and runs to the end
    assert result.jit.entries[consumer.number] == 1


@pytest.mark.parametrize("jit", BACKENDS)
def test_three_stage_pipeline_runs_mostly_in_compiled_code(jit):
    interpreted = run_source(PIPELINE_TWO_YIELDS, "program.py")
    result = run(PIPELINE_TWO_YIELDS, jit)
    record = result.jit
    assert result.stdout == interpreted.stdout and record.aborts == []
    for name in ("squares", "evens", "plus_one", "run"):
        assert loops_in(record, name), name
    # one path of evens yields, the other goes on looping: one is the
    # loop, the other a bridge, and whichever yields ends with finish
    evens = [t for t in record.traces if t.name.startswith("evens;")]
    assert {t.operations[-1].name for t in evens} == {"finish", "jump"}
    assert {t.kind for t in evens} == {"loop", "bridge"}
    assert result.steps < interpreted.steps / 3
    # nested runs (a generator's loop entered from the consumer's compiled
    # loop) take no nursery exit: collections are held by the outer run
    assert not [f for f in record.guard_failures if f.kind == "nursery"]


def test_generator_expressions_in_a_loop_do_not_abort_and_do_not_promote_the_function():
    result = run(GENEXPR_IN_LOOP, "llgraph")
    record = result.jit
    assert record.aborts == []
    assert loops_in(record, "<genexpr>")
    [consumer] = loops_in(record, "run")
    makes = [op for op in consumer.operations if op.name == "call_r" and "make_generator" in repr(op.descr)]
    assert makes
    # the genexpr's function is new every iteration: its code is the constant
    assert not [t for t in record.bridges() if t.name.startswith("run;")][3:]


def test_yield_from_is_traced():
    result = run(YIELD_FROM, "llgraph")
    [outer] = loops_in(result.jit, "outer")
    names = {op.args[2] for t in result.jit.traces for op in t.operations if op.name == "debug_merge_point"}
    assert any(name.endswith("YIELD_FROM") for name in names)
    assert outer.operations[-1].name == "finish"
    assert result.jit.aborts == []


@pytest.mark.parametrize("jit", BACKENDS)
def test_guard_failing_inside_a_generator_frame_resumes_there(jit):
    params = "threshold=30,trace_eagerness=100000"     # never bridged: every failure is a blackhole step
    result = run_source(GENERATOR_DEOPT, "test.py", jit=jit, jit_params=params)
    assert result.error is None and result.stdout == run_source(GENERATOR_DEOPT, "test.py").stdout
    record = result.jit
    pairs = successions(GENERATOR_DEOPT)
    inside = [b for b in record.blackholes if b.frames[0][0] == "gen"]
    assert len(inside) > 100
    for step in inside:
        failure = record.guard_failures[step.failure]
        assert failure.blackhole is not None and step.finished == failure.resumed_at
        assert step.finished[0] == step.takes_over[0] == "gen"
        # the interpreter takes over where a plain run goes next
        assert ((step.finished[0], step.finished[1]), (step.takes_over[0], step.takes_over[1])) in pairs


def test_deoptimization_rebuilds_the_generator_frame_with_virtuals():
    # ``x`` is a virtual W_IntObject in the generator's frame at the yield:
    # the finish's resume data allocates it when compiled code leaves
    source = ("def gen(n):\n    i = 0\n    while i < n:\n        x = i + 1\n        yield x\n"
              "        i = x\ndef run():\n    return list(gen(100))\nprint(sum(run()), run()[-1])\n")
    result = run(source, "x86_64")
    assert result.stdout == run_source(source, "program.py").stdout == "5050 100\n"
    [loop] = loops_in(result.jit, "gen")
    finish = loop.operations[-1]
    assert finish.name == "finish" and finish.fail_args


def test_an_abort_inside_a_generator_frame_is_counted_in_the_summary():
    # an exception raised while tracing still aborts (ABORT_EXCEPTION)
    source = ("def gen(n):\n    i = 0\n    while i < n:\n        try:\n            raise ValueError(i)\n"
              "        except ValueError:\n            pass\n        yield i\n        i += 1\n"
              "def run(n):\n    t = 0\n    for x in gen(n):\n        t += x\n    return t\nprint(run(300))\n")
    categories, _ = parse_log_spec("jit-log-opt,jit-summary:unused.log")
    log = PyPyLog(categories)
    result = run_source(source, "program.py", jit="llgraph", jit_params="threshold=5", jit_log=log)
    text = log.finish(result.jit)
    assert result.stdout == "44850\n"
    aborts = result.jit.aborts
    assert aborts and {reason_code(a.reason) for a in aborts} == {"ABORT_EXCEPTION"}
    summary = parse_log(text).summary
    expected = abort_counts(aborts)
    for key, _ in PYPY_COUNTERS.values():
        assert summary[key] == expected[key] == 0
    assert summary["pypyteach_aborts"] == expected["pypyteach_aborts"] == {"ABORT_EXCEPTION": len(aborts)}
    assert "# not counted by PyPy: ABORT_EXCEPTION:\t%d" % len(aborts) in text


def test_a_bridge_leaving_its_loops_frame_ends_with_finish(tmp_path):
    # not a generator: the exit of f's loop, then f returns.  The bridge from
    # the loop's exit guard ends with finish (PyPy: compile_done_with_this_frame)
    source = ("def f(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\n"
              "def run():\n    s = 0\n    for k in range(100):\n        s += f(40 + k % 3)\n    return s\n"
              "print(run())\n")
    for jit in BACKENDS:
        result = run(source, jit, "threshold=30,function_threshold=100000,trace_eagerness=5")
        assert_same(source, result, tmp_path)
        bridges = [t for t in result.jit.bridges() if t.name.startswith("f;")]
        assert any(t.operations[-1].name == "finish" for t in bridges)
        assert "ABORT_LEFT_ROOT_FRAME" not in {reason_code(a.reason) for a in result.jit.aborts}


CORPUS_GENERATORS = sorted((pathlib.Path(__file__).parent / "programs").glob("generators_*.py"))


@pytest.mark.parametrize("path", CORPUS_GENERATORS, ids=lambda p: p.stem)
def test_corpus_generator_programs_compile_loops(path):
    """The corpus's generator programs, with the JIT on: the same output as
    CPython, compiled loops, and no abort for creating or delegating to a
    generator."""
    source = path.read_text(encoding="utf-8")
    result = run_source(source, path.name, jit="llgraph", jit_params="threshold=3,function_threshold=3,trace_eagerness=2")
    expected_stdout = run_cpython(path)[0]
    assert result.error is None and result.stdout == expected_stdout
    assert result.jit.traces, "no loop was compiled"
    reasons = {reason_code(a.reason) for a in result.jit.aborts}
    assert not reasons & {"ABORT_GENERATOR", "ABORT_YIELD_FROM"}, reasons


NESTED_UNDER_STEP_BUDGET = """
def gen(n):
    for k in range(n):
        yield k * 2
def run():
    out = []
    for i in range(5):
        try:
            for i in gen(4):
                out.append(((0, i)[0] - 9223372036854775807))
        except Exception as e:
            out.append(str(e)[:40])
    print(len(out), out[-3:])
run()
"""


@pytest.mark.parametrize("jit", ["s390x", "x86_64", "llgraph"])
def test_nested_compiled_runs_under_a_step_budget(jit):
    # found by the fuzzer (seed 3200180): on s390x, a generator's compiled
    # loop run nested under --max-steps gave a wrong result
    result = run_source(NESTED_UNDER_STEP_BUDGET, "nested.py", jit=jit, jit_params="threshold=3,trace_eagerness=2",
                        max_steps=2000000)
    assert result.error is None and result.stdout == "20 [-9223372036854775807, -9223372036854775807, -9223372036854775807]\n"
