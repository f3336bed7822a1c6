"""Guard failures: where compiled code gives the program back to the interpreter.

A guard checks an assumption the trace made (this branch goes the same way,
this object has the same class, this addition does not overflow).  When the
check fails, the guard's resume data says how to rebuild the interpreter's
frames from the values the guard saved: for every frame, its code, the
bytecode it was interrupted in, and which trace value holds each local and
each stack slot.  The blackhole step finishes that bytecode with the JIT off,
and the interpreter takes over at the next one.  A guard that fails often
(``trace_eagerness`` times) gets a bridge instead: a trace from the guard
onwards, compiled and attached to it.

In PyPy, the blackhole interpreter resumes inside the bytecode's jitcode at
the guard's position; pypyteach has no jitcodes, so its blackhole step
re-enters the bytecode from its start, the calls made before the guard
replayed from the resume data (jit/blackhole.py).
"""

import ipywidgets as widgets

from ..jit.resoperation import AbstractValue, ConstPtr
from .render import MONO, esc
from .static import Frame, SteppingView, slot
from .trace import TraceText, guard_origin, provenance_lines, trace_listing, value_text

GUARD_MEANING = {
    "guard_true": "a condition the trace saw true was false: the branch went the other way",
    "guard_false": "a condition the trace saw false was true: the branch went the other way",
    "guard_value": "a value the trace treated as a constant was different",
    "guard_class": "an object had another class than while tracing",
    "guard_nonnull_class": "an object was NULL or had another class",
    "guard_nonnull": "a value the trace saw set was NULL (e.g. an unbound local)",
    "guard_isnull": "a value the trace saw NULL was set",
    "guard_no_overflow": "an integer operation overflowed a machine word",
    "guard_overflow": "an integer operation did not overflow",
    "guard_no_exception": "a call raised an exception",
    "guard_exception": "a call raised another exception",
    "guard_not_invalidated": "a class or global the loop assumed constant changed",
    "guard_not_forced": "a virtual frame was forced",
}

KIND_MEANING = {
    "guard": "a guard failed",
    "exception": "an exception left the compiled code",
    "nursery": "the nursery was full: compiled code left to let the collector run",
}


GUARD_LAYOUT = slot("summary") + slot("bridge", pane_height=300)


class GuardFailureView(SteppingView, widgets.VBox):
    """One failure of ``jit_record.guard_failures`` (choose with the slider):
    the first KEEP_RECORDS of a run are kept (jit/record.py); the view says
    how many more there were."""

    static_kind = "GuardFailureView"

    def __init__(self, jit_record, index=0):
        if not jit_record.guard_failures:
            raise ValueError("no guard failed in this run")
        self.record = jit_record
        last = len(jit_record.guard_failures) - 1
        self.slider = widgets.IntSlider(value=min(max(index, 0), last), min=0, max=last, description="failure",
                                        continuous_update=False, layout=widgets.Layout(width="60%"))
        self.view = widgets.HTML()
        self.slider.observe(lambda change: self.show(), names="value")
        super().__init__([self.slider, self.view])
        self.show()

    @property
    def failure(self):
        return self.record.guard_failures[self.slider.value]

    def show(self):
        self.view.value = self.frame_html(0, self.slider.value, live=True)

    # -- the frames both faces show (static.py) --

    def groups(self):
        return [("failures", len(self.record.guard_failures))]

    def frame(self, group, index):
        bridge = bridge_of(self.record, self.record.guard_failures[index].guard)
        bridge_html = "" if bridge is None else "<b>bridge %d</b>%s" % (
            bridge.number, trace_listing(bridge.operations, bridge.inputargs, trace=bridge).html)
        return Frame({"summary": '<pre style="%s">%s</pre>' % (MONO, esc(self.text(index))), "bridge": bridge_html},
                     (), "failure %d of %d%s" % (index, len(self.record.guard_failures) - 1,
                                                 more_not_kept(self.record.guard_failures)))

    def layout(self):
        return GUARD_LAYOUT

    def position(self):
        return 0, self.slider.value

    def text(self, index=None):
        """Failure number ``index`` (default: the one shown) in plain text."""
        index = self.slider.value if index is None else index
        return failure_text(self.record, index)


# -- the text -------------------------------------------------------------------------------------

def failure_text(record, index):
    failure = record.guard_failures[index]
    trace = trace_by_number(record, failure.trace_number)
    lines = ["failure %d of %d%s: %s" % (index, len(record.guard_failures) - 1,
                                         more_not_kept(record.guard_failures),
                                         KIND_MEANING.get(failure.kind, failure.kind))]
    op = failure.guard.op if failure.guard is not None else None
    if op is not None and trace is not None:
        lines += _guard_lines(record, failure, trace, op)
    lines.append("frames rebuilt: %s" % " > ".join("%s (line %d, #%d)" % frame for frame in failure.frames))
    lines += handover_lines(record, failure)
    lines += _bridge_lines(record, failure)
    return "\n".join(lines)


def more_not_kept(records):
    """" (and N more not kept)" for a record list that dropped some (KeptList)."""
    dropped = getattr(records, "dropped", 0)
    return " (and %d more not kept)" % dropped if dropped else ""


def failures_of(record, guard):
    """How often the program left through ``guard``: exact, counting the
    failures past the records kept."""
    counts = getattr(record, "failure_counts", None)
    if counts:
        return counts.get(guard, 0)
    return sum(1 for f in record.guard_failures if f.guard is guard)


def bytecode_text(where):
    name, offset, opname, line = where
    return "#%d %s in %s, line %d" % (offset, opname, name, line)


def handover_lines(record, failure):
    """The blackhole step that finished the interrupted bytecode, and where
    the interpreter took over (or, for a bridge, where its trace began)."""
    if failure.blackhole is None:
        return ["frames rebuilt at %s: the JIT traces a bridge from there (no blackhole step)"
                % bytecode_text(failure.resumed_at)]
    step = record.blackholes[failure.blackhole]
    calls = "" if not step.replayed_calls else "; %d call%s made before the guard replayed, not repeated" % (
        step.replayed_calls, "" if step.replayed_calls == 1 else "s")
    lines = ["blackhole step: finished %s with the JIT off%s" % (bytecode_text(step.finished), calls)]
    if step.bytecodes > 1:
        lines.append("  (with %d bytecodes of guest code it called, blackholed too)" % (step.bytecodes - 1))
    lines.append("  In PyPy the blackhole interpreter resumes inside the bytecode's jitcode at the guard's "
                 "position; pypyteach re-enters the bytecode from its start")
    if step.takes_over is None:
        lines.append("no bytecode of its dispatch follows (%s): the host code that called into the "
                     "guest goes on" % step.handover)
    else:
        lines.append("interpreter takes over at %s (%s)" % (bytecode_text(step.takes_over), step.handover))
    return lines


def _guard_lines(record, failure, trace, op):
    names = TraceText(trace.inputargs, trace.operations)
    index = _index_of(trace.operations, op)
    count = failures_of(record, failure.guard)
    lines = ["guard 0x%x in %s %d, op %s; the program left through it %d time%s" % (
        failure.guard.number, trace.kind, trace.number, index, count, "" if count == 1 else "s"),
        "  " + (names.lines[index] if index is not None else op.name),
        "  meaning: " + GUARD_MEANING.get(op.name, op.name)]
    if guard_origin(failure.guard):
        lines.append("  " + guard_origin(failure.guard))
    lines += ["  " + line for line in provenance_lines(trace, op)]
    lines.append("resume data (how to rebuild the interpreter's frames):")
    lines += resume_lines(op.resume, names)
    saved = ["%s=%s" % (names.name(arg), value_text(value, arg.type))
             for arg, value in zip(op.fail_args or (), failure.fail_values)]
    lines.append("values the guard saved: " + (", ".join(saved) or "(none)"))
    return lines


def resume_lines(resume, names):
    """Per frame of the resume data: code, line, resume bytecode, and the trace
    value holding each local and stack slot."""
    lines = []
    for snap in resume.frames if resume is not None else ():
        code = snap.code
        instr = code.by_slot[snap.pc >> 1]
        lines.append("  frame %s: line %d, resumes at #%d %s" % (code.co_name, code.line_at(snap.pc), snap.pc,
                                                                instr.opname))
        local_names = code.co_varnames + code.co_cellvars + code.co_freevars
        pairs = ["%s = %s" % (n, _held_by(v, names)) for n, v in zip(local_names, snap.locals + snap.cells)
                 if not _is_null(v)]
        lines.append("    locals: " + (", ".join(pairs) or "(none)"))
        lines.append("    stack:  [%s]" % ", ".join(_held_by(v, names) for v in snap.stack))
    if resume is not None and resume.calls:
        lines.append("  calls already made by this bytecode, replayed on resume: %d" % len(resume.calls))
    return lines


def _is_null(value):
    """An unbound local, or one the trace passes as NULL because it is dead
    there (never read again, vm/compiler/liveness.py): not shown."""
    if isinstance(value, AbstractValue):
        return isinstance(value, ConstPtr) and not value.value
    return value == 0


def _held_by(value, names):
    if isinstance(value, AbstractValue):
        return names.name(value)
    if hasattr(value, "descr") and hasattr(value, "fields"):
        return _virtual_text(value, names)
    return "constant 0x%x" % value if isinstance(value, int) else repr(value)


def _virtual_text(info, names):
    """An object the optimizer never allocated: resume data says how to build
    it (its class, and the trace values for its fields)."""
    layout = getattr(info.descr, "layout", None)
    kind = getattr(layout, "name", None) or getattr(info.descr, "struct_name", "array")
    fields = ["%s=%s" % (getattr(field, "name", "?"), _held_by(value, names)) for field, value in info.fields]
    if info.array is not None:
        fields.append("items=[%s]" % ", ".join(_held_by(value, names) for value in info.array))
    return "virtual %s(%s)" % (kind, ", ".join(fields))


def _bridge_lines(record, failure):
    bridge = bridge_of(record, failure.guard)
    if bridge is None:
        if not failure.guard:
            return []
        if failure.kind == "exception":
            # a bridge would begin by raising, and pypyteach's tracer aborts
            # on a raise (ABORT_EXCEPTION)
            return ["bridge: none (pypyteach traces no bridge from an exception; "
                    "In PyPy one grows after trace_eagerness failures, as for any guard)"]
        return ["bridge: none (the guard did not fail often enough to get one)"]
    ops = bridge.operations
    return ["bridge: guard 0x%x got bridge %d (%d ops, %d guards), which ends with %s" % (
        failure.guard.number, bridge.number, len(ops), sum(1 for op in ops if op.is_guard()), _ending(ops))]


def _ending(ops):
    last = ops[-1] if ops else None
    if last is None:
        return "nothing"
    if last.name == "jump":
        loop = getattr(last.descr, "loop", None)
        if loop is None:
            return "a jump"
        if last.descr is loop.body_target:
            return "a jump into the body of loop %d (its values unboxed, past the preamble)" % loop.number
        return "a jump back into loop %d, to its preamble" % loop.number
    return last.name


def _index_of(ops, op):
    return next((i for i, candidate in enumerate(ops) if candidate is op), None)


def trace_by_number(record, number):
    return next((t for t in record.traces if t.number == number), None)


def bridge_of(record, guard):
    if guard is None:
        return None
    return next((t for t in record.bridges() if t.guard is guard), None)
