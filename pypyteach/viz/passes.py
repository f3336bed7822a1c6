"""What one optimizer pass changed: the trace before it and after it, diffed,
each removed or added op with the reason the optimizer recorded for it.

The run record keeps the trace after every pass of the chain (PyPy's order:
intbounds, rewrite, virtualize, string, pure, earlyforce, heap, unroll; see
jit/optimizer/__init__.py).  Each version is its own copy, so operations are
matched by what they are (name, descr, and the bytecode that recorded them)
with difflib, not by identity.

The reasons are the passes' own: as they work, they note for every op they
remove, replace or add what they knew (the bounds, the value used instead,
the op a virtual escaped into); see jit/reasons.py.  The view
shows the whole trace after the pass, with the ops it removed struck
through in their place, each change with its reason beside it.  Values are
named once for the whole listing: an op kept by the pass has the same name
in both versions.
"""

import difflib
from dataclasses import dataclass

from ..jit.logger import GuardNumbers, Names, format_trace, layout_class_names
from ..jit.reasons import PASS_OF, op_key, origin_of
from ..jit.resoperation import Const
from .render import GREY, MONO, HTMLText, esc, table
from .trace import trace_versions

NO_REASON = "(no reason recorded)"


@dataclass
class PassChange:
    kind: str          # "removed" or "added"
    line: str          # the op as the diff's listing prints it
    bytecode: str      # "#20 BINARY_MODULO", "" when the JIT added it
    reason: str        # the recorded reason in words ("" when the record has none)
    op: object = None  # the op (of the version before for removed ones, after for added ones)
    note: object = None  # the reasons.Note behind ``reason`` (None: no recorded reason)


def _key(op):
    return op_key(op)


def _bytecode(op):
    prov = op.provenance
    return "#%d %s" % (prov.offset, prov.opname) if prov is not None else ""


class _MergedNames(Names):
    """One numbering for both versions: a value of the version before is
    named as its counterpart in the version after."""

    def __init__(self, counterpart):
        Names.__init__(self)
        self.counterpart = counterpart

    def number(self, value):
        return Names.number(self, self.counterpart.get(id(value), value))


class PassDiff(HTMLText):
    """The ops one pass removed and added; ``.removed`` / ``.added`` are
    lists of PassChange, ``.before`` / ``.after`` the two versions' ops,
    ``.rows`` the merged listing: (kind, line, change or None) with kind
    " " (kept), "-" (removed) or "+" (added)."""

    def __init__(self, before, after, inputargs, pass_name, before_label, after_label,
                 reasons=None, reasons_before=None, same_recording=False):
        self.pass_name = pass_name
        self.same_recording = same_recording
        self.before_label, self.after_label = before_label, after_label
        self.before, self.after = before, after
        self.reasons, self.reasons_before = reasons, reasons_before
        self.rows, self.removed, self.added = self._changes(inputargs)
        HTMLText.__init__(self, self._html(), self._text())

    def _changes(self, inputargs):
        if self.same_recording:
            # both versions are copies of one recorded trace: an op matches only a copy of its own
            key = lambda op: (_key(op), id(origin_of(op)))
        else:
            key = _key
        matcher = difflib.SequenceMatcher(None, [key(op) for op in self.before],
                                          [key(op) for op in self.after], autojunk=False)
        blocks = matcher.get_opcodes()
        counterpart = {}
        gone = {id(op) for tag, i1, i2, _, _ in blocks if tag != "equal" for op in self.before[i1:i2]}
        for tag, i1, i2, j1, j2 in blocks:
            if tag == "equal":
                for b, a in zip(self.before[i1:i2], self.after[j1:j2]):
                    counterpart[id(b)] = a
                    # the values an op takes are the same values (in another run, other objects);
                    # not a removed op's result, which keeps its own name on its struck line
                    for x, y in zip(b.args, a.args):
                        if (x is not y and not isinstance(x, Const) and hasattr(x, "type") and id(x) not in gone
                                and getattr(y, "type", None) == x.type):
                            counterpart.setdefault(id(x), y)
            elif tag == "replace":
                # a value rewritten in place (int_add_ovf -> int_add) keeps its name
                by_origin = {}
                for op in self.after[j1:j2]:
                    by_origin.setdefault(origin_of(op), []).append(op)
                for op in self.before[i1:i2]:
                    found = by_origin.get(origin_of(op), ())
                    if len(found) == 1 and found[0].type == op.type:
                        counterpart[id(op)] = found[0]
        if self.reasons is not None:
            # ops the pass removed are named, in the reasons, as the version before printed them
            output = set(map(id, self.after))
            for op in self.before:
                if id(op) not in counterpart:
                    for note in self.reasons.about(op):
                        if id(note.op) not in output and id(note.op) not in counterpart:
                            counterpart[id(note.op)] = op
        names = self.names = _MergedNames(counterpart)
        guards = GuardNumbers()
        if inputargs is not None:
            self.header = "[%s]" % ", ".join(names.name_of(arg) for arg in inputargs)
        else:
            self.header = ""

        def line(op):
            return format_trace(None, [op], names, layout_class_names, guards)[0]

        def same(value):
            """``value`` of the version before as the version after has it."""
            return counterpart.get(id(value), value)

        labels = [i for i, op in enumerate(self.after) if op.name == "label"]
        self.body_ops = set(map(id, self.after[labels[1]:])) if len(labels) > 1 else set()
        rows, removed, added, taken = [], [], [], set()
        for tag, i1, i2, j1, j2 in blocks:
            if tag == "equal":
                rows += [(" ", line(op), None) for op in self.after[j1:j2] if op.name != "debug_merge_point"]
                continue
            for op in self.before[i1:i2]:
                if op.name == "debug_merge_point":
                    continue
                note = (self.reasons.removal(op, self.reasons_before, taken, same) if self.reasons is not None
                        else None)
                if note is not None:
                    taken.add(note)
                change = PassChange("removed", line(op), _bytecode(op), "", op, note)
                removed.append(change)
                rows.append(("-", change.line, change))
            for op in self.after[j1:j2]:
                if op.name == "debug_merge_point":
                    continue
                note = self._addition(op)
                change = PassChange("added", line(op), _bytecode(op), "", op, note)
                added.append(change)
                rows.append(("+", change.line, change))
        # the reasons name values as the listing does: worded once every line is named
        for change in removed + added:
            if change.note is not None:
                change.reason = self.reasons.text(change.note, names.name_of)
                acting = PASS_OF.get(change.note.code)
                if acting not in (None, "driver", self.pass_name) and self.pass_name in PASS_OF.values():
                    # an earlier pass of the chain, acting on what this one exposed
                    change.reason += " (%s, on what %s exposed)" % (acting, self.pass_name)
            elif self.reasons is not None:
                change.reason = NO_REASON if change.kind == "removed" else self._added_default(change.op)
        return rows, removed, added

    def _addition(self, op):
        return self.reasons.addition(op) if self.reasons is not None else None

    def _added_default(self, op):
        if id(op) in self.body_ops:
            return "added: the peeled loop body's copy of the op (the preamble ran it once, the body runs it " \
                "every other iteration)"
        return "added: an op the version before has elsewhere or in another form"

    @property
    def unexplained(self):
        """Removed ops the record gives no reason for (an empty list: all explained)."""
        return [c for c in self.removed if c.note is None]

    def summary(self):
        return "%s: %d ops %s -> %d ops %s (debug_merge_point left out): %d removed, %d added" % (
            self.pass_name, _real(self.before), self.before_label, _real(self.after), self.after_label,
            len(self.removed), len(self.added))

    def _text(self):
        lines = [self.summary(), "    " + self.header] if self.header else [self.summary()]
        for mark, text, change in self.rows:
            lines.append("  %s %s" % (mark, text))
            if change is not None:
                lines.append("      %s%s" % ("%s; " % change.bytecode if change.bytecode else "",
                                             change.reason or ("removed" if mark == "-" else "added")))
        return "\n".join(lines)

    def _html(self):
        rows = []
        for mark, text, change in self.rows:
            if change is None:
                rows.append(("", '<span style="%s">%s</span>' % (GREY, esc(text)), "", ""))
            elif mark == "-":
                rows.append(('<span style="color:#b03030">-</span>',
                             '<s class="pt-removed" style="color:#b03030">%s</s>' % esc(text),
                             esc(change.bytecode), esc(change.reason)))
            else:
                rows.append(('<span style="color:#208020">+</span>',
                             '<span class="pt-added" style="color:#208020">%s</span>' % esc(text),
                             esc(change.bytecode), esc(change.reason)))
        head = '<div style="%s %s">%s</div>' % (MONO, GREY, esc(self.summary()))
        return head + table(rows, ("", "op", "bytecode", "why"))


def _reasons_of(trace, label):
    """The reasons of the run that made version ``label`` of ``trace``, or None."""
    passes = trace.passes
    if not label.startswith("after ") or not hasattr(passes, "reasons"):
        return None
    return passes.reasons(label[len("after "):])


def pass_diff(trace, pass_name):
    """What ``pass_name`` changed in ``trace`` (a TraceRecord): the trace
    after the chain of passes up to it, against the chain up to the pass
    before it.  A PassDiff."""
    versions = trace_versions(trace)
    labels = [label for label, _ in versions]
    after_label = "after %s" % pass_name
    if after_label not in labels:
        raise ValueError("no pass %r ran on this trace (its versions: %s)" % (pass_name, ", ".join(labels)))
    at = labels.index(after_label)
    return PassDiff(versions[at - 1][1], versions[at][1], trace.inputargs, pass_name, labels[at - 1], after_label,
                    _reasons_of(trace, after_label), _reasons_of(trace, labels[at - 1]), same_recording=True)


def without_pass_diff(trace_without, trace_with, pass_name):
    """What ``pass_name`` changes in the whole chain: the final trace of a
    run with ``enable_opts`` leaving it out (``trace_without``) against
    the final trace of a run with every pass (``trace_with``).  Passes
    early in the chain act on what later ones produce, so this shows
    more than ``pass_diff`` for intbounds or rewrite."""
    last = lambda trace: _reasons_of(trace, "after %s" % trace.passes[-1][0]) if trace.passes else None
    return PassDiff(trace_without.operations, trace_with.operations, trace_with.inputargs, pass_name,
                    "without %s" % pass_name, "with every pass", last(trace_with), last(trace_without))


def _real(ops):
    return sum(1 for op in ops if op.name != "debug_merge_point")


def pass_table(trace):
    """Per pass: ops before and after it (debug_merge_point left out, as in
    the diffs), removed, added; as text rows and HTML."""
    rows = []
    for label, _ in trace_versions(trace)[1:-1]:
        diff = pass_diff(trace, label[len("after "):])
        rows.append((diff.pass_name, _real(diff.before), _real(diff.after), len(diff.removed), len(diff.added)))
    header = ("pass", "ops before", "ops after", "removed", "added")
    text = "\n".join(["%-11s %10s %9s %8s %6s" % header] + ["%-11s %10d %9d %8d %6d" % row for row in rows])
    return HTMLText(table([tuple(esc(c) for c in row) for row in rows], header), text)
