"""Our own logs, with every category PyPy has: printed, read back, the same.

A run under each backend writes ``jit-log-opt,jit-backend,jit-summary``
(jit/pypylog.py); the one parser (jit/logfile.py, jit/logmodel.py) reads it
back: the same loops and ops, the same +OFFSETs, the same code bytes as the
run record's MachineCode (bridges patched in), each instruction linked to
the op the code generator says it implements, the run's entry counts, and
jit-summary's abort counts equal to the record's aborts.
"""

import pytest

from pypyteach.jit.aborts import PYPY_COUNTERS, abort_counts, reason_code
from pypyteach.jit.oparser import parse_log
from pypyteach.jit.pypylog import PyPyLog, load, parse_log_spec
from pypyteach.run import run_source

BRANCHY = ("def run(n):\n    t = 0\n    for i in range(n):\n        if i % 3 == 0:\n            t += i\n"
           "        else:\n            t -= 1\n    return t\nprint(run(400))\n")
PARAMS = "threshold=10,trace_eagerness=5"
BACKENDS = ["llgraph", "x86_64", "aarch64", "ppc64", "ppc64le", "s390x"]


def logged_run(source, backend, params=PARAMS, spec="jit-log-opt,jit-backend,jit-summary:unused.log"):
    categories, _ = parse_log_spec(spec)
    log = PyPyLog(categories)
    result = run_source(source, "branchy.py", jit=backend, jit_params=params, jit_log=log)
    return result, log.finish(result.jit)


@pytest.fixture(scope="module", params=BACKENDS)
def run(request, tmp_path_factory):
    result, text = logged_run(BRANCHY, request.param)
    path = tmp_path_factory.mktemp("log") / "jit.log"
    path.write_text(text)
    (path.parent / "branchy.py").write_text(BRANCHY)
    return request.param, result.jit, text, load(str(path))


def test_printing_and_parsing_round_trip(run):
    backend, record, text, loaded = run
    assert "\n".join(parse_log(text).format()) + "\n" == text
    assert [t.kind for t in loaded.traces] == [t.kind for t in record.traces]
    for trace, logged in zip(record.traces, loaded.traces):
        assert [op.name for op in logged.operations] == [op.name for op in trace.operations]
        if trace.kind == "loop":
            assert logged.number == trace.number
        else:
            assert logged.guard == trace.guard.number


def test_machine_code_offsets_and_bytes_are_the_runs(run):
    backend, record, text, loaded = run
    if backend == "llgraph":
        assert "{jit-backend" not in text and "+0:" not in text
        assert all(t.addresses is None and not t.rows for t in loaded.traces)
        return
    assert loaded.arch == backend and loaded.producer == "pypyteach"
    for trace, logged in zip(record.traces, loaded.traces):
        code, compiled = trace.machine_code, trace.compiled
        assert logged.code == code.code                # the final code: bridges attached by later dumps
        assert logged.addresses.code_start == code.address and logged.addresses.end == code.end
        for index, op in enumerate(trace.operations):
            expected = None if op.name == "debug_merge_point" else code.address + compiled.offsets[op]
            assert logged.address_of(index) == expected


def test_instructions_link_to_the_ops_the_code_generator_named(run):
    backend, record, text, loaded = run
    if backend == "llgraph":
        return
    for trace, logged in zip(record.traces, loaded.traces):
        ours = {row.address: row for row in trace.machine_code.rows}
        assert [row.address for row in logged.rows] == sorted(ours)
        body = [row for row in logged.rows if ours[row.address].role == "body"]
        assert body and all(row.index == ours[row.address].index for row in body)
        assert all(row.role == "exit stub" for row in logged.rows
                   if ours[row.address].role in ("exit stub", "exit (shared)", "slow path"))


def test_bridges_are_attached_by_later_dumps(run):
    backend, record, text, loaded = run
    if backend == "llgraph":
        return
    bridge = record.bridges()[0]
    loop = loaded.find(record.loops()[0].number)
    compiled_dump = next(d for d in loaded.log.dumps if d.start == loop.addresses.code_start)
    patches = [d for d in loaded.log.dumps if d.sequence > compiled_dump.sequence
               and loop.addresses.code_start <= d.start < loop.addresses.end]
    # the guard's exit stub now jumps to the bridge: written after the loop was
    assert patches and all(d.sequence > compiled_dump.sequence for d in patches)
    assert loop.code != compiled_dump.data[:len(loop.code)]
    assert bridge.machine_code.address == loaded.find("0x%x" % bridge.guard.number).addresses.code_start


def test_entry_counts_are_the_runs(run):
    backend, record, text, loaded = run
    if backend == "llgraph":
        assert loaded.counts is None
        return
    for trace in record.loops():
        assert loaded.find(trace.number).entries == record.entries[trace.number]
    bridge = loaded.bridges()[0]
    assert bridge.entries > 0
    # every failure of the bridged guard after the bridge came went into the bridge
    failures = sum(1 for f in record.guard_failures if f.guard is record.bridges()[0].guard)
    assert bridge.entries + failures == record.bridges()[0].guard.fail_count


def test_views_show_a_loaded_log(run):
    from pypyteach.viz import AssemblyView, TraceStepper, trace_tree_diagram
    backend, record, text, loaded = run
    logged = loaded.to_record()
    tree = trace_tree_diagram(logged).text()
    assert "Loop 1 (run;" in tree
    assert TraceStepper(logged, 1).text().startswith("trace 1 (loop)")
    if backend == "llgraph":
        return
    assert "-> Bridge 2, entered " in tree and "entered %d time" % record.entries[1] in tree
    view = AssemblyView(logged, 1)
    assert view.header().startswith("Loop 1 (%s)" % backend) and "entered" in view.header()
    # the source file beside the log gives the lines
    assert "line 4: if i % 3 == 0:" in view.text()


# -- jit-summary: aborts ----------------------------------------------------------------------

# a generator loop that raises and catches while traced: ABORT_EXCEPTION
# (generator loops themselves are compiled since issue 15)
GENERATOR_LOOP = ("def gen(n):\n    i = 0\n    while i < n:\n        try:\n            raise ValueError(i)\n"
                  "        except ValueError:\n            pass\n        yield i\n        i += 1\n"
                  "def run(n):\n    t = 0\n    for x in gen(n):\n        t += x\n    return t\nprint(run(300))\n")
LONG_BODY = ("def run(n):\n    t = 0\n    for i in range(n):\n" + "".join(
    "        t = t + i * %d\n" % k for k in range(30)) + "    return t\nprint(run(300))\n")


@pytest.mark.parametrize("source, params", [(GENERATOR_LOOP, "threshold=5"),
                                            (LONG_BODY, "threshold=5,trace_limit=60")])
def test_summary_counts_every_abort_as_the_record(source, params):
    result, text = logged_run(source, "llgraph", params, "jit-log-opt,jit-summary:unused.log")
    aborts = result.jit.aborts
    assert aborts, "the program should abort tracing"
    summary = parse_log(text).summary
    expected = abort_counts(aborts)
    for key, _ in PYPY_COUNTERS.values():
        assert summary[key] == expected[key]
    assert summary.get("pypyteach_aborts", {}) == expected["pypyteach_aborts"]
    counted = sum(summary[key] for key, _ in PYPY_COUNTERS.values())
    assert counted + sum(summary.get("pypyteach_aborts", {}).values()) == len(aborts)
    for abort in aborts:
        code = reason_code(abort.reason)
        if code not in PYPY_COUNTERS:
            assert "# not counted by PyPy: %s:\t" % code in text


def test_trace_too_long_is_pypys_counter():
    result, text = logged_run(LONG_BODY, "llgraph", "threshold=5,trace_limit=60", "jit-summary:unused.log")
    assert any(a.reason == "ABORT_TOO_LONG" for a in result.jit.aborts)
    assert parse_log(text).summary["abort_trace_too_long"] == sum(
        1 for a in result.jit.aborts if a.reason == "ABORT_TOO_LONG") > 0
    assert "abort: trace too long:\t%d" % parse_log(text).summary["abort_trace_too_long"] in text


def test_every_reason_is_counted_once_and_read_back():
    from pypyteach.jit.logger import format_summary
    from pypyteach.jit.record import Abort, JitRecord
    reasons = ["ABORT_TOO_LONG", "ABORT_BRIDGE", "ABORT_ESCAPE", "ABORT_BAD_LOOP: a quasi-immutable value changed",
               "ABORT_FORCE_QUASIIMMUT", "ABORT_SEGMENTED_TRACE", "ABORT_LEFT_ROOT_FRAME",
               "ABORT_GUARD_AFTER_HEAP_WRITE in STORE_ATTR", "ABORT_BUG KeyError: 3", "ABORT_TOO_LONG"]
    record = JitRecord(aborts=[Abort(("run", 8), reason, 10) for reason in reasons])
    summary = record.summary()
    assert summary["abort_trace_too_long"] == 2 and summary["abort_compiling"] == 1
    assert summary["abort_bad_loop"] == 1 and summary["abort_segmenting_trace"] == 1
    assert summary["pypyteach_aborts"] == {"ABORT_BUG": 1, "ABORT_GUARD_AFTER_HEAP_WRITE": 1,
                                           "ABORT_LEFT_ROOT_FRAME": 1}
    text = "\n".join(format_summary(summary)) + "\n"
    assert "abort: vable escape:\t1" in text and "abort: force quasi-immut:\t1" in text
    parsed = parse_log(text)
    assert parsed.summary["pypyteach_aborts"] == summary["pypyteach_aborts"]
    assert "\n".join(parsed.format()) + "\n" == text


# -- jit-backend-counts: TargetToken lines ----------------------------------------------------

_REFERENCE = {}


def label_counts(loaded):
    return [sorted(trace.label_counts.items()) for trace in loaded.loops()]


def test_labels_count_their_passes_as_pypys(run, tmp_path):
    """With jit-backend-counts the code counts every pass through a label, as
    PyPy's does: the first label once per entry from the interpreter, and
    every backend, running the same traces, counts the same."""
    backend, record, text, loaded = run
    if backend == "llgraph":
        assert "TargetToken(" not in text.split("{jit-summary")[-1]
        return
    loop = loaded.loops()[0]
    counts = sorted(loop.label_counts.items())
    assert len(counts) == 2 and counts[0][1] == loop.entries and counts[1][1] > counts[0][1]
    if "x86_64" not in _REFERENCE:
        result, reference = logged_run(BRANCHY, "x86_64")
        path = tmp_path / "x86.log"
        path.write_text(reference)
        _REFERENCE["x86_64"] = label_counts(load(str(path)))
    assert label_counts(loaded) == _REFERENCE["x86_64"]


def test_without_counts_the_code_has_no_counters():
    _, with_counts = logged_run(BRANCHY, "x86_64", spec="jit-backend-dump,jit-backend-counts:unused.log")
    _, without = logged_run(BRANCHY, "x86_64", spec="jit-backend-dump:unused.log")
    first = lambda text: next(line for line in text.splitlines() if line.startswith("CODE_DUMP"))
    assert len(first(with_counts)) > len(first(without))
    assert "TargetToken(" in with_counts and "{jit-backend-counts" not in without


def test_a_bridge_jumping_into_the_loop_passes_its_label_as_in_pypy(tmp_path):
    """PyPy counts every arrival at a label, from the loop's own jump and from a
    bridge's (branchy_loop: label passes 9998757 of 10000000 iterations, the
    bridge entered 3332786 times, tests/test_pypylog_backend.py).  So every
    iteration that ends in compiled code passes the body's label once."""
    n = 400
    result, text = logged_run(BRANCHY.replace("run(400)", "run(%d)" % n), "x86_64",
                              spec="jit-log-opt,jit-backend,jit-backend-counts:unused.log")
    path = tmp_path / "jit.log"
    path.write_text(text)
    loaded = load(str(path))
    loop, bridge = loaded.loops()[0], loaded.bridges()[0]
    body_passes = max(loop.label_counts.values())
    assert bridge.entries > 0
    assert body_passes > bridge.entries + n // 2       # bridge arrivals counted too
    # the iterations that did not end in compiled code: warm-up (threshold 10,
    # trace_eagerness 5) and the guard exits before the bridge, a few dozen
    assert 0 < n - body_passes < 40
