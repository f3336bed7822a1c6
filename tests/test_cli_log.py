"""``pypyteach log FILE``: any PYPYLOG file, summarized, one loop in full, as HTML."""

import re
from pathlib import Path

import pytest

from pypyteach import cli

BACKEND = Path(__file__).parent / "data" / "pypy-7.3.11" / "backend-logs"
PROGRAM = ("def run(n):\n    t = 0\n    for i in range(n):\n        if i % 3 == 0:\n            t += i\n"
           "        else:\n            t -= 1\n    return t\nprint(run(400))\n")


def pypyteach(capsys, *argv):
    with pytest.raises(SystemExit) as exit:
        cli.main(list(argv))
    out, err = capsys.readouterr()
    return exit.value.code, out, err


def test_summary_of_a_pypy_log_hottest_first(capsys):
    code, out, err = pypyteach(capsys, "log", str(BACKEND / "bench_richards.log"))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].endswith("bench_richards.log: a PyPy log (x86_64 machine code), 3 loops, 6 bridges")
    assert lines[1].startswith("jit-summary: tracing 9 (0.021647 s), backend 9 (0.010285 s)")
    entries = [int(re.search(r"entered (\d+) time", line).group(1)) for line in lines[3:]]
    assert entries == sorted(entries, reverse=True) == [2083, 1092, 722, 640, 406, 309, 102, 51, 16]
    assert lines[3].startswith("  Loop 2 (ready;bench_richards.py:43-44~#0 LOAD_FAST): 32 ops (+")
    assert "Bridge out of Guard 0x7fe0d29ca728 (a guard of Loop 2)" in lines[4]


def test_one_loop_with_its_machine_code_and_source(capsys):
    code, out, err = pypyteach(capsys, "log", str(BACKEND / "int_loop.log"), "--loop", "1")
    assert code == 0
    lines = out.splitlines()
    at = lines.index("+566: i35 = int_add_ovf(i26, i29)")
    assert lines[at + 1].strip().endswith("mov r9, rdi") and lines[at + 2].strip().endswith("add r9, r14")
    assert lines[at + 3] == "+572: guard_no_overflow(descr=<Guard0x7f57270512f8>) [p0, p4, p9, p1, i29, i22, i26]"
    # the program beside the log gives each bytecode's line
    assert "debug_merge_point(0, 0, 'run;int_loop.py:3-7~#20 INPLACE_ADD')    # line 7: total += i" in lines
    assert lines[-1].strip().startswith("0x7f5726e8fd") and "-- out of line" in out


def test_a_bridge_by_its_guard(capsys):
    code, out, err = pypyteach(capsys, "log", str(BACKEND / "branchy_loop.log"), "--loop", "0x7fcb599deda0")
    assert code == 0
    assert out.startswith("Bridge out of Guard 0x7fcb599deda0 (a guard of Loop 1): 13 ops")
    assert "+75: i9 = int_eq(i5, 0)" in out


def test_html_views(capsys, tmp_path):
    out_file = tmp_path / "views.html"
    code, out, err = pypyteach(capsys, "log", str(BACKEND / "branchy_loop.log"), "--html", str(out_file))
    assert code == 0 and "wrote %s" % out_file in out
    html = out_file.read_text()
    assert html.startswith("<!DOCTYPE html>")
    assert html.count('data-ppt="TraceStepper"') == 2 and "ppt-asm" in html
    assert "Bridge 2 out of Guard 0x7fcb599deda0" in html and "9998757" in html


def test_our_own_log(capsys, tmp_path):
    program = tmp_path / "branchy.py"
    program.write_text(PROGRAM)
    log = tmp_path / "jit.log"
    code, out, err = pypyteach(capsys, "run", "--jit", "aarch64", "--jit-param", "threshold=10,trace_eagerness=5",
                               "--log", "jit-log-opt,jit-backend,jit-summary:%s" % log, str(program))
    assert code == 0 and out == "26467\n"
    code, out, err = pypyteach(capsys, "log", str(log))
    assert code == 0 and "a pypyteach log (aarch64 machine code), 1 loop, 1 bridge" in out
    code, out, err = pypyteach(capsys, "log", str(log), "--loop", "1")
    assert code == 0 and "# line 4: if i % 3 == 0:" in out


@pytest.mark.parametrize("argv, message", [
    (["log", "/no/such/file.log"], "pypyteach: no such log file: /no/such/file.log"),
    (["log", str(BACKEND / "int_loop.log"), "--loop", "7"],
     "pypyteach: no loop or bridge 7 in %s (there are: 1)" % (BACKEND / "int_loop.log")),
    (["log", str(BACKEND / "int_loop.log"), "--loop", "x"], "is neither a loop number nor a guard"),
    (["log", str(BACKEND / "int_loop.log"), "--html", "/no/such/dir/out.html"], "--html: directory"),
])
def test_clear_errors(capsys, argv, message):
    code, out, err = pypyteach(capsys, *argv)
    assert code == 2 and message in err and "Traceback" not in err


def test_malformed_log(capsys, tmp_path):
    bad = tmp_path / "bad.log"
    bad.write_text("[1] {jit-log-opt-loop\n# Loop 1 (x) : loop with 1 ops\n[i0]\nfoo\n[2] jit-log-opt-loop}\n")
    code, out, err = pypyteach(capsys, "log", str(bad))
    assert code == 2 and err.strip() == "pypyteach: %s:4: not an operation: 'foo'" % bad


def test_a_log_without_machine_code(capsys):
    code, out, err = pypyteach(capsys, "log", str(BACKEND.parent / "int_loop.log"), "--loop", "1")
    assert code == 0 and "+560: jump(p0, p1, p4, p9, i37, i35, i22, descr=TargetToken(139792394928240))" in out
    assert out.rstrip().endswith("(no machine code in this log: PYPYLOG=jit-backend adds it)")
    code, out, err = pypyteach(capsys, "log", str(BACKEND.parent / "int_loop.log"))
    assert "(no jit-backend-counts: entry counts unknown" in out and "a PYPYLOG log, 1 loop, 0 bridges" in out


def test_a_reader_that_goes_away_is_no_error():
    """``pypyteach log big.log | head -2``: a closed pipe ends the output quietly."""
    import subprocess
    import sys
    reader = subprocess.Popen([sys.executable, "-m", "pypyteach", "log", str(BACKEND / "bench_richards.log"), "--loop", "1"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader.stdout.readline()
    reader.stdout.close()                   # as head does after its lines
    assert reader.wait(timeout=120) == 0
    assert reader.stderr.read() == b""
