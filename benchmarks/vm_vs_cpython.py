#!/usr/bin/env python3
"""The pypyteach interpreter against CPython on the eight anchor loops.

    python3 benchmarks/vm_vs_cpython.py [--repeat N] [--scale F]

For each loop: CPython's time (the program run in a child CPython, timed
inside it, so start-up is excluded), pypyteach's time (compile excluded), the
bytecodes pypyteach executed, its bytecodes per second, and the slowdown
against CPython.  Both outputs must agree, or the row says so.  Figures are
medians of --repeat runs; compare ratios, not seconds (shared machines).
"""

import argparse
import glob
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from pypyteach.vm.compiler.pycompiler import compile_source  # noqa: E402
from pypyteach.measure import time_cpython  # noqa: E402
from pypyteach.run import new_vm, run_code  # noqa: E402



def scaled_source(path, scale):
    source = open(path).read()
    if scale != 1:
        source = source.replace("n = 100000", "n = %d" % int(100000 * scale))
    return source


def time_pypyteach(path, source):
    code = compile_source(source, os.path.basename(path))
    space, interp = new_vm()
    t0 = time.perf_counter()
    result = run_code(space, interp, code)
    seconds = time.perf_counter() - t0
    if result.error is not None:
        raise RuntimeError(result.error.traceback)
    return seconds, result.stdout, result.steps


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply each loop's n")
    args = parser.parse_args()
    rows = []
    for path in sorted(glob.glob(os.path.join(HERE, "anchors", "*.py"))):
        source = scaled_source(path, args.scale)
        cpython, ours, steps, agree = [], [], 0, True
        for _ in range(args.repeat):
            seconds, expected = time_cpython(source, path)
            cpython.append(seconds)
            seconds, output, steps = time_pypyteach(path, source)
            ours.append(seconds)
            agree = agree and output == expected
        c, p = statistics.median(cpython), statistics.median(ours)
        rows.append((os.path.basename(path)[:-3], c, p, steps, steps / p, p / c, agree))
    header = ("loop", "CPython s", "pypyteach s", "bytecodes", "bytecodes/s", "slowdown", "same output")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name, c, p, steps, rate, slowdown, agree in rows:
        print("| %s | %.4f | %.3f | %d | %.2fM | %.0fx | %s |"
              % (name, c, p, steps, rate / 1e6, slowdown, "yes" if agree else "NO"))
    if not all(row[-1] for row in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
