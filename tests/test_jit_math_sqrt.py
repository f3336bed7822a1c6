"""math.sqrt in traces and machine code, as PyPy's: the trace inlines
rpython's ll_math_sqrt (a guard that the argument is not negative, one that
it is finite, then ``call_f(sqrt_nonneg)`` with OS_MATH_SQRT = 100 and no
guard_no_exception: EF_ELIDABLE_CANNOT_RAISE), and every machine backend
compiles that call to one square-root instruction, not a host call."""

import subprocess
import sys

import pytest

from pypyteach import viz
from pypyteach.run import run_source

PARAMS = "threshold=5,trace_eagerness=3"
INSTRUCTION = {"x86_64": "sqrtsd", "aarch64": "fsqrt", "ppc64": "fsqrt", "ppc64le": "fsqrt", "s390x": "sqdbr"}

LOOP = """\
import math
def run(items):
    t = 0.0
    out = []
    for x in items:
        try:
            r = math.sqrt(x)
        except ValueError as e:
            out.append(str(e))
            continue
        t += r
        out.append(r)
    return t, out
items = [i * 0.75 for i in range(40)] + [4, True, 9, 2.25, 1e308, 5e-324, 0.0, -0.0]
items += [16.0] * 10 + [-1.0, 3.0, float('inf'), 2.0, float('nan'), 7.0, -float('inf'), 8, 2**80, 10.0]
items += [1.5] * 10
t, out = run(items)
print(t)
print(out)
"""


def cpython(source):
    return subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def expected():
    return cpython(LOOP)


def sqrt_traces(record):
    return [trace for trace in record.traces
            if any("sqrt" in repr(op.descr) for op in trace.operations if op.name.startswith("call"))]


def test_trace_has_pypys_shape():
    result = run_source(LOOP, "sqrt.py", jit="llgraph", jit_params=PARAMS)
    loop = sqrt_traces(result.jit)[0]
    assert loop.kind == "loop"
    names = [op.name for op in loop.operations]
    calls = [op for op in loop.operations if op.name.startswith("call") and "sqrt" in repr(op.descr)]
    assert [repr(op.descr) for op in calls] == ["<Callf sqrt_nonneg OS=100>"] * len(calls) and calls
    for call in calls:
        index = loop.operations.index(call)
        # the two tests of ll_math_sqrt before it, nothing after it about exceptions
        assert "float_lt" in names[max(0, index - 6):index] and "float_eq" in names[max(0, index - 6):index]
        assert names[index + 1] != "guard_no_exception"


@pytest.mark.parametrize("backend", ["llgraph"] + sorted(INSTRUCTION))
def test_results_and_errors_equal_cpython(backend, expected):
    result = run_source(LOOP, "sqrt.py", jit=backend, jit_params=PARAMS)
    assert result.error is None
    assert result.stdout == expected
    assert result.jit.traces, "the loop was compiled"


@pytest.mark.parametrize("backend", sorted(INSTRUCTION))
def test_machine_code_has_the_instruction_and_no_host_call(backend):
    result = run_source(LOOP, "sqrt.py", jit=backend, jit_params=PARAMS)
    text = "\n".join(viz.AssemblyView(result.jit, trace.number).text() for trace in sqrt_traces(result.jit))
    sqrt_lines = [line for line in text.splitlines() if "; op" in line and "call_f" in line]
    assert sqrt_lines, "the sqrt call's code is listed"
    assert all(INSTRUCTION[backend] in line for line in sqrt_lines), sqrt_lines
    names = [slot.name for slot in result.interp.jitdriver.backend.machine.slots]
    assert not any("sqrt" in name for name in names), names
