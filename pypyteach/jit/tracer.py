"""One trace being recorded (PyPy's MetaInterp, for one loop, bridge or
function entry).

The tracer swaps TracingOps into the space and lets the interpreter run.  At
each ``jit_merge_point`` it records a ``debug_merge_point``, snapshots the
current frame for resume data, and checks whether the trace closes: back at
the loop header in the frame the trace started in.  A *function* trace
(kind "function", started at a function's entry, pc 0, once the function
was entered ``function_threshold`` times) closes when its frame returns,
with ``finish(result)`` (PyPy's compile_done_with_this_frame), or, reaching
a loop header of its frame that has a compiled loop, with a jump to it.
A trace rooted in a generator's frame ends with ``finish`` where that frame
yields (``finish_yield``: the frame's state goes with it as resume data) or
returns; a bridge leaving its loop's frame ends with ``finish`` too.
It aborts cleanly (the program keeps running in the interpreter) when the
trace grows past ``trace_limit``, when an exception is raised, or when the
frame a loop trace started in returns before the loop closes.  Calls are
inlined, except calls to a function with compiled code and recursive calls
past ``max_unroll_recursion`` levels, which become ``call_assembler``
(runtime.portal_call).

Provenance (DESIGN decision 4): every recorded op knows the user's code
object, bytecode offset and source line, and the interpreter function and
line that recorded it.
"""

from dataclasses import dataclass

from ..vm.compiler.liveness import dead_locals
from .descr import GuardDescr, TargetToken
from .resoperation import (AbstractValue, ResOperation, InputArg, ConstInt, ConstPtr,
                           NULLCONST)
from .resume import FrameSnapshot, ResumeSnapshot, fail_args_of


class AbortTrace(Exception):
    def __init__(self, reason):
        Exception.__init__(self, reason)
        self.reason = reason


@dataclass(frozen=True)
class Provenance:
    code_name: str
    filename: str
    offset: int            # bytecode offset in the user's code
    line: int              # user source line
    opname: str            # the bytecode being executed
    depth: int             # inlining depth (0: the frame the trace started in)
    interp_function: str   # the interpreter function that recorded the op
    interp_file: str
    interp_line: int


def merge_point_provenance(frame, offset, depth):
    """Where a debug_merge_point (or a check at a loop header) comes from:
    the bytecode at ``offset``, about to run."""
    code = frame.code
    return Provenance(code.co_name, code.co_filename, offset, code.line_at(offset),
                      code.by_slot[offset >> 1].opname, depth, "jit_merge_point", "", 0)


def merge_point_repr(code, offset):
    """PyPy's debug_merge_point text: 'run;x.py:3-6~#8 LOAD_FAST'."""
    instr = code.by_slot[offset >> 1]
    return "%s;%s:%d-%d~#%d %s" % (code.co_name, code.co_filename, code.co_firstlineno,
                                   code.line_at(offset), offset, instr.opname)


def frame_ll_values(frame):
    """The virtualizable frame's fields, in the order a trace's inputargs take them."""
    return [frame.w_globals, frame.w_locals] + list(frame.cells_w) + list(frame.locals_w) + list(frame.stack)


def set_frame_ll_values(frame, values):
    ncells, nlocals = len(frame.cells_w), len(frame.locals_w)
    frame.w_globals, frame.w_locals = values[0], values[1]
    frame.cells_w = list(values[2:2 + ncells])
    frame.locals_w = list(values[2 + ncells:2 + ncells + nlocals])
    frame.stack = list(values[2 + ncells + nlocals:])


def unbox(value):
    return value.value if isinstance(value, AbstractValue) else value


class Tracer:
    def __init__(self, runtime, root_frame, key, kind, guard=None):
        self.runtime = runtime
        self.space = runtime.space
        self.interp = runtime.interp
        self.root = root_frame
        self.key = key                  # (code, pc) where a loop trace starts
        self.kind = kind                # "loop", "bridge" or "function"
        self.guard = guard              # bridges: the GuardDescr they start from
        self.inputargs = []
        self.operations = []
        self.known_class = {}
        self.known_nonnull = set()
        self.known_constant = set()
        self.dependencies = set()
        self.guarded_invalidation = False
        self.snapshot = None            # the top frame at the start of its current bytecode
        self.current = None             # (frame, offset) of the bytecode being recorded
        self.calls = []                 # results of this bytecode's residual calls
        self.heap_written = False       # this bytecode already wrote to the heap
        self.fresh = set()              # objects this bytecode allocated, not yet seen by a call
        self.replay = []                # bridges: call outcomes to replay in the first bytecode
        self.target = TargetToken() if kind == "loop" else None
        self.guard_numbers = runtime.guard_numbers
        self.residual_depth = 0
        self.doomed = None              # the reason this trace will be aborted

    # -- starting ----------------------------------------------------------------------

    def start_loop(self):
        """Make the root frame's fields the loop's input arguments."""
        values = frame_ll_values(self.root)
        self.inputargs = [InputArg("r", value) for value in values]
        set_frame_ll_values(self.root, self.inputargs)
        self.record_plain("label", list(self.inputargs), self.target)

    def start_function(self):
        """A function trace: the root frame's fields at its entry are the
        input arguments; no label (PyPy's entry bridge has none either:
        nothing jumps back to the function's entry)."""
        values = frame_ll_values(self.root)
        self.inputargs = [InputArg("r", value) for value in values]
        set_frame_ll_values(self.root, self.inputargs)

    def start_bridge(self, fail_args, fail_values):
        """Bridges start with the failed guard's saved values as input arguments."""
        self.inputargs = [InputArg(arg.type, value) for arg, value in zip(fail_args, fail_values)]
        return dict(zip(fail_args, self.inputargs))

    # -- recording -----------------------------------------------------------------------

    def record_plain(self, name, args, descr=None, value=None):
        op = ResOperation(name, args, descr, value)
        self.operations.append(op)
        return op

    def record(self, name, args, descr, value, pyframe):
        op = self.record_plain(name, args, descr, value)
        op.provenance = self.provenance(pyframe)
        if len(self.operations) > self.runtime.params.trace_limit:
            self.doom("ABORT_TOO_LONG")
        return op

    def doom(self, reason):
        """Abort at the next merge point: the bytecode being recorded finishes
        first, so the interpreter's state stays consistent."""
        if self.doomed is None:
            self.doomed = reason

    def provenance(self, pyframe):
        frame, offset = self.current
        code = frame.code
        return Provenance(code.co_name, code.co_filename, offset, code.line_at(offset),
                          code.by_slot[offset >> 1].opname, self.depth_of(frame),
                          pyframe.f_code.co_name, pyframe.f_code.co_filename, pyframe.f_lineno)

    def record_guard(self, name, args, pyframe):
        if self.heap_written:
            # the blackhole step re-enters the bytecode from its start (PyPy's
            # resumes at the guard): a heap write made earlier would happen twice
            self.doom("ABORT_GUARD_AFTER_HEAP_WRITE in %s" % self.current[0].code.by_slot[self.current[1] >> 1].opname)
        op = self.record(name, args, GuardDescr(next(self.guard_numbers)), None, pyframe)
        op.descr.op = op
        op.resume = self.resume_snapshot()
        op.fail_args = fail_args_of(op.resume)
        return op

    def record_alloc(self, name, args, descr, value, pyframe):
        """Allocations carry resume data too: compiled code leaves the trace
        there when the nursery is full (see llgraph and the backends).  Not
        after a heap write in the same bytecode: re-running the bytecode would
        repeat the write, so that allocation always completes in place."""
        op = self.record(name, args, descr, value, pyframe)
        self.fresh.add(op)
        if not self.heap_written:
            op.resume = self.resume_snapshot()
            op.fail_args = fail_args_of(op.resume)
        return op

    def note_heap_write(self, ptr):
        """A store into ``ptr``.  A store into an object this bytecode
        allocated (and passed to no call yet) is not one that re-running the
        bytecode would repeat on a live object: the re-run makes a new object.
        So guards and nursery exits may still follow it (``[i]`` allocates
        the list, writes its storage, then allocates the storage array)."""
        if ptr not in self.fresh:
            self.heap_written = True

    def note_call_result(self, value):
        self.calls.append(value)

    def next_replayed_call(self):
        return self.replay.pop(0) if self.replay else None

    def call_host(self, descr, args):
        self.fresh.clear()      # the call may store them where a re-run would not
        self.residual_depth += 1
        try:
            return descr.call(args)
        finally:
            self.residual_depth -= 1
            # the call may have changed a class or a global: the next
            # quasi-immutable read needs its own guard_not_invalidated
            self.guarded_invalidation = False

    def function_number(self, func):
        return self.runtime.function_number(func)

    def depend_on(self, key, pyframe):
        """A quasi-immutable value was read: the trace is valid while it holds."""
        self.dependencies.add(key)
        if not self.guarded_invalidation:
            self.guarded_invalidation = True
            self.record_guard("guard_not_invalidated", [], pyframe)

    # -- frames ------------------------------------------------------------------------------

    def chain(self, top):
        """Frames from the root to ``top``."""
        frames = []
        frame = top
        while frame is not None:
            frames.append(frame)
            if frame is self.root:
                return frames[::-1]
            frame = frame.back
        raise AssertionError("frame %r is not above the trace's root frame" % (top,))

    def depth_of(self, frame):
        return len(self.chain(frame)) - 1

    def resume_snapshot(self):
        top_frame = self.snapshot.frame
        outer = [FrameSnapshot(f, f.pc, f is self.root) for f in self.chain(top_frame)[:-1]]
        return ResumeSnapshot(outer + [self.snapshot], list(self.calls))

    # -- merge points ---------------------------------------------------------------------------

    def merge_point(self, frame):
        """Called before each bytecode while tracing.  Returns "close" when
        the trace reached a loop header in its root frame."""
        offset = frame.pc
        if self.doomed is not None:
            raise AbortTrace(self.doomed)
        if frame is self.root and self.operations and not self.replay and self.closes_at(frame, offset):
            # (not while call outcomes wait to be replayed: the bridge's first
            # bytecode already made those calls, e.g. the ``next()`` of a
            # FOR_ITER whose guard failed; jumping to the loop would repeat
            # it and lose an item)
            return "close"
        if self.kind == "function" and frame is self.root and offset in frame.code.loop_headers \
                and self.runtime.may_trace_loop((frame.code, offset)):
            # a loop header of the function's own frame with no compiled
            # loop: PyPy notes the merge point, and when the trace comes back
            # to it, compiles the loop from there (the ops before it are
            # dropped).  pypyteach starts that loop trace here at once
            return "cut"
        self.current = (frame, offset)
        depth = self.depth_of(frame)
        op = self.record_plain("debug_merge_point", [ConstInt(0), ConstInt(depth),
                                                     merge_point_repr(frame.code, offset)])
        op.provenance = merge_point_provenance(frame, offset, depth)
        self.snapshot = FrameSnapshot(frame, offset, frame is self.root)
        self.calls = []
        self.heap_written = False
        self.fresh = set()
        return None

    def closes_at(self, frame, offset):
        key = (frame.code, offset)
        if self.kind == "loop":
            return key == self.key and len(self.operations) > 1
        if self.kind == "function" and offset not in frame.code.loop_headers:
            return False
        return self.runtime.loop_at(key) is not None

    def finish(self, w_result):
        """The root frame of a function trace returns ``w_result``: the trace
        ends with ``finish`` (PyPy's compile_done_with_this_frame)."""
        from .descr import DONE_WITH_THIS_FRAME_REF
        arg = w_result if isinstance(w_result, AbstractValue) else ConstPtr(w_result)
        op = self.record_plain("finish", [arg], DONE_WITH_THIS_FRAME_REF)
        op.provenance = self.provenance_of_return()

    def finish_yield(self, w_value):
        """The root frame, a generator's, yields ``w_value``: the trace ends
        with ``finish(w_value)``, as PyPy's does when its portal (the
        generator frame's dispatch) returns the value yielded.  In PyPy the
        generator's frame is a virtualizable heap object whose fields the
        compiled code writes back; pypyteach's frames are host objects, so
        the finish carries the frame's state after the yield as resume data
        (its pc after the yield, its locals and stack), which the runtime
        puts back into the frame when compiled code leaves there."""
        from .descr import DONE_WITH_THIS_FRAME_REF
        arg = w_value if isinstance(w_value, AbstractValue) else ConstPtr(w_value)
        op = self.record_plain("finish", [arg], DONE_WITH_THIS_FRAME_REF)
        op.provenance = self.provenance_of_return()
        op.resume = ResumeSnapshot([FrameSnapshot(self.root, self.root.pc, True)], [])
        op.fail_args = fail_args_of(op.resume)

    def provenance_of_return(self):
        frame, offset = self.current
        return merge_point_provenance(frame, offset, self.depth_of(frame))

    def close(self):
        """The jump back to a loop header ends the trace."""
        key = (self.root.code, self.root.pc)
        target = self.target if self.kind == "loop" else self.runtime.loop_at(key).target
        # (a function trace reaching a compiled loop's header jumps to it as a bridge does)
        args = [value if isinstance(value, AbstractValue) else ConstPtr(value)
                for value in frame_ll_values(self.root)]
        first_local = 2 + len(self.root.cells_w)
        for index in dead_locals(self.root.code, self.root.pc):
            args[first_local + index] = NULLCONST      # nothing will read it: assume nothing of it
        jump = self.record_plain("jump", args, target)
        if (self.kind == "bridge" and not self.guard.at_loop_header
                and any(op.name == "debug_merge_point" for op in self.operations)):
            # the state at the loop header, should the optimizer make this
            # bridge enter the peeled loop through a short preamble
            # (unroll.jump_to_existing_trace): its guards resume here.  Not
            # for a bridge that ran no bytecode (its guard resumed at the
            # loop header): the loop body would fail the same guard again.
            jump.resume = ResumeSnapshot([FrameSnapshot(self.root, self.root.pc, True)], [])
            jump.provenance = merge_point_provenance(self.root, self.root.pc, 0)

    def unbox_frames(self):
        """Give every frame touched by the trace concrete values again."""
        frame = self.interp.frame
        while frame is not None:
            set_frame_ll_values(frame, [unbox(v) for v in frame_ll_values(frame)])
            frame.w_init_self = unbox(frame.w_init_self)
            if frame is self.root:
                break
            frame = frame.back
