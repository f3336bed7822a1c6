"""Traces: the listing as PyPy's log prints it, and stepping through its ops.

Each op of a trace knows where it came from (its provenance: the user's
source line and bytecode, and the interpreter function that recorded it) and
the concrete value it had while tracing (``op.value``).  ``TraceStepper``
shows both, for the trace as recorded, after each optimizer pass, and as
compiled.
"""

import ipywidgets as widgets

from ..jit.logger import GuardNumbers, Names, format_trace, layout_class_names
from ..jit.resoperation import Const
from .render import GREY, MONO, HTMLText, esc, table
from .static import Frame, SteppingView, slot


class TraceText:
    """A trace printed as the logger prints it, one line per op, keeping the
    names (``p3``, ``i17``) so other views can name the same values."""

    def __init__(self, inputargs, operations):
        self.names = Names()
        lines = format_trace(inputargs, operations, self.names, layout_class_names, GuardNumbers())
        self.header = lines[0] if inputargs is not None else ""
        self.lines = lines[1:] if inputargs is not None else lines
        # every value the printed lines named (the optimizer may introduce
        # values that are neither input arguments nor ops of this list)
        self.known = {id(v) for v in (inputargs or ())} | {id(op) for op in operations}
        for op in operations:
            self.known.update(id(arg) for arg in list(op.args) + list(op.fail_args or ()))

    def name(self, value):
        """The printed name of a trace value; constants print as themselves."""
        if isinstance(value, Const):
            return value_text(value.value, value.type)
        for candidate in (value, getattr(value, "get_box_replacement", lambda: value)()):
            if id(candidate) in self.known and getattr(candidate, "type", "v") in "irf":
                return self.names.name_of(candidate)
        return "?"


def value_text(value, kind):
    """A concrete value as a learner should read it: refs are heap addresses."""
    if value is None:
        return "?"
    if kind == "r":
        return "NULL" if value == 0 else "0x%x" % value
    if kind == "f":
        return repr(float(value))
    return str(value)


def short_path(path):
    """'/anywhere/pypyteach/vm/x.py' -> 'pypyteach/vm/x.py' (same on every machine)."""
    index = path.replace("\\", "/").rfind("pypyteach/")
    return path[index:] if index >= 0 else path


def source_line(trace, line):
    code = trace.key[0] if trace.key else None
    return code.source_line(line).strip() if code is not None and hasattr(code, "source_line") else ""


def provenance_lines(trace, op):
    """Where ``op`` came from, in three sentences."""
    prov = op.provenance
    if prov is None:
        return ["(added by the JIT itself, not by a bytecode)"]
    lines = ["source:      line %d: %s" % (prov.line, source_line(trace, prov.line)),
             "bytecode:    #%d %s in %s (inlining depth %d)" % (prov.offset, prov.opname, prov.code_name, prov.depth)]
    if prov.interp_function is None:
        # read from a log: the merge point names the bytecode, not the interpreter code
        lines.append("interpreter: (not in the log: PyPy's logs name the bytecode only)")
    elif prov.interp_function == "jit_merge_point":
        lines.append("interpreter: the jit_merge_point at the head of the dispatch loop")
    else:
        lines.append("interpreter: %s, %s:%d" % (prov.interp_function, short_path(prov.interp_file), prov.interp_line))
    return lines


def values_line(names, op):
    """The concrete values of the op's non-constant arguments and result."""
    args = ["%s=%s" % (names.name(a), value_text(getattr(a, "value", None), a.type))
            for a in op.args if not isinstance(a, (Const, str)) and getattr(a, "type", "v") in "irf"]
    text = ", ".join(args) or "(no variable arguments)"
    if op.type in "irf" and op.name != "debug_merge_point":
        text += "  ->  %s=%s" % (names.name(op), value_text(op.value, op.type))
    return "values while tracing: " + text


# -- guard identity ------------------------------------------------------------------------------

def recorded_guard(descr):
    """The guard as the tracer recorded it: ``descr`` itself, or the guard
    it is a copy of (the unroll pass optimizes a loop twice, as its preamble
    and as its body, and a guard copied into the body gets its own descr and
    number, as in PyPy, where the copy is a fresh ResumeGuardDescr)."""
    recorded = getattr(descr, "recorded", None)
    return recorded() if recorded is not None else descr


def guard_origin(descr, short=False):
    """How a guard's number maps to the recorded trace's, or "" when it is
    the recorded guard itself."""
    original = recorded_guard(descr)
    if original is None or original is descr or getattr(descr, "number", None) is None:
        return ""
    if short:
        return "copy of recorded guard 0x%x" % original.number
    return ("guard 0x%x is the loop body's copy of guard 0x%x of the recorded trace (unrolling copies "
            "the loop, and every copy of a guard gets its own number)" % (descr.number, original.number))


# -- versions of a trace ------------------------------------------------------------------------

def trace_versions(trace):
    """[(label, operations)]: as recorded, after each optimizer pass, as compiled."""
    # a trace read from a log has no recorded version (unoptimized None)
    versions = [("unoptimized", trace.unoptimized)] if trace.unoptimized is not None else []
    versions += [("after %s" % name, ops) for name, ops in trace.passes]
    versions.append(("final", trace.operations if trace.operations is not None else trace.unoptimized))
    return versions


def trace_counts(operations):
    """The counts PyPy's log readers use: every op (the log header's "with N
    ops"), ops other than debug_merge_point, guards."""
    return {"ops": len(operations),
            "non-debug ops": sum(1 for op in operations if op.name != "debug_merge_point"),
            "guards": sum(1 for op in operations if op.is_guard())}


# -- listing -------------------------------------------------------------------------------------

def trace_listing(ops, inputargs=None, current=None, trace=None):
    """A trace as HTML: each debug_merge_point (one per bytecode) becomes a
    grey header naming the bytecode, the ops it produced below it; op number
    ``current`` is highlighted.  ``trace`` (a TraceRecord) adds source lines."""
    rows, keys, highlight, plain = _listing_rows(ops, inputargs, trace)
    if current is not None:
        highlight = keys.index(op_key(current))
    return HTMLText(table(rows, None, highlight), plain)


def op_key(index):
    """The row key of op ``index`` in a stepper's trace listing."""
    return "op%d" % index


def stepper_trace_listing(ops, inputargs, trace):
    """The listing whose rows a stepper marks (key: op_key)."""
    rows, keys, _, _ = _listing_rows(ops, inputargs, trace)
    return table(rows, None, keys=keys)


def _listing_rows(ops, inputargs, trace):
    text = TraceText(inputargs, ops)
    rows, keys = [], []
    if text.header:
        rows.append(('<span style="%s">inputargs %s</span>' % (GREY, esc(text.header)),))
        keys.append("inputargs")
    for index, (op, line) in enumerate(zip(ops, text.lines)):
        keys.append(op_key(index))
        if op.name == "debug_merge_point":
            rows.append((_merge_point_html(op, trace, line),))
        else:
            origin = guard_origin(op.descr, short=True) if op.is_guard() else ""
            note = '  <span style="%s" title="%s">(%s)</span>' % (GREY, esc(guard_origin(op.descr)), esc(origin)) \
                if origin else ""
            rows.append(('<span style="%s">%3d</span>  %s%s' % (GREY, index, esc(line), note),))
    plain = "\n".join(([text.header] if text.header else []) + text.lines)
    return rows, keys, None, plain


def _merge_point_html(op, trace, line):
    prov = op.provenance
    if prov is None:
        return '<span style="%s">%s</span>' % (GREY, esc(line))
    where = "#%d %s — %s, line %d" % (prov.offset, prov.opname, prov.code_name, prov.line)
    src = source_line(trace, prov.line) if trace is not None else ""
    return '<span style="%s" title="%s">── %s   %s</span>' % (GREY, esc(line), esc(where), esc(src))


# -- the stepper ---------------------------------------------------------------------------------

def op_text(trace, version_label, ops, text, index):
    op = ops[index]
    lines = ["trace %d (%s), %s version, op %d of %d:" % (trace.number, trace.kind, version_label, index, len(ops) - 1),
             "  " + text.lines[index]]
    lines += ["  " + line for line in provenance_lines(trace, op)]
    if op.is_guard() and guard_origin(op.descr):
        lines.append("  " + guard_origin(op.descr))
    if op.name != "debug_merge_point" and trace.unoptimized is not None:
        # (a trace read from a log, unoptimized None, has no values)
        lines.append("  " + values_line(text, op))
    return "\n".join(lines)


TRACE_LAYOUT = slot("detail") + slot("listing", pane_height=360)


class TraceStepper(SteppingView, widgets.VBox):
    """Choose a version of a trace, then step through its ops."""

    static_kind = "TraceStepper"

    def __init__(self, jit_record, trace_number=None):
        self.record = jit_record
        self.trace = _find_trace(jit_record, trace_number)
        self.versions = trace_versions(self.trace)
        self._texts = {}
        self._listings = {}
        self.version = widgets.Dropdown(options=[(label, i) for i, (label, _) in enumerate(self.versions)],
                                        value=len(self.versions) - 1, description="version")
        self.slider = widgets.IntSlider(min=0, max=0, description="op", continuous_update=False,
                                        layout=widgets.Layout(width="60%"))
        self.prev_button = widgets.Button(description="\u25c0 prev", layout=widgets.Layout(width="80px"))
        self.next_button = widgets.Button(description="next \u25b6", layout=widgets.Layout(width="80px"))
        self.view = widgets.HTML()
        self.prev_button.on_click(lambda _: self.go(self.slider.value - 1))
        self.next_button.on_click(lambda _: self.go(self.slider.value + 1))
        self.version.observe(lambda change: self._version_changed(), names="value")
        self.slider.observe(lambda change: self.show(), names="value")
        super().__init__([widgets.HBox([self.version]),
                          widgets.HBox([self.prev_button, self.slider, self.next_button]),
                          self.view])
        self._version_changed()

    def _text_of(self, version):
        if version not in self._texts:
            self._texts[version] = TraceText(self.trace.inputargs, self.versions[version][1])
        return self._texts[version]

    def _version_changed(self):
        ops = self.versions[self.version.value][1]
        self.slider.max = max(len(ops) - 1, 0)
        self.slider.value = min(self.slider.value, self.slider.max)
        self.show()

    def go(self, index):
        self.slider.value = min(max(index, 0), self.slider.max)

    def show(self):
        self.view.value = self.frame_html(self.version.value, self.slider.value, live=True)

    # -- the frames both faces show (static.py) --

    def groups(self):
        return [(label, max(len(ops), 1)) for label, ops in self.versions]

    def frame(self, group, index):
        label, ops = self.versions[group]
        if group not in self._listings:
            self._listings[group] = stepper_trace_listing(ops, self.trace.inputargs, self.trace)
        detail = '<pre style="%s background:#f6f8fa; padding:6px; margin:2px 0;">%s</pre>' % (
            MONO, esc(self.text(group, index))) if ops else ""
        return Frame({"detail": detail, "listing": self._listings[group]}, [op_key(index)],
                     "%s: op %d of %d" % (label, index, len(ops) - 1))

    def layout(self):
        return TRACE_LAYOUT

    def position(self):
        return self.version.value, self.slider.value

    def text(self, version=None, index=None):
        """One op of one version (a label such as "final" or a position) as text."""
        version = self.version.value if version is None else self._version_index(version)
        index = self.slider.value if index is None else index
        label, ops = self.versions[version]
        return op_text(self.trace, label, ops, self._text_of(version), index)

    def _version_index(self, version):
        if isinstance(version, int):
            return version
        labels = [label for label, _ in self.versions]
        if version not in labels:
            raise ValueError("no version %r of this trace; there are: %s" % (version, ", ".join(labels)))
        return labels.index(version)


def _find_trace(record, number):
    if not record.traces:
        raise ValueError("the JIT recorded no trace (is the loop hot enough for the threshold?)")
    if number is None:
        return (record.loops() or record.traces)[0]
    for trace in record.traces:
        if trace.number == number:
            return trace
    raise ValueError("no trace number %r; the traces are %s" % (number, [t.number for t in record.traces]))


# -- against PyPy ---------------------------------------------------------------------------------

def size_comparison(trace, program):
    """The trace's size next to PyPy 7.3.11's main loop for the same anchor
    program (see pypy_anchors.py)."""
    from .pypy_anchors import LOOP_COUNTS
    pypy = LOOP_COUNTS[program]
    ours = trace_counts(trace.operations if trace.operations is not None else trace.unoptimized)
    rows = [("ops in the loop (log header: 'with N ops')", ours["ops"], pypy["loop header ops"]),
            ("ops other than debug_merge_point", ours["non-debug ops"], pypy["non-debug ops"]),
            ("guards", ours["guards"], pypy["guards"]),
            ("bridges on the loop", len([t for t in _bridges_of(trace)]), pypy["bridges"])]
    plain = ["%-44s %10s %12s" % ("", "pypyteach", "PyPy 7.3.11")]
    plain += ["%-44s %10d %12d" % row for row in rows]
    cells = [(esc(a), str(b), str(c)) for a, b, c in rows]
    return HTMLText(table(cells, ("%s: loop %d" % (esc(program), trace.number), "pypyteach", "PyPy 7.3.11")),
                    "\n".join(plain))


def _bridges_of(trace):
    loop = trace.loop
    return list(getattr(loop, "bridges", ()) or ())
