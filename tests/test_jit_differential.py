"""The whole corpus with the JIT on: identical to CPython.

The threshold is low enough that every loop that runs a few times is traced,
compiled and run through llgraph, and guards grow bridges after two
failures; the interpreter checks the JIT, CPython checks both.
"""

import pytest

from test_differential import assert_same
from reference import program_paths

JIT = dict(jit="llgraph", jit_params="threshold=3,trace_eagerness=2")


@pytest.mark.parametrize("path", program_paths("programs"), ids=lambda p: p.stem)
def test_program_with_jit(path):
    assert_same(path, **JIT)


@pytest.mark.parametrize("path", program_paths("errors"), ids=lambda p: p.stem)
def test_error_program_with_jit(path):
    assert_same(path, **JIT)


@pytest.mark.slow
@pytest.mark.parametrize("path", program_paths("bench"), ids=lambda p: p.stem)
def test_bench_program_with_jit(path):
    assert_same(path, **JIT)


@pytest.mark.parametrize("path", [p for i, p in enumerate(program_paths("programs")) if i % 8 == 0],
                         ids=lambda p: p.stem)
def test_program_with_jit_under_gc_stress(path):
    assert_same(path, gc_threshold=4096, **JIT)


def test_corpus_traces_without_discipline_bugs():
    """While tracing, interpreter code must touch guest values only through ll
    operations; a slip is caught (ABORT_BUG) and the bytecode re-run, but it
    must never happen in the corpus."""
    from pypyteach.run import run_source
    bugs = []
    for path in program_paths("programs")[::3]:
        result = run_source(path.read_text(), path.name, **JIT)
        bugs += [(path.name, a.reason) for a in result.jit.aborts if a.reason.startswith("ABORT_BUG")]
    assert bugs == []
