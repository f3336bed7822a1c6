"""Warm-up and speed-up plots (matplotlib, drawn with Agg; figures are
returned, never shown).

They draw measured data only, passed in: ``warmup_plot`` the per-iteration
times of measure.measure_warmup, ``speedup_plot`` the rows of
measure.measure_speedups, beside PyPy 7.3.11's own measurements
(pypy_anchors).  Nothing here runs a program.

pypyteach's seconds are those of an interpreter written in Python and of
machine code run in the Unicorn emulator: the plots show the shape of
warm-up and the size of speed-ups in pypyteach, not PyPy's seconds; PyPy's
figures are drawn beside them, named with their source.
"""

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from . import pypy_anchors

INTERPRETER = "interpreter"
RUNNER_STYLE = {                 # runner -> (label, colour)
    INTERPRETER: ("interpreter, no JIT", "#7f8c8d"),
    "llgraph": ("JIT, llgraph backend (the trace's ops interpreted)", "#f39c12"),
    "x86_64": ("JIT, x86-64 machine code (in Unicorn)", "#2e86c1"),
    "aarch64": ("JIT, AArch64 machine code (in Unicorn)", "#27ae60"),
    "ppc64": ("JIT, PPC64 machine code (in Unicorn)", "#8e44ad"),
    "ppc64le": ("JIT, PPC64 little-endian machine code (in Unicorn)", "#c0392b"),
    "s390x": ("JIT, s390x machine code (in Unicorn)", "#a04000"),
}
QUANTITIES = {
    "seconds": "microseconds per iteration (log scale)",
    "bytecodes": "bytecodes interpreted per iteration",
}
PYPY_SOURCE = ("PyPy 7.3.11 / CPython 3.11.7, hot function: measured, shared/anchors/pypy-7.3.11/results.md "
               "(pypyteach.viz.pypy_anchors)")


def _figure(width, height):
    figure = Figure(figsize=(width, height))
    FigureCanvasAgg(figure)
    return figure


def png(figure, dpi=100):
    """A figure's PNG bytes (for IPython.display.Image, a slide, a file)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


# -- warm-up ------------------------------------------------------------------------------------

def warmup_series(warmup, quantity="seconds", window=1):
    """{runner: (x, y)}: the step line warmup_plot draws, from the stretches
    as measured: each stretch's iterations share its time (compiled code
    returns to the interpreter only when it leaves the loop).  ``window`` > 1:
    the median per iteration over each ``window`` iterations, so that the
    trend shows through single slow iterations (a garbage collection)."""
    if quantity not in QUANTITIES:
        raise ValueError("quantity must be one of %s, not %r" % (", ".join(QUANTITIES), quantity))
    if type(window) is not int or window < 1:
        raise ValueError("window must be a positive number of iterations, not %r" % (window,))
    runs = getattr(warmup, "runs", None)
    if not runs:
        raise ValueError("no runs to plot: measure them first (pypyteach.measure.measure_warmup)")
    series = {}
    for runner, run in runs.items():
        stretches = list(run.stretches)
        if not stretches:
            raise ValueError("the %s run has no iteration measured" % runner)
        for stretch in stretches:
            if stretch.iterations <= 0 or stretch.seconds < 0:
                raise ValueError("the %s run has a stretch of %d iterations in %r s: not a measurement"
                                 % (runner, stretch.iterations, stretch.seconds))
        if quantity == "seconds":
            values = [1e6 * s.seconds / s.iterations for s in stretches]
        else:
            values = [s.bytecodes / s.iterations for s in stretches]
        xs = [s.first for s in stretches] + [stretches[-1].first + stretches[-1].iterations]
        if window > 1:
            xs, values = _medians(xs, values, window)
        series[runner] = (xs, values + values[-1:])
    return series


def _medians(xs, values, window):
    """Step line (xs: stretch starts and the end; values per stretch) ->
    the median value of each ``window`` iterations."""
    end = xs[-1]
    starts = list(range(xs[0], end, window))
    medians = []
    position = 0
    for start in starts:
        stop = min(start + window, end)
        weighted = []                   # (value, iterations of the window in that stretch)
        while xs[position + 1] <= start:
            position += 1
        scan = position
        while scan < len(values) and xs[scan] < stop:
            weighted.append((values[scan], min(stop, xs[scan + 1]) - max(start, xs[scan])))
            scan += 1
        weighted.sort()
        half, seen = (stop - start) / 2, 0
        for value, count in weighted:
            seen += count
            if seen >= half:
                medians.append(value)
                break
    return starts + [end], medians


def warmup_plot(warmup, quantity="seconds", window=1, title=None):
    """Time (``quantity="seconds"``) or bytecodes interpreted
    (``"bytecodes"``) per iteration of one loop, over the run, one line per
    runner (the interpreter and each JIT backend measured), with the JIT's
    threshold marked.  ``warmup``: a measure.Warmup; ``window``: as for
    warmup_series.  Returns the Figure."""
    series = warmup_series(warmup, quantity, window)
    figure = _figure(10, 3.8)
    axes = figure.add_subplot()
    for index, (runner, (xs, ys)) in enumerate(series.items()):
        label, colour = RUNNER_STYLE.get(runner, (runner, None))
        axes.step(xs, ys, where="post", color=colour, linewidth=2.4 if runner == INTERPRETER else 1.3,
                  linestyle="-" if index < 2 else (0, (4, 2)), label=label)
    if quantity == "seconds":
        axes.set_yscale("log")
        axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: "%g" % value))
        axes.yaxis.set_minor_formatter(FuncFormatter(lambda value, _: "%g" % value if ("%g" % value)[0] in "25" else ""))
    threshold = getattr(warmup, "threshold", None)
    if threshold:
        axes.axvline(threshold, color="black", linestyle="--", linewidth=1)
        axes.annotate("threshold = %d: the counter reaches it,\nthe next iteration is traced" % threshold,
                      (threshold, 1), xycoords=("data", "axes fraction"), xytext=(4, -4),
                      textcoords="offset points", va="top", fontsize=8)
    axes.set_xlabel("iteration of %s in %s()" % (warmup.variable, warmup.code_name))
    axes.set_ylabel(QUANTITIES[quantity])
    what = "wall-clock per iteration" if quantity == "seconds" else "bytecodes the interpreter ran per iteration"
    if window > 1:
        what += ", median of every %d iterations" % window
    axes.set_title(title or "%s: warm-up in pypyteach, %s" % (warmup.filename, what), fontsize=10)
    axes.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False)
    if quantity == "seconds":
        axes.text(0, -0.42, "pypyteach's wall-clock: an interpreter written in Python, machine code run in Unicorn; "
                  "its shape compares with PyPy's warm-up, its seconds do not.\nCompiled iterations share the time "
                  "of their stretch, from one return to the interpreter to the next; spikes are tracing and "
                  "compiling, and garbage collections.", transform=axes.transAxes, fontsize=7, va="top")
    return figure


# -- speed-ups ----------------------------------------------------------------------------------

def speedup_bars(rows, pypy=True):
    """[(label, [ratio per loop], colour)] and the loop names: the bars
    speedup_plot draws, from the rows as measured (and PyPy's figures)."""
    rows = list(rows or ())
    if not rows:
        raise ValueError("no speed-ups to plot: measure them first (pypyteach.measure.measure_speedups)")
    names = [row.name for row in rows]
    for row in rows:
        for ratio in (row.over_cpython, row.over_interpreter):
            if not ratio > 0:
                raise ValueError("%s: a speed-up must be a positive ratio, not %r" % (row.name, ratio))
    backend = rows[0].backend
    bars = [("pypyteach's JIT (%s) over pypyteach's interpreter" % backend,
             [row.over_interpreter for row in rows], "#2e86c1"),
            ("pypyteach's JIT (%s) over CPython (host)" % backend, [row.over_cpython for row in rows], "#85c1e9")]
    if pypy:
        unknown = [name for name in names if name not in pypy_anchors.SPEEDUPS]
        if unknown:
            raise ValueError("no PyPy figure for %s: PyPy 7.3.11 was measured on %s (or pass pypy=False)"
                             % (", ".join(unknown), ", ".join(pypy_anchors.SPEEDUPS)))
        bars.append((PYPY_SOURCE, [pypy_anchors.SPEEDUPS[name][1] for name in names], "#e67e22"))
    return bars, names


def speedup_plot(rows, pypy=True, title=None):
    """Speed-up of pypyteach's JIT over CPython and over pypyteach's
    interpreter, per anchor loop (``rows``: measure.SpeedupRow), and beside
    them PyPy 7.3.11's speed-up over CPython 3.11.7 (pypy_anchors, measured
    on the same loops).  Horizontal bars, log scale, 1 marked.  Returns the
    Figure."""
    bars, names = speedup_bars(rows, pypy)
    figure = _figure(9, 0.75 + 0.55 * len(names) * len(bars) / 2)
    axes = figure.add_subplot()
    height = 0.8 / len(bars)
    for index, (label, ratios, colour) in enumerate(bars):
        ys = [y - 0.4 + height * (index + 0.5) for y in range(len(names))]
        axes.barh(ys, ratios, height, color=colour, label=label)
    axes.set_yticks(range(len(names)))
    axes.set_yticklabels(names)
    axes.invert_yaxis()
    axes.set_xscale("log")
    axes.axvline(1, color="black", linewidth=1)
    axes.set_xlabel("speed-up: time of the other / time of the JIT (log scale; left of 1: slower)")
    rows = list(rows)
    axes.set_title(title or "Speed-ups on the anchor loops (hot call alone; pypyteach: n = %s, measured here)"
                   % ", ".join(sorted({"{:,}".format(row.n) for row in rows})), fontsize=10)
    axes.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=1, frameon=False)
    return figure


def pypy_speedup_plot(title=None):
    """PyPy 7.3.11's own speed-ups over CPython 3.11.7 on the anchor loops
    (pypy_anchors.SPEEDUPS, measured): the hot function alone, and the whole
    process (start-up, warm-up and set-up included)."""
    names = list(pypy_anchors.SPEEDUPS)
    figure = _figure(8, 3.6)
    axes = figure.add_subplot()
    ys = range(len(names))
    axes.barh([y + 0.2 for y in ys], [pypy_anchors.SPEEDUPS[name][1] for name in names], 0.4,
              color="#2e86c1", label="hot function")
    axes.barh([y - 0.2 for y in ys], [pypy_anchors.SPEEDUPS[name][0] for name in names], 0.4,
              color="#f5b041", label="whole process (start-up, warm-up, set-up)")
    axes.set_yticks(list(ys))
    axes.set_yticklabels(names)
    axes.invert_yaxis()
    axes.set_xscale("log")
    axes.axvline(1, color="black", linewidth=1)
    axes.set_xlabel("CPython 3.11.7 time / PyPy 7.3.11 time (log scale)")
    axes.set_title(title or "PyPy 7.3.11's speed-up on the anchor loops (measured, results.md)", fontsize=10)
    axes.legend(fontsize=8, loc="lower right")
    return figure


def iteration_strip_plot(kinds, threshold=None, title=None):
    """Who ran each iteration (``kinds``: {value: letter} of
    timeline.iteration_kinds), as one coloured strip, with the threshold
    marked: timeline.iteration_timeline's strip for runs too long for one
    cell per iteration."""
    from matplotlib.colors import ListedColormap
    from .timeline import KINDS
    if not kinds:
        raise ValueError("no iterations to plot")
    letters = "ITGC"
    unknown = sorted(set(kinds.values()) - set(letters))
    if unknown:
        raise ValueError("unknown iteration kinds %s (known: %s)" % (unknown, letters))
    values = sorted(kinds)
    figure = _figure(10, 2.2)
    axes = figure.add_subplot()
    strip = [[letters.index(kinds[v]) for v in values]]
    palette = ListedColormap([KINDS[letter][1] for letter in letters])
    axes.imshow(strip, aspect="auto", cmap=palette, vmin=-0.5, vmax=3.5, interpolation="nearest",
                extent=(values[0], values[-1] + 1, 0, 1))
    for letter in letters:
        meaning, colour = KINDS[letter]
        axes.plot([], [], color=colour, linewidth=6, label="%s: %s (%d)" % (
            letter, meaning, sum(1 for k in kinds.values() if k == letter)))
    if threshold:
        axes.axvline(threshold, color="black", linestyle="--", linewidth=1)
        axes.text(threshold + (values[-1] - values[0]) / 150, 1.05, "threshold = %d" % threshold, fontsize=9)
    axes.set_xlim(values[0], values[-1] + 1)
    axes.set_ylim(0, 1.2)
    axes.set_yticks([])
    axes.set_xlabel("iteration (value of the loop variable)")
    if title:
        axes.set_title(title, fontsize=10)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.45), ncol=2, fontsize=8, frameon=False)
    return figure
