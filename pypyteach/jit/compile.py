"""From a recorded trace to compiled code: optimize, then hand to the backend.

The optimizer passes (jit/optimizer/, PyPy's names and order) each leave the
trace they produced in the run record, so a notebook can show the trace
after every pass.
"""

import contextlib
import gc
import time

from .descr import LoopToken
from .optimizer import optimize_trace
from .record import TraceRecord


@contextlib.contextmanager
def cyclic_gc_paused():
    """Python's cyclic GC paused: optimizing and compiling make many
    short-lived objects (freed by reference counting), and letting them
    trigger collections of the whole process costs more than the work itself
    (measured on the corpus: half of the backend's time), and makes compile
    times jump by tens of milliseconds when one happens to land there."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def optimize(runtime, inputargs, operations):
    """Run the enabled passes; returns (final operations, [(pass, ops)])."""
    return optimize_trace(runtime, inputargs, operations, runtime.params.enabled_passes)


def compile_trace(runtime, tracer, number):
    with cyclic_gc_paused():
        return _compile_trace(runtime, tracer, number)


def _compile_trace(runtime, tracer, number):
    name = _trace_name(tracer)
    started = time.perf_counter()
    operations, passes = optimize(runtime, tracer.inputargs, tracer.operations)
    runtime.record.timings["optimizing"] += time.perf_counter() - started
    if tracer.kind == "function":
        loop = runtime.function_token(tracer.root.code)     # calls already made to it now reach this code
        loop.number, loop.name = number, name
        loop.inputargs = tracer.inputargs
        loop.operations = operations
        loop.dependencies = set(tracer.dependencies)
    elif tracer.kind == "loop":
        loop = LoopToken(number, tracer.key, name)
        loop.target = tracer.target
        tracer.target.loop = loop
        loop.inputargs = tracer.inputargs
        loop.operations = operations
        loop.body_target = next((op.descr for op in operations
                                 if op.name == "label" and getattr(op.descr, "header", None) is not None), None)
        if loop.body_target is not None:
            loop.body_target.loop = loop
        loop.dependencies = set(tracer.dependencies)
    else:
        loop = tracer.guard.loop
        loop.dependencies |= tracer.dependencies
    # PyPy sends a trace started from the interpreter at a function's entry
    # (ResumeFromInterpDescr) to the backend as an "entry bridge": a Loop N
    # in the log, with that word in its header
    trace = TraceRecord(number, "bridge" if tracer.kind == "bridge" else "loop", name, loop.key,
                        tracer.inputargs, list(tracer.operations), passes, operations, tracer.guard, loop,
                        type="entry bridge" if tracer.kind == "function" else "loop")
    for op in operations:
        if op.is_guard():
            op.descr.loop = loop
            op.descr.op = op
    if tracer.kind in ("loop", "function"):
        runtime.backend.compile_loop(loop)
        if tracer.kind == "loop":
            runtime.loops[tracer.key] = loop
        trace.compiled = loop.compiled
    else:
        trace.compiled = runtime.backend.compile_bridge(tracer.guard, tracer.inputargs, operations)
        loop.bridges.append(trace)
    trace.compiled.number = number
    return trace


def _trace_name(tracer):
    for op in tracer.operations:
        if op.name == "debug_merge_point":
            return op.args[2]
    return "?"
