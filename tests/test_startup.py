"""Start-up stays light: importing the CLI and running a one-line program
load neither the emulator, the disassembler, graphviz nor the notebook
machinery, nor the JIT beyond the backend names (benchmarks/startup.py
times it; no timing here)."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEAVY = ("unicorn", "capstone", "graphviz", "ipywidgets", "IPython", "matplotlib", "numpy")
JIT_ALLOWED = {"pypyteach.jit", "pypyteach.jit.backend"}      # backend_names() for --jit's choices

PROBE = r"""
import sys
%s
heavy = sorted(m for m in sys.modules if m.split(".")[0] in %r)
jit = sorted(m for m in sys.modules if m.startswith("pypyteach.jit") and m not in %r)
print("heavy", heavy)
print("jit", jit)
"""


def loaded_after(code, tmp_path):
    probe = PROBE % (code, HEAVY, JIT_ALLOWED)
    env = dict(os.environ, PYTHONPATH=ROOT)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env,
                          cwd=str(tmp_path), check=True)
    return done.stdout


def test_import_cli_is_light(tmp_path):
    assert loaded_after("import pypyteach.cli", tmp_path) == "heavy []\njit []\n"


def test_run_one_liner_is_light(tmp_path):
    hello = tmp_path / "hello.py"
    hello.write_text('print("hello")\n')
    code = ("import pypyteach.cli\n"
            "try:\n    pypyteach.cli.main(['run', %r])\nexcept SystemExit as exc:\n"
            "    assert not exc.code, exc.code\n" % str(hello))
    assert loaded_after(code, tmp_path) == "hello\nheavy []\njit []\n"


def test_run_with_jit_does_load_the_jit(tmp_path):
    """The probe sees a module when it is loaded (so the tests above can fail)."""
    hello = tmp_path / "hello.py"
    hello.write_text('print("hello")\n')
    code = ("import pypyteach.cli\n"
            "try:\n    pypyteach.cli.main(['run', '--jit', 'x86_64', %r])\nexcept SystemExit:\n    pass\n"
            % str(hello))
    out = loaded_after(code, tmp_path)
    assert "'unicorn'" in out and "pypyteach.jit.runtime" in out
