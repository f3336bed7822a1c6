"""The blackhole step: finishing the interrupted bytecode after a guard failure
(PyPy's blackhole interpreter, rpython/jit/metainterp/blackhole.py).

A guard fails in the middle of a bytecode.  In PyPy,
``ResumeGuardDescr.handle_fail`` calls ``resume_in_blackhole``:
``blackhole_from_resumedata`` (resume.py) builds one BlackholeInterpreter per
frame of the guard's resume data, each positioned inside that frame's
*jitcode* (the interpreter's own code, compiled for the JIT) exactly where the
guard was, and ``_run_forever`` runs them.  The blackhole interpreter records
nothing and compiles nothing: it only finishes what the compiled code had
started.  When the innermost level reaches the next ``jit_merge_point`` (the
next bytecode), ``bhimpl_jit_merge_point`` runs the rest of that Python frame
in the regular interpreter (``recursive_call``, with the JIT on) and hands its
result to the level below; the outermost level raises
``ContinueRunningNormally``, and the regular interpreter takes over at that
merge point, where compiled code may be entered again.

pypyteach has no jitcodes: its interpreter is ordinary Python code, which
cannot be started in the middle of a bytecode.  So the step *re-enters the
bytecode from its start* in the rebuilt top frame, with the JIT switched off
(no merge points, no counting, no tracing, no entering compiled code, also in
guest code the bytecode calls from host code: a ``__add__``, a generator's
``next``), and takes the results of the residual calls that already ran
before the guard from the resume data instead of calling again
(``tracing_ops.ReplayOps``; a call that raised in compiled code re-raises its
exception).  The interpreter then takes over at the next bytecode, where the
JIT's merge point applies again.

Frames of inlined calls: the resume data rebuilds the whole chain, and the
step finishes the top frame's bytecode.  Each outer frame is in the middle of
a CALL; in PyPy its blackhole level finishes that CALL once the inner frame
returns.  In pypyteach nothing of a CALL is left after the callee's frame
returns but taking its result, which the return itself does
(``Interpreter.finish_frame``), so the regular interpreter runs the rest of
the callee and then the caller's next bytecode, with the JIT on, as PyPy's
``recursive_call`` does.
"""

from .record import Blackhole
from .tracing_ops import ReplayOps


class HandedOver:
    """A blackhole step ran: the interpreter takes over at its current frame,
    or the dispatch ends with ``result`` (the bytecode returned out of it)."""

    __slots__ = ("result",)

    def __init__(self, result):
        self.result = result


def bytecode_at(frame, pc):
    """(code name, offset, opname, line): how records name a bytecode."""
    code = frame.code
    return (code.co_name, pc, code.by_slot[pc >> 1].opname, code.line_at(pc))


def resume_in_blackhole(runtime, failure, failure_index, outcomes):
    """Finish the bytecode the rebuilt top frame (``interp.frame``) was
    interrupted in, with the JIT off; ``outcomes`` are ReplayedCalls of the
    calls it already made.  Returns a HandedOver.  The step is kept in the
    record when its GuardFailure was (``failure_index`` not None: the first
    KEEP_RECORDS), else only counted (``record.blackholes.dropped``)."""
    interp, record = runtime.interp, runtime.record
    frame = interp.frame
    step = Blackhole(failure_index, failure.guard.number if failure.guard is not None else 0, failure.kind,
                     failure.trace_number, list(failure.frames), bytecode_at(frame, frame.pc), len(outcomes))
    if failure_index is not None:
        failure.blackhole = record.blackholes.keep(step)
        if failure.blackhole is not None:
            # one event per kept step (their list is bounded per exit kind)
            record.note_event("blackhole", failure.blackhole, always=True)
    else:
        record.blackholes.dropped += 1
    watcher = _BlackholeMode(runtime, step, outcomes)
    steps_before = interp.steps
    with watcher:
        if runtime.on_blackhole is not None:
            runtime.on_blackhole(frame)             # a step recorder shows the bytecode first
        result = interp.execute_bytecode(frame)
    step.bytecodes = interp.steps - steps_before
    step.takes_over, step.handover = _handover(interp, frame, result, watcher.raised)
    return HandedOver(result)


class _BlackholeMode:
    """The JIT switched off for one bytecode (the runtime's hooks test
    ``runtime.blackholing``); the calls' outcomes replayed.  Restored however
    the bytecode ends, an exception leaving the dispatch included."""

    def __init__(self, runtime, step, outcomes):
        self.runtime = runtime
        self.step = step
        self.outcomes = outcomes
        self.frame = runtime.interp.frame
        self.raised = False             # the finished bytecode raised (runtime.exception_raised)

    def __enter__(self):
        runtime, space = self.runtime, self.runtime.space
        self.saved = (space.ll, runtime.every_bytecode)
        runtime.blackholing = self
        runtime.every_bytecode = False          # guest code it calls: merge points at loop headers only
        if self.outcomes:
            space.ll = ReplayOps(space, self.outcomes)
            # the replayed results are held by nothing else until the
            # bytecode that uses them has run: no collection meanwhile
            space.gc.inhibit += 1
        return self

    def __exit__(self, kind, exc, tb):
        runtime, space = self.runtime, self.runtime.space
        if self.outcomes:
            space.gc.inhibit -= 1
        space.ll, runtime.every_bytecode = self.saved
        runtime.blackholing = None
        if exc is not None:
            self.step.handover = ("exception left the dispatch" if self.raised
                                  else "stopped (%s)" % type(exc).__name__)
        return False


def _handover(interp, frame, result, raised):
    """Where the interpreter takes over after the step, and how it got there."""
    if result is not None:
        return None, "left the dispatch (%s)" % result[0]
    new = interp.frame
    where = bytecode_at(new, new.pc)
    if new is frame:
        return where, "exception handler" if raised else "next bytecode"
    if new.back is frame and not raised:
        return where, "call"
    return where, "exception handler" if raised else "return"
