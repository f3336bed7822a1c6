"""The PyPy 7.3.11 figures notebook 08 reads (pypyteach/viz/pypy_anchors.py)
are the ones in the anchors' results.md, where that file is on this machine."""

from pathlib import Path

import pytest

from pypyteach.viz.pypy_anchors import JIT_SUMMARY, SPEEDUPS, STARTUP_WALL_S, TIMINGS

RESULTS = Path(__file__).parents[2] / "shared" / "anchors" / "pypy-7.3.11" / "results.md"


def test_every_anchor_has_timings_and_speedups():
    assert set(TIMINGS) == set(SPEEDUPS) == set(JIT_SUMMARY)
    for name, row in TIMINGS.items():
        # the speed-ups are the quotients of the times (to the rounding of results.md)
        assert row["cpython hot_cpu s"] / row["pypy hot_cpu s"] == pytest.approx(SPEEDUPS[name][1], rel=0.01)
        assert row["cpython cpu s"] / row["pypy cpu s"] == pytest.approx(SPEEDUPS[name][0], rel=0.03)
    assert STARTUP_WALL_S["pypy"] < STARTUP_WALL_S["cpython"]


@pytest.mark.skipif(not RESULTS.exists(), reason="no shared anchors on this machine")
def test_the_figures_are_results_md():
    text = RESULTS.read_text()
    rows = {}
    for line in text.splitlines():      # the first table (timings); the second has the same names
        if line.startswith("| ") and line.split("|")[1].strip() in TIMINGS:
            rows.setdefault(line.split("|")[1].strip(), [c.strip() for c in line.split("|")[2:-1]])
    for name, row in TIMINGS.items():
        cells = rows[name]
        assert int(cells[0]) == row["n"]
        assert float(cells[1]) == row["cpython cpu s"] and float(cells[2]) == row["pypy cpu s"]
        assert float(cells[4]) == row["cpython hot_cpu s"] and float(cells[5]) == row["pypy hot_cpu s"]
        assert float(cells[10]) == row["cpython ns/iter"] and float(cells[11]) == row["pypy marginal ns/iter"]
    for name, ((tn, ts), (bn, bs), total) in JIT_SUMMARY.items():
        assert "- %s: Tracing %d/%.6f (n, s) Backend %d/%.6f TOTAL %.6f" % (name, tn, ts, bn, bs, total) in text
    assert "'pypy': {'wall': 0.0241" in text and "'cpython': {'wall': 0.0372" in text
