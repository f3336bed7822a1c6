"""Run one program under CPython (in a child process) and under pypyteach in
each mode; report the modes whose outcome differs from CPython's."""

import json
import subprocess
import sys

from pypyteach.jit.backend import backend_names
from pypyteach.run import run_source
from pypyteach.vm.errors import CompileError

JIT_PARAMS = "threshold=3,trace_eagerness=2"
MAX_STEPS = 2_000_000


def all_modes():
    """Every mode: the interpreter and llgraph on both byte orders, each
    machine backend on its own (little-endian) byte order."""
    modes = {"interp": {}, "interp-big": {"byteorder": "big"}}
    for name in backend_names():
        modes[name] = {"jit": name, "jit_params": JIT_PARAMS}
    modes["llgraph-big"] = {"jit": "llgraph", "jit_params": JIT_PARAMS, "byteorder": "big"}
    return modes


# CPython runs each program in a child process with its address space capped
# (CPYTHON_MEMORY): a program may ask for a string of 2147483647 * 3 bytes,
# which a large machine's CPython builds and pypyteach's bounded heap refuses
# with MemoryError.  Capped, CPython raises the same MemoryError, and a test
# worker never takes gigabytes.
CPYTHON_MEMORY = 1 << 30
CPYTHON_RUNNER = r"""
import contextlib, io, json, resource, sys, warnings
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
source = sys.stdin.read()
out = io.StringIO()
error = None
try:
    with warnings.catch_warnings(), contextlib.redirect_stdout(out):
        warnings.simplefilter("ignore")
        exec(compile(source, "<fuzz>", "exec"), {"__name__": "__main__"})
except Exception as exc:          # the program's own error, compared by type and message
    error = [type(exc).__name__, str(exc)]
sys.stdout.write(json.dumps([out.getvalue(), error]))
"""


def cpython_outcome(source):
    done = subprocess.run([sys.executable, "-c", CPYTHON_RUNNER, str(CPYTHON_MEMORY)], input=source,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError("CPython's run of the program failed: %s" % done.stderr[-2000:])
    output, error = json.loads(done.stdout)
    return output, None if error is None else tuple(error)


def pypyteach_outcome(source, options):
    try:
        result = run_source(source, "<fuzz>", max_steps=MAX_STEPS, **options)
    except CompileError as exc:       # run_source's error for source that does not compile
        return "", (exc.kind, "%s (<fuzz>, line %d)" % (exc.message, exc.line))
    except Exception as exc:          # a host exception is always a mismatch
        return "", ("HOST " + type(exc).__name__, str(exc))
    if result.step_limit is not None:
        return result.stdout, ("STEP LIMIT", str(result.step_limit))
    error = None if result.error is None else (result.error.type_name, result.error.message)
    return result.stdout, error


def mismatches(source, modes):
    """{mode: (expected, got)} for each mode that differs from CPython."""
    expected = cpython_outcome(source)
    found = {}
    for name, options in modes.items():
        got = pypyteach_outcome(source, options)
        if got != expected:
            found[name] = (expected, got)
    return found
