"""The whole corpus with hot loops compiled to machine code (every machine
backend: x86-64, AArch64, PPC64 in both byte orders, s390x) and run in Unicorn.

Every program must print what the interpreter prints (and end with the
same exception), with thresholds low enough that almost every loop is
traced, compiled, and grows bridges.  The interpreter is the reference
here; test_differential.py checks it against CPython.
"""

import pytest

from pypyteach.run import run_source
from reference import program_paths

from test_backend import MACHINES

PARAMS = "threshold=3,trace_eagerness=2"
_PLAIN = {}


def plain_result(path, source):
    if path not in _PLAIN:
        _PLAIN[path] = _outcome(run_source(source, path.name))
    return _PLAIN[path]


def _outcome(result):
    error = None if result.error is None else (result.error.type_name, result.error.message)
    return result.stdout, error, result.step_limit is not None


def assert_same_as_interpreter(path, backend, **options):
    source = path.read_text(encoding="utf-8")
    result = run_source(source, path.name, jit=backend, jit_params=PARAMS, **options)
    expected = plain_result(path, source)
    if _outcome(result) != expected:
        reference = run_source(source, path.name, jit="llgraph", jit_params=PARAMS, **options)
        if _outcome(reference) != expected:
            pytest.xfail("llgraph (the reference backend) differs from the interpreter too: "
                         "a tracer/optimizer bug, not a machine backend one")
    assert _outcome(result) == expected
    return result


# Time: the whole corpus runs on every backend but ppc64le, which shares
# ppc64's instruction selection and encoder and differs in byte order only:
# it takes every other program.  The benchmark-sized programs (the slowest)
# run on x86-64, and each on one of the others in turn.
EVERY_PROGRAM = ("x86_64", "aarch64")
EVERY_BENCH_PROGRAM = ("x86_64",)


def corpus_pairs(paths):
    return [pytest.param(path, backend, id="%s-%s" % (path.stem, backend))
            for i, path in enumerate(paths) for backend in MACHINES
            if backend != "ppc64le" or i % 2 == 0]


def bench_pairs(paths):
    others = [name for name in MACHINES if name not in EVERY_BENCH_PROGRAM]
    return [pytest.param(path, backend, id="%s-%s" % (path.stem, backend))
            for i, path in enumerate(paths) for backend in MACHINES
            if backend in EVERY_BENCH_PROGRAM or backend == others[i % len(others)]]


@pytest.mark.parametrize("path, backend", corpus_pairs(program_paths("programs")))
def test_program_on_machine_backend(path, backend):
    assert_same_as_interpreter(path, backend)


@pytest.mark.parametrize("backend", MACHINES)
@pytest.mark.parametrize("path", program_paths("errors"), ids=lambda p: p.stem)
def test_error_program_on_machine_backend(path, backend):
    assert_same_as_interpreter(path, backend)


@pytest.mark.slow
@pytest.mark.parametrize("path, backend", bench_pairs(program_paths("bench")))
def test_bench_program_on_machine_backend(path, backend):
    result = assert_same_as_interpreter(path, backend)
    assert result.jit.traces, "no loop was compiled"


@pytest.mark.parametrize("backend", MACHINES)
@pytest.mark.parametrize("path", [p for i, p in enumerate(program_paths("programs")) if i % 8 == 0],
                         ids=lambda p: p.stem)
def test_program_on_machine_backend_under_gc_stress(path, backend):
    """A tiny GC threshold: compiled code leaves through nursery exits all the time."""
    assert_same_as_interpreter(path, backend, gc_threshold=4096)
