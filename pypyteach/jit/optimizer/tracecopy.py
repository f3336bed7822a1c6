"""Copies of traces and of resume data, for the optimizer.

Every optimizer run works on its own copy of the recorded trace: passes
forward values (``set_forwarded``) and rewrite arguments in place, and the
trace as recorded must stay as it was (the run record prints it, the per-pass
snapshots and loop peeling each need a fresh one).  The loop's input
arguments are shared, because compiled code is entered through them.

Resume data is copied with a function applied to every value it mentions
(``map_resume``): the optimizer uses it to follow forwarding and to replace
virtual objects by VirtualInfo recipes.
"""

from ..resoperation import AbstractValue, Const, ResOperation
from ..resume import FrameSnapshot, ResumeSnapshot, VirtualInfo

_FRAME_VALUE_SLOTS = ("w_globals", "w_locals", "w_init_self")
_FRAME_TUPLE_SLOTS = ("cells", "locals", "stack")
_FRAME_PLAIN_SLOTS = ("frame", "code", "pc", "blocks", "w_func", "is_root", "resumes_generator")


class FailArgsFrame:
    """Resume data for hand-written traces (tests, the oparser): a guard's
    ``[...]`` list stands for one frame's values.  ``tag`` names the guard
    it was written on, so a test can tell which original guard an exit is."""

    def __init__(self, values, tag=None):
        self.args = tuple(values)
        self.tag = tag

    def values(self):
        return self.args

    def mapped(self, fn):
        return FailArgsFrame([fn(v) for v in self.args], self.tag)


def _map_frame(snap, fn):
    if isinstance(snap, FailArgsFrame):
        return snap.mapped(fn)
    new = FrameSnapshot.__new__(FrameSnapshot)
    for name in _FRAME_PLAIN_SLOTS:
        setattr(new, name, getattr(snap, name))
    for name in _FRAME_VALUE_SLOTS:
        setattr(new, name, fn(getattr(snap, name)))
    for name in _FRAME_TUPLE_SLOTS:
        setattr(new, name, tuple(fn(v) for v in getattr(snap, name)))
    return new


def map_resume(resume, fn):
    """A copy of ``resume`` with ``fn`` applied to each trace value in it.
    ``fn`` is called on AbstractValues and VirtualInfos only: plain host
    values (constant pointers of the interpreter) stay as they are."""
    def value(v):
        if isinstance(v, (AbstractValue, VirtualInfo)):
            return fn(v)
        return v
    frames = [_map_frame(snap, value) for snap in resume.frames]
    calls = [None if v is None else value(v) for v in resume.calls]
    return ResumeSnapshot(frames, calls)


def map_virtualinfo(info, fn, memo):
    """A copy of a VirtualInfo tree with ``fn`` applied to its leaf values."""
    if id(info) in memo:
        return memo[id(info)]
    new = VirtualInfo(info.descr, [], None)
    memo[id(info)] = new

    def value(v):
        return map_virtualinfo(v, fn, memo) if isinstance(v, VirtualInfo) else fn(v)
    new.fields = [(descr, value(v)) for descr, v in info.fields]
    if info.array is not None:
        new.array = [value(v) for v in info.array]
    return new


def resume_for_fail_args(fail_args, tag=None):
    """Resume data standing for a hand-written guard's fail args."""
    return ResumeSnapshot([FailArgsFrame(fail_args, tag)], [])


def copy_op(op, mapping):
    """A copy of ``op`` whose arguments go through ``mapping``.  Its resume
    data stays the original's, with the mapping attached (``copy_mapping``):
    the optimizer maps it once, when the op enters the chain."""
    def value(v):
        if isinstance(v, Const) or not isinstance(v, AbstractValue):
            return v
        return mapping.get(v, v)
    new = ResOperation(op.name, [value(a) for a in op.args], op.descr, op.value)
    new.provenance = op.provenance
    if op.resume is not None:
        new.resume = op.resume
        new.copy_mapping = mapping
    elif op.fail_args is not None and op.is_guard():
        # a hand-written trace: its fail args become one pseudo frame
        new.resume = resume_for_fail_args([value(a) for a in op.fail_args], op)
    source = op.overflow_source
    if source is not None:
        new.overflow_source = mapping.get(source, source)
    new.guard_number = op.guard_number
    new.origin = op.origin or op
    return new


def copy_trace(operations, mapping=None):
    """Fresh copies of ``operations``; ``mapping`` (old value -> new value) is
    extended with each op and used for the arguments of later ones."""
    mapping = {} if mapping is None else mapping
    copies = []
    last_ovf = None
    for op in operations:
        new = copy_op(op, mapping)
        mapping[op] = new
        copies.append(new)
        if op.spec.is_ovf:
            last_ovf = new
        elif op.name in ("guard_no_overflow", "guard_overflow") and new.overflow_source is None:
            new.overflow_source = last_ovf     # a hand-written trace: the ovf op just before
    return copies


def values_in_resume(resume):
    """Every trace value a resume snapshot mentions, VirtualInfos opened."""
    seen = set()

    def visit(v):
        if isinstance(v, VirtualInfo):
            if id(v) in seen:
                return
            seen.add(id(v))
            for inner in v.values():
                yield from visit(inner)
        elif isinstance(v, AbstractValue) and not isinstance(v, Const):
            yield v
    for v in resume.all_values():
        yield from visit(v)
