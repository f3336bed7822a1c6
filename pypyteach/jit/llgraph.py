"""The llgraph backend: runs traces by interpreting their resops.

As PyPy's llgraph backend, it is the reference every machine backend is
tested against: it gives each resop exactly the meaning of executor.py,
directly on the VM heap.  A run ends at a guard that fails, at an allocation
when the nursery is full (the program then collects garbage in the
interpreter), when a residual call raises (guard_no_exception fails), or
at a ``finish`` (a function trace's frame returned: PyPy's
done_with_this_frame); each ending is a DeadFrame naming the operation and
the values it saves (a finish: its result).

``call_assembler_*`` runs the callee's token (descr.LoopToken.call): the
runtime's portal runner, which enters the callee's compiled code, as a
residual call does its host function.
"""

from ..vm.memory.gc import HeapExhausted
from ..vm.objspace.operationerror import OperationError
from . import executor
from .descr import exit_values
from .resoperation import CALL_ASSEMBLERS, Const, bytecodes_from

NON_EXECUTING = frozenset(["label", "debug_merge_point", "enter_portal_frame", "leave_portal_frame",
                           "quasiimmut_field"])


class DeadFrame:
    """How a run of compiled code ended (PyPy's deadframe)."""

    def __init__(self, kind, op, values, exception=None, trace=None):
        self.kind = kind            # "guard" | "nursery" | "exception" | "finish"
        self.op = op                # the guard (or allocation) where it left
        self.values = values        # concrete values of op.fail_args, in order (a finish: its args)
        self.exception = exception  # the OperationError a residual call raised
        self.trace = trace          # the CompiledTrace the op belongs to

    def __repr__(self):
        return "<DeadFrame %s at %s>" % (self.kind, self.op.name)


class CompiledTrace:
    """A loop or bridge as llgraph keeps it: the ops and where labels are."""

    def __init__(self, inputargs, operations):
        self.inputargs = inputargs
        self.operations = operations
        self.labels = {op.descr: i for i, op in enumerate(operations) if op.name == "label"}
        self._bytecodes = {}

    def bytecodes_after(self, index):
        """Bytecodes (merge points) from label ``index`` on: what one
        iteration entered there runs, at least 1."""
        if index not in self._bytecodes:
            self._bytecodes[index] = bytecodes_from(self.operations, index)
        return self._bytecodes[index]


class LLGraphBackend:
    name = "llgraph"
    nests_under_step_budget = True      # as MachineBackend's: runs nest freely here

    def __init__(self, space):
        self.space = space
        self.ll = space.direct_ll
        self.gc = space.gc
        self.targets = {}           # TargetToken -> (CompiledTrace, index of its label)
        self.executed_ops = 0

    def machine_code(self, trace):
        """llgraph interprets the resops: there is no machine code to record."""
        return None

    def compile_loop(self, loop):
        trace = CompiledTrace(loop.inputargs, loop.operations)
        for target, index in trace.labels.items():
            self.targets[target] = (trace, index)
        loop.compiled = trace
        return trace

    def compile_bridge(self, guard, inputargs, operations):
        trace = CompiledTrace(inputargs, operations)
        for target, index in trace.labels.items():
            self.targets[target] = (trace, index)
        guard.bridge = trace
        return trace

    step_budget = None      # bytecodes left under --max-steps (set per run by the runtime)
    charged = 0             # bytecodes charged to the current run

    def _charge_iteration(self, trace, index):
        """--max-steps: each closing jump charges the bytecodes one iteration
        of the loop it enters runs, as the interpreter charges each one."""
        if self.step_budget is None:
            return
        self.charged += trace.bytecodes_after(index)
        if self.charged > self.step_budget:
            raise StepBudgetExhausted()

    def execute_token(self, loop, args):
        trace = loop.compiled
        return self.run(trace, dict(zip(trace.inputargs, args)), 0)

    # -- the interpreter of resops -------------------------------------------------------

    def run(self, trace, env, index):
        ops = trace.operations
        pending = None
        while True:
            op = ops[index]
            index += 1
            name = op.name
            if name in NON_EXECUTING:
                continue
            if name == "jump":
                values = [self._get(env, arg) for arg in op.args]
                trace, index = self.targets[op.descr]
                self._charge_iteration(trace, index)
                ops = trace.operations
                env = dict(zip(ops[index].args, values))
                index += 1
                continue
            if name == "finish":
                return DeadFrame("finish", op, [self._get(env, arg) for arg in exit_values(op)], None, trace)
            if op.spec.is_guard:
                if self._guard_holds(op, env, pending):
                    continue
                values = [self._get(env, arg) for arg in op.fail_args]
                bridge = op.descr.bridge
                if bridge is not None and pending is None:
                    op.descr.fail_count += 1
                    trace, ops, index = bridge, bridge.operations, 0
                    env = dict(zip(bridge.inputargs, values))
                    continue
                kind = "exception" if pending is not None else "guard"
                return DeadFrame(kind, op, values, pending, trace)
            if name in ALLOC_OPS and op.resume is not None \
                    and self.gc.nursery_exit_due():
                return DeadFrame("nursery", op, [self._get(env, arg) for arg in op.fail_args], None, trace)
            args = [self._get(env, arg) for arg in op.args]
            self.executed_ops += 1
            if name in ALLOC_OPS:
                env[op] = allocate_in_compiled_code(self.ll, op, args[0] if args else 0)
                if not env[op]:
                    return DeadFrame("nursery", op, [self._get(env, arg) for arg in op.fail_args], None, trace)
                continue
            if op.spec.is_call:
                try:
                    env[op] = executor.execute(self.ll, name, args if name in CALL_ASSEMBLERS else args[1:],
                                               op.descr)
                except OperationError as operr:
                    pending = operr
                    env[op] = 0
                continue
            env[op] = executor.execute(self.ll, name, args, op.descr)

    def _get(self, env, arg):
        if isinstance(arg, Const):
            return arg.value
        return env[arg]

    def _guard_holds(self, op, env, pending):
        name = op.name
        if name == "guard_no_exception":
            return pending is None
        if name == "guard_not_invalidated":
            return not op.descr.invalidation_loop().invalidated
        if name in ("guard_no_overflow", "guard_overflow"):
            source = op.overflow_source
            overflowed = executor.overflows(source.name, *(self._get(env, arg) for arg in source.args))
            return overflowed == (name == "guard_overflow")
        args = [self._get(env, arg) for arg in op.args]
        if name in ("guard_class", "guard_nonnull_class"):
            if not args[0]:
                return False
            args[0] = self.ll.classof(args[0])
        return executor.guard_holds(name, args)


ALLOC_OPS = frozenset(["new_with_vtable", "new_array", "newunicode"])


class StepBudgetExhausted(Exception):
    """Compiled code used up the --max-steps budget (the runtime stops the program)."""


def allocate_in_compiled_code(ll, op, length):
    """An allocation compiled code makes, or 0 when it must leave through
    its nursery exit because the heap is full (the blackhole step re-runs the
    bytecode, collects, and raises MemoryError if it is still full).  An
    allocation without that exit (after a heap write in its bytecode, or
    one the optimizer made forcing a virtual) must complete: it retries,
    which may take the reserve kept for MemoryError handlers (gc.py)."""
    try:
        return _allocate(ll, op, length)
    except HeapExhausted:
        if op.resume is not None:
            return 0
    return _allocate(ll, op, length)


def _allocate(ll, op, length):
    if op.name == "new_with_vtable":
        return ll.new_with_vtable(op.descr)
    if op.name == "newunicode":
        return ll.newunicode(length)
    return ll.new_array(op.descr.layout, length)
