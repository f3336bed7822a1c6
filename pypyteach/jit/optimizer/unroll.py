"""unroll: loop peeling (PyPy's optimizeopt/unroll.py).

A loop trace ``label(L1) ... jump(L1)`` becomes::

    label(inputargs, descr=L1)       the preamble: the first iteration,
    ...                              optimized as usual
    label(args, descr=L2)            the loop proper
    ...                              the body, optimized knowing what the
    jump(args', descr=L2)            preamble established

Everything the preamble established about the values it hands over holds
at L2 on the first entry: their classes, non-nullness, constants, bounds,
the heap cache, the pure operations already computed.  The body is
optimized assuming all of it, so loop-invariant work (guards on the
iteration's invariant objects, reads of fields nothing writes, pure
computations on invariant values) stays in the preamble; and a value
virtual at the jump is passed as its fields (virtualstate.py), so an
integer box made in one iteration and read in the next is never allocated.

The assumptions must hold at the body's own jump too.  After optimizing the
body, its end state is checked against them; what does not hold is decided
against (see virtualstate.Decisions) and the whole loop is optimized again.
If no attempt holds, the loop is not peeled.

L1 keeps the loop's TargetToken: loop entries and bridges jump there, to
the preamble.  L2 gets a new one.  Guards copied into the body get their
own GuardDescr (optimizer.py gives one to any guard whose descr is taken).
"""

from ..descr import TargetToken
from ..resoperation import AbstractValue, Const, InputArg, ResOperation
from ..resume import fail_args_of
from .optimizer import Optimizer, const_key, replace
from .tracecopy import copy_trace, map_resume, map_virtualinfo, values_in_resume
from .virtualstate import Decisions, LoopHeader

MAX_ATTEMPTS = 8


def is_peelable(operations):
    """A loop trace: opens with a label and jumps back to it."""
    return (len(operations) >= 2 and operations[0].name == "label" and operations[-1].name == "jump"
            and operations[-1].descr is operations[0].descr)


def optimize_unrolled(runtime, inputargs, operations, make_passes, names):
    """Preamble + peeled loop, or None if no loop body holds its assumptions."""
    decisions = Decisions()
    for _ in range(MAX_ATTEMPTS):
        before = decisions.size()
        result = PeelingAttempt(runtime, inputargs, operations, make_passes, names, decisions).run()
        if result is not None:
            return result
        if decisions.size() == before:
            break
    return None


class PeelingAttempt:
    def __init__(self, runtime, inputargs, operations, make_passes, names, decisions):
        self.runtime = runtime
        self.inputargs = inputargs
        self.operations = operations
        self.make_passes = make_passes
        self.names = names
        self.decisions = decisions

    def run(self):
        for arg in self.inputargs:
            arg._forwarded = None
        used_descrs = set()
        pre = Optimizer(self.runtime, self.make_passes(self.names), used_descrs)
        jump = pre.run(copy_trace(self.operations))
        header = LoopHeader(pre, self.decisions)
        header.build(jump.args)
        body = Optimizer(self.runtime, self.make_passes(self.names), used_descrs)
        entry = header.install(body)
        body_ops = copy_trace(self.operations[1:], dict(zip(self.inputargs, entry)))
        end = body.run(body_ops)
        failed = header.match_end(body, end.args)
        if failed is not None:
            self.decisions.force.add(failed)
            return None
        used = self.evaluate_extras(header, body)
        if not self.check(header, body):
            return None
        return self.assemble(header, pre, body, used)

    # -- the values of the extras at the body's end ----------------------------------------------

    def evaluate_extras(self, header, body):
        """Compute, at the end of the body, each extra the body relies on:
        the ones it used, and constants (their use leaves no trace)."""
        while True:
            used = used_proxies(body.output, [slot.end for slot in header.slots + header.extras])
            pending = [slot for slot in header.extras if slot.end is None
                       and (slot.is_const or slot.proxy in used)]
            if not pending:
                return used
            for slot in pending:
                self.evaluate(body, slot)

    def evaluate(self, body, slot):
        if slot.end is not None:
            return slot.end
        kind, name, descr, parts = slot.recipe
        args = [part if isinstance(part, Const) else self.end_of(body, part) for part in parts]
        if kind == "field":
            op = ResOperation("getfield_gc_" + descr.kind, args, descr)
        elif kind == "item":
            op = ResOperation("getarrayitem_gc_" + descr.kind, args, descr)
        else:
            op = ResOperation(name, args, descr)
        body.next_op = None
        body.send(op)
        slot.end = replace(op)
        return slot.end

    def end_of(self, body, part):
        return part.end if part.end is not None else self.evaluate(body, part)

    # -- do the assumptions hold at the end? ---------------------------------------------------------

    def check(self, header, body):
        ok = True
        for slot in header.slots + header.extras:
            if slot.end is None:
                continue                # an extra the body did not use
            problem = self.problem(slot, body)
            if problem is not None:
                ok = False
                getattr(self.decisions, problem).add(slot.path)
        if header.assume_not_invalidated and not body.invalidation_checked:
            self.decisions.no_invalidation = True
            ok = False
        return ok

    def problem(self, slot, body):
        """Which decision a slot whose assumption fails needs, or None."""
        is_extra = slot.recipe is not None
        end = replace(slot.end)
        if slot.is_const:
            if isinstance(end, Const) and const_key(end) == const_key(slot.value):
                return None
            return "no_import" if is_extra else "box"
        if slot.owner is not slot:
            if slot.owner.end is not None and replace(slot.owner.end) is end:
                return None
            return "no_import" if is_extra else "box"
        tid, nonnull, bound = slot.facts
        if ((tid is not None and body.get_known_class(end) != tid)
                or (nonnull and not body.is_nonnull(end))
                or (slot.value.type == "i" and not bound.contains(body.getintbound(end)))):
            return "no_import" if is_extra and slot.path in self.decisions.weak else "weak"
        return None

    # -- the result ----------------------------------------------------------------------------------

    def assemble(self, header, pre, body, used):
        args = [slot for slot in header.slots if slot.owner is slot and not slot.is_const]
        args += [slot for slot in header.extras
                 if slot.owner is slot and not slot.is_const and slot.proxy in used]
        target = TargetToken()
        rename = {slot.proxy: slot.value for slot in args}
        label = ResOperation("label", [slot.value for slot in args], target)
        jump = ResOperation("jump", [rename_value(replace(slot.end), rename) for slot in args], target)
        for op in body.output:
            rename_op(op, rename)
        return pre.output + [label] + body.output + [jump]


def used_proxies(operations, extra_values):
    """The body's stand-ins for header values that the body refers to."""
    used = set()

    def note(value):
        if isinstance(value, InputArg):
            used.add(value)
    for op in operations:
        for arg in op.args:
            note(arg)
        if op.resume is not None:
            for value in values_in_resume(op.resume):
                note(value)
        elif op.fail_args:
            for value in op.fail_args:
                note(value)
    for value in extra_values:
        note(replace(value) if isinstance(value, AbstractValue) else value)
    return used


def rename_value(value, rename):
    if isinstance(value, InputArg):
        assert value in rename, "the loop body uses a header value it was not given"
        return rename[value]
    return value


def rename_op(op, rename):
    """Put the preamble's values (L2's arguments) where the body had stand-ins."""
    fn = lambda value: rename_value(value, rename)
    op.args = [fn(arg) for arg in op.args]
    if op.resume is not None:
        memo = {}
        op.resume = map_resume(op.resume, lambda v: map_virtualinfo(v, fn, memo)
                               if not isinstance(v, AbstractValue) else fn(v))
        op.fail_args = fail_args_of(op.resume)
    elif op.fail_args is not None:
        op.fail_args = [fn(arg) for arg in op.fail_args]
