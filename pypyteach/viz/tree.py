"""The trace tree: compiled loops, and the bridges grown on their guards.

Each loop is a box with its size; each guard that failed is an edge, labelled
with how many times the program left through it: to the bridge the guard
grew, or back to the interpreter when it has none.  Bridges end by jumping
into a loop (dashed edges).
"""

from collections import Counter

from .render import Diagram, dot_quote
from .trace import guard_origin, trace_counts


def trace_tree_diagram(jit_record):
    """The loops and bridges of a run as a graphviz Diagram (``.text()`` too)."""
    nodes, edges = _graph(jit_record)
    return Diagram(_dot(nodes, edges), _text(jit_record, nodes, edges))


def _owner_of_guards(record):
    owners = {}
    for trace in record.traces:
        for op in trace.operations or ():
            if op.is_guard():
                owners[op.descr] = trace
    return owners


def _graph(record):
    """nodes: [(id, trace or None, label)]; edges: [(from, to, label, style, sentence)]."""
    owners = _owner_of_guards(record)
    # every failure, also those past the records kept (JitRecord.failure_counts;
    # a record without it, read back from an old pickle, counts its list)
    counts = getattr(record, "failure_counts", None) or Counter(f.guard for f in record.guard_failures)
    failures = Counter({guard: n for guard, n in counts.items() if guard is not None})
    nodes, edges = [], []
    for trace in record.traces:
        counts = trace_counts(trace.operations or trace.unoptimized)
        title = "Loop %d" % trace.number if trace.kind == "loop" else "Bridge %d" % trace.number
        where = trace.name if trace.kind == "loop" else "out of guard 0x%x" % trace.guard.number
        entered = record.entries.get(trace.number) if trace.kind == "loop" else None
        size = "%d ops, %d guards" % (counts["ops"], counts["guards"])
        if entered:
            size += ", entered %d time%s" % (entered, "" if entered == 1 else "s")
        nodes.append(("t%d" % trace.number, trace, "%s\n%s\n%s" % (title, where, size)))
        target = _jump_target(trace)
        if trace.kind == "bridge" and target is not None:
            number, part = target
            edges.append(("t%d" % trace.number, "t%d" % number, "jumps to its %s" % part, "dashed",
                          "ends with a jump into Loop %d, to its %s" % (number, part)))
    bridged = {t.guard: t for t in record.bridges()}
    for guard, count in sorted(failures.items(), key=lambda item: item[0].number):
        owner = owners.get(guard)
        if owner is None:
            continue
        times = "%d time%s" % (count, "" if count == 1 else "s")
        origin = guard_origin(guard, short=True)
        if origin:
            # the number changed between the recorded trace and the loop: say how
            times += " (%s)" % origin
        if guard in bridged:
            label = "guard 0x%x failed %s,\nthen got this bridge" % (guard.number, times)
            edges.append(("t%d" % owner.number, "t%d" % bridged[guard].number, label, "solid",
                          "guard 0x%x failed %s -> Bridge %d grew on it" % (guard.number, times,
                                                                           bridged[guard].number)))
        else:
            edges.append(("t%d" % owner.number, "interp", "guard 0x%x failed %s" % (guard.number, times), "dotted",
                          "guard 0x%x failed %s -> back to the interpreter" % (guard.number, times)))
    edges += _logged_bridge_edges(record, owners, failures)
    if any(edge[1] == "interp" for edge in edges):
        nodes.append(("interp", None, "back to the interpreter"))
    return nodes, edges


def _logged_bridge_edges(record, owners, failures):
    """A log has no guard failures, but jit-backend-counts says how often
    each bridge was entered (jit/logrecord.py LogGuard.bridge_entries)."""
    edges = []
    for bridge in record.bridges():
        guard = bridge.guard
        count = getattr(guard, "bridge_entries", None)
        owner = owners.get(guard)
        if count is None or owner is None or guard in failures:
            continue
        times = "%d time%s" % (count, "" if count == 1 else "s")
        edges.append(("t%d" % owner.number, "t%d" % bridge.number, "guard 0x%x:\nbridge entered %s" % (
            guard.number, times), "solid", "guard 0x%x -> Bridge %d, entered %s" % (guard.number, bridge.number,
                                                                                 times)))
    return edges


def _jump_target(trace):
    ops = trace.operations or trace.unoptimized
    if not ops or ops[-1].name != "jump":
        return None
    """(loop number, "body" or "preamble") of a trace's closing jump, or None."""
    loop = getattr(ops[-1].descr, "loop", None)
    if loop is None:
        return None
    return loop.number, "body" if ops[-1].descr is loop.body_target else "preamble"


def _dot(nodes, edges):
    lines = ["digraph tracetree {", "  rankdir=TB;", '  node [fontname="Helvetica", fontsize=11];',
             '  edge [fontname="Helvetica", fontsize=9];']
    for node_id, trace, label in nodes:
        if trace is None:
            lines.append('  %s [label=%s, shape=ellipse, style=filled, fillcolor="#f4f4f4"];' % (node_id, dot_quote(label)))
        else:
            fill = "#d6eaf8" if trace.kind == "loop" else "#fdebd0"
            lines.append('  %s [label=%s, shape=box, style="filled,rounded", fillcolor="%s"];'
                         % (node_id, dot_quote(label), fill))
    for source, target, label, style, _ in edges:
        extra = ", constraint=false" if style == "dashed" else ""
        lines.append("  %s -> %s [label=%s, style=%s%s];" % (source, target, dot_quote(label), style, extra))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _text(record, nodes, edges):
    if not record.traces:
        return "no trace was compiled"
    lines = []
    for node_id, trace, label in nodes:
        if trace is None:
            continue
        title, where, size = label.split("\n")
        lines.append("%s (%s): %s" % (title, where, size))
        lines += ["  " + sentence for source, _, _, _, sentence in edges if source == node_id]
    return "\n".join(lines)
