"""The corpus through the optimizer: the interpreter checks it.

Every corpus program runs with the JIT and all optimizer passes; every
fourth one also with each pass switched off in turn (``enable_opts`` = all
but one), so a pass that only worked thanks to another one shows up.  The
threshold is low enough that loops and bridges are traced and compiled
after a few iterations.  Output and uncaught exception must be exactly the
interpreter's.
"""

import pytest

from pypyteach.jit.params import ALL_OPTS
from pypyteach.run import run_source
from reference import program_paths

PROGRAMS = program_paths("programs")
PARAMS = "threshold=3,trace_eagerness=2"
_PLAIN = {}


def plain_result(path):
    if path not in _PLAIN:
        _PLAIN[path] = summary(run_source(path.read_text(encoding="utf-8"), path.name))
    return _PLAIN[path]


def summary(result):
    error = result.error and (result.error.type_name, result.error.message)
    return result.stdout, error, result.step_limit is not None


def run_jitted(path, enable_opts):
    result = run_source(path.read_text(encoding="utf-8"), path.name, jit="llgraph",
                        jit_params="%s,enable_opts=%s" % (PARAMS, enable_opts))
    return summary(result), result.jit


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda p: p.stem)
def test_program_with_all_passes(path):
    got, record = run_jitted(path, "all")
    assert got == plain_result(path)


ONE_OFF = [(path, off) for path in PROGRAMS[::4] for off in ALL_OPTS]


@pytest.mark.parametrize("path,off", ONE_OFF, ids=lambda v: getattr(v, "stem", v))
def test_program_with_one_pass_off(path, off):
    got, _ = run_jitted(path, ":".join(opt for opt in ALL_OPTS if opt != off))
    assert got == plain_result(path)


def test_corpus_loops_are_peeled():
    """Most corpus loops hold the peeled body's assumptions (two labels)."""
    peeled = total = 0
    for path in PROGRAMS[::10]:
        _, record = run_jitted(path, "all")
        for trace in record.loops():
            total += 1
            peeled += [op.name for op in trace.operations].count("label") == 2
    assert total and peeled >= total * 3 // 4
