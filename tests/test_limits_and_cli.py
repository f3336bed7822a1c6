"""Safety limits, error reports and the ``pypyteach`` command."""

import os
import subprocess
import sys

import pytest

from pypyteach.vm.errors import CompileError
from pypyteach.run import run_source, new_vm, run_code
from pypyteach.vm.compiler.pycompiler import compile_source

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pypyteach(*args, input_file=None, tmp_path=None):
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.run([sys.executable, "-m", "pypyteach", *args], capture_output=True, text=True,
                          env=env, timeout=120)


# -- limits ----------------------------------------------------------------------------------

def test_max_steps_stops_a_runaway_loop():
    result = run_source("print('start')\nwhile True:\n    pass\n", "loop.py", max_steps=5000)
    assert result.stdout == "start\n"
    assert result.step_limit is not None
    assert result.step_limit.line in (2, 3)
    assert "5000" in str(result.step_limit) and "loop.py" in str(result.step_limit)


def test_vm_is_usable_after_a_step_limit():
    space, interp = new_vm(max_steps=2000)
    first = run_code(space, interp, compile_source("while True:\n    pass\n", "a.py"))
    assert first.step_limit is not None
    interp.max_steps = None
    second = run_code(space, interp, compile_source("print(6 * 7)\n", "b.py"))
    assert second.stdout == "42\n" and second.error is None


def test_deep_recursion_is_recursion_error():
    program = "def f(n):\n    return f(n + 1)\nf(0)\n"
    result = run_source(program, "rec.py")
    assert result.error.type_name == "RecursionError"
    assert result.error.message == "maximum recursion depth exceeded"


def test_recursion_limit_is_configurable():
    program = """
def depth(n):
    try:
        return depth(n + 1)
    except RecursionError:
        return n
print(depth(0) < 60)
"""
    assert run_source(program, "r.py", recursion_limit=50).stdout == "True\n"


def test_recursion_through_special_methods_is_recursion_error():
    program = """
class A:
    def __add__(self, other):
        return self + other
A() + A()
"""
    result = run_source(program, "r.py")
    assert result.error.type_name == "RecursionError"


def test_vm_is_usable_after_an_uncaught_exception():
    space, interp = new_vm()
    first = run_code(space, interp, compile_source("def f():\n    1 / 0\nf()\n", "a.py"))
    assert first.error.type_name == "ZeroDivisionError"
    assert interp.frame is None and interp.depth == 0
    second = run_code(space, interp, compile_source("print('ok')\n", "b.py"))
    assert second.stdout == "ok\n"


# -- the guest cannot reach the host -----------------------------------------------------------

@pytest.mark.parametrize("source", [
    "import os\n", "import sys\n", "from os import path\n", "import subprocess\n",
    "import math as m, os\n", "from . import x\n",
])
def test_imports_other_than_math_are_rejected_before_running(source):
    with pytest.raises(CompileError) as info:
        run_source("print('must not run')\n" + source, "imp.py")
    assert info.value.line == 2
    assert info.value.kind == "UnsupportedError"


def test_traceback_names_type_message_and_source_line():
    program = "def f(x):\n    return x[5]\n\nprint('before')\nf([1, 2])\n"
    result = run_source(program, "tb.py")
    assert result.stdout == "before\n"
    lines = result.error.traceback.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert lines[1] == '  File "tb.py", line 5, in <module>'
    assert lines[2] == "    f([1, 2])"
    assert lines[3] == '  File "tb.py", line 2, in f'
    assert lines[4] == "    return x[5]"
    assert lines[5] == "IndexError: list index out of range"


# -- the command line -------------------------------------------------------------------------------

def test_cli_run_prints_like_python(tmp_path):
    program = tmp_path / "hello.py"
    program.write_text("for i in range(3):\n    print('hello', i)\n")
    done = pypyteach("run", str(program))
    assert done.returncode == 0
    assert done.stdout == "hello 0\nhello 1\nhello 2\n"


@pytest.mark.parametrize("arch", ["x86_64", "aarch64", "ppc64", "ppc64le", "s390x"])
def test_cli_run_with_a_machine_jit_logs_the_loop_and_prints_like_python(tmp_path, arch):
    program = tmp_path / "hot.py"
    program.write_text("t = 0\nfor i in range(3000):\n    t += i % 7\nprint(t)\n")
    log = tmp_path / "jit.log"
    done = pypyteach("run", "--jit", arch, "--log", "jit-log-opt,jit-summary:%s" % log, str(program))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "%d\n" % sum(i % 7 for i in range(3000))
    assert "{jit-log-opt-loop" in log.read_text()


def test_cli_log_to_dash_goes_to_stderr_as_pypylog_does(tmp_path):
    program = tmp_path / "hot.py"
    program.write_text("t = 0\nfor i in range(3000):\n    t += i\nprint(t)\n")
    done = pypyteach("run", "--jit", "llgraph", "--log", "jit-summary:-", str(program))
    assert done.returncode == 0 and done.stdout == "4498500\n"
    assert "{jit-summary" in done.stderr and "Tracing:" in done.stderr


def test_cli_run_s390x_gets_a_big_endian_heap_and_a_conflict_is_a_usage_error(tmp_path):
    program = tmp_path / "hot.py"
    program.write_text("t = 0.5\nfor i in range(2000):\n    t = t * 1.0001 + i // 3 - (i << 2)\nprint(t)\n")
    expected = pypyteach("run", str(program)).stdout
    for extra in ([], ["--byteorder", "big"]):
        done = pypyteach("run", "--jit", "s390x", "--jit-param", "threshold=10", *extra, str(program))
        assert done.returncode == 0 and done.stdout == expected, done.stderr
    done = pypyteach("run", "--jit", "s390x", "--byteorder", "little", str(program))
    assert done.returncode == 2 and done.stdout == ""
    assert "s390x" in done.stderr and "big-endian" in done.stderr and "little-endian was requested" in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_run_unknown_backend_is_a_usage_error(tmp_path):
    program = tmp_path / "p.py"
    program.write_text("print(1)\n")
    done = pypyteach("run", "--jit", "sparc", str(program))
    assert done.returncode == 2 and all(name in done.stderr for name in ("llgraph", "x86_64", "aarch64"))


@pytest.mark.parametrize("arch,order", [("ppc64", "little"), ("ppc64le", "big"), ("x86_64", "big")])
def test_cli_run_byteorder_the_target_cannot_use_is_a_usage_error(tmp_path, arch, order):
    program = tmp_path / "p.py"
    program.write_text("print(1)\n")
    done = pypyteach("run", "--jit", arch, "--byteorder", order, str(program))
    assert done.returncode == 2 and done.stdout == ""
    assert arch in done.stderr and "%s-endian was requested" % order in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_run_uncaught_exception_exit_1(tmp_path):
    program = tmp_path / "boom.py"
    program.write_text("print('a')\nx = {}\nx['k']\n")
    done = pypyteach("run", str(program))
    assert done.returncode == 1
    assert done.stdout == "a\n"
    assert "line 3" in done.stderr and done.stderr.strip().endswith("KeyError: 'k'")


def test_cli_run_max_steps_exit_2(tmp_path):
    program = tmp_path / "spin.py"
    program.write_text("i = 0\nwhile True:\n    i += 1\n")
    done = pypyteach("run", "--max-steps", "1000", str(program))
    assert done.returncode == 2
    assert "max-steps" in done.stderr and "spin.py" in done.stderr


def test_cli_run_compile_error_names_file_line_column(tmp_path):
    program = tmp_path / "w.py"
    program.write_text("x = 1\nwith open('f') as f:\n    pass\n")
    done = pypyteach("run", str(program))
    assert done.returncode == 1
    assert "w.py" in done.stderr and "line 2" in done.stderr and "column 1" in done.stderr
    assert "with" in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_run_syntax_error(tmp_path):
    program = tmp_path / "s.py"
    program.write_text("x = (1,\n")
    done = pypyteach("run", str(program))
    assert done.returncode == 1
    assert "SyntaxError" in done.stderr and "s.py" in done.stderr


def test_cli_missing_file_is_a_clear_error(tmp_path):
    done = pypyteach("run", str(tmp_path / "nope.py"))
    assert done.returncode == 2
    assert "cannot open" in done.stderr


def test_cli_dis_lists_every_code_object(tmp_path):
    program = tmp_path / "d.py"
    program.write_text("def f(n):\n    while n > 0:\n        n -= 1\n    return n\n")
    done = pypyteach("dis", str(program))
    assert done.returncode == 0
    assert "Disassembly of <code object <module>" in done.stdout
    assert "Disassembly of <code object f" in done.stdout
    assert "JUMP_ABSOLUTE" in done.stdout and ">>" in done.stdout


def test_cli_layout_prints_offsets():
    done = pypyteach("layout", "W_IntObject")
    assert done.returncode == 0
    assert "intval" in done.stdout and "8" in done.stdout
    bad = pypyteach("layout", "W_Nope")
    assert bad.returncode == 2 and "W_IntObject" in bad.stderr


def test_cli_layout_of_a_list_names_its_strategies():
    done = pypyteach("layout", "W_ListObject")
    assert done.returncode == 0
    assert "strategy             24" in done.stdout
    assert "2 IntegerListStrategy" in done.stdout and "GcIntArray <ArrayS 8> (int)" in done.stdout
