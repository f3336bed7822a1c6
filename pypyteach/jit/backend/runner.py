"""A machine backend: llgraph's interface, real machine code underneath.

``compile_loop(loop)``, ``compile_bridge(guard, inputargs, operations)`` and
``execute_token(loop, args) -> DeadFrame`` mean exactly what they mean in
llgraph.py (the reference): the same DeadFrame (kind, op, values in
fail_args order, exception, trace), the same heap effects, the same
GuardDescr.fail_count.  Between entry and exit everything runs as machine
code in the emulator; Python is involved only at the trampolines:

- residual calls: the handler reads the arguments where the calling
  convention put them, runs the CallDescr with the VM in direct mode and
  writes the result register; an OperationError becomes the pending
  exception (the jitframe's ``jf_guard_exc`` flag is set, the result is 0),
  which the following guard_no_exception sees;
- the allocation slow path (the inline bump allocation reached its limit):
  the exact llgraph rule decides between a "nursery" exit (returns 0) and
  allocating with the host allocator (also used by allocations without
  resume data, which must succeed);
- cast_float_to_int of NaN, infinities and values beyond 2**63, which the
  x86 instruction cannot convert the way executor.py does.

The runtime's nursery words are synchronised around every run and every
host call (vm/memory/gc.py ``sync_to_heap``/``sync_from_heap``): inside a run the
bump pointer lives only in the heap.  Loop invalidation (a Python flag on
the LoopToken) is copied into a heap word before every run and after every
host call, where guard_not_invalidated reads it; ``invalidate_loop`` does it
at once for a runtime that calls it.
"""

import itertools
from time import perf_counter
from dataclasses import dataclass, field

from ...emu.machine import EmulatorFault, Machine
from ...vm.memory.heap import WORD
from ...vm.objspace.operationerror import OperationError
from ..descr import exit_values
from ..executor import PURE_INT
from ..llgraph import DeadFrame, StepBudgetExhausted, allocate_in_compiled_code
from ..record import InsnStep, MachineCode
from ..resoperation import OPSPECS
from .listing import disassemble, fault_note_text
from .tracecompiler import TraceCompiler, call_locations
from .jitframe import JitFrames
from .locations import Reg, bits_float, float_bits
from .support import BackendError
from .words import describe_access

POISON = 0x0BADC0DE0BADC0DE


@dataclass
class SteppedRun:
    """The single-stepped start of one run (``execute_token_stepped``)."""
    arch: str
    frame: int                          # the jitframe's address during the run
    initial_registers: dict             # before the first instruction
    steps: list = field(default_factory=list)      # jit.record.InsnStep
    reached_exit: bool = False          # the steps went all the way to the exit page


# --max-steps in machine code: a ceiling on emulated instructions per bytecode
# left, so a run that calls nothing stops in Unicorn without a host check; the
# bytecodes are charged exactly, from the label counters, after the run and at
# every residual call (calls are where a slow loop spends its time)
INSTRUCTIONS_PER_STEP = 16


class MachineBackend:
    # Can compiled code run nested (compiled code -> host call -> compiled
    # code) while --max-steps counts instructions (emu_start's count=)?
    # Under Unicorn's s390x such runs gave wrong results (found by the
    # fuzzer: a loop over a generator, whose compiled loop runs nested, read
    # a tuple where its item was; the cause inside the emulator is not
    # pinned down).  Where False, the nested run is interpreted instead
    # (runtime.run_loop).
    nests_under_step_budget = True

    def __init__(self, space, desc, codegen_class, setup_cpu=None, frame_slots=64, budget=None, debug_clobber=False):
        self.name = desc.name
        self.desc = desc
        self.codegen_class = codegen_class
        self.space = space
        self.heap = space.heap
        self.gc = space.gc
        self.ll = space.direct_ll
        self.machine = Machine(desc, space.heap, setup_cpu, fault_note_text)
        self.frames = JitFrames(space, frame_slots)
        self.budget = budget                    # instructions per run (None: unlimited)
        self.step_budget = None                 # bytecodes left under --max-steps (set per run)
        self.debug_clobber = debug_clobber      # host calls trash caller-saved registers (tests)
        self.exits = {}
        self._exit_numbers = itertools.count()
        self.targets = {}                       # TargetToken -> TargetInfo
        self.guard_exits = {}                   # GuardDescr -> ExitInfo
        self.call_slots = {}
        self.alloc_sites = []
        self.pending = []                       # per run in progress: the pending OperationError
        self.counters = []                      # (GuardDescr, word) bridge entry counters
        self.residual_seconds = 0.0             # wall-clock time in residual calls (outermost runs)
        self.label_counters = None              # [(TargetToken, word, bytecodes)] once count_labels() is called
        self.charged = 0                        # bytecodes charged to the current run (--max-steps)
        self._counts_at_entry = None
        self.invalidation = {}                  # LoopToken -> word
        self._watched = []
        self.constants = {}                     # 64-bit pattern -> word holding it
        self.pending_patches = []
        self.entries = 0
        scratch = desc.scratch_int
        self.malloc_slot = self.machine.add_trampoline(self._malloc_slowpath, "malloc_slowpath")
        self.cast_slot = self.machine.add_trampoline(self._float_to_int_slowpath, "cast_float_to_int")
        self.helper_regs = (scratch[0], scratch[1])      # helper convention: site/argument, result
        space.gc.root_providers.append(self.frames.roots)

    # -- compiling ------------------------------------------------------------------------------

    def compile_loop(self, loop):
        trace = TraceCompiler(self, "loop", loop.inputargs, loop.operations).compile()
        self._register_exits(trace)
        loop.compiled = trace
        return trace

    def compile_bridge(self, guard, inputargs, operations):
        exit = self.guard_exits.get(guard)
        if exit is None:
            raise BackendError("no compiled guard %r to attach a bridge to" % (guard,))
        trace = TraceCompiler(self, "bridge", inputargs, operations, guard=guard).compile()
        self._register_exits(trace)
        guard.bridge = trace
        patch = (exit.jump_address, self.codegen_class.encode_jump(exit.jump_address, trace.entry))
        if any(self.frames.length(frame) < trace.frame_depth for frame in self.frames.in_use):
            # compiled from inside a run (compiled code -> host code -> the
            # JIT) whose jitframe is too small for this bridge: attach it
            # when no run is in progress; until then the guard just exits
            self.pending_patches.append(patch)
        else:
            self.machine.patch(*patch)
        return trace

    def _register_exits(self, trace):
        for exit in trace.exits:
            if exit.kind == "guard":
                self.guard_exits[exit.op.descr] = exit

    def new_exit_number(self):
        return next(self._exit_numbers)

    def new_alloc_site(self, op):
        self.alloc_sites.append(op)
        return len(self.alloc_sites) - 1

    def bridge_counter(self, guard):
        word = self.frames.new_word()
        self.counters.append((guard, word))
        guard.entry_counter = (self.heap, word)     # read when fail_count is (no fold after each run)
        return word

    def count_labels(self):
        """From now on compiled labels count their passes (jit-backend-counts,
        and --max-steps: each pass charges the bytecodes after the label)."""
        if self.label_counters is None:
            self.label_counters = []

    def label_counter(self, descr, bytecodes):
        word = self.frames.new_word()
        self.label_counters.append((descr, word, bytecodes))
        return word

    def label_counts(self):
        """{TargetToken: passes through its label} (count_labels)."""
        return {descr: self.heap.read_int(word) for descr, word, _ in self.label_counters or ()}

    def _bytecodes_counted(self):
        read = self.heap.read_int
        return sum(read(word) * bytecodes for _, word, bytecodes in self.label_counters or ())

    def _charge_steps(self):
        """--max-steps: the bytecodes this run's label passes stand for, as
        llgraph charges them (one iteration entered at a label runs the
        bytecodes after it); StepBudgetExhausted past the budget."""
        if self._counts_at_entry is None:          # set only under --max-steps
            return
        self.charged = self._bytecodes_counted() - self._counts_at_entry
        if self.charged > self.step_budget:
            raise StepBudgetExhausted()

    def invalidation_word(self, loop):
        if loop is None:
            raise BackendError("guard_not_invalidated without a loop (descr.loop is None)")
        word = self.invalidation.get(loop)
        if word is None:
            word = self.invalidation[loop] = self.frames.new_word()
            self._watched.append((loop, word))
            self._sync_invalidation()
        return word

    def constant_word(self, bits):
        """The address of a heap word holding ``bits`` (float constants are
        read from memory, as from PyPy's constant pool)."""
        word = self.constants.get(bits)
        if word is None:
            word = self.constants[bits] = self.frames.new_word()
            self.heap.write_int(word, bits)
        return word

    def invalidate_loop(self, loop):
        """For the runtime: ``loop`` was invalidated (its flag is already set)."""
        self._sync_invalidation()

    def string_helpers(self):
        """The host helper a lowered string op calls (support.lower): only
        copyunicodecontent's (PyPy's backends call memcpy); a str's items
        are 4-byte loads and stores."""
        helpers = getattr(self, "_string_helpers", None)
        if helpers is None:
            from ...vm.memory.lloperation import DirectOps
            from .support import StringHelperDescr
            ll = DirectOps(self.heap, self.gc)
            helpers = self._string_helpers = {
                "copyunicodecontent": StringHelperDescr("copyunicodecontent", "n", ll)}
        return helpers

    def call_slot(self, descr, opname, kinds):
        key = (id(descr), opname, tuple(kinds))
        entry = self.call_slots.get(key)
        if entry is None:
            handler = self._call_handler(descr, kinds, OPSPECS[opname].result)
            entry = self.call_slots[key] = (self.machine.add_trampoline(handler, descr.name), descr)
        return entry[0]

    # -- running ----------------------------------------------------------------------------------

    def execute_token(self, loop, args):
        trace = loop.compiled
        frame = self._enter(trace, args)
        budget, by_steps = self.budget, False
        outermost = len(self.pending) == 1          # not a run inside a host call of another
        if self.step_budget is not None and outermost:
            self._counts_at_entry = self._bytecodes_counted()
            limit = max(self.step_budget, 1) * INSTRUCTIONS_PER_STEP
            if budget is None or limit < budget:
                budget, by_steps = limit, True
        try:
            self.machine.run(trace.entry, frame, budget)
            dead = self._deadframe(frame, self.pending[-1])
            if outermost:
                self._charge_steps()
            return dead
        except EmulatorFault as fault:
            self._scrub_nursery()
            if by_steps and fault.kind.startswith("budget"):
                raise StepBudgetExhausted() from None
            raise
        finally:
            if outermost:
                self._counts_at_entry = None
            self._leave()

    def machine_code(self, trace):
        """The record of a compiled MachineTrace's code, as it is now."""
        labels = tuple(sorted(trace.labels.values()))
        code = bytes(trace.block.code)
        return MachineCode(trace.arch, trace.title(), trace.block.address, code, trace.entry,
                           lambda: disassemble(trace, code), tuple(trace.operations), labels, tuple(trace.markers))

    def start_stepping(self, loop, args):
        """A Stepper (emu/stepping.py) over this loop; its ``result`` is the DeadFrame."""
        trace = loop.compiled
        frame = self._enter(trace, args)

        def on_finish(completed):
            try:
                return self._deadframe(frame, self.pending[-1]) if completed else None
            finally:
                self._leave()
        return self.machine.start_stepping(trace.entry, frame, on_finish)

    def execute_token_stepped(self, loop, args, count):
        """``execute_token`` whose first ``count`` instructions are
        single-stepped: returns (DeadFrame, SteppedRun).  The rest runs at
        full speed without hooks; the DeadFrame and the heap are exactly
        those of ``execute_token``.  Every heap word a step touched is named
        now, while the run is live (words.py)."""
        stepper = self.start_stepping(loop, args)
        frame = self.frames.current()
        run = SteppedRun(self.desc.name, frame, stepper.registers())
        before = run.initial_registers
        try:
            while not stepper.done and len(run.steps) < count:
                step = stepper.step()
                op = step.note.op if step.note is not None else None
                words = {}
                for address, _, _ in step.reads + step.writes:
                    if address not in words:
                        words[address] = describe_access(self, frame, address, op, before)
                before = step.registers
                run.steps.append(InsnStep(
                    step.address, step.bytes, step.text, op,
                    step.note.role if step.note is not None else None,
                    step.block.address if step.block is not None else None,
                    step.block.name if step.block is not None else None,
                    step.registers, tuple(step.reads), tuple(step.writes), step.host_call, words))
            run.reached_exit = stepper.done
            dead = stepper.run_to_end(self.budget)
        except EmulatorFault:
            self._scrub_nursery()
            raise
        return dead, run

    def _enter(self, trace, args):
        frames = self.frames
        while self.pending_patches and not frames.in_use:
            self.machine.patch(*self.pending_patches.pop(0))
        frame = frames.acquire()
        write, address = self.heap.write_int, frame + frames.items_offset
        for arg, value in zip(trace.inputargs, args):
            write(address, float_bits(value) if arg.type == "f" else value)
            address += WORD
        self.pending.append(None)
        self._sync_invalidation()
        self.gc.sync_to_heap(frames.gcstate)
        self.entries += 1
        return frame

    def _leave(self):
        self.gc.sync_from_heap(self.frames.gcstate)
        self.pending.pop()
        self.frames.release()

    def _deadframe(self, frame, pending):
        frames = self.frames
        exit = self.exits[frames.exit_number(frame)]
        op = exit.op
        read, base = self.heap.read_int, frame + frames.items_offset
        saved = exit_values(op) if exit.kind == "finish" else op.fail_args or ()
        values = [bits_float(read(base + WORD * i)) if arg.type == "f" else read(base + WORD * i)
                  for i, arg in enumerate(saved)]
        if exit.kind == "finish":
            return DeadFrame("finish", op, values, None, exit.trace)
        if exit.kind == "nursery":
            return DeadFrame("nursery", op, values, None, exit.trace)
        if frames.exception_flag(frame):
            return DeadFrame("exception", op, values, pending, exit.trace)
        return DeadFrame("guard", op, values, None, exit.trace)

    def _scrub_nursery(self):
        """A fault may stop code between writing a header and bumping the
        pointer: the memory past the pointer must be zero again."""
        gc = self.gc
        gc.sync_from_heap(self.frames.gcstate)
        length = min(gc.nursery_top - gc.nursery_free, 64)
        if length > 0:
            self.heap.zero(gc.nursery_free, length)

    def _sync_invalidation(self):
        if any(loop.invalidated for loop, _ in self._watched):
            for loop, word in self._watched:
                if loop.invalidated:
                    self.heap.write_int(word, 1)
            self._watched = [(loop, word) for loop, word in self._watched if not loop.invalidated]

    # -- host code reached through trampolines -----------------------------------------------------

    def _call_handler(self, descr, kinds, result_kind):
        """The trampoline handler of one residual call site (the hot path of
        calls: kept to a few Python calls)."""
        frames, gc, desc = self.frames, self.gc, self.desc
        read_args = self._args_reader(call_locations(desc, kinds), kinds)
        gcstate, call, pending = frames.gcstate, descr.call, self.pending
        result_reg = desc.float_result if result_kind == "f" else desc.int_result

        def residual_call(machine):
            started = perf_counter()
            if self._counts_at_entry is not None:
                self._charge_steps()            # --max-steps: a loop that calls stops here
            frame = frames.in_use[-1]
            values = read_args(frame)
            gc.sync_from_heap(gcstate)
            result = None
            try:
                result = call(values)
            except OperationError as operr:
                pending[-1] = operr
                frames.set_exception_flag(frame)
            finally:
                gc.sync_to_heap(gcstate)
                if self._watched:
                    self._sync_invalidation()
            if self.debug_clobber:
                self._clobber(machine)
            if result_kind == "f":
                machine.write_float_reg(result_reg, float(result or 0.0))
            elif result_kind != "n":
                machine.write_int_reg(result_reg, int(result or 0))
            if len(pending) == 1:               # a call out of the outermost run (nested ones are inside it)
                self.residual_seconds += perf_counter() - started
        return residual_call

    def _args_reader(self, locs, kinds):
        """``read(jitframe)``: a call's argument values, from ``locs``.  The
        integer registers are read in one batch; when they are all the
        arguments (most calls), that batch is the list."""
        machine, frames = self.machine, self.frames
        int_regs = [i for i, (loc, kind) in enumerate(zip(locs, kinds)) if isinstance(loc, Reg) and kind != "f"]
        read_ints = machine.int_regs_reader([locs[i].name for i in int_regs])
        if len(int_regs) == len(locs):
            return lambda frame: read_ints()
        others = [(i, self._arg_reader(locs[i], kinds[i])) for i in range(len(locs)) if i not in int_regs]

        def read(frame):
            values = [None] * len(locs)
            for i, value in zip(int_regs, read_ints()):
                values[i] = value
            for i, read_one in others:
                values[i] = read_one(frame)
            return values
        return read

    def _arg_reader(self, loc, kind):
        machine, frames = self.machine, self.frames
        if isinstance(loc, Reg):
            name = loc.name
            return lambda frame: machine.read_float_reg(name)      # integer registers: _args_reader
        index = loc.index
        return lambda frame: frames.read(frame, index, kind)

    def _clobber(self, machine):
        """What a real callee may do: every caller-saved register changes."""
        for name in self.desc.caller_saved:
            machine.write_reg(name, POISON)

    def _malloc_slowpath(self, machine):
        site_reg, value_reg = self.helper_regs
        op = self.alloc_sites[machine.read_int_reg(site_reg)]
        gc, gcstate = self.gc, self.frames.gcstate
        gc.sync_from_heap(gcstate)
        try:
            if op.resume is not None and gc.nursery_exit_due():
                ptr = 0                         # the nursery is full: leave (as llgraph)
            else:
                ptr = allocate_in_compiled_code(self.ll, op, machine.read_int_reg(value_reg))
        finally:
            gc.sync_to_heap(gcstate)
        machine.write_int_reg(value_reg, ptr)

    def _float_to_int_slowpath(self, machine):
        value_reg = self.helper_regs[1]
        value = bits_float(machine.read_int_reg(value_reg))
        machine.write_int_reg(value_reg, PURE_INT["cast_float_to_int"](value))
