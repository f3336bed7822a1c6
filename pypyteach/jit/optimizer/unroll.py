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
from ..resoperation import AbstractValue, Const, ConstInt, InputArg, ResOperation
from ..resume import fail_args_of
from .optimizer import Optimizer, const_key, replace
from ..reasons import RENAME
from .tracecopy import copy_trace, map_resume, map_virtualinfo, values_in_resume
from .virtualstate import Decisions, LoopHeader, facts_may_hold

MAX_ATTEMPTS = 8


def is_peelable(operations):
    """A loop trace: opens with a label and jumps back to it."""
    return (len(operations) >= 2 and operations[0].name == "label" and operations[-1].name == "jump"
            and operations[-1].descr is operations[0].descr)


def optimize_unrolled(runtime, inputargs, operations, make_passes, names, segments=None):
    """Preamble + peeled loop, or None if no loop body holds its assumptions.
    ``segments``, a list, receives the notes of the attempt that held
    (``[(phase, notes)]``, see jit/reasons.py)."""
    decisions = Decisions()
    for _ in range(MAX_ATTEMPTS):
        before = decisions.size()
        attempt = PeelingAttempt(runtime, inputargs, operations, make_passes, names, decisions)
        result = attempt.run()
        if result is not None:
            if segments is not None:
                segments.extend(attempt.segments)
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
        pre.phase = "preamble"
        jump = pre.run(copy_trace(self.operations))
        header = LoopHeader(pre, self.decisions)
        header.build(jump.args)
        body = Optimizer(self.runtime, self.make_passes(self.names), used_descrs)
        body.phase = "loop body"
        entry = header.install(body)
        body_ops = copy_trace(self.operations[1:], dict(zip(self.inputargs, entry)))
        end = body.run(body_ops)
        self.jumps = (jump, end)
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
        body.note(op, "added", "extra_at_end", slot.recipe)
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
        header.finish(args, body.used_imports)
        target.header = header
        rename = {slot.proxy: slot.value for slot in args}
        label = ResOperation("label", [slot.value for slot in args], target)
        jump = ResOperation("jump", [rename_value(replace(slot.end), rename) for slot in args], target)
        for op in body.output:
            rename_op(op, rename)
        pre_jump, body_jump = self.jumps
        jump.origin = self.operations[-1]
        pre.note(pre_jump, "replaced", "preamble_jump", label)
        pre.note(label, "added", "body_label", len(args))
        body.note(body_jump, "replaced", "body_jump", jump)
        body.note(jump, "added", "body_jump_new")
        # the body's notes name its stand-ins for the label's values: RENAME maps them
        self.segments = [("preamble", pre.notes), ("loop body", body.notes), (RENAME, rename)]
        return pre.output + [label] + body.output + [jump]


# -- bridges: entering the peeled loop (PyPy's jump_to_existing_trace) ----------------------------

_DIVISIONS = frozenset(["int_floordiv", "int_mod"])


def jump_to_existing_trace(optimizer, jump):
    """End a bridge by jumping to the peeled loop's label, not the preamble.

    What the loop body assumes at its label (virtualstate.LoopHeader) must
    hold: the bridge's values are matched against the header's shape
    (virtuals stay virtual, passed as their fields), guards check the facts
    the bridge does not know (class, non-null, bounds, constants) and the
    reads the body expects computed (the extras) are made here: the short
    preamble.  Its guards resume at the loop header, in the interpreter.

    Returns False (nothing emitted) when the bridge cannot enter the body;
    None when that was found out only after emitting, and the bridge must be
    optimized again to jump to the preamble; True when done."""
    body_target = getattr(getattr(jump.descr, "loop", None), "body_target", None)
    if body_target is None or jump.resume is None:
        return False
    header = body_target.header
    leaves = header.match_bridge(optimizer, jump.args)
    computed = header.relied + [slot for slot in header.label_slots if slot.recipe is not None]
    if leaves is None or not all(_may_compute(slot.recipe) for slot in computed):
        return False
    guards = ShortPreambleGuards(optimizer, jump)
    for slot in header.slots:
        value = leaves[slot]
        if slot.is_const:
            guards.equal(value, slot.value)
        elif slot.owner is slot:
            guards.facts(value, slot.facts)
    values = {slot: optimizer.force_box(value, optimizer.force_via, jump) for slot, value in leaves.items()}

    def value_of(part):
        if isinstance(part, Const):
            return part
        if part not in values:
            kind, name, descr, parts = part.recipe
            args = [value_of(p) for p in parts]
            if kind == "field":
                op = ResOperation("getfield_gc_" + descr.kind, args, descr)
            else:
                op = ResOperation(name, args, descr)
            optimizer.note(op, "added", "short_preamble_read", part.recipe)
            optimizer.send(op)
            values[part] = replace(op)
        return values[part]

    for slot in header.relied:
        value = value_of(slot)
        if slot.is_const:
            ok = guards.equal(value, slot.value)
        elif slot.owner is not slot:
            ok = guards.equal(value, value_of(slot.owner))
        else:
            ok = guards.facts(value, slot.facts)
        if not ok:
            return None
    if header.assume_not_invalidated:
        # the loop entered may not be the one the bridge belongs to: check
        # that one's validity, even where the bridge checked its own
        guards.emit("guard_not_invalidated", [], watched_loop=body_target.loop)
    jump.args = [replace(value_of(slot)) for slot in header.label_slots]
    optimizer.note(jump, "added", "bridge_enters_body", jump.descr)
    jump.descr = body_target
    jump.resume = None
    optimizer.propagate_forward(jump)
    return True


def _may_compute(recipe):
    """Can a bridge compute this extra before anything the preamble checks?
    Field reads and pure operations, but no division that could trap."""
    kind, name, _, parts = recipe
    if kind == "field":
        return True
    if kind != "pure" or name.startswith("call_"):
        return False
    if name in _DIVISIONS:
        divisor = parts[1]
        return isinstance(divisor, Const) and divisor.value not in (0, -1)
    return True


class ShortPreambleGuards:
    """Guards a bridge emits before entering the peeled loop; each resumes
    at the loop header (the jump's resume data)."""

    def __init__(self, optimizer, jump):
        self.optimizer = optimizer
        self.jump = jump

    def emit(self, name, args, watched_loop=None):
        opt = self.optimizer
        op = ResOperation(name, args, opt.new_guard_descr())
        op.descr.at_loop_header = True
        op.descr.watched_loop = watched_loop
        op.provenance = self.jump.provenance
        op.resume, op.copy_mapping = self.jump.resume, self.jump.copy_mapping
        op.origin = self.jump.origin
        opt.note(op, "added", "short_preamble", self.jump.descr)
        opt.send(op)

    def check(self, name, args):
        """``name(*args)`` must be true here."""
        test = ResOperation(name, args)
        test.provenance = self.jump.provenance
        test.origin = self.jump.origin
        self.optimizer.note(test, "added", "short_preamble", self.jump.descr)
        self.optimizer.send(test)
        self.emit("guard_true", [replace(test)])

    def equal(self, value, expected):
        """Guard ``value == expected`` (exactly); False if it cannot hold."""
        value, expected = replace(value), replace(expected)
        if value is expected:
            return True
        if isinstance(value, Const) and isinstance(expected, Const):
            return const_key(value) == const_key(expected)
        if value.type == "f" or value.type != expected.type:
            return False
        if isinstance(expected, Const):
            self.emit("guard_value", [value, expected])
        else:
            self.check("ptr_eq" if value.type == "r" else "int_eq", [value, expected])
        return True

    def facts(self, value, facts):
        """Guard what the body assumes of ``value``; False if it cannot hold."""
        opt = self.optimizer
        if not facts_may_hold(opt, value, facts):
            return False
        tid, nonnull, bound = facts
        if tid is not None and opt.get_known_class(value) is None:
            name = "guard_class" if opt.is_nonnull(value) else "guard_nonnull_class"
            self.emit(name, [value, ConstInt(tid)])
        elif nonnull and not opt.is_nonnull(value):
            self.emit("guard_nonnull", [value])
        if value.type == "i" and not bound.is_full():
            have = opt.getintbound(value)
            if have.lower < bound.lower:
                self.check("int_ge", [value, ConstInt(bound.lower)])
            if have.upper > bound.upper:
                self.check("int_le", [value, ConstInt(bound.upper)])
        return True


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
