#!/usr/bin/env python3
"""pypyteach's optimized loops against PyPy 7.3.11's, on the eight anchors
and on the loops of benchmarks/more_loops/ that have a PyPy log.

    python3 benchmarks/optimizer_vs_pypy.py [--threshold 50] [--only int_loop,...]

Each anchor program (benchmarks/anchors/) runs with the JIT on the llgraph
backend.  Its main loop (the last loop traced from ``run()``) is compared
with the main loop of PyPy's real log (tests/data/pypy-7.3.11/), both
counted as the anchors' results.md counts them.  Below them, string_loop,
strindex_loop and tuple_loop (benchmarks/more_loops/), whose PyPy logs were made with
Debian's pypy3 7.3.11 (``PYPYLOG=jit-log-opt,jit-summary:NAME.log pypy3
NAME.py``, in benchmarks/more_loops/pypy-7.3.11/):

- body ops: the operations after the loop's last label, debug_merge_point
  excluded, the closing jump included;
- body guards: the guards among them;
- bridges: bridges leaving a guard of the main loop itself.

PyPy's bodies include four operations of PyPy plumbing pypyteach has no
counterpart for: the signal check (getfield_raw_i, int_lt, guard_false) and
guard_not_invalidated; the "PyPy-4" column leaves them out.  Where our body
is larger than PyPy's, the last column lists the operation names that make
the difference (ours minus PyPy's, as a multiset).
"""

import argparse
import os
import sys
import time
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

from pypyteach.jit.oparser import parse_log          # noqa: E402
from pypyteach.run import run_source               # noqa: E402

ANCHORS = ["int_loop", "float_loop", "call_loop", "attr_loop", "alloc_loop", "list_loop", "branchy_loop",
           "polymorphic_loop"]
MORE = ["string_loop", "strindex_loop", "tuple_loop"]
PYPY_LOGS = os.path.join(ROOT, "tests", "data", "pypy-7.3.11")
MORE_LOGS = os.path.join(HERE, "more_loops", "pypy-7.3.11")
PLUMBING = 4


def program_path(name):
    folder = "more_loops" if name in MORE else "anchors"
    return os.path.join(HERE, folder, name + ".py")


def pypy_log_path(name):
    return os.path.join(MORE_LOGS if name in MORE else PYPY_LOGS, name + ".log")


def body_of(operations):
    labels = [i for i, op in enumerate(operations) if op.name == "label"]
    start = labels[-1] + 1 if labels else 0
    return [op for op in operations[start:] if op.name != "debug_merge_point"]


def pypy_figures(name):
    with open(pypy_log_path(name), encoding="utf-8") as f:
        log = parse_log(f.read())
    loop = log.main_loop()
    body = body_of(loop.operations)
    return body, len(log.bridges_out_of(loop))


def our_figures(name, threshold):
    with open(program_path(name), encoding="utf-8") as f:
        source = f.read()
    started = time.perf_counter()
    jitted = run_source(source, name + ".py", jit="llgraph", jit_params="threshold=%d" % threshold)
    elapsed = time.perf_counter() - started
    plain = run_source(source, name + ".py")
    record = jitted.jit
    main = [trace for trace in record.loops() if trace.name.startswith("run;")][-1]
    guards = {op.descr for op in main.operations if op.is_guard()}
    bridges = [trace for trace in record.bridges() if trace.guard in guards]
    same = jitted.stdout == plain.stdout and jitted.error is None
    return body_of(main.operations), len(bridges), same, elapsed


def difference(ours, pypy):
    extra = Counter(op.name for op in ours) - Counter(op.name for op in pypy)
    return " ".join("%s%s" % (name, "" if n == 1 else " x%d" % n) for name, n in sorted(extra.items()))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threshold", type=int, default=50)
    parser.add_argument("--only", default=",".join(ANCHORS + MORE))
    args = parser.parse_args(argv)
    header = ("program", "body ops", "PyPy-4", "body guards", "bridges", "output", "run s",
              "larger by (ours - PyPy's)")
    rows = []
    for name in args.only.split(","):
        ours, our_bridges, same, elapsed = our_figures(name, args.threshold)
        pypy, pypy_bridges = pypy_figures(name)
        guards = lambda ops: sum(1 for op in ops if op.is_guard())
        larger = difference(ours, pypy) if len(ours) > len(pypy) else ""
        rows.append((name, "%d / %d" % (len(ours), len(pypy)), "%d" % (len(pypy) - PLUMBING),
                     "%d / %d" % (guards(ours), guards(pypy)), "%d / %d" % (our_bridges, pypy_bridges),
                     "same" if same else "DIFFERS", "%.1f" % elapsed, larger or "-"))
    widths = [max(len(str(row[i])) for row in rows + [header]) for i in range(len(header))]
    line = lambda row: "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip()
    print("main loop of each program: pypyteach (llgraph, threshold=%d) / PyPy 7.3.11" % args.threshold)
    print(line(header))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))
    return 0 if all(row[5] == "same" for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
