"""What one optimizer pass changed: the trace before it and after it, diffed.

The run record keeps the trace after every pass of the chain (PyPy's order:
intbounds, rewrite, virtualize, string, pure, earlyforce, heap, unroll; see
jit/optimizer/__init__.py).  Each version is its own copy, so operations are
matched by what they are (name, descr, and the bytecode that recorded them)
with difflib, not by identity.  Values are renamed in every listing, so the
printed lines name values as each version prints them.

Every removed op gets the rule of that pass that removes such an op (the
reason column): a sentence about the kind of op and the pass, derived from
the pass's documented rules, not a log of the optimizer's decision.
"""

import difflib
from dataclasses import dataclass

from .render import GREY, MONO, HTMLText, esc, table
from .trace import TraceText, trace_versions

# What each pass does to the ops it removes, by op family (a prefix or a
# substring of the op name, "ovf" for the *_ovf ops).  The families are
# matched in order; "" is the pass's own catch-all.
_RULES = {
    "intbounds": [("guard_true", "the integer bounds known so far prove the condition: the guard cannot fail"),
                  ("guard_false", "the integer bounds known so far prove the condition: the guard cannot fail"),
                  ("guard_no_overflow", "the integer bounds prove no overflow: the guard cannot fail"),
                  ("ovf", "the bounds prove no overflow: the _ovf op became a plain one"),
                  ("int_", "its result follows from the known integer bounds (a constant)"),
                  ("", "its result follows from the known integer bounds")],
    "rewrite": [("guard", "already checked: an earlier guard established the same class, value or nullness"),
                ("int_", "rewritten into a cheaper op or folded to a constant (algebra)"),
                ("float_", "rewritten into a cheaper op or folded to a constant (algebra)"),
                ("", "rewritten into a cheaper op or folded to a constant")],
    "virtualize": [("new", "allocation removed: the object stays virtual, its fields live in trace values"),
                   ("setfield", "a write into a virtual object: kept in the optimizer, not in memory"),
                   ("getfield", "a read from a virtual object: the value written earlier is used"),
                   ("arrayitem", "an item of a virtual array: kept in the optimizer, not in memory"),
                   ("arraylen", "the length of a virtual array is known"),
                   ("guard_class", "the object is virtual: its class is known"),
                   ("guard_nonnull", "the object is virtual: it is not NULL"),
                   ("guard_value", "it checks a field of a virtual object, whose value is known: it always holds"),
                   ("ptr_", "an identity test on a virtual object: known at optimization time")],
    "string": [("str", "a string operation on a virtual string, done at optimization time")],
    "pure": [("guard", "the same guard on the same value came earlier"),
             ("", "pure: computed earlier with the same arguments (common subexpression) or constant")],
    "earlyforce": [("", "moved: a virtual is allocated only where it escapes")],
    "heap": [("getfield", "the field's value is already known (written or read earlier, no call in between)"),
             ("getarrayitem", "the item's value is already known"),
             ("setfield", "a later write to the same field replaces it, or it writes the value already there"),
             ("setarrayitem", "a later write replaces it, or it writes the value already there"),
             ("guard_not_invalidated", "one guard_not_invalidated per stretch without calls is enough"),
             ("guard", "the value it checks comes from a cached read and is known: the guard cannot fail")],
    "unroll": [("new", "the peeled loop's label takes the object's fields: no box is made to cross the jump"),
               ("setfield", "the peeled loop's label takes the object's fields: no box is made to cross the jump"),
               ("jump", "replaced: the closing jump now goes to the loop body's own label"),
               ("", "not needed in the loop body: the preamble (first iteration) did it, once")],
}

# The passes early in the chain act again on what a later pass exposes (a
# value unboxed by virtualize gets integer bounds): an op a pass has no rule
# for is explained by these, in this order.
_FALLBACK = ("intbounds", "rewrite", "pure", "heap", "virtualize")


def _rule(pass_name, op_name, catch_all):
    for family, sentence in _RULES.get(pass_name, ()):
        if family == "ovf":
            if op_name.endswith("_ovf"):
                return sentence
        elif family == "" and not catch_all:
            continue
        elif family in op_name:
            return sentence
    return None


def removal_reason(pass_name, op_name):
    """The rule that removes an op named ``op_name`` when ``pass_name`` joins
    the chain: the pass's own rule for such an op (its catch-all included),
    else the rule of another pass acting on what this one exposed."""
    own = _rule(pass_name, op_name, catch_all=True)
    if own:
        return own
    for other in _FALLBACK:
        if other != pass_name:
            found = _rule(other, op_name, catch_all=False)
            if found:
                return "%s (%s, acting on what %s exposed)" % (found, other, pass_name)
    return "removed by the chain up to %s" % pass_name


@dataclass
class PassChange:
    kind: str          # "removed" or "added"
    line: str          # the op as its version prints it
    bytecode: str      # "#20 BINARY_MODULO", "" when the JIT added it
    reason: str        # removed ops: the pass's rule; added: ""


def _key(op):
    prov = op.provenance
    where = (prov.depth, prov.offset) if prov is not None else None
    # guards' and jumps' descrs are numbered per run: only field, size,
    # array and call descrs say what an op is
    numbered = op.is_guard() or op.name in ("label", "jump")
    return (op.name, repr(op.descr) if op.descr is not None and not numbered else "", where)


def _bytecode(op):
    prov = op.provenance
    return "#%d %s" % (prov.offset, prov.opname) if prov is not None else ""


class PassDiff(HTMLText):
    """The ops one pass removed and added; ``.removed`` / ``.added`` are
    lists of PassChange, ``.before`` / ``.after`` the two versions' ops."""

    def __init__(self, before, after, inputargs, pass_name, before_label, after_label):
        self.pass_name = pass_name
        self.before_label, self.after_label = before_label, after_label
        self.before, self.after = before, after
        self.removed, self.added = self._changes(inputargs)
        HTMLText.__init__(self, self._html(), self._text())

    def _changes(self, inputargs):
        before_text = TraceText(inputargs, self.before)
        after_text = TraceText(inputargs, self.after)
        offset_before = len(before_text.lines) - len(self.before)
        offset_after = len(after_text.lines) - len(self.after)
        matcher = difflib.SequenceMatcher(None, [_key(op) for op in self.before],
                                          [_key(op) for op in self.after], autojunk=False)
        removed, added = [], []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag in ("delete", "replace"):
                removed += [PassChange("removed", before_text.lines[offset_before + i], _bytecode(op),
                                       removal_reason(self.pass_name, op.name))
                            for i, op in zip(range(i1, i2), self.before[i1:i2]) if op.name != "debug_merge_point"]
            if tag in ("insert", "replace"):
                added += [PassChange("added", after_text.lines[offset_after + j], _bytecode(op), "")
                          for j, op in zip(range(j1, j2), self.after[j1:j2]) if op.name != "debug_merge_point"]
        return removed, added

    def summary(self):
        return "%s: %d ops %s -> %d ops %s (debug_merge_point left out): %d removed, %d added" % (
            self.pass_name, _real(self.before), self.before_label, _real(self.after), self.after_label,
            len(self.removed), len(self.added))

    def _text(self):
        lines = [self.summary()]
        for change in self.removed:
            lines.append("  - %s" % change.line)
            lines.append("      %s; %s" % (change.bytecode or "added by the JIT", change.reason))
        for change in self.added:
            lines.append("  + %s" % change.line)
            lines.append("      %s" % (change.bytecode or "added by the JIT"))
        return "\n".join(lines)

    def _html(self):
        rows = [('<span style="color:#b03030">-</span>', esc(c.line), esc(c.bytecode), esc(c.reason))
                for c in self.removed]
        rows += [('<span style="color:#208020">+</span>', esc(c.line), esc(c.bytecode), "") for c in self.added]
        head = '<div style="%s %s">%s</div>' % (MONO, GREY, esc(self.summary()))
        return head + table(rows, ("", "op", "bytecode", "why"))


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
    return PassDiff(versions[at - 1][1], versions[at][1], trace.inputargs, pass_name, labels[at - 1], after_label)


def without_pass_diff(trace_without, trace_with, pass_name):
    """What ``pass_name`` changes in the whole chain: the final trace of a
    run with ``enable_opts`` leaving it out (``trace_without``) against
    the final trace of a run with every pass (``trace_with``).  Passes
    early in the chain act on what later ones produce, so this shows
    more than ``pass_diff`` for intbounds or rewrite."""
    return PassDiff(trace_without.operations, trace_with.operations, trace_with.inputargs, pass_name,
                    "without %s" % pass_name, "with every pass")


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
