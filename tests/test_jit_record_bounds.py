"""The JIT's run record stays bounded in a long run (issue 12): the first
KEEP_RECORDS guard failures, blackhole steps and events of each kind are
kept in detail, the rest only counted, in the spirit of PyPy's logging
(counters, not one record per guard failure); per-guard counts stay exact
and the views say how many records were not kept."""

import pytest

from pypyteach.jit import record as R
from pypyteach.run import run_source
from pypyteach.viz.guards import failure_text
from pypyteach.viz.tree import trace_tree_diagram

# the branch alternates, and with a
# huge trace_eagerness its guard never gets a bridge: it fails every other
# iteration, and every failure ends in a blackhole step
ALTERNATING = """
def run(n):
    t = 0
    for i in range(n):
        if i %% 2:
            t += 1
        else:
            t -= 3
    return t
print(run(%d))
"""


@pytest.mark.parametrize("backend", ["llgraph", "x86_64"])
def test_many_guard_failures_keep_bounded_records_and_exact_counts(backend):
    n = 2 * R.KEEP_RECORDS + 1000
    result = run_source(ALTERNATING % n, "alt.py", jit=backend, jit_params="threshold=3,trace_eagerness=1000000")
    assert result.error is None, result.error.traceback
    assert result.stdout == "%d\n" % (n // 2 - 3 * (n - n // 2))
    record = result.jit
    failures, blackholes, events = record.guard_failures, record.blackholes, record.events
    assert failures.kept_kinds["guard"] == R.KEEP_RECORDS and failures.dropped > 0
    assert len(failures) <= 3 * R.KEEP_RECORDS       # per exit kind: guard, exception, nursery
    assert len(blackholes) <= R.KEEP_RECORDS and all(failures[b.failure].blackhole == i
                                                     for i, b in enumerate(blackholes))
    assert max(n for kind, n in events.kept_kinds.items() if kind != "blackhole") <= R.KEEP_RECORDS
    assert events.kept_kinds["blackhole"] == len(blackholes) <= 3 * R.KEEP_RECORDS
    assert events.dropped_kinds["guard-failure"] == failures.dropped
    # every failure counted: per guard, and against the guard's own counter
    assert sum(record.failure_counts.values()) == failures.total
    guard, count = record.failure_counts.most_common(1)[0]
    assert guard.fail_count == count > R.KEEP_RECORDS
    assert failures.total >= n // 2 - 10
    # the views say what they do not show
    assert "more not kept" in repr(failures) and "%d more not kept" % failures.dropped in failure_text(record, 0)
    assert "guard 0x%x failed %d times" % (guard.number, count) in trace_tree_diagram(record).text()
    index = next(i for i, f in enumerate(failures) if f.guard is guard)
    assert "left through it %d times" % count in failure_text(record, index)


def test_kept_list():
    kept = R.KeptList(limit=2)
    assert [kept.keep(x) for x in "abc"] == [0, 1, None]
    assert kept == ["a", "b"] and kept.dropped == 1 and kept.total == 3
    assert repr(kept) == "['a', 'b', <1 more not kept>]"
    events = R.KeptList(limit=1, kind_key=0)
    for event in [("x", 1), ("y", 1), ("x", 2)]:
        events.keep(event)
    assert events == [("x", 1), ("y", 1)] and events.dropped_kinds == {"x": 1}


def test_a_short_run_keeps_everything():
    result = run_source(ALTERNATING % 40, "alt.py", jit="llgraph", jit_params="threshold=3,trace_eagerness=1000000")
    record = result.jit
    assert record.guard_failures.dropped == 0 and len(record.guard_failures) == sum(record.failure_counts.values())
    assert "not kept" not in repr(record.guard_failures) and "not kept" not in failure_text(record, 0)
