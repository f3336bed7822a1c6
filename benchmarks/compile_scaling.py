"""Compile time against program size: pypyteach's compiler beside CPython's.

Functions with n locals (one assignment each), n statements of a module and
n terms of expressions are compiled by both; the table shows the
time per 1,000 units at each size and pypyteach/CPython.  A compiler linear
in program size keeps its per-1,000 column flat as n grows (issue 12: it
was quadratic in the number of locals, 15 s for 20,000).

    python benchmarks/compile_scaling.py [--sizes 1000,5000,20000]
"""

import argparse
import time

from pypyteach.vm.compiler.pycompiler import compile_source

SHAPES = {
    "locals": lambda n: "def f():\n%s    return v0\n" % "".join("    v%d = %d\n" % (i, i) for i in range(n)),
    "statements": lambda n: "".join("x%d = %d + 1\n" % (i % 50, i) for i in range(n)),
    # n terms, 25 to a line (a single chain of thousands is too deep for CPython's parser)
    "expression": lambda n: "x = 1\n" + "y = %s\n" % " * ".join(["x + 1"] * 12) * (n // 25),
}


def best_of(func, repeat=3):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    print("%-11s %7s %16s %16s %9s" % ("shape", "n", "pypyteach/1000", "CPython/1000", "ratio"))
    for name, make in SHAPES.items():
        for n in sizes:
            source = make(n)
            ours = best_of(lambda: compile_source(source, "bench.py"))
            theirs = best_of(lambda: compile(source, "bench.py", "exec"))
            print("%-11s %7d %14.1fms %14.2fms %8.0fx" % (name, n, ours * 1e6 / n, theirs * 1e6 / n, ours / theirs))


if __name__ == "__main__":
    main()
