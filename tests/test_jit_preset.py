"""``preset=teaching``: a ten-line demo loop of 1,000 iterations reaches
machine code and grows a bridge without tuning; PyPy's defaults stay the
defaults; a bad preset is a clear error naming the choices."""

import os
import subprocess
import sys

import pytest

from pypyteach.jit.params import PRESETS, PRESET_REASONS, JitParamError, JitParams
from pypyteach.run import run_source

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

DEMO = """\
def run(n):
    total = 0
    for i in range(n):
        if i % 5 == 0:
            total += i
        else:
            total -= 1
    return total

print(run(1000))
"""


def test_defaults_are_pypys_and_the_preset_lowers_them():
    assert JitParams() == JitParams.parse("")
    teaching = JitParams.parse("preset=teaching")
    assert teaching == JitParams.preset("teaching")
    assert (teaching.threshold, teaching.function_threshold, teaching.trace_eagerness) == (50, 80, 10)
    default = JitParams()
    assert teaching.trace_limit == default.trace_limit and teaching.enable_opts == default.enable_opts
    assert set(PRESET_REASONS["teaching"]) == set(PRESETS["teaching"])


def test_explicit_settings_win_over_the_preset_in_any_order():
    assert JitParams.parse("preset=teaching,threshold=20").threshold == 20
    assert JitParams.parse("threshold=20,preset=teaching").threshold == 20
    assert JitParams.parse("trace_eagerness=3,preset=teaching").function_threshold == 80


@pytest.mark.parametrize("text", ["preset=fast", "preset", "preset="])
def test_a_bad_preset_names_the_choices(text):
    with pytest.raises(JitParamError) as info:
        JitParams.parse(text)
    assert "teaching" in str(info.value)


def test_the_demo_loop_reaches_machine_code_with_the_preset_only():
    plain = run_source(DEMO, "demo.py", jit="x86_64")
    assert not plain.jit.traces                  # PyPy's threshold 1039: 1,000 iterations stay interpreted
    taught = run_source(DEMO, "demo.py", jit="x86_64", jit_params="preset=teaching")
    assert taught.stdout == plain.stdout == "98700\n"
    loop = taught.jit.loops()[0]
    assert loop.machine_code is not None and loop.machine_code.arch == "x86_64"
    assert taught.jit.bridges()                  # the branch taken every fifth iteration got its bridge
    assert max(taught.jit.counters.values()) == 50


def test_cli_takes_the_preset_and_rejects_an_unknown_one(tmp_path):
    program = tmp_path / "demo.py"
    program.write_text(DEMO)
    env = dict(os.environ, PYTHONPATH=ROOT)
    done = subprocess.run([sys.executable, "-m", "pypyteach", "run", "--jit", "llgraph", "--jit-param",
                           "preset=teaching", "--log", "jit-summary:%s" % (tmp_path / "jit.log"), str(program)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0 and done.stdout == "98700\n", done.stderr
    assert "Total # of loops:\t1" in (tmp_path / "jit.log").read_text().replace("  ", "\t").replace("\t\t", "\t")
    bad = subprocess.run([sys.executable, "-m", "pypyteach", "run", "--jit", "llgraph", "--jit-param",
                          "preset=nope", str(program)], capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 2 and "unknown JIT preset 'nope' (choices: teaching)" in bad.stderr
    assert "Traceback" not in bad.stderr
