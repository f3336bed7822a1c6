"""Builtins that PyPy's traces see through, as its traces do.

``enumerate``'s next in traces, as PyPy's (W_Enumerate.descr_next is
RPython without a loop, so its traces inline it): over a range, list,
tuple or str iterator it is ll ops, its 2-tuple stays virtual, and nothing
that can fail a guard comes after the inner iterator's write (the blackhole
step re-runs the bytecode from its start).  Ordering two strs (``a < b``)
is one call of ``ll_strcmp``, ``sub in s`` one of ``ll_strcontains``
(elidable, cannot raise: no guard_no_exception), as PyPy's traces call
rstr's ll_strcmp and find."""

import subprocess
import sys

import pytest

from pypyteach.run import run_source

PARAMS = "threshold=7,trace_eagerness=3"

PROGRAM = """\
def run(n):
    data = [i * 3 for i in range(50)]
    words = "abcdefghij" * 3
    tup = tuple(range(7, 40))
    t = 0
    for k in range(n):
        for i, x in enumerate(data):
            t += i * x
        for i, c in enumerate(words, 5):
            t += i + len(c)
        for i, v in enumerate(tup, -3):
            t ^= i * v
        for i, r in enumerate(range(k, k + 9)):
            t += i - r
        for pair in enumerate([1.5, 'a', None, (1, 2)]):
            t += len(pair)
        for i, x in enumerate([1, 2.5, 'x', [3], k]):
            t += i
        for i, x in enumerate(d for d in data[:4]):
            t -= x
        if k % 7 == 0:
            data.append(k)              # the list grows: a guard fails, then a bridge
    for i, x in enumerate([1, 2, 3, 4, 5, 6, 7, 8, 9, 10] * 3, 2**63 - 12):
        t += i % 1000                   # the index leaves the machine words
    e = enumerate('ab')
    print(next(e), list(e), next(e, 'done'))
    return t
print(run(40))
"""


@pytest.fixture(scope="module")
def expected():
    return subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("backend", [None, "llgraph", "x86_64", "s390x"])
def test_results_equal_cpython(backend, expected):
    result = run_source(PROGRAM, "enum.py", jit=backend, jit_params=PARAMS)
    assert result.error is None
    assert result.stdout == expected
    if backend is not None:
        assert not [a for a in result.jit.aborts if "GUARD_AFTER_HEAP_WRITE" in a.reason]


def test_inner_loops_inline_next_and_keep_the_tuple_virtual():
    result = run_source(PROGRAM, "enum.py", jit="llgraph", jit_params=PARAMS)
    loops = [t for t in result.jit.traces if t.kind == "loop" and any(
        "W_EnumerateObject" in repr(op.descr) for op in t.operations if op.name.startswith("getfield"))]
    inline = []
    for loop in loops:
        calls = [repr(op.descr) for op in loop.operations if op.name.startswith("call")]
        if not any("next_generic" in call for call in calls):
            inline.append(loop)
            assert not any(op.name == "new_array" and "W_TupleObject" in repr(op.descr) for op in loop.operations)
    # the list, str, tuple, range, mixed-list and pair loops; only the one
    # over a generator keeps a residual next (next_generic)
    assert len(inline) >= 6 and len(loops) - len(inline) <= 1


# -- str ordering: ll_strcmp, as PyPy's traces ---------------------------------------------------

COMPARE = """\
def run(n):
    words = ["apple", "Apple", "b", "", "ab", "abc", "\\xff", "\\U0001F600", "z" * 3]
    c = 0
    for i in range(n):
        a = words[i % 9]
        b = words[(i * 7) % 9]
        c += (a < b) + 2 * (a <= b) + 4 * (a > b) + 8 * (a >= b) + ("a" <= a[:1] <= "z")
    return c
print(run(400))
"""


def loop_calls_of_a_run_as_cpython(source, backend):
    """Run ``source`` (its output must be CPython's); (call descrs, loop) of
    its first loop, or None without a JIT."""
    expected = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, check=True).stdout
    result = run_source(source, "prog.py", jit=backend, jit_params=PARAMS)
    assert result.stdout == expected
    if backend is None:
        return None
    loop = [t for t in result.jit.traces if t.kind == "loop"][0]
    return [repr(op.descr) for op in loop.operations if op.name.startswith("call")], loop


@pytest.mark.parametrize("backend", [None, "llgraph", "x86_64", "ppc64"])
def test_str_ordering_equals_cpython_and_is_ll_strcmp(backend):
    found = loop_calls_of_a_run_as_cpython(COMPARE, backend)
    if found is not None:
        calls, loop = found
        assert calls and all("ll_strcmp" in call for call in calls), calls
        assert "guard_no_exception" not in [op.name for op in loop.operations]   # cannot raise, as PyPy's


CONTAINS = """\
def run(n):
    text = "The interpreter reads a program; one instruction at a time!"
    c = 0
    for i in range(n):
        ch = text[i % len(text)]
        if ch in ".;:!?":
            c += 1
        if text[i % 7:i % 7 + 2] in text:
            c += 2
        if "" in ch:
            c += 4
        if "xyz" in ch:
            c += 8
    return c
print(run(400))
try:
    1 in "abc"
except TypeError as e:
    print(e)
print("a" in ["a"], "\\U0001F600" in "x\\U0001F600y", "" in "")
"""


@pytest.mark.parametrize("backend", [None, "llgraph", "x86_64"])
def test_str_in_str_equals_cpython_and_is_one_call(backend):
    found = loop_calls_of_a_run_as_cpython(CONTAINS, backend)
    if found is not None:
        calls, _ = found
        assert any("ll_strcontains" in call for call in calls) and "<Calli contains>" not in calls, calls
