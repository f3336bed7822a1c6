"""The real programs of benchmarks/real_programs.py print under pypyteach's
interpreter what they print under CPython, at the small size written in each
file (the benchmark raises it).  No timing here: the benchmark times them."""

import os
import subprocess
import sys

import pytest

from pypyteach.run import run_source

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))

import real_programs  # noqa: E402

PATHS = real_programs.program_paths()


def test_there_are_enough_programs_and_each_has_a_bench_size():
    names = [real_programs.program_name(p) for p in PATHS]
    assert len(names) >= 12
    assert sorted(names) == sorted(real_programs.BENCH_SIZES) == sorted(real_programs.LONG_SIZES)


@pytest.mark.parametrize("path", PATHS, ids=real_programs.program_name)
def test_same_output_as_cpython(path):
    source, size = real_programs.sized_source(path, None)
    expected = subprocess.run([sys.executable, path], capture_output=True, text=True, check=True).stdout
    result = run_source(source, os.path.basename(path), max_steps=5_000_000)
    assert result.error is None, result.error.traceback
    assert result.stdout == expected


def test_size_parameter_is_replaced():
    path = PATHS[0]
    source, size = real_programs.sized_source(path, 12345)
    assert size == 12345
    assert "= 12345 " in source
    assert source.count("\n") == open(path).read().count("\n")


BREAKDOWN_PROGRAM = """
class P:
    def __init__(self, v):
        self.v = v

def main(n):
    total = 0
    for i in range(n):
        p = P(i)
        if i % 7 == 0:
            total += len(str(i))        # str(): a residual call out of machine code
        total += p.v & 3
    return total

print(main(3000))
"""


def test_the_jit_times_where_its_run_goes():
    """The figures the benchmark's breakdown reads (record.timings):
    residual calls are part of the machine-code runs, the optimizer part of
    the backend, guard exits and collections are counted."""
    result = run_source(BREAKDOWN_PROGRAM, "breakdown.py", jit="x86_64", gc_threshold=64 << 10)
    assert result.error is None, result.error.traceback
    timings = result.jit.timings
    assert 0 < timings["residual"] < timings["machine"]
    assert 0 < timings["optimizing"] < timings["backend"]
    assert timings["guard_exits"] > 0 and result.jit.guard_failures
    assert 0 < timings["gc"] and 0 <= timings["gc_in_runs"] <= timings["gc"]
    assert timings["tracing"] > 0
