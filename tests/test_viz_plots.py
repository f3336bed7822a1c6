"""viz.plots: warm-up and speed-up plots, drawn with Agg from the data passed
in (measure.py measures it); measure_warmup's per-iteration stretches."""

import pytest
from matplotlib.figure import Figure

from pypyteach.measure import SpeedupRow, Stretch, Warmup, WarmupRun, measure_warmup, stretches_of
from pypyteach.viz import plots, pypy_anchors


def fake_warmup():
    """Made-up numbers, to check that the plot draws exactly what it is given."""
    interp = WarmupRun("interpreter", [Stretch(i, 1, 20e-6, 9) for i in range(10)], "")
    jit = WarmupRun("x86_64", [Stretch(0, 1, 25e-6, 9), Stretch(1, 1, 24e-6, 9), Stretch(2, 1, 900e-6, 9),
                               Stretch(3, 7, 7 * 5e-6, 0)], "")
    return Warmup("loop.py", "i", "run", "threshold=2", 2, {"interpreter": interp, "x86_64": jit})


ROWS = [SpeedupRow("int_loop", 1000, cpython=0.01, interpreter=2.0, jit=0.5, backend="x86_64"),
        SpeedupRow("branchy_loop", 1000, cpython=0.02, interpreter=3.0, jit=0.25, backend="x86_64")]


def test_warmup_plot_draws_the_measured_stretches():
    warmup = fake_warmup()
    figure = plots.warmup_plot(warmup)
    assert isinstance(figure, Figure) and figure.canvas.get_default_filetype() == "png"
    lines = {line.get_label(): line for line in figure.axes[0].get_lines() if not line.get_label().startswith("_")}
    jit = lines[plots.RUNNER_STYLE["x86_64"][0]]
    assert list(jit.get_xdata()) == [0, 1, 2, 3, 10]
    assert list(jit.get_ydata()) == pytest.approx([25, 24, 900, 5, 5])          # microseconds per iteration
    assert list(lines[plots.RUNNER_STYLE["interpreter"][0]].get_ydata()) == pytest.approx([20] * 11)
    assert figure.axes[0].get_yscale() == "log"
    assert plots.png(figure).startswith(b"\x89PNG")
    counted = plots.warmup_plot(warmup, "bytecodes")
    ys = [line.get_ydata() for line in counted.axes[0].get_lines() if line.get_label().startswith("JIT")]
    assert list(ys[0]) == [9, 9, 9, 0, 0]


def test_warmup_window_takes_medians_of_the_measurements():
    xs, ys = plots.warmup_series(fake_warmup(), window=5)["x86_64"]
    # iterations 0-4: 25, 24, 900, 5, 5 -> median 24; iterations 5-9: all 5
    assert xs == [0, 5, 10] and ys == pytest.approx([24, 5, 5])


def test_speedup_plot_bars_are_the_given_ratios_and_pypys_figures():
    figure = plots.speedup_plot(ROWS)
    axes = figure.axes[0]
    widths = {}
    for container in axes.containers:
        widths[container.get_label()] = [bar.get_width() for bar in container]
    assert widths["pypyteach's JIT (x86_64) over pypyteach's interpreter"] == pytest.approx([4.0, 12.0])
    assert widths["pypyteach's JIT (x86_64) over CPython (host)"] == pytest.approx([0.02, 0.08])
    assert widths[plots.PYPY_SOURCE] == [pypy_anchors.SPEEDUPS["int_loop"][1], pypy_anchors.SPEEDUPS["branchy_loop"][1]]
    assert "results.md" in plots.PYPY_SOURCE
    assert [label.get_text() for label in axes.get_yticklabels()] == ["int_loop", "branchy_loop"]
    assert len(plots.speedup_plot(ROWS, pypy=False).axes[0].containers) == 2


def test_bad_input_is_a_clear_error():
    with pytest.raises(ValueError, match="no speed-ups to plot"):
        plots.speedup_plot([])
    with pytest.raises(ValueError, match="no PyPy figure for mandelbrot"):
        plots.speedup_plot([SpeedupRow("mandelbrot", 10, 1.0, 1.0, 1.0, "x86_64")])
    with pytest.raises(ValueError, match="positive ratio"):
        plots.speedup_plot([SpeedupRow("int_loop", 10, 0.0, 1.0, 1.0, "x86_64")])
    with pytest.raises(ValueError, match="no runs to plot"):
        plots.warmup_plot(Warmup("x.py", "i", "run", "", 10))
    empty = fake_warmup()
    empty.runs["x86_64"].stretches = []
    with pytest.raises(ValueError, match="the x86_64 run has no iteration measured"):
        plots.warmup_plot(empty)
    with pytest.raises(ValueError, match="quantity must be one of"):
        plots.warmup_plot(fake_warmup(), "joules")
    with pytest.raises(ValueError, match="window must be"):
        plots.warmup_plot(fake_warmup(), window=0)


def test_stretches_from_header_arrivals():
    """A for loop (the variable unbound at the first arrival), then compiled
    code running iterations 2-5, then leaving the frame with the variable
    dead: the loop's count closes the last stretch."""
    samples = [(0.0, None, 0, False), (1.0, 0, 9, False), (2.0, 1, 18, False), (2.5, 1, 18, False),
               (6.0, 5, 20, False), (9.0, None, 21, True)]
    assert stretches_of(samples, total=10) == [
        Stretch(0, 1, 1.0, 9), Stretch(1, 1, 1.0, 9), Stretch(2, 4, 4.0, 2), Stretch(6, 4, 3.0, 1)]
    assert sum(s.iterations for s in stretches_of(samples, total=10)) == 10


LOOP = """\
def run(n):
    t = 0
    for i in range(n):
        if i % 3 == 0:
            t += i
        else:
            t -= 1
    return t

print(run(60))
"""


def test_measure_warmup_counts_every_iteration_once():
    warmup = measure_warmup(LOOP, "loop.py", runners=("interpreter", "llgraph"),
                            jit_params="threshold=10,trace_eagerness=5", iterations=60)
    plain, jit = warmup.runs["interpreter"], warmup.runs["llgraph"]
    assert plain.iterations == jit.iterations == 60 and plain.stdout == jit.stdout == "530\n"
    assert len(plain.stretches) == 60 and {s.bytecodes for s in plain.stretches} == {13}   # both branches
    # interpreted one by one up to the threshold, then stretches compiled code ran
    assert [s.iterations for s in jit.stretches[:10]] == [1] * 10
    assert max(s.iterations for s in jit.stretches[10:]) > 1
    assert sum(s.bytecodes for s in jit.stretches) < sum(s.bytecodes for s in plain.stretches)
    assert [s.first for s in jit.stretches] == sorted({s.first for s in jit.stretches})
    assert warmup.threshold == 10
    with pytest.raises(ValueError, match="no iteration of a loop over 'k'"):
        measure_warmup(LOOP, "loop.py", variable="k", runners=("interpreter",))
    with pytest.raises(ValueError, match="runners must be some of"):
        measure_warmup(LOOP, "loop.py", runners=("pypy",))


def test_pypy_speedup_plot_and_strip_plot_draw_their_data():
    axes = plots.pypy_speedup_plot().axes[0]
    widths = {c.get_label(): [bar.get_width() for bar in c] for c in axes.containers}
    assert widths["hot function"] == [hot for whole, hot in pypy_anchors.SPEEDUPS.values()]
    assert widths["whole process (start-up, warm-up, set-up)"] == [whole for whole, hot in pypy_anchors.SPEEDUPS.values()]
    strip = plots.iteration_strip_plot({0: "I", 1: "I", 2: "T", 3: "C"}, threshold=2).axes[0]
    assert list(strip.get_images()[0].get_array()[0]) == [0, 0, 1, 3]       # indexes into "ITGC"
    with pytest.raises(ValueError, match="no iterations to plot"):
        plots.iteration_strip_plot({})
    with pytest.raises(ValueError, match="unknown iteration kinds"):
        plots.iteration_strip_plot({0: "X"})
