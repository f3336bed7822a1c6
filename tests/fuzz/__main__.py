"""python -m tests.fuzz --count N [--seed S] [--modes a,b]: the long run."""

import argparse
import sys
import time

from .compare import all_modes, mismatches
from .generator import RandomDraw, program


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz")
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0, help="first seed; program k uses seed+k")
    parser.add_argument("--modes", default="", help="comma-separated subset of: " + ", ".join(all_modes()))
    parser.add_argument("--save", default=None, help="directory to write mismatching programs to")
    args = parser.parse_args(argv)
    modes = all_modes()
    if args.modes:
        unknown = set(args.modes.split(",")) - set(modes)
        if unknown:
            parser.error("unknown modes: %s" % ", ".join(sorted(unknown)))
        modes = {name: modes[name] for name in args.modes.split(",")}
    started, failures = time.time(), {name: 0 for name in modes}
    for k in range(args.count):
        seed = args.seed + k
        source = program(RandomDraw(seed))
        for mode, (expected, got) in mismatches(source, modes).items():
            failures[mode] += 1
            print("seed %d mode %s: CPython %r, pypyteach %r" % (seed, mode, expected[1], got[1]), flush=True)
            if args.save:
                with open("%s/fuzz_%d_%s.py" % (args.save, seed, mode), "w") as f:
                    f.write(source)
        if (k + 1) % 100 == 0:
            print("%d programs, %.0f s, mismatches so far: %d" % (k + 1, time.time() - started,
                                                                 sum(failures.values())), flush=True)
    print("%d programs, %d modes, %.0f s; mismatches: %s" % (
        args.count, len(modes), time.time() - started,
        ", ".join("%s %d" % item for item in failures.items())))
    return 1 if any(failures.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
