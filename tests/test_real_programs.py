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
    assert sorted(names) == sorted(real_programs.BENCH_SIZES)


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
