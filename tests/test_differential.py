"""The backbone: every corpus program gives CPython's output under the VM.

Each program in tests/programs runs under the host CPython (the reference,
tests/reference.py) and under pypyteach; stdout must be identical, and a
program ending in an uncaught exception must end with the same exception
type and message.  Rejected programs must fail to compile, naming the
construct, line and column.
"""

import pytest

from pypyteach.vm.errors import CompileError
from pypyteach.run import run_source
from reference import program_paths, run_cpython, rejected_header


def run_both(path, **options):
    expected_out, expected_type, expected_message = run_cpython(path)
    result = run_source(path.read_text(encoding="utf-8"), path.name, **options)
    return (expected_out, expected_type, expected_message), result


def assert_same(path, **options):
    (expected_out, expected_type, expected_message), result = run_both(path, **options)
    assert result.step_limit is None, result.step_limit
    assert result.stdout == expected_out
    if expected_type is None:
        assert result.error is None, result.error.traceback
    else:
        assert result.error is not None, "expected %s: %s" % (expected_type, expected_message)
        assert (result.error.type_name, result.error.message) == (expected_type, expected_message)


@pytest.mark.parametrize("path", program_paths("programs"), ids=lambda p: p.stem)
def test_program(path):
    assert_same(path)


@pytest.mark.parametrize("path", program_paths("errors"), ids=lambda p: p.stem)
def test_error_program(path):
    assert_same(path)


@pytest.mark.slow
@pytest.mark.parametrize("path", program_paths("bench"), ids=lambda p: p.stem)
def test_bench_program(path):
    assert_same(path)


@pytest.mark.parametrize("path", program_paths("rejected"), ids=lambda p: p.stem)
def test_rejected_program(path):
    header = rejected_header(path)
    with pytest.raises(CompileError) as info:
        run_source(path.read_text(encoding="utf-8"), path.name)
    error = info.value
    assert error.kind == "UnsupportedError"
    assert (error.line, error.col) == (header["line"], header["col"])
    for word in header["expect"].split():
        assert word.lower() in error.message.lower()
    assert path.name in error.format()


# A sample of programs run with a tiny collection threshold, so the collector
# runs every few bytecodes: a value the GC failed to root shows up as a wrong
# result or a crash.
GC_STRESS = [p for i, p in enumerate(program_paths("programs")) if i % 6 == 0]


@pytest.mark.parametrize("path", GC_STRESS, ids=lambda p: p.stem)
def test_program_under_gc_stress(path):
    assert_same(path, gc_threshold=2048)


@pytest.mark.parametrize("path", [p for i, p in enumerate(program_paths("programs")) if i % 10 == 0],
                         ids=lambda p: p.stem)
def test_program_big_endian_heap(path):
    assert_same(path, byteorder="big")
