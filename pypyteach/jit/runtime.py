"""The JIT at run time: hot-loop counters, tracing, running compiled code,
deoptimizing, growing bridges (PyPy's warmstate and metainterp driver).

A JitRuntime attaches to an Interpreter as its ``jitdriver``: the
interpreter calls ``jit_merge_point`` before every bytecode and
``can_enter_jit`` on every backward jump.

- can_enter_jit counts loop closings per green key (code, pc); past
  ``threshold`` the next merge point there starts a trace.
- The merge point at a function's entry (a new frame, pc 0) counts calls per
  code object; past ``function_threshold`` it starts a *function trace*
  there, which ends when that frame returns, with ``finish`` (PyPy's
  portal: maybe_compile_and_run at the start of a function, and
  compile_done_with_this_frame).  Once compiled, a call enters the
  function's machine code at that merge point.  A function trace reaching
  a loop header of its own frame jumps to the loop if it is compiled, and
  otherwise gives way to a loop trace starting there.
- While tracing, calls are inlined, as in PyPy even when the callee has
  compiled code of its own; a recursive call past ``max_unroll_recursion``
  levels, or a call to a function marked not to be inlined (its trace was
  too long), becomes ``call_assembler_r`` (portal_call, portal_runner).
- A loop trace closes at the same key in the same frame; it is optimized,
  compiled by the backend and run at once.  A loop in a generator's frame
  ends with ``finish`` where the frame yields (frame_yields) or returns,
  as PyPy's portal returns there; a bridge leaving its loop's frame too.
- At a merge point with a compiled loop, the frame's values enter it.
- When compiled code leaves through a guard, the frames are rebuilt from the
  guard's resume data, the blackhole step finishes the interrupted bytecode
  with the JIT off (blackhole.py), and the interpreter takes over at the next
  bytecode.  A guard failing ``trace_eagerness`` times is traced from there
  instead: the bridge is compiled and attached to the guard.
- A change to a class or a global that a loop assumed constant invalidates it.
"""

import itertools
import time

from ..vm.errors import RestartBytecode
from ..vm.interpreter.pyframe import Frame
from ..vm.memory.gc import HeapExhausted
from ..vm.memory.heap import NULL
from ..vm.objspace.operationerror import OperationError
from ..vm.interpreter.jithints import JitHooks
from .llgraph import LLGraphBackend, StepBudgetExhausted
from .params import JitParams
from .record import JitRecord, GuardFailure, Abort, MachineSteps, StepRequest
from .resoperation import ConstPtr
from .resume import Deoptimizer, VirtualInfo
from .tracer import Tracer, AbortTrace, frame_ll_values, set_frame_ll_values, unbox, merge_point_repr
from .tracing_ops import TracingOps, ReplayedCall, ReplayOps
from .descr import AssemblerCallDescr, LoopToken
from .blackhole import HandedOver, resume_in_blackhole
from . import compile as jitcompile

MAX_ABORTS_PER_KEY = 3


def _resume_constants(resume):
    """Constant references in resume data: frame slots hold only references
    (plain addresses or ConstPtr); virtual objects' reference fields too."""
    pending = [v for snap in resume.frames for v in snap.values()]
    while pending:
        value = pending.pop()
        if isinstance(value, VirtualInfo):
            pending += [v for field, v in value.fields if field.kind == "r"]
            if getattr(value.descr, "kind", None) == "r":      # an array of references
                pending += list(value.array or ())
        elif isinstance(value, ConstPtr):
            if value.value:
                yield value.value
        elif type(value) is int and value:
            yield value


def is_function_entry(frame):
    """A frame about to run its first bytecode, of a function (not a module
    or class body, which run in a namespace, nor a generator)."""
    return frame.pc == 0 and not frame.w_locals and not frame.code.is_generator


def make_backend(name, space):
    if name == "llgraph":
        return LLGraphBackend(space)
    from .backend import make_machine_backend
    return make_machine_backend(name, space)


class JitRuntime(JitHooks):
    def __init__(self, space, interp, params=None, backend="llgraph", logger=None, step_machine=None):
        self.space = space
        self.interp = interp
        self.params = params or JitParams()
        self.backend = make_backend(backend, space)
        if isinstance(step_machine, str):
            step_machine = StepRequest.parse(step_machine)
        if step_machine is not None and not hasattr(self.backend, "execute_token_stepped"):
            raise ValueError("step_machine needs a machine backend (jit=\"x86_64\"): the %s backend runs no "
                             "machine code" % backend)
        self.logger = logger
        if hasattr(logger, "backend_created"):
            logger.backend_created(self.backend)       # jit-backend-counts asks for label counters
        if interp.max_steps is not None and hasattr(self.backend, "count_labels"):
            # --max-steps in machine code: label passes charge the bytecodes
            # (compiled in as jit-backend-counts' counters are)
            self.backend.count_labels()
        self._runs = 0                  # compiled runs in progress (a host call may start another)
        self.counters = {}
        self.loops = {}                 # (code, pc) -> LoopToken
        self.aborts = {}                # (code, pc) -> number of aborted traces ("function", code): of function traces
        self.function_counters = {}     # code -> calls counted at its entry (function_threshold)
        self.function_tokens = {}       # code -> LoopToken of its function trace (number -1: not compiled yet)
        self.dont_trace_here = set()    # codes not to inline (PyPy's JC_DONT_TRACE_HERE): call_assembler
        self.traced_functions = set()   # codes a function trace was started for (PyPy's JC_TRACING_OCCURRED)
        self.tracer = None
        self.trace_request = None
        self._trace_started = None      # perf_counter at the start of the current trace
        self.blackholing = None         # the blackhole step running (blackhole._BlackholeMode)
        self.on_blackhole = None        # called with the frame before a blackhole step (steprecorder)
        self.every_bytecode = False     # merge points everywhere only while tracing
        self.functions = {}             # host function -> number (its "address" in traces)
        self.guard_numbers = itertools.count(0x100)
        self.trace_numbers = itertools.count(1)
        self.record = JitRecord(params=self.params, backend=backend, step_request=step_machine)
        self._started = time.perf_counter()         # for the jit-summary's TOTAL
        self._gc_seconds_at_start = space.gc.collect_seconds
        self.deoptimizer = Deoptimizer(space, interp)
        interp.jitdriver = self
        space.gc.root_providers.append(self._compiled_constants)
        space.type_change_listeners.append(self._type_changed)
        space.globals_change_listeners = list(space.globals_change_listeners) + [self._global_changed]

    @property
    def tracing(self):
        return self.tracer is not None

    def function_number(self, func):
        return self.functions.setdefault(func, len(self.functions) + 1)

    def loop_at(self, key):
        loop = self.loops.get(key)
        return loop if loop is not None and not loop.invalidated else None

    # -- the hooks the interpreter calls ------------------------------------------------------

    def can_enter_jit(self, interp, frame):
        if self.tracer is not None or self.blackholing is not None:
            return
        key = (frame.code, frame.pc)
        if self.loop_at(key) is not None or self.aborts.get(key, 0) >= MAX_ABORTS_PER_KEY:
            return
        count = self.counters.get(key, 0) + 1
        self.counters[key] = count
        self.record.counters[(frame.code.co_name, frame.pc)] = count
        if count >= self.params.threshold:
            self.trace_request = key

    def jit_merge_point(self, interp, frame):
        """Returns None, or the dispatch's result when a blackhole step ended it."""
        if self.blackholing is not None:
            return None         # guest code called by the bytecode being blackholed: no JIT there
        while True:
            outcome = self._merge_point(frame)
            if not isinstance(outcome, HandedOver):
                return None
            if outcome.result is not None:
                return outcome.result
            # a blackhole step finished a bytecode: the interpreter takes over
            # at the next one, whose merge point is this one's business
            # (PyPy's ContinueRunningNormally re-enters the portal there)
            frame = interp.frame
            if not (self.every_bytecode or frame.pc in frame.code.loop_headers or frame.last_instr < 0):
                return None

    def _merge_point(self, frame):
        if self.tracer is not None:
            if self.tracer.residual_depth == 0:
                return self._tracing_merge_point(frame)
            return None
        if frame.last_instr < 0 and is_function_entry(frame):
            outcome = self.function_entry(frame)
            if outcome is not None or self.tracer is not None:
                return outcome
        key = (frame.code, frame.pc)
        loop = self.loops.get(key)
        if loop is not None and not loop.invalidated:
            return self.run_loop(loop, frame)
        if self.trace_request == key:
            self.trace_request = None
            self.start_loop_trace(frame, key)
        return None

    def exception_raised(self, operr):
        """A guest exception while tracing: give up the trace."""
        blackholing = self.blackholing
        if blackholing is not None and self.interp.frame is blackholing.frame:
            blackholing.raised = True
        if self.tracer is not None and self.tracer.residual_depth == 0:
            operr.w_value = unbox(operr.w_value)
            self.abort("ABORT_EXCEPTION")

    def leaving_frame(self, frame):
        """``frame`` returns or yields; the trace cannot follow its root out."""
        if self.tracer is not None and self.tracer.residual_depth == 0 and frame is self.tracer.root:
            self.restart_bytecode("ABORT_LEFT_ROOT_FRAME")

    def frame_returns(self, frame, w_result):
        """``frame`` returns: a function trace (or a bridge of one) whose
        frame this is ends here with ``finish``; a loop trace aborts."""
        tracer = self.tracer
        if tracer is None or tracer.residual_depth or frame is not tracer.root:
            return w_result
        if tracer.kind in ("function", "bridge") or frame.generator:
            # a bridge leaving its loop's frame (the loop's exit, then the
            # return), a loop in a generator frame whose generator returns:
            # PyPy's portal returns too, and the trace ends with finish
            return self.finish_function_trace(w_result)
        self.leaving_frame(frame)
        return w_result

    def frame_yields(self, frame, w_value):
        """Generator ``frame`` yields ``w_value``.  A loop trace (or bridge)
        whose root frame this is ends here with ``finish`` (PyPy: the portal
        returns the value yielded, compile_done_with_this_frame); the
        frame's state after the yield goes with it (Tracer.finish_yield)."""
        tracer = self.tracer
        if tracer is None or tracer.residual_depth or frame is not tracer.root:
            return w_value
        return self._end_with_finish(tracer.finish_yield, w_value)

    def cannot_trace(self, reason):
        """The bytecode being recorded does something traces cannot hold."""
        if self.tracer is not None and self.tracer.residual_depth == 0:
            self.restart_bytecode(reason)

    def recover(self, exc):
        """A host error while tracing (a bug in the ll discipline): abort the
        trace and re-run the bytecode untraced, if nothing was changed yet."""
        tracer = self.tracer
        if tracer is None or tracer.residual_depth or tracer.heap_written or tracer.calls:
            return False
        self._rewind("ABORT_BUG %s: %s" % (type(exc).__name__, exc))
        return True

    def restart_bytecode(self, reason):
        """Abort, and have the interpreter run this bytecode again untraced."""
        self._rewind(reason)
        raise RestartBytecode(reason)

    def _rewind(self, reason):
        """Abort, putting the top frame back as it was at the start of this bytecode."""
        snapshot = self.tracer.snapshot
        self.abort(reason)
        frame = snapshot.frame
        fields = snapshot.values() if snapshot.is_root else snapshot.values()[:-1]
        set_frame_ll_values(frame, [unbox(v) for v in fields])
        frame.pc = snapshot.pc
        frame.blocks = list(snapshot.blocks)
        self.interp.frame = frame

    # -- tracing ----------------------------------------------------------------------------------

    def _begin(self, tracer):
        self.tracer = tracer
        self.every_bytecode = True
        self.space.ll = TracingOps(tracer, self.space)
        self.space.gc.inhibit += 1
        self._trace_started = time.perf_counter()

    def _stop_tracing_clock(self):
        if self._trace_started is not None:
            self.record.timings["tracing"] += time.perf_counter() - self._trace_started
            self._trace_started = None

    def _end(self):
        self.tracer.unbox_frames()
        self.space.ll = self.space.direct_ll
        self.space.gc.inhibit -= 1
        self.tracer = None
        self.every_bytecode = False
        self._stop_tracing_clock()

    def start_loop_trace(self, frame, key):
        tracer = Tracer(self, frame, key, "loop")
        self._begin(tracer)
        self.record.note_event("trace-start", merge_point_repr(*key))
        tracer.start_loop()
        tracer.merge_point(frame)

    def _tracing_merge_point(self, frame):
        tracer = self.tracer
        try:
            outcome = tracer.merge_point(frame)
        except AbortTrace as exc:
            self.abort(exc.reason)
            return None
        if outcome == "cut":
            return self.cut_function_trace(frame)
        if outcome != "close":
            return None
        tracer.close()
        self._stop_tracing_clock()
        trace = self.compile_trace(tracer)
        self._end()
        if tracer.kind == "loop":
            return self.run_loop(trace.loop, frame)
        loop = self.loop_at((frame.code, frame.pc))
        if loop is not None:
            return self.run_loop(loop, frame)
        return None

    def abort(self, reason):
        tracer = self.tracer
        key = tracer.key if tracer.kind != "bridge" else tracer.guard.loop.key
        self.record.aborts.append(Abort((key[0].co_name, key[1]), reason, len(tracer.operations)))
        self.record.note_event("abort", reason)
        if tracer.kind == "loop":
            self.aborts[key] = self.aborts.get(key, 0) + 1
            self.counters[key] = 0
        elif tracer.kind == "function":
            code = tracer.root.code
            self.aborts[("function", code)] = self.aborts.get(("function", code), 0) + 1
            self.function_counters[code] = 0
            if reason.startswith("ABORT_TOO_LONG"):
                # PyPy marks the biggest function inlined into a too-long trace
                # as not to be inlined (disable_noninlinable_function); the
                # one pypyteach names is the function traced
                self.dont_trace_here.add(code)
        else:
            tracer.guard.fail_count = 0
        self._end()

    def compile_trace(self, tracer):
        started = time.perf_counter()
        trace = jitcompile.compile_trace(self, tracer, next(self.trace_numbers))
        self.record.timings["backend"] += time.perf_counter() - started
        self.record.traces.append(trace)
        self.record.note_event("compiled-" + trace.kind, trace.number)
        if self.logger is not None:
            self.logger.log_trace(trace)
        return trace

    def finish(self):
        """The run is over: record each trace's machine code as it now is
        (bridges patched in), so the record is plain data; returns it."""
        timings = self.record.timings
        timings["total"] = time.perf_counter() - self._started
        timings["residual"] = getattr(self.backend, "residual_seconds", 0.0)
        timings["gc"] = self.space.gc.collect_seconds - self._gc_seconds_at_start
        for trace in self.record.traces:
            if trace.compiled is not None:
                trace.machine_code = self.backend.machine_code(trace.compiled)
        return self.record

    # -- function entries and call_assembler (PyPy's portal) -------------------------------------------

    def function_entry(self, frame):
        """The merge point before the first bytecode of a new frame (PyPy's
        portal runner calls maybe_compile_and_run there, with the
        function_threshold increment): enter the function's compiled code,
        or count the call and start a function trace past the threshold."""
        code = frame.code
        token = self.compiled_function(code)
        if token is not None:
            return self.run_loop(token, frame)
        if self.aborts.get(("function", code), 0) >= MAX_ABORTS_PER_KEY:
            return None
        count = self.function_counters.get(code, 0) + 1
        self.function_counters[code] = count
        self.record.function_counters[code.co_name] = max(count, self.record.function_counters.get(code.co_name, 0))
        # a function not to be inlined that was never traced is traced at once
        # (PyPy: JC_DONT_TRACE_HERE without JC_TRACING_OCCURRED)
        if count >= self.params.function_threshold or (code in self.dont_trace_here
                                                        and code not in self.traced_functions):
            self.start_function_trace(frame)
        return None

    def compiled_function(self, code):
        token = self.function_tokens.get(code)
        if token is None or token.invalidated or token.compiled is None:
            return None
        return token

    def function_token(self, code):
        """``code``'s token, made when first needed: until the function trace
        is compiled it is PyPy's ``compile_tmp_callback`` token (number -1),
        whose calls run the function in the interpreter."""
        token = self.function_tokens.get(code)
        if token is None or token.invalidated:
            token = LoopToken(-1, (code, 0), merge_point_repr(code, 0), is_function=True)
            token.portal_runner = self.portal_runner
            self.function_tokens[code] = token
        return token

    def start_function_trace(self, frame):
        key = (frame.code, 0)
        tracer = Tracer(self, frame, key, "function")
        self._begin(tracer)
        self.traced_functions.add(frame.code)
        self.record.note_event("trace-start", merge_point_repr(*key))
        tracer.start_function()
        self._tracing_merge_point(frame)

    def finish_function_trace(self, w_result):
        """The root frame of a function trace (or of a bridge from one)
        returns: the trace ends with finish and is compiled.  Returns the
        concrete result."""
        return self._end_with_finish(self.tracer.finish, w_result)

    def _end_with_finish(self, finish, w_value):
        """End the trace with ``finish(w_value)`` (the tracer's finish or
        finish_yield), compile it, and give back the concrete value; a
        doomed trace is aborted instead."""
        tracer = self.tracer
        if tracer.doomed is not None:
            self.abort(tracer.doomed)
            return unbox(w_value)
        finish(w_value)
        self._stop_tracing_clock()
        self.compile_trace(tracer)
        self._end()
        return unbox(w_value)

    def cut_function_trace(self, frame):
        """A function trace reached a loop header of its own frame that has
        no compiled loop: drop it and trace the loop from here (PyPy compiles
        the loop from that merge point when its trace comes back to it)."""
        code = self.tracer.root.code
        self.function_counters[code] = 0
        self.traced_functions.discard(code)
        self.record.note_event("trace-cut", merge_point_repr(frame.code, frame.pc))
        self._end()
        self.start_loop_trace(frame, (frame.code, frame.pc))
        return None

    def may_trace_loop(self, key):
        """May a function trace give way to a loop trace at ``key``?"""
        return self.loop_at(key) is None and self.aborts.get(key, 0) < MAX_ABORTS_PER_KEY

    def portal_call(self, frame):
        """A bytecode calls the guest function of ``frame``.  While tracing,
        a call to a function that is recursive past ``max_unroll_recursion``
        levels, or marked not to be inlined (a trace through it was too long),
        or any call with ``inlining=0``, becomes call_assembler_r (PyPy's _opimpl_recursive_call and
        do_recursive_call); the callee runs now, through the portal runner.
        In the blackhole step, the call's outcome from the resume data."""
        blackholing = self.blackholing
        if blackholing is not None:
            ll = self.space.ll
            if isinstance(ll, ReplayOps) and ll.replayed and self.interp.frame is blackholing.frame:
                return ll.call_assembler_r(None, frame_ll_values(frame))
            return None
        tracer = self.tracer
        if tracer is None or tracer.residual_depth or frame.code.is_generator:
            return None
        token = self._assembler_token(tracer, frame.code)
        if token is None:
            return None
        depth = tracer.depth_of(self.interp.frame) + 1
        return self.space.ll.call_assembler_r(AssemblerCallDescr(token, depth), frame_ll_values(frame))

    def _assembler_token(self, tracer, code):
        # as PyPy's _opimpl_recursive_call: a callee that may be inlined is,
        # compiled code of its own or not
        if code in self.dont_trace_here or not self.params.inlining:
            return self.function_token(code)
        recursion = sum(1 for f in tracer.chain(self.interp.frame) if f.code is code)
        if recursion >= self.params.max_unroll_recursion:
            self.dont_trace_here.add(code)
            return self.function_token(code)
        return None

    def portal_runner(self, token, values, inline_depth):
        """What call_assembler runs (PyPy's ll_portal_runner): the callee's
        frame, made from the frame values the op passes, runs in a nested
        dispatch whose first merge point enters the callee's compiled code
        (function_entry) if it has some, or interprets it (the tmp callback).

        In PyPy, call_assembler calls the callee's machine code directly
        and takes ``assembler_helper`` only when that code leaves otherwise
        than through its finish (a guard failure: the blackhole interpreter
        finishes the callee, and its result comes back).  pypyteach's
        compiled code reaches this host function through the call
        trampoline; a guard failing in the callee deoptimizes it and the
        interpreter finishes it inside this nested dispatch, whose result is
        the call's.  ``inline_depth``: the frames the caller's trace inlined
        above its root, which the interpreter's depth does not count."""
        space, interp = self.space, self.interp
        code = token.key[0]
        ncells = len(code.co_cellvars) + len(code.co_freevars)
        frame = Frame(code, NULL, values[0], list(values[2 + ncells:]), list(values[2:2 + ncells]),
                      w_locals=values[1])
        saved = space.ll
        space.ll = space.direct_ll
        interp.depth += inline_depth
        try:
            interp.check_recursion()
            with space.gc.inhibited():
                return interp.dispatch(frame)[1]
        except HeapExhausted:
            raise OperationError(space.w_memory_error)
        finally:
            interp.depth -= inline_depth
            space.ll = saved

    # -- running compiled code ---------------------------------------------------------------------

    def run_loop(self, loop, frame):
        if self._runs and self.interp.max_steps is not None and not self.backend.nests_under_step_budget:
            return None         # see MachineBackend.nests_under_step_budget: interpreted instead
        record = self.record
        record.loop_entries += 1
        entry = record.entries[loop.number] = record.entries.get(loop.number, 0) + 1
        gc = self.space.gc
        gc.inhibit += 1
        stepped = None
        interp = self.interp
        outermost = self._runs == 0         # nested runs are charged by the outermost one
        if outermost and interp.max_steps is not None:
            self.backend.step_budget = interp.max_steps - interp.steps
            self.backend.charged = 0
        self._runs += 1
        if outermost:
            started, gc_before = time.perf_counter(), gc.collect_seconds
        try:
            if self._step_now(loop, entry):
                dead, run = self.backend.execute_token_stepped(loop, frame_ll_values(frame),
                                                               record.step_request.count)
                stepped = record.machine_steps = MachineSteps(
                    loop.number, entry, run.arch, run.frame, run.initial_registers, run.steps, run.reached_exit,
                    dead.kind, dead.op, dead.trace and dead.trace.number)
            else:
                dead = self.backend.execute_token(loop, frame_ll_values(frame))
        except StepBudgetExhausted:
            interp.steps = interp.max_steps + 1
            interp._step_limit(frame)
        finally:
            gc.inhibit -= 1
            self._runs -= 1
            if outermost:
                if self.backend.step_budget is not None:
                    interp.steps += self.backend.charged
                self.backend.step_budget = None
                record.timings["machine"] += time.perf_counter() - started
                record.timings["gc_in_runs"] += gc.collect_seconds - gc_before
        failures = len(record.guard_failures)
        if outermost:
            started = time.perf_counter()
        try:
            return self.handle_exit(dead, frame)
        finally:
            if outermost:
                record.timings["guard_exits"] += time.perf_counter() - started
            if stepped is not None and len(record.guard_failures) > failures:
                stepped.guard_failure = failures

    def _step_now(self, loop, entry):
        """Single-step this run (JitRecord.step_request)?  Only once, and only
        a run started by the interpreter, not one nested in compiled code."""
        request = self.record.step_request
        return (request is not None and self.record.machine_steps is None and loop.number == request.loop
                and entry >= request.entry and not self.backend.machine.depth
                and self.backend.machine.stepper is None)

    def handle_exit(self, dead, root_frame):
        """Compiled code left through ``dead.op``: trace a bridge from it, or
        rebuild the frames and finish the interrupted bytecode in the
        blackhole step.  Returns a HandedOver, or None (a bridge is traced)."""
        op = dead.op
        if dead.kind == "finish":
            if op.resume is not None:
                # a generator's frame yielded in compiled code: its state
                # after the yield goes back into the frame (PyPy's frame is
                # the virtualizable heap object, already written), and the
                # consumer gets the value
                saved = len(op.args)
                self.deoptimizer.rebuild(op.resume, dict(zip(op.fail_args, dead.values[saved:])), root_frame)
                return HandedOver(self.interp.yield_value(root_frame, dead.values[0]))
            # the function's frame returned in compiled code: its caller
            # takes the result (PyPy: DoneWithThisFrameRef out of the portal)
            return HandedOver(self.interp.finish_frame(root_frame, dead.values[0]))
        values = dict(zip(op.fail_args, dead.values))
        guard = op.descr if dead.kind in ("guard", "exception") else None
        if guard is not None:
            guard.fail_count += 1
        if guard is not None and dead.kind == "guard" and guard.bridge is None \
                and guard.fail_count >= self.params.trace_eagerness and self._may_trace_bridge(guard):
            return self.start_bridge_trace(guard, dead, root_frame)
        replayed = self.deoptimizer.rebuild(op.resume, values, root_frame)
        outcomes = [ReplayedCall(value) for value in replayed]
        if dead.exception is not None:
            outcomes.append(ReplayedCall(operr=dead.exception))
        return resume_in_blackhole(self, *self._note_failure(dead, op), outcomes)

    def _may_trace_bridge(self, guard):
        return guard.loop is not None and not guard.loop.invalidated and self.tracer is None

    def _note_failure(self, dead, op):
        frames = [(s.code.co_name, s.lineno(), s.pc) for s in op.resume.frames]
        top = self.interp.frame
        opname = top.code.by_slot[top.pc >> 1].opname
        number = op.descr.number if op.is_guard() else 0
        failure = GuardFailure(
            op.descr if op.is_guard() else None, dead.trace and dead.trace.number, dead.kind, frames,
            (top.code.co_name, top.pc, opname, top.code.line_at(top.pc)), list(dead.values))
        index = self.record.note_guard_failure(failure)       # None: counted, not kept (KEEP_RECORDS)
        self.record.note_event("guard-failure" if dead.kind != "nursery" else "nursery-full", number)
        return failure, index

    def start_bridge_trace(self, guard, dead, root_frame):
        """In PyPy the metainterp resumes at the guard's position and traces
        the bridge from there (no blackhole step); pypyteach traces it from
        the start of the interrupted bytecode, its earlier calls replayed."""
        op = dead.op
        tracer = Tracer(self, root_frame, guard.loop.key, "bridge", guard)
        mapping = tracer.start_bridge(op.fail_args, dead.values)
        self._begin(tracer)
        tracer.current, tracer.heap_written = (root_frame, op.resume.frames[0].pc), True  # virtuals rebuilt below: no resume
        replayed = self.deoptimizer.rebuild(op.resume, mapping, root_frame, ll=self.space.ll)
        tracer.replay = [ReplayedCall(value) for value in replayed]
        self._note_failure(dead, op)
        self.record.note_event("bridge-start", guard.number)
        return self._tracing_merge_point(self.interp.frame)   # a bridge may close at once (at a loop header)

    # -- invalidation and GC ---------------------------------------------------------------------------

    def _invalidate(self, matches):
        tracer = self.tracer
        if tracer is not None and any(matches(key) for key in tracer.dependencies):
            # The trace being recorded folded a value that just changed (often
            # by its own write: ``C += 1`` on a global): compiled, it would run
            # with the stale constant.  PyPy's optimizer raises InvalidLoop
            # here (optimize_QUASIIMMUT_FIELD, "quasi immutable field changed
            # during tracing").
            tracer.doom("ABORT_BAD_LOOP: a quasi-immutable value changed during tracing")
        for loop in list(self.loops.values()) + list(self.function_tokens.values()):
            if not loop.invalidated and any(matches(key) for key in loop.dependencies):
                loop.invalidated = True
                # as PyPy drops an invalidated loop's procedure token: the
                # loop header counts again and a hot loop is traced anew
                if loop.is_function:
                    self.function_counters[loop.key[0]] = 0
                else:
                    self.counters[loop.key] = 0
                self.record.invalidations += 1
                self.record.note_event("invalidated", loop.number)

    def _type_changed(self, w_type):
        self._invalidate(lambda key: key[0] == "type")

    def _global_changed(self, w_dict, name):
        self._invalidate(lambda key: key == ("global", w_dict, name))

    def _compiled_constants(self):
        """Objects compiled code refers to stay alive: constants in its
        operations, and constants its guards would put back into frames."""
        for trace in self.record.traces:
            for op in trace.operations:
                for arg in op.args:
                    if isinstance(arg, ConstPtr) and arg.value:
                        yield arg.value
                if op.resume is not None:
                    yield from _resume_constants(op.resume)
