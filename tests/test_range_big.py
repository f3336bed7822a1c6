"""range beyond machine words (issue 12): a range holds arbitrary ints, as
CPython's does; only len() of a range longer than sys.maxsize overflows.
Ranges whose iteration stays in words keep the W_RangeObject /
W_IntRangeIterator fast path the JIT inlines; the others are
W_LongRangeObjects with longrange_iterators (CPython's two iterator types)."""

import contextlib
import io

import pytest

from pypyteach.run import run_source, new_vm
from pypyteach.vm.memory import layout as L


def cpython_output(source):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "<test>", "exec"), {"__name__": "__main__"})
    return out.getvalue()


def same_as_cpython(source, **options):
    result = run_source(source, "t.py", **options)
    assert result.error is None, result.error.traceback
    assert result.stdout == cpython_output(source)
    return result


@pytest.mark.parametrize("expr", [
    "range(10**30)", "range(0, 10**30)[10**29]", "10**29 in range(10**30)", "range(10**30)[::2]",
    "list(reversed(range(10**20, 10**20+3)))", "list(range(2**63-2, 2**63+2))",
    "list(reversed(range(-2**63, -2**63+3)))", "list(range(0, 2**63-1, 2**62))",
    "[i for i in range(2**63-2, -2**63-1, -2**62)]", "range(10**30).index(10**29)",
    "range(10**30).count(5)", "range(10**30) == range(0, 10**30, 1)", "range(2**64)[2**63:2**63+3]",
    "range(10**30).start, range(10**30).stop, range(10**30).step", "bool(range(10**30))",
    "type(iter(range(10**30))).__name__", "type(iter(range(-2**63, 5, 2))).__name__",
    "type(reversed(range(-2**63, 5))).__name__", "type(reversed(range(5))).__name__",
    "range(0, 10**30) in {range(10**30)}", "sum(range(2**64, 2**64+4))",
])
def test_big_range_expression(expr):
    same_as_cpython("print(%s)" % expr)


@pytest.mark.parametrize("expr, message", [
    ("len(range(10**30))", "OverflowError: Python int too large to convert to C ssize_t"),
    ("list(range(10**30))", "OverflowError: Python int too large to convert to C ssize_t"),
    ("range(10**30)[10**30]", "IndexError: range object index out of range"),
    ("range(10**30).index(-1)", "ValueError: -1 is not in range"),
    ("range(0, 10**30, 0)", "ValueError: range() arg 3 must not be zero"),
])
def test_big_range_errors(expr, message):
    source = "try:\n    %s\nexcept Exception as e:\n    print('%%s: %%s' %% (type(e).__name__, e))\n" % expr
    result = same_as_cpython(source)
    assert result.stdout.strip() == message


def test_kinds_of_range():
    """Word ranges stay W_RangeObjects (the JIT's inlined kind); the others
    are W_LongRangeObjects of the same type, range."""
    space, interp = new_vm()
    from pypyteach.vm.objspace.std import iterobject
    assert space.tid(iterobject.newrange(space, 0, 10, 1)) == L.W_RangeObject.tid
    assert space.tid(iterobject.newrange(space, 2**63 - 3, 2**63 - 1, 1)) == L.W_RangeObject.tid
    for parts in ((0, 10**30, 1), (2**63 - 2, 2**63 + 2, 1), (0, 2**63 - 1, 2**62), (-2**63, 2**63 - 1, 1)):
        w_range = iterobject.newrange(space, *parts)
        assert space.tid(w_range) == L.W_LongRangeObject.tid
        assert space.type(w_range) == space.w_range
        assert iterobject.range_parts(space, w_range) == parts


HOT_LOOP = """
def main():
    total = 0
    count = 0
    for rep in range(40):
        for i in range(2**63 - 5, 2**63 + 5):
            total += i - 2**63
            count += 1
    t = 0
    for i in range(2**63 - 300, 2**63 + 300):
        t ^= i
    for i in reversed(range(-2**63, -2**63 + 300)):
        t += i
    for i in range(0, 2**63 - 1, 2**61):
        t += i
    print(total, count, t)
main()
"""


@pytest.mark.parametrize("backend", [None, "llgraph", "x86_64"])
def test_hot_loop_crossing_2_63(backend):
    options = {"jit": backend, "jit_params": "threshold=3,trace_eagerness=2"} if backend else {}
    result = same_as_cpython(HOT_LOOP, **options)
    if backend:
        assert result.jit.loops(), "the loops over big ranges were compiled"


def test_big_range_under_gc_stress():
    same_as_cpython(HOT_LOOP.replace("range(40)", "range(3)"), gc_threshold=2048)
