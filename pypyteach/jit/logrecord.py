"""A loaded PYPYLOG file as a JitRecord: what the views read.

The views (viz/) read run records only.  A log becomes one: each loop and
bridge a TraceRecord with MachineCode (its Capstone rows linked to ops and
source lines), guards and TargetTokens as small objects that answer what a
GuardDescr and a TargetToken of a run answer (``number``; ``loop`` and
``body_target``), and the entry counts of jit-backend-counts.

PyPy's logs number loops but not bridges; a bridge here gets the next
number after the loops, in log order, and its title names its guard.
"""

from dataclasses import dataclass

from .logmodel import patch_text
from .record import JitRecord, MachineCode, TraceRecord
from .tracer import Provenance

# what each part of PyPy's code does (x86/assembler.py, llsupport/assembler.py)
PYPY_SECTIONS = {
    "entry": "entry (the 'function' address, PyPy's bootstrap): save the callee-saved registers, link the "
             "jitframe, check the stack depth; with jit-backend-counts on, count the entry",
    "bridge entry": "bridge entry (the 'jump target'): the failing guard's jump lands here",
    "exit stubs": "failures: one recovery stub per guard: push the guard's descr, jump to the shared "
                  "failure handler, which stores the registers into the jitframe and leaves to the "
                  "blackhole interpreter",
    "slow paths": "after the closing jump: out-of-line code and padding",
}


@dataclass(frozen=True)
class LoggedMachineCode(MachineCode):
    """MachineCode read from a log: the views describe PyPy's layout with
    ``section_texts`` and show ``notes`` (where it came from, counts)."""
    notes: tuple = ()
    section_texts: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "section_texts", dict(self.section_texts))


class LogGuard:
    """A guard of a logged trace: its number (PyPy: the descr's address)
    and, from jit-backend-counts, how often its bridge was entered."""

    def __init__(self, number):
        self.number = number
        self.bridge_entries = None

    def __repr__(self):
        return "<Guard0x%x>" % self.number


class LogLoop:
    def __init__(self, number):
        self.number = number
        self.body_target = None


class LogTarget:
    """A TargetToken of the log, printed as the log printed it."""

    def __init__(self, text, loop):
        self.text = text
        self.loop = loop

    def __repr__(self):
        return self.text


class LogCode:
    """The source of the code objects named in a log's merge points, when the
    file was found (beside the log, or where the caller said)."""

    def __init__(self, loaded, filename, code_name, first_line):
        self.loaded, self.filename = loaded, filename
        self.co_name, self.co_firstlineno = code_name, first_line
        self.positions = ()

    def source_line(self, line):
        return self.loaded.source_line(self.filename, line)


def record_of(loaded):
    record = JitRecord(backend=loaded.arch or "log")
    guards, loops = {}, {}
    for trace in loaded.loops():
        loops[trace.number] = LogLoop(trace.number)
    numbers = iter(range(max(loops, default=0) + 1, 1 << 30))
    for trace in loaded.traces:
        number = trace.number if trace.kind == "loop" else next(numbers)
        _link_ops(loaded, trace, guards, loops)
        guard = None
        if trace.kind == "bridge":
            guard = guards.setdefault(trace.guard, LogGuard(trace.guard))
            guard.bridge_entries = trace.entries
        first = next((p for p in trace.positions if p is not None), None)
        key = (LogCode(loaded, first.filename, first.code_name, first.first_line), first.offset) if first else None
        record.traces.append(TraceRecord(
            number, trace.kind, trace.name or trace.title, key, trace.logged.inputargs, None,
            operations=trace.operations, guard=guard, machine_code=_machine_code(loaded, trace, number)))
        if trace.kind == "loop" and trace.entries is not None:
            record.entries[number] = trace.entries
    return record


def _link_ops(loaded, trace, guards, loops):
    """Guards get LogGuards, labels and jumps LogTargets, every op the
    Provenance of its merge point (what a traced op carries)."""
    for index, op in enumerate(trace.operations):
        if op.is_guard() and getattr(op, "guard_number", None) is not None:
            op.descr = guards.setdefault(op.guard_number, LogGuard(op.guard_number))
        elif op.name in ("label", "jump") and op.descr is not None:
            op.descr = _target(repr(op.descr), loaded, loops)
        position = trace.positions[index]
        if position is not None and getattr(op, "provenance", None) is None:
            op.provenance = Provenance(position.code_name, position.filename, position.offset, position.line,
                                       position.opname, 0, None, None, None)


def _target(text, loaded, loops):
    """The TargetToken named ``text``: the loop holding its label."""
    for trace in loaded.loops():
        labels = [op for op in trace.operations if op.name == "label"]
        for op in labels:
            if repr(op.descr) == text:
                loop = loops[trace.number]
                target = op.descr if isinstance(op.descr, LogTarget) else LogTarget(text, loop)
                if op is labels[-1]:
                    loop.body_target = target
                return target
    return LogTarget(text, None)


def _machine_code(loaded, trace, number):
    if not trace.rows:
        return None
    info = trace.addresses
    labels = tuple(i for i, op in enumerate(trace.operations) if op.name == "label")
    markers = tuple((trace.address_of(i) or _next_address(trace, i), op) for i, op in enumerate(trace.operations)
                    if _made_no_code(trace, i))
    title = "Loop %d" % number if trace.kind == "loop" else "Bridge %d out of Guard 0x%x" % (number, trace.guard)
    return LoggedMachineCode(loaded.arch, title, info.code_start, trace.code,
                             info.bootstrap if info.bootstrap is not None else info.code_start,
                             tuple(trace.rows), tuple(trace.operations), labels, markers,
                             notes=tuple(_notes(loaded, trace)),
                             # pypyteach's own logs: its layout, which the views already describe
                             section_texts=() if loaded.producer == "pypyteach" else tuple(PYPY_SECTIONS.items()))


def _notes(loaded, trace):
    notes = ["read from %s" % (loaded.filename or "a log")]
    if trace.entries is not None:
        notes.append("entered %d times" % trace.entries if trace.kind == "loop"
                     else "its guard jumped here %d times" % trace.entries)
    for index, count in sorted(trace.label_counts.items()):
        notes.append("label op %d (%s) passed %d times" % (index, repr(trace.operations[index].descr), count))
    for dump in trace.invalidation_patches:
        notes.append("invalidated later: PyPy wrote '%s' at +%d (the guard_not_invalidated), over the code "
                     "shown here" % (patch_text(loaded.arch, dump), dump.start - trace.base))
    return notes


def _made_no_code(trace, index):
    return not any(row.index == index for row in trace.rows)


def _next_address(trace, index):
    for later in range(index + 1, len(trace.operations)):
        address = trace.address_of(later)
        if address is not None:
            return address
    return trace.addresses.fields.get("failures", trace.addresses.stop)
