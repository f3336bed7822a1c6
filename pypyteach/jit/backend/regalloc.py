"""Linear-scan register allocation over a trace (Poletto and Sarkar, 1999).

A trace is straight-line code, so a value's live range is one interval:
from the op that defines it to its last use, uses in guards' fail_args (the
exit stub reads them), in jumps and at labels included.  Each interval gets
ONE location for its whole life, a register or a jitframe slot, so no code
is ever inserted between two ops: what you see in the trace is what runs.

- Labels cut the trace into segments.  A label defines its arguments anew
  (an interval per segment and value): a jump to the label, or the code
  falling into it, moves the values into the label's locations with one
  parallel copy (moves.py).  After a label only its arguments are live.
- Ints and refs share the integer registers; floats have their own class;
  jitframe slots hold either (floats as bit patterns).
- An op may overwrite registers (``clobbers``): a residual call overwrites
  every caller-saved register (the SysV rule: only callee-saved ones
  survive), x86 division overwrites rax and rdx, a variable shift rcx.  An
  interval that is live *across* such an op may not live in such a
  register: values live across a residual call are therefore in
  callee-saved registers or spilled to the jitframe around it.
- When no register is free, the interval that ends last is spilled
  (Poletto-Sarkar); spilled intervals then get jitframe slots in a second
  scan, so two values share a slot only if their lives do not overlap.
- Hints avoid moves: a result takes the register of an argument dying at
  its op, a value flowing into a jump takes the register its label expects.
"""

import bisect

from ..resoperation import AbstractValue, Const
from .locations import Reg, imm_of, kind_class, reg as make_reg, slot as make_slot
from .support import NO_CODE, BackendError

SPILLED = "spilled"


class Interval:
    __slots__ = ("value", "segment", "start", "end", "cls", "loc", "order")

    def __init__(self, value, segment, start, order):
        self.value = value
        self.segment = segment
        self.start = start
        self.end = start
        self.cls = kind_class(value.type)
        self.loc = None
        self.order = order

    def __repr__(self):
        return "<Interval %r [%d, %d] %s>" % (self.value, self.start, self.end, self.loc)


def _is_var(value):
    return isinstance(value, AbstractValue) and not isinstance(value, Const)


class Liveness:
    """Segments and intervals of a trace.  ``extra_uses(position, op)``
    names values an op reads beyond its args and fail_args."""

    def __init__(self, inputargs, operations, extra_uses=None):
        self.operations = operations
        self.intervals = {}
        self.order = []
        self.segment_of = [0] * len(operations)
        self.labels = []                 # positions of labels
        self._segment = 0
        for value in inputargs:
            self._define(value, -1)
        falls_through = True
        for position, op in enumerate(operations):
            if op.name == "label":
                self._label(position, op, falls_through)
                falls_through = True
                continue
            self.segment_of[position] = self._segment
            if op.name in NO_CODE:
                continue
            for value in self.reads(op):
                self._use(value, position, op)
            for value in (extra_uses(position, op) if extra_uses else ()):
                self._use(value, position, op)
            if op.type != "v":
                self._define(op, position)
            falls_through = not op.spec.is_final

    @staticmethod
    def reads(op):
        values = [arg for arg in op.args if _is_var(arg)]
        if op.fail_args and (op.is_guard() or op.resume is not None):
            values += [arg for arg in op.fail_args if _is_var(arg)]
        return values

    def _label(self, position, op, falls_through):
        if falls_through:
            for value in op.args:
                if _is_var(value):
                    self._use(value, position, op)
        self._segment += 1
        self.segment_of[position] = self._segment
        self.labels.append(position)
        for value in op.args:
            if _is_var(value):
                self._define(value, position)

    def _define(self, value, position):
        key = (self._segment, value)
        if key not in self.intervals:
            interval = Interval(value, self._segment, position, len(self.order))
            self.intervals[key] = interval
            self.order.append(interval)

    def _use(self, value, position, op):
        interval = self.intervals.get((self._segment, value))
        if interval is None:
            raise BackendError("%s at position %d uses %r, which is not defined before it in its segment "
                               "(after a label only the label's arguments are live)" % (op.name, position, value))
        if position > interval.end:
            interval.end = position

    def interval(self, segment, value):
        return self.intervals[(segment, value)]


class Allocation:
    """The result: a location for every value at every position."""

    def __init__(self, liveness, label_locs, frame_depth):
        self.liveness = liveness
        self.label_locs = label_locs         # label position -> [Location or None] per argument
        self.frame_depth = frame_depth       # jitframe slots the spills need (call area included)

    def loc(self, value, position):
        """Where ``value`` is while the op at ``position`` runs (-1: trace entry)."""
        if not _is_var(value):
            return imm_of(value)
        segment = self.liveness.segment_of[position] if position >= 0 else 0
        return self.liveness.interval(segment, value).loc

    def loc_before_label(self, value, position):
        """Where a label argument is in the code that falls into the label."""
        if not _is_var(value):
            return imm_of(value)
        return self.liveness.interval(self.liveness.segment_of[position] - 1, value).loc

    def rows(self):
        """(value, segment, start, end, location) per interval, for views."""
        return [(iv.value, iv.segment, iv.start, iv.end, iv.loc) for iv in self.liveness.order]


class LinearScan:
    def __init__(self, desc, liveness, clobbers, first_slot, target_locs):
        self.desc = desc
        self.live = liveness
        self.ops = liveness.operations
        self.clobbers = clobbers                 # reg name -> sorted positions where it is overwritten
        self.first_slot = first_slot
        self.target_locs = target_locs           # TargetToken -> [Location] of labels in other traces
        self.pools = {"int": desc.int_regs, "float": desc.float_regs}
        self.owner = {}                          # reg name -> interval holding it
        self.active = []
        self.label_locs = {}
        self.entry_hints = {}                    # input argument -> its location on entry

    def run(self):
        for interval in sorted(self.live.order, key=lambda iv: (iv.start, iv.order)):
            if self._dead_label_argument(interval):
                continue
            self._expire(interval.start)
            self._assign(interval)
        depth = self._assign_slots()
        for position in self.live.labels:
            self.label_locs[position] = self._locs_of_label(position)
        return Allocation(self.live, self.label_locs, depth)

    def _dead_label_argument(self, interval):
        return interval.start >= 0 and interval.end == interval.start and self.ops[interval.start].name == "label"

    def _expire(self, position):
        keep = []
        for interval in self.active:
            if interval.end <= position and interval.start < position:
                if isinstance(interval.loc, Reg) and self.owner.get(interval.loc.name) is interval:
                    del self.owner[interval.loc.name]
            else:
                keep.append(interval)
        self.active = keep

    def allowed(self, reg, interval):
        """No op strictly inside the interval overwrites ``reg``."""
        positions = self.clobbers.get(reg)
        if not positions:
            return True
        index = bisect.bisect_right(positions, interval.start)
        return index == len(positions) or positions[index] >= interval.end

    def _assign(self, interval):
        free = [reg for reg in self.pools[interval.cls]
                if reg not in self.owner and self.allowed(reg, interval)]
        if free:
            hints = [reg for reg in self._hints(interval) if reg in free]
            self._give(interval, hints[0] if hints else free[0])
            return
        victims = [iv for iv in self.active if isinstance(iv.loc, Reg) and iv.cls == interval.cls
                   and self.allowed(iv.loc.name, interval)]
        victim = max(victims, key=lambda iv: iv.end, default=None)
        if victim is not None and victim.end > interval.end:
            reg = victim.loc.name
            victim.loc = SPILLED
            self._give(interval, reg)
        else:
            interval.loc = SPILLED
            self.active.append(interval)

    def _give(self, interval, reg):
        interval.loc = make_reg(reg, interval.cls)
        self.owner[reg] = interval
        self.active.append(interval)

    # -- hints --------------------------------------------------------------------------------

    def _hints(self, interval):
        hints = []
        if interval.start < 0:
            entry = self.entry_hints.get(interval.value)
            if isinstance(entry, Reg) and entry.cls == interval.cls:
                hints.append(entry.name)
        end_op = self.ops[interval.end] if interval.end >= 0 else None
        if end_op is not None and end_op.name == "jump":
            locs = self._jump_target_locs(end_op)
            for k, arg in enumerate(end_op.args):
                if arg is interval.value and locs is not None and k < len(locs) and isinstance(locs[k], Reg):
                    hints.append(locs[k].name)
        if interval.start >= 0:
            op = self.ops[interval.start]
            segment = interval.segment - 1 if op.name == "label" else interval.segment
            sources = [interval.value] if op.name == "label" else [a for a in op.args if _is_var(a)]
            for value in sources:
                source = self.live.intervals.get((segment, value))
                if source is not None and source.end == interval.start and isinstance(source.loc, Reg):
                    hints.append(source.loc.name)
        return hints

    def _jump_target_locs(self, jump):
        for position in self.live.labels:
            if self.ops[position].descr is jump.descr:
                return self._locs_of_label(position)
        return self.target_locs.get(jump.descr)

    def _locs_of_label(self, position):
        op = self.ops[position]
        segment = self.live.segment_of[position]
        locs, seen = [], set()
        for value in op.args:
            interval = self.live.intervals.get((segment, value)) if _is_var(value) else None
            if interval is None or value in seen or interval.loc is None:
                locs.append(None)
            else:
                locs.append(interval.loc)
            seen.add(value)
        return locs

    # -- jitframe slots for the spilled intervals -------------------------------------------------

    def _assign_slots(self):
        spilled = sorted((iv for iv in self.live.order if iv.loc == SPILLED), key=lambda iv: (iv.start, iv.order))
        free, active, depth = [], [], self.first_slot
        for interval in spilled:
            still = []
            for other in active:
                if other.end <= interval.start and other.start < interval.start:
                    bisect.insort(free, other.loc.index)
                else:
                    still.append(other)
            active = still
            if free:
                index = free.pop(0)
            else:
                index, depth = depth, depth + 1
            interval.loc = make_slot(index)
            active.append(interval)
        return depth


def allocate(desc, inputargs, operations, clobbers_of, extra_uses=None, first_slot=0, target_locs=None,
             entry_hints=None):
    """Locations for a trace.  ``clobbers_of(op)``: registers the op's code
    overwrites; ``first_slot``: slots below it are the outgoing call area;
    ``entry_hints``: where each input argument is on entry (a bridge: where
    its guard left the values), to keep them there when possible."""
    liveness = Liveness(inputargs, operations, extra_uses)
    clobbers = {}
    for position, op in enumerate(operations):
        if op.name in NO_CODE or op.name == "label":
            continue
        for reg in clobbers_of(op):
            clobbers.setdefault(reg, []).append(position)
    scan = LinearScan(desc, liveness, clobbers, first_slot, target_locs or {})
    scan.entry_hints = dict(zip(inputargs, entry_hints or ()))
    return scan.run()
