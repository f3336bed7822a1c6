#!/usr/bin/env python3
"""The eight anchor loops: CPython, the pypyteach interpreter, and pypyteach
with its JIT compiling to machine code (x86-64, AArch64, PPC64, s390x) run in Unicorn.
Then, below them, the loops of benchmarks/more_loops/ that PyPy's anchors do
not cover: recursion (fib) and a generator pipeline.

    python3 benchmarks/jit_vs_cpython.py [--scale 20] [--interp-scale 20] [--only int_loop,...]
                                         [--backends x86_64,aarch64,ppc64,ppc64le,s390x]

--backends (default: every machine backend) chooses the JIT targets; each
gets its own full table, and a last table sets them side by side.

Every anchor's ``n`` is multiplied by --scale (default 20: n = 2,000,000).
Times are those of the hot call alone: the program's last line (the
``print(run(...))``) is timed by itself, after the lines before it ran, in
all three columns; tracing and compiling happen inside it and count.  The interpreter runs n / --interp-scale iterations and
its time is scaled back up (marked ~): it is linear in n, and a full run
would take minutes.  Outputs of CPython and of the JIT (full n) must agree.

Per loop, also: how much of the JIT's time was spent running machine code
and collecting garbage (the VM's mark-and-sweep, in Python), machine
instructions executed per iteration (counted by a
UC_HOOK_CODE over the code region in a separate short run, so the timed run
has no hooks), the static size of the loop body (instructions between the
last label and the jump), and per compiled trace the time to trace, to
optimize, and to allocate registers + assemble + install.
"""

import argparse
import gc
import glob
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import unicorn  # noqa: E402

from pypyteach.emu.machine import CODE_BASE, CODE_LIMIT  # noqa: E402
from pypyteach.jit.backend import backend_names  # noqa: E402
from pypyteach.vm.compiler.pycompiler import compile_source  # noqa: E402
from pypyteach.measure import time_cpython  # noqa: E402
from pypyteach.run import new_globals, new_vm  # noqa: E402

MACHINE_BACKENDS = [name for name in backend_names() if name != "llgraph"]
HEAP_SIZE = 256 << 20         # polymorphic_loop holds n boxed numbers (list_loop n raw words)



def scaled(path, n):
    return open(path).read().replace("n = 100000", "n = %d" % n)


def run_pypyteach(name, source, jit=None, params="", hook=False):
    """Run the set-up (all lines but the last), then time the last line
    alone in the same globals.  Returns (seconds, stdout, JitRecord,
    seconds in machine code, seconds in GC collections, instructions)."""
    setup, _, last = source.rstrip().rpartition("\n")
    space, interp = new_vm(heap_size=HEAP_SIZE, jit=jit, jit_params=params or None)
    w_globals = new_globals(space)
    setup_code, last_code = compile_source(setup + "\n", name), compile_source(last + "\n", name)
    for code in (setup_code, last_code):
        space.load_code(code)
    spent = {"machine": 0.0, "gc": 0.0, "insns": 0}
    _instrument(space, interp, spent, hook)
    interp.run_module(setup_code, w_globals)
    spent.update(machine=0.0, insns=0)  # the set-up's own loops, collections and instructions do not count
    gc_before = space.gc.collect_seconds
    # the earlier runs' VMs (a 256 MiB heap each, freed by Python's cyclic
    # GC) must not be collected in the middle of this one's timing
    gc.collect()
    start = len(space.output)
    t0 = time.perf_counter()
    interp.run_module(last_code, w_globals)
    seconds = time.perf_counter() - t0
    spent["gc"] = space.gc.collect_seconds - gc_before     # the collector's own clock (gc.collect_seconds)
    record = getattr(interp.jitdriver, "record", None)
    return seconds, "".join(space.output[start:]), record, spent


def _instrument(space, interp, spent, hook):
    """Time spent in machine code (execute_token); count executed
    instructions with a code hook when ``hook``."""
    driver = interp.jitdriver
    if driver is None or not hasattr(driver.backend, "machine"):
        return
    backend = driver.backend
    execute = backend.execute_token

    depth = [0]

    def timed_execute(loop, args):
        # outermost runs only: a residual call out of machine code (into the
        # interpreter, a generator, a portal call) may run compiled code again
        depth[0] += 1
        t0 = time.perf_counter()
        try:
            return execute(loop, args)
        finally:
            depth[0] -= 1
            if depth[0] == 0:
                spent["machine"] += time.perf_counter() - t0
    backend.execute_token = timed_execute
    if hook:
        def count(uc, address, size, user_data):
            spent["insns"] += 1
        backend.machine.uc.hook_add(unicorn.UC_HOOK_CODE, count, None, CODE_BASE, CODE_LIMIT)
        backend.machine.uc.ctl_flush_tb()


def body_size(record):
    """Instructions between the last label and the jump of the first loop
    (a function's trace, an entry bridge, has no label: not a loop body)."""
    loops = [t for t in record.traces if t.kind == "loop" and any(op.name == "label" for op in t.compiled.operations)]
    if not loops:
        return 0
    trace = loops[0].compiled
    target = [op.descr for op in trace.operations if op.name == "label"][-1]
    start = trace.label_addresses[target]
    rows = [row for row in trace.disassemble() if row.address >= start and row.role == "body"]
    return len(rows)


def compile_times(record):
    """Per compiled trace (ms): tracing, optimizing, register allocation + assembling + installing."""
    traces = record.traces or []
    if not traces:
        return 0.0, 0.0, 0.0
    backend = [sum(t.compiled.timings.values()) for t in traces]
    tracing = record.timings["tracing"] / len(traces)
    optimizing = max(0.0, (record.timings["backend"] - sum(backend)) / len(traces))
    return tracing * 1e3, optimizing * 1e3, max(backend) * 1e3


def measure(path, args):
    """CPython and the interpreter, then per backend one row (a dict)."""
    name = os.path.basename(path)[:-3]
    n = int(100000 * args.scale)
    source = scaled(path, n)
    cpython, expected = time_cpython(source, path)
    small = max(1, n // args.interp_scale)
    interp = run_pypyteach(name + ".py", scaled(path, small))[0] * (n / small)
    rows = {}
    for backend in args.backends:
        jit, output, record, spent = run_pypyteach(name + ".py", source, jit=backend, params=args.params)
        iterations = 20000
        counted = run_pypyteach(name + ".py", scaled(path, iterations), jit=backend, params=args.params,
                                hook=True)[3]
        rows[backend] = dict(name=name, n=n, cpython=cpython, interp=interp, jit=jit, agree=output == expected,
                             machine=spent["machine"], gc=spent["gc"], per_iter=counted["insns"] / iterations,
                             body=body_size(record), times=compile_times(record), loops=len(record.traces))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=20.0, help="multiply each loop's n (100000)")
    parser.add_argument("--interp-scale", type=int, default=20, help="the interpreter runs n / this")
    parser.add_argument("--params", default="threshold=1039", help="JIT parameters")
    parser.add_argument("--only", default="", help="comma-separated anchor names")
    parser.add_argument("--backends", default=",".join(MACHINE_BACKENDS),
                        help="comma-separated JIT targets (default: %(default)s)")
    args = parser.parse_args()
    args.backends = args.backends.split(",")
    unknown = [b for b in args.backends if b not in MACHINE_BACKENDS]
    if unknown:
        parser.error("no machine backend %s (there are: %s)" % (", ".join(unknown), ", ".join(MACHINE_BACKENDS)))
    measured = []
    paths = sorted(glob.glob(os.path.join(HERE, "anchors", "*.py"))) + \
        sorted(glob.glob(os.path.join(HERE, "more_loops", "*.py")))
    for path in paths:
        if args.only and os.path.basename(path)[:-3] not in args.only.split(","):
            continue
        measured.append(measure(path, args))
        print("measured", os.path.basename(path)[:-3], file=sys.stderr)
    for backend in args.backends:
        print_table(backend, [per[backend] for per in measured])
    print_side_by_side(args.backends, measured)
    if not all(r["agree"] for per in measured for r in per.values()):
        sys.exit(1)


def print_side_by_side(backends, measured):
    """JIT time, instructions per iteration and loop body size per backend."""
    header = ["loop", "CPython s"] + ["JIT %s s" % b for b in backends] + \
        ["insns/iter %s" % b for b in backends] + ["body insns %s" % b for b in backends]
    print("\n| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for per in measured:
        first = per[backends[0]]
        cells = [first["name"], "%.3f" % first["cpython"]] + ["%.3f" % per[b]["jit"] for b in backends] + \
            ["%.1f" % per[b]["per_iter"] for b in backends] + ["%d" % per[b]["body"] for b in backends]
        print("| " + " | ".join(cells) + " |")


def ratio(value):
    return "%.0fx" % value if value >= 10 else "%.2fx" % value


def print_table(backend, rows):
    header = ("loop", "n", "CPython s", "interp s (~)", "JIT %s s" % backend, "in machine code s", "in GC s",
              "x interp", "x CPython", "insns/iter", "body insns", "traces", "trace ms", "opt ms",
              "asm ms (max)", "same output")
    print("\n| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r in rows:
        tracing, optimizing, assembling = r["times"]
        print("| %s | %d | %.3f | %.1f | %.3f | %.3f | %.3f | %s | %.2fx | %.1f | %d | %d | %.1f | %.1f | %.1f"
              " | %s |" % (
            r["name"], r["n"], r["cpython"], r["interp"], r["jit"], r["machine"], r["gc"], ratio(r["interp"] / r["jit"]),
            r["cpython"] / r["jit"], r["per_iter"], r["body"], r["loops"], tracing, optimizing, assembling,
            "yes" if r["agree"] else "NO"))


if __name__ == "__main__":
    main()
