"""Function traces and call_assembler (PyPy's portal): recursive programs
compiled, identical to CPython.

A function entered ``function_threshold`` times is traced from its entry and
the trace ends with ``finish`` when its frame returns; recursion past
``max_unroll_recursion`` levels becomes ``call_assembler_r``.  CPython
checks the output; the record shows what was compiled and how often it ran.
"""

import pytest

from reference import run_cpython
from pypyteach.jit.logger import Logger
from pypyteach.run import run_source

PARAMS = "function_threshold=20,threshold=30,trace_eagerness=5"

FIB = """
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
print(fib(16))
"""

ACKERMANN = """
def ack(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ack(m - 1, 1)
    return ack(m - 1, ack(m, n - 1))
print(ack(2, 3), ack(2, 20))
"""

TREE = """
def build(depth):
    if depth == 0:
        return None
    return (build(depth - 1), depth, build(depth - 1))

def total(tree):
    if tree is None:
        return 0
    left, value, right = tree
    return total(left) + value + total(right)

def height(tree):
    if tree is None:
        return 0
    return 1 + max(height(tree[0]), height(tree[2]))

t = build(9)
print(total(t), height(t))
"""

MUTUAL = """
def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)

def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)

print([is_even(k) for k in range(60)].count(True), is_odd(301))
"""

LOOP_IN_FUNCTION = """
def weight(word, bias=3, *, scale=2):
    t = 0
    for ch in word:
        t += ord(ch) * scale
    return t + bias

total = 0
for i in range(400):
    total += weight("ab" * (i % 5), bias=i % 7) + weight("x", scale=i % 3)
print(total)
"""

RAISING = """
def check(n):
    if n % 17 == 16:
        raise ValueError("bad %d" % n)
    return n * 2

def safe(n):
    try:
        return check(n)
    except ValueError as e:
        return str(e)

out = []
for i in range(200):
    out.append(safe(i))
print(out[-5:], len(out))
"""

GUARD_FAILS = """
def f(x):
    if isinstance(x, int):
        return x + 1
    return len(x)

t = 0
for i in range(300):
    t += f(i) if i < 250 else f("ab" * i)
print(t)
"""

DEEP = """
def down(n):
    if n == 0:
        return 0
    return 1 + down(n - 1)
print(down(400))
def forever(n):
    return forever(n + 1)
forever(0)
"""

PROGRAMS = {"fib": FIB, "ackermann": ACKERMANN, "tree": TREE, "mutual": MUTUAL,
            "loop_in_function": LOOP_IN_FUNCTION, "raising": RAISING, "guard_fails": GUARD_FAILS,
            "deep": DEEP}


def cpython(source, tmp_path):
    path = tmp_path / "program.py"
    path.write_text(source)
    return run_cpython(path)


def run(source, jit, params=PARAMS):
    return run_source(source, "program.py", jit=jit, jit_params=params)


def assert_same_as_cpython(source, result, tmp_path):
    out, error_type, message = cpython(source, tmp_path)
    assert result.stdout == out
    if error_type is None:
        assert result.error is None, result.error.traceback
    else:
        assert (result.error.type_name, result.error.message) == (error_type, message)


def call_assemblers(record):
    return [op for t in record.traces for op in t.operations if op.name.startswith("call_assembler")]


def function_traces(record):
    return [t for t in record.traces if t.type == "entry bridge"]


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_recursive_programs_on_llgraph(name, tmp_path):
    result = run(PROGRAMS[name], "llgraph")
    assert_same_as_cpython(PROGRAMS[name], result, tmp_path)
    assert function_traces(result.jit), "no function was traced"


@pytest.mark.parametrize("name", ["fib", "ackermann", "tree", "mutual", "raising", "deep"])
def test_recursive_programs_on_x86_64(name, tmp_path):
    result = run(PROGRAMS[name], "x86_64")
    assert_same_as_cpython(PROGRAMS[name], result, tmp_path)


def test_fib_on_aarch64(tmp_path):
    result = run(FIB, "aarch64")
    assert_same_as_cpython(FIB, result, tmp_path)
    assert call_assemblers(result.jit)


@pytest.mark.parametrize("jit", ["llgraph", "x86_64"])
def test_fib_runs_mostly_in_compiled_code(jit):
    """fib's function trace is compiled, entered many times, calls itself
    with call_assembler, and most bytecodes of the run are compiled ones."""
    interpreted = run_source(FIB, "program.py")
    result = run(FIB, jit, "function_threshold=50,trace_eagerness=20")
    record = result.jit
    assert result.stdout == interpreted.stdout == "987\n"
    [entry] = function_traces(record)
    assert entry.kind == "loop" and entry.operations[-1].name == "finish"
    assert record.entries[entry.number] > 500
    ops = call_assemblers(record)
    assert ops and all(op.descr.token is entry.loop for op in ops)
    # result.steps counts the bytecodes the interpreter ran
    assert result.steps < interpreted.steps / 3


def test_function_trace_ends_in_finish_and_logs_as_entry_bridge():
    result = run(FIB, "llgraph")
    logger = Logger(sections=("opt",))
    for trace in result.jit.traces:
        logger.log_trace(trace)
    text = logger.text()
    assert ": entry bridge with" in text
    assert "finish(" in text and "descr=<DoneWithThisFrameDescrRef object>" in text
    number = function_traces(result.jit)[0].number
    assert "call_assembler_r(" in text and "descr=<Loop%d>)" % number in text


def test_below_function_threshold_nothing_is_traced_from_an_entry():
    result = run(FIB, "llgraph", "function_threshold=100000")
    assert function_traces(result.jit) == [] and result.stdout == "987\n"
    assert result.jit.function_counters["fib"] == 3193      # the calls of fib(16)


def test_trace_limit_aborts_a_function_trace_cleanly(tmp_path):
    result = run(TREE, "llgraph", PARAMS + ",trace_limit=40")
    assert_same_as_cpython(TREE, result, tmp_path)
    reasons = {a.reason for a in result.jit.aborts}
    assert "ABORT_TOO_LONG" in reasons


def test_guard_failure_in_a_function_trace_deoptimizes(tmp_path):
    result = run(GUARD_FAILS, "llgraph", "function_threshold=20,threshold=100000,trace_eagerness=100000")
    assert_same_as_cpython(GUARD_FAILS, result, tmp_path)
    [entry] = function_traces(result.jit)
    failures = [f for f in result.jit.guard_failures if f.trace_number == entry.number]
    assert len(failures) == 50
    assert all(f.frames[0][0] == "f" and f.blackhole is not None for f in failures)


def test_bridges_of_a_function_trace_end_in_finish(tmp_path):
    result = run(GUARD_FAILS, "x86_64", "function_threshold=20,threshold=100000,trace_eagerness=3")
    assert_same_as_cpython(GUARD_FAILS, result, tmp_path)
    [entry] = function_traces(result.jit)
    bridges = [t for t in result.jit.bridges() if t.loop is entry.loop]
    assert bridges and bridges[0].operations[-1].name == "finish"


def test_inlining_off_calls_every_function_through_call_assembler(tmp_path):
    result = run(LOOP_IN_FUNCTION, "llgraph", "threshold=30,function_threshold=20,inlining=0")
    assert_same_as_cpython(LOOP_IN_FUNCTION, result, tmp_path)
    assert call_assemblers(result.jit)
