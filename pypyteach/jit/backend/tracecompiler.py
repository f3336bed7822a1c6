"""The shared, architecture-neutral driver of the code generators (PyPy's llsupport assembler).

TraceCompiler turns one loop or bridge into machine code:

1. refuse ops outside the table (support.py);
2. find the fusions: a comparison whose only use is the guard right after
   it leaves its condition in the flags (no 0/1 value is made), an ``_ovf``
   op and its guard_(no_)overflow share the overflow flag;
3. allocate registers (regalloc.py);
4. walk the ops, asking the architecture's code generator for each one and
   emitting, itself, the parts every target shares: the entry (inputs from
   the jitframe), labels and jumps (parallel copies into the label's
   locations), residual calls (arguments by calling convention, extra ones
   in the jitframe's outgoing area), and the exits;
5. append the out-of-line code: each guard's exit stub stores its exit
   number into ``jf_descr`` and jumps to the code, shared by every exit of
   the trace whose values are in the same places, that stores the values of
   the fail_args into jitframe slots 0..n-1 and jumps to the one common
   exit (the exit page); allocation and cast slow paths;
6. install the code (emu/machine.py) with every instruction's op recorded.

A bridge starts where its guard's stub jumps once the bridge is attached
(runner.py re-points the stub's jump and flushes Unicorn's translations of
the patched bytes): leave at once through the guard's saving code if a
residual call left an exception pending (llgraph does not enter bridges
then), count the entry (llgraph counts GuardDescr.fail_count when it
continues into a bridge), then move the values from where the guard left
them (registers and slots of the parent trace, as PyPy's bridges do) to the
bridge's own locations; the allocator tries to keep them where they are.
"""

import time

from ..compile import cyclic_gc_paused
from ..descr import exit_values
from ..resoperation import AbstractValue, Const, bytecodes_from, call_arguments
from ...emu.machine import EXIT_ADDRESS
from ...vm.memory.lloperation import OS_MATH_SQRT
from . import regalloc
from .codebuilder import BranchOutOfReach
from .compiled import CodeNote, ExitInfo, MachineTrace, TargetInfo
from .locations import FrameSlot, Reg
from .support import ALLOCATIONS, LOWERED, NO_CODE, BackendError, check_supported, lower

OVERFLOW_GUARDS = ("guard_no_overflow", "guard_overflow")


def call_locations(desc, kinds):
    """Where a residual call's arguments go: registers by calling convention,
    in order per class; the rest in jitframe slots 0, 1, ... (the outgoing
    area, read there by the trampoline's handler)."""
    ints, floats, extra, locs = list(desc.int_arg_regs), list(desc.float_arg_regs), 0, []
    for kind in kinds:
        if kind == "f" and floats:
            locs.append(Reg(floats.pop(0), "float"))
        elif kind != "f" and ints:
            locs.append(Reg(ints.pop(0), "int"))
        else:
            locs.append(FrameSlot(extra))
            extra += 1
    return locs


def is_math_sqrt(op):
    """A call the backends compile to one instruction, as PyPy's do for
    oopspec OS_MATH_SQRT (x86's genop_math_sqrt: sqrtsd): no host call, no
    registers clobbered but its result's."""
    return op.spec.is_call and getattr(op.descr, "oopspecindex", 0) == OS_MATH_SQRT


def _var(value):
    return isinstance(value, AbstractValue) and not isinstance(value, Const)


class TraceCompiler:
    def __init__(self, backend, kind, inputargs, operations, guard=None, far_branches=False):
        self.backend = backend
        self.far_branches = far_branches
        self.machine = backend.machine
        self.desc = backend.desc
        self.frames = backend.frames
        self.codegen_class = backend.codegen_class
        self.ops = operations
        self.inputargs = inputargs
        self.guard = guard
        self.trace = MachineTrace(kind, inputargs, operations, self.desc.name, guard=guard)
        self.notes = {}
        self.cond = None
        self.local_targets = {}         # TargetToken -> (codegen label, locs)
        self.new_targets = {}
        self.new_exits = []
        self.shared_saves = {}          # fail locations -> label of the code saving them
        self.deferred_saves = []
        self.parent_exit = backend.guard_exits.get(guard) if guard is not None else None
        self.lowered = {}               # a string op -> the op compiled in its place (support.lower)

    def low(self, op):
        if op.name not in LOWERED:
            return op
        low = self.lowered.get(op)
        if low is None:
            low = self.lowered[op] = lower(op, self.backend.string_helpers())
        return low

    # -- analysis --------------------------------------------------------------------------------

    def analyze(self):
        ops = self.ops
        self.next_code = [None] * len(ops)
        self.prev_code = [None] * len(ops)
        following = preceding = None
        for position in range(len(ops) - 1, -1, -1):
            self.next_code[position] = following
            if ops[position].name not in NO_CODE:
                following = position
        for position, op in enumerate(ops):
            self.prev_code[position] = preceding
            if op.name not in NO_CODE:
                preceding = position
        uses = {}
        for op in ops:
            if op.name in NO_CODE:
                continue
            values = op.args if op.name == "label" else regalloc.Liveness.reads(op)
            for value in values:
                if _var(value):
                    uses[value] = uses.get(value, 0) + 1
        self.fused, self.cond_only, self._fused_sources = {}, set(), None
        conditions = self.codegen_class.CONDITION_OPS
        for position, op in enumerate(ops):
            guard_at = self.next_code[position]
            guard = ops[guard_at] if guard_at is not None else None
            if guard is None:
                continue
            if op.name in conditions and guard.name in ("guard_true", "guard_false") and guard.args[0] is op:
                self.fused[guard_at] = position
                if uses.get(op) == 1:
                    self.cond_only.add(position)
            elif op.spec.is_ovf and guard.name in OVERFLOW_GUARDS and \
                    guard.overflow_source is op:
                self.fused[guard_at] = position

    @property
    def fused_sources(self):
        if self._fused_sources is None:
            self._fused_sources = set(self.fused.values())
        return self._fused_sources

    def extra_uses(self, position, op):
        """An overflow guard not right after its op re-does the op: it reads its args."""
        if op.name in OVERFLOW_GUARDS and position not in self.fused:
            return [a for a in self._overflow_source(op).args if _var(a)]
        return ()

    def _overflow_source(self, op):
        source = op.overflow_source
        if source is None:
            raise BackendError("%s without overflow_source (the _ovf op it checks)" % op.name)
        return source

    def call_area(self):
        areas = [0]
        for op in map(self.low, self.ops):
            if op.spec.is_call and not is_math_sqrt(op):
                locs = call_locations(self.desc, [a.type for a in call_arguments(op)])
                areas.append(sum(1 for loc in locs if isinstance(loc, FrameSlot)))
        return max(areas)

    # -- the whole compilation ---------------------------------------------------------------------

    def compile(self):
        with cyclic_gc_paused():
            try:
                return self._compile()
            except BranchOutOfReach:
                if self.far_branches:
                    raise
        # the code outgrew a conditional branch's reach: start again, every
        # branch to out-of-line code in its long form (nothing was installed;
        # exit numbers and helper words taken by the first attempt stay unused)
        again = TraceCompiler(self.backend, self.trace.kind, self.inputargs, self.ops, self.guard,
                              far_branches=True)
        return again.compile()

    def _compile(self):
        started = time.perf_counter()
        cg_class = self.codegen_class
        check_supported(self.ops, self.desc.name, cg_class.HANDLED, cg_class.GUARDS)
        self.analyze()
        first_slot = self.call_area()
        targets = {token: info.locs for token, info in self.backend.targets.items()}
        entry_hints = self.parent_exit.fail_locs if self.parent_exit is not None else None
        clobbers = lambda op: () if is_math_sqrt(op) else cg_class.clobbers(self.desc, self.low(op))  # noqa: E731
        self.alloc = regalloc.allocate(self.desc, self.inputargs, self.ops, clobbers,
                                       self.extra_uses, first_slot, targets, entry_hints)
        allocated = time.perf_counter()
        fail_widths = [len(exit_values(op)) for op in self.ops if op.fail_args or op.name == "finish"]
        depth = max([self.alloc.frame_depth, len(self.inputargs), first_slot] + fail_widths)
        self.frames.ensure(depth)
        self.cg = cg_class(self.desc, self.machine.next_code_address(), self.frames, self.backend)
        self.cg.far_branches = self.far_branches
        self.emit_entry()
        for position, op in enumerate(self.ops):
            self.emit(position, op)
        self.cg.emit_deferred()
        for emit_save in self.deferred_saves:
            emit_save()
        code, spans = self.cg.finish()
        self.fault_handlers = self.cg.fault_handlers()
        assembled = time.perf_counter()
        return self.install(code, spans, depth, {"regalloc": allocated - started,
                                                  "assemble": assembled - allocated})

    def install(self, code, spans, depth, timings):
        trace = self.trace
        started = time.perf_counter()
        trace.block = self.machine.install(code, trace.title(), trace, spans)
        trace.entry = trace.block.address
        for address, resume in self.fault_handlers.items():
            self.machine.add_fault_handler(address, resume)
        trace.allocation = self.alloc
        trace.frame_depth = depth
        for exit in self.new_exits:
            exit.save_address = trace.block.address + exit.save_label.offset
            exit.save_label = None
            self.backend.exits[exit.number] = exit
        trace.exits = self.new_exits
        self.backend.targets.update(self.new_targets)
        timings["install"] = time.perf_counter() - started
        trace.timings = timings
        return trace

    def note(self, op, role="body"):
        key = (id(op), role)
        note = self.notes.get(key)
        if note is None:
            note = self.notes[key] = CodeNote(op, role)
        return note

    def loc(self, value, position):
        return self.alloc.loc(value, position)

    # -- entry -------------------------------------------------------------------------------------

    def emit_entry(self):
        cg = self.cg
        if self.trace.kind == "bridge":
            # the values are where the guard left them (registers, the
            # parent's jitframe slots): move them straight to this trace's
            # locations; a pending exception leaves through the guard's save
            exit = self.parent_exit
            cg.set_note(self.note(self.guard.op, "bridge entry"))
            counter = self.backend.bridge_counter(self.guard)
            cg.bridge_prologue(self.frames.guard_exc_offset, counter, exit.save_address)
            sources = exit.fail_locs
        else:
            first = self.ops[0] if self.ops else None
            cg.set_note(self.note(first, "entry"))
            sources = [FrameSlot(i) for i in range(len(self.inputargs))]
        cg.parallel_move([(src, self.loc(arg, -1)) for src, arg in zip(sources, self.inputargs)])

    # -- one op ------------------------------------------------------------------------------------

    def emit(self, position, op):
        cg = self.cg
        name = op.name
        cg.set_note(self.note(op))
        self.trace.offsets[op] = cg.offset
        low = self.low(op)
        if name in NO_CODE:
            self.trace.markers.append((cg.address(), op))
        elif name == "label":
            self.emit_label(position, op)
        elif name == "jump":
            self.emit_jump(position, op)
        elif name == "finish":
            self.emit_finish(position, op)
        elif op.spec.is_guard:
            self.emit_guard(position, op)
        elif is_math_sqrt(low):
            self.cg.gen_math_sqrt(low, [self.loc(low.args[1], position)], self.loc(op, position))
        elif low.spec.is_call:
            self.emit_call(position, op, low)
        elif low.name in ALLOCATIONS:
            self.emit_alloc(position, op, low)
        else:
            mode = "cond" if position in self.cond_only else \
                "both" if position in self.fused_sources else "value"
            args = [self.loc(a, position) for a in op.args]
            result = self.loc(op, position) if op.type != "v" else None
            self.cond = cg.gen_op(low, args, result, mode)

    def emit_label(self, position, op):
        cg = self.cg
        locs = self.alloc.label_locs[position]
        previous = self.prev_code[position]
        falls_through = previous is None or not self.ops[previous].spec.is_final
        if falls_through:
            cg.set_note(self.note(op, "label moves"))
            cg.parallel_move([(self.alloc.loc_before_label(a, position), loc)
                              for a, loc in zip(op.args, locs) if loc is not None])
            cg.set_note(self.note(op))
        label = cg.new_label()
        cg.bind(label)
        # jumps from bridges land here, before the counter, as the loop's own
        # jump does: PyPy's counter follows the label op, and every jump to its
        # TargetToken goes to the label's position (_ll_loop_code)
        at = cg.address()
        if self.backend.label_counters is not None:
            # PYPYLOG=jit-backend-counts: count every pass, as PyPy's
            # assembler does when that category is on (its TargetToken lines);
            # --max-steps charges each pass the bytecodes after the label
            cg.count(self.backend.label_counter(op.descr, bytecodes_from(self.ops, position)))
        self.trace.markers.append((cg.address(), op))
        self.local_targets[op.descr] = (label, locs)
        self.trace.label_addresses[op.descr] = at
        self.new_targets[op.descr] = TargetInfo(at, locs, self.trace)

    def emit_jump(self, position, op):
        cg = self.cg
        local = self.local_targets.get(op.descr)
        target = self.backend.targets.get(op.descr)
        if local is None and target is None:
            raise BackendError("jump to %r: no compiled label has this descr" % (op.descr,))
        locs = local[1] if local is not None else target.locs
        if len(locs) != len(op.args):
            raise BackendError("jump with %d arguments to a label taking %d" % (len(op.args), len(locs)))
        cg.parallel_move([(self.loc(a, position), loc) for a, loc in zip(op.args, locs) if loc is not None])
        if local is not None:
            cg.jump_to_label(local[0])
        else:
            cg.jump_to_address(target.address)

    def emit_guard(self, position, op):
        cg = self.cg
        stub = self.exit_stub(position, op, "guard")
        name = op.name
        if name == "guard_no_exception":
            cg.guard_frame_word_zero(self.frames.guard_exc_offset, stub)
        elif name == "guard_not_invalidated":
            cg.guard_abs_word_zero(self.backend.invalidation_word(op.descr.invalidation_loop()), stub)
        else:
            fused = position in self.fused
            extra = None
            if name in OVERFLOW_GUARDS and not fused:
                source = self._overflow_source(op)
                extra = (source, [self.loc(a, position) for a in source.args])
            args = [self.loc(a, position) for a in op.args]
            cg.emit_guard(op, args, self.cond if fused else None, stub, extra)
        self.cond = None

    def emit_finish(self, position, op):
        """``finish(result)``: leave as a guard's exit does, the result saved
        into jitframe slot 0 (PyPy's _call_footer after storing the result
        and the finish descr into the jitframe)."""
        self.cg.jump_to_label(self.exit_stub(position, op, "finish", exit_values(op)))

    def exit_stub(self, position, op, kind, values=None):
        """A label for the out-of-line code that leaves through ``op``: a
        two-instruction stub (its exit number into jf_descr, a jump) and,
        shared by every exit of the trace whose values are in the same
        places, the code saving them into jitframe slots 0..n-1 and leaving.
        Attaching a bridge re-points the stub's jump (runner.py)."""
        cg = self.cg
        label = cg.new_label()
        fail_locs = [self.loc(a, position) for a in (op.fail_args or () if values is None else values)]
        exit = ExitInfo(self.backend.new_exit_number(), op, kind, self.trace, fail_locs)
        self.new_exits.append(exit)
        save = self.shared_saves.get(tuple(fail_locs))
        if save is None:
            save = self.shared_saves[tuple(fail_locs)] = cg.new_label()

            def emit_save():
                cg.set_note(self.note(op, "exit (shared)"))
                cg.bind(save)
                cg.parallel_move([(loc, FrameSlot(i)) for i, loc in enumerate(fail_locs)])
                cg.jump_to_address(EXIT_ADDRESS)
            self.deferred_saves.append(emit_save)
        exit.save_label = save

        def emit_stub():
            cg.set_note(self.note(op, "exit stub"))
            cg.bind(label)
            cg.store_frame_word(self.frames.descr_offset, exit.number)
            exit.jump_address = cg.jump_to_label_patchable(save)
        cg.defer(emit_stub)
        return label

    def emit_call(self, position, op, low=None):
        cg = self.cg
        low = low or op
        args = call_arguments(low)
        kinds = [a.type for a in args]
        address = self.backend.call_slot(low.descr, low.name, kinds)
        locs = call_locations(self.desc, kinds)
        cg.parallel_move([(self.loc(a, position), loc) for a, loc in zip(args, locs)])
        cg.call_address(address)
        if op.type != "v":
            result = self.desc.float_result if op.type == "f" else self.desc.int_result
            cg.move(Reg(result, "float" if op.type == "f" else "int"), self.loc(op, position))

    def emit_alloc(self, position, op, low=None):
        low = low or op
        exit_label = self.exit_stub(position, op, "nursery") if op.resume is not None else None
        site = self.backend.new_alloc_site(low)
        args = [self.loc(a, position) for a in op.args]
        self.cg.emit_malloc(low, args, self.loc(op, position), site, exit_label)
