"""Run one program under CPython (in this process) and under pypyteach in
each mode; report the modes whose outcome differs from CPython's."""

import contextlib
import io
import warnings

from pypyteach.jit.backend import backend_names
from pypyteach.run import run_source

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


def cpython_outcome(source):
    out = io.StringIO()
    namespace = {"__name__": "__main__"}
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(out):
            warnings.simplefilter("ignore")
            exec(compile(source, "<fuzz>", "exec"), namespace)
    except Exception as exc:          # the program's own error, compared by type and message
        return out.getvalue(), (type(exc).__name__, str(exc))
    return out.getvalue(), None


def pypyteach_outcome(source, options):
    try:
        result = run_source(source, "<fuzz>", max_steps=MAX_STEPS, **options)
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
