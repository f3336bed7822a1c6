"""Reference runner for the differential test corpus in tests/programs/.

The corpus is a set of small Python programs written in pypyteach's Python
subset.  pypyteach's VM must reproduce, for each program, exactly what the host
CPython prints.  This module runs a program under the host CPython and reports
what it printed and how it ended, so the VM's result can be compared with it.

Kinds of corpus file (see ``program_paths``):

``programs``
    ``tests/programs/<topic>_<NNN>_<what>.py`` -- small programs (under about
    20,000 executed bytecodes) that run to completion and print their results.
``bench``
    ``tests/programs/bench_<name>.py`` -- seven benchmark-sized programs
    (richards, nbody, spectral_norm, fannkuch, constraint, textproc, raytrace),
    each with a size parameter near the top.
``errors``
    ``tests/programs/errors_<NNN>_<what>.py`` -- programs that print some output
    and then end with an uncaught exception; compare stdout, the exception's
    type name and its message (the last line of CPython's traceback).
``rejected``
    ``tests/programs/rejected/*.py`` -- programs that use one construct outside
    the subset; pypyteach must refuse them before running anything.  Each
    starts with two header comments::

        # expect: <construct words>
        # line: N col: C

    ``N``/``C`` are the 1-based line and 0-based column (as ``ast`` reports
    ``lineno``/``col_offset``) of the FIRST node, in source order (a pre-order
    walk of the AST), that is outside the subset.  For ``await`` and
    ``async for``, which can only occur inside an ``async def``, that first
    node is the enclosing ``async def``; those files carry an extra header
    ``# inner: <construct> line: N col: C`` giving the inner construct's
    position too.  Use ``rejected_header(path)`` to read the headers.

Running: CPython is started with ``-s -P`` (no user site directory, no script
directory on sys.path) and a scrubbed environment in which PYTHONHASHSEED=0.
(``-I`` would imply ``-E``, which makes CPython ignore PYTHONHASHSEED.)  The
programs are written so that their output does not depend on the hash seed;
the corpus tests check that by running them with several seeds.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
PROGRAMS_DIR = TESTS_DIR / "programs"
REJECTED_DIR = PROGRAMS_DIR / "rejected"

KINDS = ("programs", "bench", "errors", "rejected")

_EXC_LINE = re.compile(r"^(?P<type>[A-Za-z_][A-Za-z0-9_.]*)(?:: (?P<msg>.*))?$")


def program_paths(kind):
    """The corpus files of ``kind`` (one of KINDS), sorted by name, as Paths."""
    if kind == "rejected":
        return sorted(REJECTED_DIR.glob("*.py"))
    files = sorted(PROGRAMS_DIR.glob("*.py"))
    if kind == "bench":
        return [p for p in files if p.name.startswith("bench_")]
    if kind == "errors":
        return [p for p in files if p.name.startswith("errors_")]
    if kind == "programs":
        return [p for p in files if not p.name.startswith(("bench_", "errors_"))]
    raise ValueError("unknown corpus kind %r (expected one of %s)" % (kind, ", ".join(KINDS)))


def _cpython_command(path):
    cmd = [sys.executable, "-s"]
    if sys.version_info >= (3, 11):
        cmd.append("-P")
    cmd.append(str(path))
    return cmd


def _clean_env(hashseed):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONHASHSEED"] = str(hashseed)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def parse_exception_line(line):
    """Split the last line of a CPython traceback into (type name, message).

    "ZeroDivisionError: division by zero" -> ("ZeroDivisionError", "division by zero")
    "AssertionError"                       -> ("AssertionError", "")
    "MyError: bad"                         -> ("MyError", "bad")   (class from __main__)
    """
    line = line.rstrip("\r\n")
    m = _EXC_LINE.match(line)
    if m is None:
        raise ValueError("not an exception line: %r" % (line,))
    exc_type = m.group("type")
    if exc_type.startswith("__main__."):
        exc_type = exc_type[len("__main__."):]
    return exc_type, m.group("msg") or ""


def run_cpython_full(path, hashseed=0, timeout=60):
    """Run ``path`` under the host CPython; return the CompletedProcess
    (text stdout/stderr, returncode)."""
    path = Path(path).resolve()
    return subprocess.run(
        _cpython_command(path),
        cwd=str(path.parent),
        env=_clean_env(hashseed),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        encoding="utf-8",
        timeout=timeout,
    )


def run_cpython(path, hashseed=0, timeout=60):
    """Run ``path`` under the host CPython.

    Returns ``(stdout, exc_type, exc_message)``.  ``exc_type`` and
    ``exc_message`` are None when the program ended normally; otherwise they
    come from the last line of stderr (the traceback's exception line).
    """
    proc = run_cpython_full(path, hashseed=hashseed, timeout=timeout)
    if proc.returncode == 0:
        return proc.stdout, None, None
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    if not lines:
        raise RuntimeError("%s exited with status %d and no stderr" % (path, proc.returncode))
    exc_type, exc_message = parse_exception_line(lines[-1])
    return proc.stdout, exc_type, exc_message


def rejected_header(path):
    """Read the header of a rejected program: a dict with 'expect' (str),
    'line' and 'col' (ints), and, if present, 'inner' (construct, line, col)."""
    header = {}
    with open(path, encoding="utf-8") as f:
        for text in f:
            text = text.strip()
            if not text.startswith("#"):
                break
            m = re.match(r"#\s*expect:\s*(.+)$", text)
            if m:
                header["expect"] = m.group(1).strip()
            m = re.match(r"#\s*line:\s*(\d+)\s+col:\s*(\d+)\s*$", text)
            if m:
                header["line"], header["col"] = int(m.group(1)), int(m.group(2))
            m = re.match(r"#\s*inner:\s*(.+?)\s+line:\s*(\d+)\s+col:\s*(\d+)\s*$", text)
            if m:
                header["inner"] = (m.group(1), int(m.group(2)), int(m.group(3)))
    return header


_COUNTER = r'''
import sys, os
path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    code = compile(f.read(), path, "exec")
count = 0
def local(frame, event, arg):
    global count
    if event == "opcode":
        count += 1
    return local
def tracer(frame, event, arg):
    frame.f_trace_opcodes = True
    frame.f_trace_lines = False
    return local
sys.stdout = open(os.devnull, "w")
sys.setrecursionlimit(1000)
sys.settrace(tracer)
try:
    exec(code, {"__name__": "__main__", "__builtins__": __builtins__})
except BaseException:
    pass
finally:
    sys.settrace(None)
    sys.stdout = sys.__stdout__
print(count)
'''


def count_bytecodes(path, timeout=120):
    """Roughly how many bytecodes CPython executes running ``path`` (counted
    with sys.settrace opcode events; CPython's instruction set differs from
    pypyteach's, so take it as an estimate of the VM's step count)."""
    path = Path(path).resolve()
    proc = subprocess.run(
        [sys.executable, "-s"] + (["-P"] if sys.version_info >= (3, 11) else []) + ["-c", _COUNTER, str(path)],
        cwd=str(path.parent),
        env=_clean_env(0),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        encoding="utf-8",
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise RuntimeError("counting %s failed:\n%s" % (path, proc.stderr))
    return int(proc.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    # python tests/reference.py [kind-or-file ...]: print each file's result summary.
    args = sys.argv[1:] or ["programs", "bench", "errors"]
    paths = []
    for a in args:
        paths.extend(program_paths(a) if a in KINDS else [Path(a)])
    for p in paths:
        out, et, em = run_cpython(p)
        status = "ok" if et is None else "%s: %s" % (et, em)
        print("%-40s %4d lines  %s" % (p.name, len(out.splitlines()), status))
