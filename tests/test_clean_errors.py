"""Every way a program can go wrong ends as the program's own error, never a
host traceback: MemoryError in compiled loops, a full heap when the uncaught
exception is reported, ``__str__`` that raises, bad source encodings, bad
command-line values (issue 12)."""

import pytest

from pypyteach.run import run_source

from test_backend import MACHINES

MODES = [{}, {"jit": "llgraph"}] + [{"jit": name} for name in MACHINES]
MODE_IDS = ["interp", "llgraph"] + list(MACHINES)

FILL_HEAP = """
l = []
for i in range(10 ** 7):
    l.append([i])
"""

@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
def test_memory_error_in_a_compiled_loop_is_the_programs(mode):
    result = run_source(FILL_HEAP, "fill.py", heap_size=4 << 20, **mode)
    assert result.error is not None
    assert result.error.type_name == "MemoryError"
    assert 'File "fill.py", line 4' in result.error.traceback


def test_garbage_is_collected_before_the_heap_runs_out():
    """The collection threshold never exceeds the free space: a program
    whose live data is half the heap keeps running while it makes garbage."""
    program = """
keep = [[i] for i in range(15000)]
total = 0
for i in range(75000):
    total += len([i, i])
print(total, len(keep))
"""
    result = run_source(program, "half.py", heap_size=4 << 20)
    assert result.error is None, result.error.traceback
    assert result.stdout == "150000 15000\n"


# -- big ints are sized before they are computed -----------------------------------------

def test_huge_shift_is_a_memory_error_not_host_memory():
    result = run_source("try:\n    x = 1 << 2 ** 34\nexcept MemoryError:\n    print('too big')\n"
                        "print(1 << 10 ** 12)\n", "shift.py", heap_size=16 << 20)
    assert result.stdout == "too big\n"
    assert result.error.type_name == "MemoryError"


def test_big_power_counts_against_max_steps():
    result = run_source("x = 7 ** 10 ** 8\nprint('done')\n", "pow.py", max_steps=100000)
    assert result.step_limit is not None and result.stdout == ""


# -- the command line: one clear line, exit 2 (usage) or 1 (the program's error) ---------

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pypyteach(*args):
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.run([sys.executable, "-m", "pypyteach", *args], capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.mark.parametrize("options", [["--heap-size", "0"], ["--heap-size", "1k"], ["--heap-size", "100g"],
                                     ["--heap-size", "lots"], ["--jit", "llgraph", "--log", "jit-summary:/no/such/dir/x.log"],
                                     ["--byteorder", "big", "--jit", "x86_64"]])
def test_bad_option_values_are_one_usage_line(tmp_path, options):
    program = tmp_path / "p.py"
    program.write_text("print(1)\n")
    proc = pypyteach("run", *options, str(program))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert proc.stderr.strip().splitlines()[-1].startswith(("pypyteach", "usage", "pypyteach run: error"))


def test_source_with_a_latin1_cookie_runs_as_in_cpython(tmp_path):
    program = tmp_path / "latin.py"
    program.write_bytes(b"# coding: latin-1\nprint('\xe9t\xe9')\n")
    proc = pypyteach("run", str(program))
    assert (proc.returncode, proc.stdout) == (0, "\u00e9t\u00e9\n")


def test_source_that_is_not_utf8_is_cpythons_syntax_error(tmp_path):
    program = tmp_path / "bad.py"
    program.write_bytes(b"print(1)\nx = '\xff'\n")
    proc = pypyteach("run", str(program))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("SyntaxError: Non-UTF-8 code starting with '\\xff'") and "line 2" in proc.stderr


# -- differences from CPython: fixed, or refused plainly ----------------------------------

def test_hash_of_nan_comes_from_the_guest_object():
    program = "n = float('nan')\nprint(hash(n) == hash(n), hash(n) == n.__hash__(), hash(n))\n"
    first, second = run_source(program, "nan.py").stdout, run_source(program, "nan.py").stdout
    assert first == second and first.startswith("True True ")


@pytest.mark.parametrize("statement, name", [("f.__defaults__ = (5,)", "__defaults__"),
                                             ("a.__class__ = B", "__class__")])
def test_unsupported_assignments_are_refused_plainly(statement, name):
    program = "def f(x=1):\n    return x\nclass A: pass\nclass B: pass\na = A()\n%s\n" % statement
    result = run_source(program, "assign.py")
    assert result.error.type_name == "TypeError"
    assert "pypyteach does not support assigning to %s" % name in result.error.message


@pytest.mark.parametrize("mode", MODES[1:], ids=MODE_IDS[1:])
def test_max_steps_stops_a_compiled_loop(mode):
    result = run_source("x = 0\nprint('start')\nwhile True:\n    x += 1\n", "spin.py", max_steps=50000, **mode)
    assert result.stdout == "start\n"
    assert result.step_limit is not None and result.jit.traces


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
def test_max_steps_charges_a_compiled_loop_that_finishes(mode):
    """A loop that runs compiled and exits counts its bytecodes: 20,000
    iterations of 7 bytecodes do not fit in 100,000 steps in any mode (the
    machine backends charge label passes, as llgraph charges its jumps)."""
    program = "t = 0\nfor i in range(20000):\n    t += i\nprint(t)\n"
    result = run_source(program, "long.py", max_steps=100000, **mode)
    assert result.stdout == "" and result.step_limit is not None


CALLING_SPIN = """
L = []
x = 0
while True:
    x += 1
    L.append(x)
    L.pop()
    if x % 500 == 0:
        print(x)
"""


@pytest.mark.parametrize("mode", MODES[1:], ids=MODE_IDS[1:])
def test_max_steps_stops_a_compiled_loop_where_the_interpreter_stops(mode):
    """Compiled or not, the limit comes after the same bytecodes: the last
    progress line is the interpreter's, give or take one (the machine
    backends check the count at each residual call, where a loop that calls
    spends its time)."""
    interpreted = run_source(CALLING_SPIN, "calls.py", max_steps=60000)
    result = run_source(CALLING_SPIN, "calls.py", max_steps=60000, **mode)
    assert result.step_limit is not None and result.jit.traces
    last = int(interpreted.stdout.split()[-1])
    assert abs(int(result.stdout.split()[-1]) - last) <= 500, (result.stdout.split()[-1], last)


def test_a_run_under_max_steps_that_fits_is_unchanged():
    program = "t = 0\nfor i in range(3000):\n    t += i\nprint(t)\n"
    result = run_source(program, "fits.py", max_steps=100000, jit="llgraph")
    assert result.stdout == "4498500\n" and result.step_limit is None
