"""A loop body of pypyteach beside the real PyPy's body of the same loop.

PyPy 7.3.11's logs of the eight anchor loops (benchmarks/anchors/) are kept
in the repository (tests/data/pypy-7.3.11/NAME.log, written by
``PYPYLOG=jit-log-opt,jit-summary``).  A notebook reads one and passes its
text here; the log is parsed with jit/oparser.py, as the benchmarks do.

Both bodies are counted as the anchors' results.md counts them: the ops
after the loop's last label (the peeled body), debug_merge_point left out,
the closing jump included.  Four ops of every PyPy body are PyPy's own
plumbing with no counterpart in pypyteach: the signal check
(``getfield_raw_i`` of ``pypysig_long_struct.c_value``, ``int_lt``,
``guard_false``) and ``guard_not_invalidated``.
"""

import re
from collections import Counter

from ..jit.logger import Names, format_trace, layout_class_names
from ..jit.oparser import parse_log
from .render import GREY, MONO, HTMLText, esc

PLUMBING = ("getfield_raw_i", "int_lt", "guard_false", "guard_not_invalidated")


def body_ops(operations):
    """The ops after the last label, debug_merge_point left out."""
    labels = [i for i, op in enumerate(operations) if op.name == "label"]
    start = labels[-1] + 1 if labels else 0
    return [op for op in operations[start:] if op.name != "debug_merge_point"]


def _lines(ops):
    """The ops as the log prints them, guard descrs left out (their numbers
    are per run and say nothing when comparing)."""
    text = format_trace(None, ops, Names(), layout_class_names)
    return [re.sub(r"(, )?descr=<Guard[^>]*>", "", line) for line in text]


class BesidePyPy(HTMLText):
    """``.ours`` / ``.pypy``: the two bodies' ops; ``.extra`` the op names
    ours has more of (a Counter), ``.missing`` those PyPy has more of."""

    def __init__(self, trace, log_text, program):
        log = parse_log(log_text)
        loop = log.main_loop()
        if loop is None:
            raise ValueError("the log holds no loop traced from run(): is it one of the anchor logs?")
        self.program = program
        self.ours = body_ops(trace.operations)
        self.pypy = loop.body()
        self.extra = Counter(op.name for op in self.ours) - Counter(op.name for op in self.pypy)
        self.missing = Counter(op.name for op in self.pypy) - Counter(op.name for op in self.ours)
        HTMLText.__init__(self, self._html(), self._text())

    def counts(self):
        def guards(ops):
            return sum(1 for op in ops if op.is_guard())
        return {"pypyteach body ops": len(self.ours), "PyPy body ops": len(self.pypy),
                "pypyteach body guards": guards(self.ours), "PyPy body guards": guards(self.pypy)}

    def _summary(self):
        c = self.counts()
        text = ("%s, the loop body: pypyteach %d ops (%d guards), PyPy 7.3.11 %d ops (%d guards)"
                % (self.program, c["pypyteach body ops"], c["pypyteach body guards"], c["PyPy body ops"],
                   c["PyPy body guards"]))
        if self.extra:
            text += "; pypyteach has more: %s" % _names(self.extra)
        if self.missing:
            text += "; PyPy has more: %s" % _names(self.missing)
        return text

    def _text(self):
        ours, pypy = _lines(self.ours), [_strip_addresses(line) for line in _lines(self.pypy)]
        lines = [self._summary(), "%-60s | %s" % ("pypyteach", "PyPy 7.3.11")]
        for i in range(max(len(ours), len(pypy))):
            left = ours[i] if i < len(ours) else ""
            right = pypy[i] if i < len(pypy) else ""
            lines.append("%-60s | %s" % (_clip(left, 60), _clip(right, 70)))
        return "\n".join(lines)

    def _html(self):
        def column(title, lines):
            body = "<br>".join(esc(line) for line in lines)
            return '<div><div style="%s"><b>%s</b></div><div style="%s white-space: pre;">%s</div></div>' % (
                GREY, esc(title), MONO, body)
        return ('<div style="%s %s">%s</div><div style="display:flex; gap:24px;">%s%s</div>'
                % (MONO, GREY, esc(self._summary()), column("pypyteach", _lines(self.ours)),
                   column("PyPy 7.3.11", [_strip_addresses(line) for line in _lines(self.pypy)])))


def _names(counter):
    return ", ".join("%s%s" % (name, "" if n == 1 else " x%d" % n) for name, n in sorted(counter.items()))


def _clip(text, width):
    return text if len(text) <= width else text[:width - 3] + "..."


def _strip_addresses(line):
    """PyPy's raw addresses (the signal struct, TargetTokens) differ per run."""
    return re.sub(r"\b\d{9,}\b", "ADDR", line)


def beside_pypy(trace, log_text, program=""):
    """``trace``'s loop body (a TraceRecord) beside the main loop body of a
    PyPy log (its text)."""
    return BesidePyPy(trace, log_text, program)
