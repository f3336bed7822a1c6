#!/usr/bin/env python3
"""Real programs: CPython, the pypyteach interpreter and its JIT, side by side.

    python3 benchmarks/real_programs.py [--backends llgraph,x86_64] [--only richards,nbody]
                                        [--size bench|test|long] [--baseline /path/to/other/checkout]

The programs are the benchmark-sized programs of the test corpus
(tests/programs/bench_*.py) and those in benchmarks/programs/, written in
the style of PyPy's benchmark suite (schedulers, constraint solvers, board
games, permutation puzzles, comprehension- and generator-heavy code, string
processing, dicts, float kernels).  Each file holds a small size (the one
tests/test_real_programs.py runs); the line marked ``# size parameter`` is
raised to the size in BENCH_SIZES here.

Every run is a child process (``--child``), timed inside it, compile time
excluded; times are CPU seconds of the child (time.process_time: the
machine is shared, and CPU time is what the program cost).  ``--backends``
chooses the JIT targets (default llgraph and x86_64; ``all`` for llgraph and
every machine backend).  ``--baseline DIR`` also runs the interpreter of
another checkout (e.g. the main branch) on the same programs, so that a
change to the interpreter is measured before/after in one run.

Per program the first table gives the times (CPU seconds), the JIT's speed-up over the
interpreter (x interp), the interpreter's slowdown against CPython
(interp/CPython); a table per backend gives where the JIT run's time
went (wall-clock seconds, the JIT's own timings, record.timings): tracing;
the optimizer and the assembler; the runs of machine code started by the
interpreter, split into the machine code itself and the residual calls out
of it (with everything they run: interpreted callees, nested runs); guard
exits (frames rebuilt, the blackhole step; a bridge's tracing counts as
tracing); collections outside machine-code runs; the rest being the
interpreter (before, between and outside traces).  Then the loops,
bridges, backend milliseconds per compiled trace, aborts (by reason) and
guard failures of the run.  The last row is the geometric mean of each ratio.
"""

import argparse
import glob
import json
import math
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SIZE_LINE = re.compile(r"^(\w+) = (\d+)( +# size parameter.*)$", re.M)

# the benchmark size of each program (its file holds the test size)
BENCH_SIZES = {
    "bench_constraint": 8, "bench_fannkuch": 6, "bench_nbody": 300, "bench_raytrace": 24,
    "bench_richards": 400, "bench_spectral_norm": 20, "bench_textproc": 6,
    "board_tictactoe": 3, "comprehensions": 8, "dicts_wordgraph": 1200, "generators": 1500,
    "puzzle_permutations": 6, "pystone_like": 1200, "queens": 8, "pidigits": 2000,
}
# about ten times the benchmark size's work (CPython: ~10-20 ms where the
# work grows with the size; the constraint solver's hardly does): where
# warm-up, which dominates the bench size, is a smaller part of the JIT run
LONG_SIZES = {
    "bench_constraint": 20, "bench_fannkuch": 7, "bench_nbody": 3000, "bench_raytrace": 72,
    "bench_richards": 4000, "bench_spectral_norm": 60, "bench_textproc": 60,
    "board_tictactoe": 9, "comprehensions": 80, "dicts_wordgraph": 12000, "generators": 5000,
    "puzzle_permutations": 7, "pystone_like": 12000, "queens": 8, "pidigits": 2000,
}
DEFAULT_BACKENDS = ["llgraph", "x86_64"]


def program_paths():
    return sorted(glob.glob(os.path.join(ROOT, "tests", "programs", "bench_*.py"))) + \
        sorted(glob.glob(os.path.join(HERE, "programs", "*.py")))


def program_name(path):
    return os.path.basename(path)[:-3]


def sized_source(path, size):
    """The program's source with its size parameter set to ``size`` (None: as written)."""
    source = open(path).read()
    found = SIZE_LINE.search(source)
    if found is None:
        raise SystemExit("%s has no '# size parameter' line" % path)
    if size is None:
        return source, int(found.group(2))
    return source[:found.start(2)] + str(size) + source[found.end(2):], size


# -- the child: one program, one engine ----------------------------------------------------------

def child(engine, path, root):
    """Run the program at ``path`` (already sized) under ``engine``; print one JSON line."""
    source = open(path).read()
    if engine == "cpython":
        import contextlib
        import io
        code = compile(source, path, "exec")
        out = io.StringIO()
        t0 = time.process_time()
        with contextlib.redirect_stdout(out):
            exec(code, {"__name__": "__main__"})
        print(json.dumps({"seconds": time.process_time() - t0, "output": out.getvalue()}))
        return
    sys.path.insert(0, root)
    from pypyteach.run import new_vm, run_code
    from pypyteach.vm.compiler.pycompiler import compile_source
    code = compile_source(source, os.path.basename(path))
    jit = None if engine == "interp" else engine
    space, interp = new_vm(jit=jit, heap_size=256 << 20)
    w0, t0 = time.perf_counter(), time.process_time()
    result = run_code(space, interp, code)
    seconds, wall = time.process_time() - t0, time.perf_counter() - w0
    if result.error is not None:
        raise SystemExit(result.error.traceback)
    row = {"seconds": seconds, "wall": wall, "output": result.stdout, "steps": result.steps}
    record = getattr(interp.jitdriver, "record", None)
    if record is not None:
        row.update(_jit_figures(record))
    print(json.dumps(row))


def _jit_figures(record):
    summary = record.summary()
    aborts = {}
    for abort in record.aborts:
        reason = abort.reason.split()[0]
        aborts[reason] = aborts.get(reason, 0) + 1
    return {**{key: record.timings[key] for key in ("tracing", "backend", "optimizing", "machine", "residual",
                                                    "guard_exits", "gc", "gc_in_runs")},
            "loops": summary["total_loops"], "bridges": summary["total_bridges"],
            "aborts": aborts, "guard_failures": getattr(record.guard_failures, "total", len(record.guard_failures)), "traces": len(record.traces)}


# -- the parent: every program, every engine ---------------------------------------------------

def run_child(engine, source, name, root):
    tmp = os.path.join("/tmp", "pypyteach-real-%d-%s.py" % (os.getpid(), name))
    with open(tmp, "w") as f:
        f.write(source)
    env = dict(os.environ, PYTHONPATH=root)
    done = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", engine, tmp, root],
                          capture_output=True, text=True, env=env)
    os.unlink(tmp)
    if done.returncode != 0:
        return {"error": (done.stderr or done.stdout).strip().splitlines()[-1:] or ["failed"]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(path, args):
    name = program_name(path)
    size = {"test": {}, "bench": BENCH_SIZES, "long": LONG_SIZES}[args.size].get(name)
    source, size = sized_source(path, size)
    row = {"name": name, "size": size, "cpython": run_child("cpython", source, name, ROOT)}
    row["interp"] = run_child("interp", source, name, ROOT)
    if args.baseline:
        row["baseline"] = run_child("interp", source, name, args.baseline)
    for backend in args.backends:
        row[backend] = run_child(backend, source, name, ROOT)
    return row


def geomean(values):
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def ratio(a, b):
    if "seconds" not in a or "seconds" not in b or b["seconds"] <= 0:
        return None
    return a["seconds"] / b["seconds"]


def fmt_seconds(result):
    return "ERROR" if "seconds" not in result else "%.3f" % result["seconds"]


def fmt_ratio(value, digits=2):
    return "-" if value is None else "%.*fx" % (digits, value)


def print_main_table(rows, args):
    header = ["program", "size", "CPython s", "interp s"]
    if args.baseline:
        header += ["baseline interp s", "interp speed-up vs baseline"]
    header += ["JIT %s s" % b for b in args.backends] + ["JIT %s x interp" % b for b in args.backends]
    header += ["interp / CPython", "same output"]
    print("\n| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    ratios = {h: [] for h in header}
    for r in rows:
        expected = r["cpython"].get("output")
        cells = [r["name"], str(r["size"]), fmt_seconds(r["cpython"]), fmt_seconds(r["interp"])]
        engines = ["interp"] + args.backends
        if args.baseline:
            engines.append("baseline")
            speedup = ratio(r["baseline"], r["interp"])
            ratios["interp speed-up vs baseline"].append(speedup)
            cells += [fmt_seconds(r["baseline"]), fmt_ratio(speedup)]
        cells += [fmt_seconds(r[b]) for b in args.backends]
        for b in args.backends:
            value = ratio(r["interp"], r[b])
            ratios["JIT %s x interp" % b].append(value)
            cells.append(fmt_ratio(value))
        slowdown = ratio(r["interp"], r["cpython"])
        ratios["interp / CPython"].append(slowdown)
        cells.append(fmt_ratio(slowdown, 0))
        same = all(r[e].get("output") == expected for e in engines)
        cells.append("yes" if same else "NO")
        print("| " + " | ".join(cells) + " |")
    cells = ["geometric mean", ""] + [""] * 2
    if args.baseline:
        cells += ["", fmt_ratio(geomean(ratios["interp speed-up vs baseline"]))]
    cells += [""] * len(args.backends)
    cells += [fmt_ratio(geomean(ratios["JIT %s x interp" % b])) for b in args.backends]
    cells += [fmt_ratio(geomean(ratios["interp / CPython"]), 0), ""]
    print("| " + " | ".join(cells) + " |")


def print_jit_table(rows, backend):
    """Where the JIT run's time went, and what the JIT did.  Wall-clock
    seconds here, as the JIT's own timings of tracing and of the backend
    are: on a busy machine they exceed the CPU seconds of the first table."""
    header = ["program", "JIT wall s", "tracing s", "optimizer s", "assembler s", "machine code s",
              "residual calls s", "guard exits s", "GC s", "interpreter s",
              "loops", "bridges", "backend ms per trace", "guard failures", "aborts"]
    print("\n%s: where the JIT run's time goes\n" % backend)
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r in rows:
        j = r[backend]
        if "seconds" not in j:
            print("| %s | ERROR %s |" % (r["name"], " ".join(j.get("error", []))))
            continue
        gc_outside = j["gc"] - j["gc_in_runs"]
        spent = [j["tracing"], j["optimizing"], j["backend"] - j["optimizing"], j["machine"] - j["residual"],
                 j["residual"], j["guard_exits"], gc_outside]
        spent.append(j["wall"] - sum(spent))
        aborts = ", ".join("%s %d" % kv for kv in sorted(j["aborts"].items())) or "-"
        # the backend's time (optimizer + assembler) per compiled loop or bridge
        per_trace = "%.1f" % (1e3 * j["backend"] / j["traces"]) if j["traces"] else "-"
        print("| %s | %.3f | %s | %d | %d | %s | %d | %s |" % (
            r["name"], j["wall"], " | ".join("%.3f" % x for x in spent),
            j["loops"], j["bridges"], per_trace, j["guard_failures"], aborts))


def parse_args(argv):
    from pypyteach.jit.backend import backend_names
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default=",".join(DEFAULT_BACKENDS),
                        help="comma-separated JIT backends, or 'all' (default: %(default)s)")
    parser.add_argument("--only", default="", help="comma-separated program names")
    parser.add_argument("--size", choices=("bench", "test", "long"), default="bench",
                        help="bench: BENCH_SIZES; test: the small size written in each file; "
                             "long: LONG_SIZES, about ten times the bench size's work")
    parser.add_argument("--baseline", default="", help="another checkout whose interpreter is also timed")
    args = parser.parse_args(argv)
    known = backend_names()
    args.backends = known if args.backends == "all" else [b for b in args.backends.split(",") if b]
    unknown = [b for b in args.backends if b not in known]
    if unknown:
        parser.error("no backend %s (there are: %s)" % (", ".join(unknown), ", ".join(known)))
    if args.baseline and not os.path.isdir(os.path.join(args.baseline, "pypyteach")):
        parser.error("--baseline %s is not a pypyteach checkout" % args.baseline)
    return args


def main(argv):
    if argv[:1] == ["--child"]:
        child(*argv[1:4])
        return 0
    sys.path.insert(0, ROOT)
    args = parse_args(argv)
    paths = [p for p in program_paths() if not args.only or program_name(p) in args.only.split(",")]
    rows = []
    for path in paths:
        t0 = time.time()
        rows.append(measure(path, args))
        print("measured %s (%.0f s)" % (program_name(path), time.time() - t0), file=sys.stderr)
    print_main_table(rows, args)
    for backend in args.backends:
        print_jit_table(rows, backend)
    failed = [r["name"] for r in rows for e in ["interp"] + args.backends
              if r[e].get("output") != r["cpython"].get("output")]
    if failed:
        print("\ndifferent output from CPython: %s" % ", ".join(sorted(set(failed))))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
