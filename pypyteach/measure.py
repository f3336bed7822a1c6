"""Measuring runs, for the warm-up and speed-up plots (viz/plots.py draws
what this measures; the plots never run anything).

``measure_warmup`` runs one program under the interpreter and under each JIT
backend, and times each iteration of one loop.  ``measure_speedups`` times
the hot call of programs under CPython, the interpreter and one backend.

What the seconds are: pypyteach's interpreter is a Python program and its
machine code runs in the Unicorn emulator, so its seconds say nothing about
PyPy's (PyPy's interpreter and JIT are compiled to machine code).  What they
show is the *shape* of warm-up: interpreted iterations, an expensive traced
one, then compiled iterations costing less.  They change from run to run:
notebooks draw them, and print no figure from them.
"""

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

from .jit.backend import backend_names
from .run import new_globals, new_vm
from .vm.compiler.pycompiler import compile_source
from .vm.interpreter.jithints import ForwardingHooks
from .vm.memory.heap import NULL
from .vm.objspace.operationerror import OperationError

INTERPRETER = "interpreter"


@dataclass(frozen=True)
class Stretch:
    """Iterations between two arrivals of the interpreter at the loop's
    header: one when the interpreter ran the iteration, many when compiled
    code ran them (it returns to the interpreter only when it leaves)."""
    first: int               # the first iteration's number (0: the loop's first)
    iterations: int
    seconds: float
    bytecodes: int           # bytecodes the interpreter ran in them (compiled code runs none)

    @property
    def seconds_per_iteration(self):
        return self.seconds / self.iterations


@dataclass
class WarmupRun:
    runner: str              # INTERPRETER, or the JIT backend ("llgraph", "x86_64"...)
    stretches: list          # Stretch, in order
    stdout: str
    record: object = None    # the JitRecord of a JIT run

    @property
    def iterations(self):
        return sum(s.iterations for s in self.stretches)


@dataclass
class Warmup:
    """Per-iteration times of one loop, one run per runner."""
    filename: str
    variable: str
    code_name: str
    jit_params: str
    threshold: int
    runs: dict = field(default_factory=dict)     # runner -> WarmupRun


class HeaderClock(ForwardingHooks):
    """The interpreter's jitdriver while measuring: notes the time and the
    loop variable at every arrival at a loop header of ``code_name``, then
    hands the merge point to the JIT (``inner``), if any.

    Without a JIT the interpreter then runs the dispatch loop with merge
    points (as it does under a JIT), not its direct loop: the interpreter's
    times and the JIT runs' interpreted iterations compare like for like."""

    def __init__(self, space, interp, inner, code_name, variable):
        super().__init__(inner)
        self.space = space
        self.interp = interp
        self.code_name = code_name
        self.variable = variable
        self.samples = []                # (perf_counter, value or None, interp.steps, frame leaving)

    @property
    def every_bytecode(self):
        return self.inner.every_bytecode if self.inner is not None else False

    def jit_merge_point(self, interp, frame):
        code = frame.code
        if code.co_name == self.code_name and frame.pc in code.loop_headers:
            self.samples.append((time.perf_counter(), self.value(frame), self.steps(), False))
        return super().jit_merge_point(interp, frame)

    def steps(self):
        return self.interp.steps

    def value(self, frame):
        names = frame.code.co_varnames
        if self.variable not in names:
            return None
        w_value = frame.locals_w[names.index(self.variable)]
        w_value = getattr(w_value, "value", w_value)     # while tracing: the value a trace box holds
        if w_value == NULL:
            return None
        space = self.space
        saved, space.ll = space.ll, space.direct_ll     # reading must stay out of a trace
        try:
            return space.int_w(w_value)
        except OperationError:
            raise ValueError("the loop variable %r must take integer values" % self.variable) from None
        finally:
            space.ll = saved

    def _leaving(self, frame):
        if frame.code.co_name == self.code_name:
            # the loop's last stretch: compiled code may have run it to the
            # loop's exit, with no arrival at the header after it
            self.samples.append((time.perf_counter(), self.value(frame), self.steps(), True))

    def leaving_frame(self, frame):
        self._leaving(frame)
        super().leaving_frame(frame)

    def frame_returns(self, frame, w_result):
        self._leaving(frame)
        return super().frame_returns(frame, w_result)

    def frame_yields(self, frame, w_value):
        self._leaving(frame)
        return super().frame_yields(frame, w_value)


def stretches_of(samples, total=None):
    """Stretches from (time, value, steps, leaving) samples: the variable must
    grow by one per iteration (``for i in range(n)``, or ``while i < n: ...
    i += 1``); an arrival where it is unbound starts the loop; arrivals where
    it did not change (a nested loop's header) are skipped.  ``total``: the
    loop's iterations, for a loop compiled code ran to its exit: the frame
    then leaves with the variable dead (unbound), the last stretch is the
    iterations left."""
    found = []
    done = 0
    previous = None
    for when, value, steps, leaving in samples:
        if previous is not None and value is None and leaving and total is not None and done < total:
            found.append(Stretch(done, total - done, when - previous[0], steps - previous[2]))
            done = total
        elif previous is not None and value is not None and value != previous[1]:
            before = previous[1]
            count = 1 if before is None else value - before
            if count > 0:
                found.append(Stretch(done, count, when - previous[0], steps - previous[2]))
                done += count
            previous = (when, value, steps)
        elif previous is None or value is None:
            previous = (when, value, steps)
    return found


def measure_warmup(source, filename="<program>", variable="i", code_name="run",
                   runners=(INTERPRETER, "llgraph", "x86_64"), jit_params=None, iterations=None):
    """Run ``source`` once per runner (INTERPRETER, or a JIT backend) and time
    every iteration of the loop over ``variable`` in the function
    ``code_name``.  Returns a Warmup.  The outputs must agree.
    ``iterations``: how many the loop runs (its ``n``): compiled code that
    runs a loop to its exit leaves the variable unbound, so only the count
    says how many iterations its last stretch held; each run must then count
    exactly that many."""
    from .jit.params import JitParams
    params = JitParams.parse(jit_params) if isinstance(jit_params, str) else (jit_params or JitParams())
    known = [INTERPRETER] + backend_names()
    unknown = [r for r in runners if r not in known]
    if not runners or unknown:
        raise ValueError("runners must be some of %s, not %s" % (", ".join(known), unknown or "none"))
    code = compile_source(source, filename)
    warmup = Warmup(filename, variable, code_name, jit_params or "", params.threshold)
    for runner in runners:
        run = warmup.runs[runner] = _warmup_run(code, runner, params, code_name, variable, iterations)
        if iterations is not None and run.iterations != iterations:
            raise ValueError("%s: %d iterations of the loop over %r seen, not the %d given"
                             % (runner, run.iterations, variable, iterations))
    outputs = {run.stdout for run in warmup.runs.values()}
    if len(outputs) > 1:
        raise ValueError("the runs printed different outputs: %s" % {r: w.stdout for r, w in warmup.runs.items()})
    return warmup


def _warmup_run(code, runner, params, code_name, variable, iterations):
    jit = None if runner == INTERPRETER else runner
    space, interp = new_vm(jit=jit, jit_params=params)
    clock = HeaderClock(space, interp, interp.jitdriver, code_name, variable)
    interp.jitdriver = clock
    space.load_code(code)
    try:
        interp.run_module(code, new_globals(space))
    except OperationError as operr:
        raise ValueError("the program failed under %s: %s" % (runner, interp.format_traceback(operr))) from None
    record = clock.finish()
    stretches = stretches_of(clock.samples, iterations)
    if not stretches:
        raise ValueError("no iteration of a loop over %r in %s was seen: is %s a function with a loop "
                         "whose variable %r grows by one per iteration?" % (variable, code_name, code_name, variable))
    return WarmupRun(runner, stretches, "".join(space.output), record)


# -- speed-ups ----------------------------------------------------------------------------------

CPYTHON_TIMER = r"""
import io, sys, time, contextlib
source = open(sys.argv[1]).read()
setup, _, last = source.rstrip().rpartition("\n")
env = {"__name__": "__main__"}
out = io.StringIO()
with contextlib.redirect_stdout(out):
    exec(compile(setup, sys.argv[1], "exec"), env)
    t0 = time.perf_counter()
    exec(compile(last, sys.argv[1], "exec"), env)
    t1 = time.perf_counter()
sys.stdout.write("%r\n%s" % (t1 - t0, out.getvalue()))
"""


@dataclass(frozen=True)
class SpeedupRow:
    """Seconds of one program's last line (its hot call), run after the lines
    before it, under CPython (the host), the interpreter and a JIT backend."""
    name: str
    n: int
    cpython: float
    interpreter: float
    jit: float
    backend: str

    @property
    def over_cpython(self):
        return self.cpython / self.jit

    @property
    def over_interpreter(self):
        return self.interpreter / self.jit


def time_cpython(source, filename):
    """(seconds of the last line, output) under the host CPython, in a fresh process."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, os.path.basename(filename))
        with open(path, "w") as handle:
            handle.write(source)
        done = subprocess.run([sys.executable, "-c", CPYTHON_TIMER, path], capture_output=True, text=True)
    if done.returncode != 0:
        raise ValueError("CPython failed on %s: %s" % (filename, done.stderr.strip().splitlines()[-1:]))
    seconds, _, output = done.stdout.partition("\n")
    return float(seconds), output


def time_pypyteach(source, filename, jit=None, jit_params=None):
    """(seconds of the last line, its output) under pypyteach: the lines
    before it run first, untimed, in the same globals."""
    setup, _, last = source.rstrip().rpartition("\n")
    space, interp = new_vm(jit=jit, jit_params=jit_params)
    w_globals = new_globals(space)
    codes = compile_source(setup + "\n", filename), compile_source(last + "\n", filename)
    for code in codes:
        space.load_code(code)
    try:
        interp.run_module(codes[0], w_globals)
        start = len(space.output)
        began = time.perf_counter()
        interp.run_module(codes[1], w_globals)
        seconds = time.perf_counter() - began
    except OperationError as operr:
        raise ValueError("the program failed under pypyteach: %s" % interp.format_traceback(operr)) from None
    return seconds, "".join(space.output[start:])


def measure_speedups(programs, backend="x86_64", jit_params=None):
    """{name: (source, n)} -> [SpeedupRow]: each program's last line timed
    under CPython, the interpreter and ``backend``; outputs must agree."""
    if not programs:
        raise ValueError("no programs to measure")
    if backend not in backend_names():
        raise ValueError("no backend %r (there are: %s)" % (backend, ", ".join(backend_names())))
    rows = []
    for name, (source, n) in programs.items():
        filename = name + ".py"
        cpython, expected = time_cpython(source, filename)
        interpreter, plain = time_pypyteach(source, filename)
        jit, compiled = time_pypyteach(source, filename, jit=backend, jit_params=jit_params)
        if not expected == plain == compiled:
            raise ValueError("%s printed different outputs: CPython %r, interpreter %r, %s %r"
                             % (name, expected, plain, backend, compiled))
        rows.append(SpeedupRow(name, n, cpython, interpreter, jit, backend))
    return rows
