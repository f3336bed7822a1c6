#!/usr/bin/env python3
"""Start-up: CPython against ``pypyteach run`` of a one-line program.

    python3 benchmarks/startup.py [--repeat 7] [--baseline /path/to/other/checkout]

CPU seconds (user + system of the child: on a shared machine the wall
clock mostly measures waiting; median of --repeat runs, after one warm-up
run) of:
``python -c pass``, ``python hello.py``, ``python -c "import pypyteach.cli"``
and ``python -m pypyteach run hello.py``; then, inside one process, the time
to make a fresh VM (object space, types, builtins: ``run.new_vm()``).
Python's bytecode cache is on (in a temporary PYTHONPYCACHEPREFIX), as for
an installed pypyteach: a PYTHONDONTWRITEBYTECODE environment would make
every run compile pypyteach's modules again.  ``--baseline`` times another
checkout's pypyteach too (e.g. the main branch), so a change is seen
before/after in one run.  Compare the ratios: the machine may be shared.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NEW_VM = "import time; from pypyteach.run import new_vm; " \
         "t1 = time.process_time(); new_vm(); print(time.process_time() - t1)"


def child_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(argv, env, repeat):
    """Median CPU seconds of running ``argv`` to completion."""
    subprocess.run(argv, env=env, capture_output=True, check=True)     # warm-up: bytecode cache
    times = []
    for _ in range(repeat):
        t0 = child_cpu()
        subprocess.run(argv, env=env, capture_output=True, check=True)
        times.append(child_cpu() - t0)
    return statistics.median(times)


def in_process(env, repeat):
    """Median seconds of new_vm() alone, measured inside a child."""
    times = [float(subprocess.run([sys.executable, "-c", NEW_VM], env=env, capture_output=True,
                                  text=True, check=True).stdout) for _ in range(repeat)]
    return statistics.median(times)


def measure(root, hello, cache, repeat):
    env = dict(os.environ, PYTHONPATH=root, PYTHONPYCACHEPREFIX=cache)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    py = sys.executable
    return {
        "import pypyteach.cli": timed([py, "-c", "import pypyteach.cli"], env, repeat),
        "pypyteach run hello.py": timed([py, "-m", "pypyteach", "run", hello], env, repeat),
        "new_vm() in process": in_process(env, repeat),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--baseline", default="", help="another pypyteach checkout, timed side by side")
    args = parser.parse_args()
    if args.baseline and not os.path.isdir(os.path.join(args.baseline, "pypyteach")):
        parser.error("--baseline %s is not a pypyteach checkout" % args.baseline)
    with tempfile.TemporaryDirectory() as tmp:
        hello = os.path.join(tmp, "hello.py")
        with open(hello, "w") as f:
            f.write('print("hello")\n')
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        cpython = {"python -c pass": timed([sys.executable, "-c", "pass"], env, args.repeat),
                   "python hello.py": timed([sys.executable, hello], env, args.repeat)}
        ours = measure(ROOT, hello, os.path.join(tmp, "pyc-this"), args.repeat)
        base = measure(args.baseline, hello, os.path.join(tmp, "pyc-base"), args.repeat) if args.baseline else None
    print("| what | seconds | x CPython hello.py |" + (" baseline seconds | speed-up |" if base else ""))
    print("|---|---|---|" + ("---|---|" if base else ""))
    reference = cpython["python hello.py"]
    for name, seconds in cpython.items():
        print("| %s | %.3f | %.1fx |" % (name, seconds, seconds / reference) + (" | |" if base else ""))
    for name, seconds in ours.items():
        row = "| %s | %.3f | %.1fx |" % (name, seconds, seconds / reference)
        if base:
            row += " %.3f | %.2fx |" % (base[name], base[name] / seconds)
        print(row)


if __name__ == "__main__":
    main()
