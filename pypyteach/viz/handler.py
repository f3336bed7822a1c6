"""One opcode handler as the graph of low-level operations it performed.

PyPy's interpreter is RPython; the RPython toolchain turns each of its
functions into a *flow graph* of low-level operations (``int_add``,
``getfield``...), and the JIT's codewriter turns those graphs into the
jitcodes the tracer follows.  pypyteach's interpreter is written against the
same kind of low-level operations (vm/memory/lloperation.py), and the tracer records
them as it runs.  So the ops a trace holds between one ``debug_merge_point``
and the next are exactly what the handler of that bytecode did, this once,
with these values: this view draws them as a data-flow graph, grouped by the
interpreter function that performed each one.

It reads only the recorded trace (a TraceRecord's ``unoptimized`` ops and
their provenance): nothing is drawn by hand.
"""

from .render import Diagram, dot_quote
from .trace import TraceText, short_path


class HandlerGraph(Diagram):
    """The ops one bytecode's handler recorded; ``.ops`` are the operations,
    ``.functions`` the interpreter functions that recorded them, in order."""

    def __init__(self, trace, offset, ops, names, code=None):
        self.trace = trace
        self.offset = offset
        self.code = code
        self.ops = ops
        self.opname = _bytecode_of(trace, offset, code)
        self.functions = _functions(ops)
        Diagram.__init__(self, _dot(self, names), _text(self, names))


def handler_ops(trace, offset, code=None):
    """The ops recorded for the bytecode at ``offset`` of the trace's root
    code (depth 0), or of the inlined function named ``code``, in order,
    ``debug_merge_point`` left out.  A bytecode that recorded nothing (its
    work depended only on constants) gives []."""
    ops, inside = [], False
    for op in trace.unoptimized:
        if op.name == "debug_merge_point":
            inside = _is_point(op.provenance, code) and op.provenance.offset == offset
            continue
        if inside and op.name not in ("label", "jump"):
            ops.append(op)
    return ops


def handler_graph(trace, opname=None, offset=None, code=None):
    """The graph of the ops the handler of one bytecode recorded in
    ``trace`` (a TraceRecord): give the bytecode's ``offset``, or its
    ``opname`` (its first occurrence in the trace that recorded an op).
    ``code`` names an inlined function to look in (default: the function
    the loop is in)."""
    offset = _find_offset(trace, opname, offset, code)
    return HandlerGraph(trace, offset, handler_ops(trace, offset, code), _Listing(trace), code)


def _is_point(prov, code):
    if prov is None:
        return False
    return prov.depth == 0 if code is None else prov.code_name == code


def _merge_points(trace, code=None):
    return [op.provenance for op in trace.unoptimized
            if op.name == "debug_merge_point" and _is_point(op.provenance, code)]


def _find_offset(trace, opname, offset, code):
    points = _merge_points(trace, code)
    if not points:
        raise ValueError("the trace ran no bytecode of %r" % code)
    if (opname is None) == (offset is None):
        raise ValueError("give the bytecode's opname or its offset (one of them)")
    if offset is not None:
        if all(p.offset != offset for p in points):
            raise ValueError("the trace ran no bytecode at offset %d (it ran %s)"
                             % (offset, ", ".join("#%d" % p.offset for p in points)))
        return offset
    matching = [p.offset for p in points if p.opname == opname]
    if not matching:
        raise ValueError("the trace ran no %s (it ran %s)" % (opname, ", ".join(sorted({p.opname for p in points}))))
    recorded = [o for o in matching if handler_ops(trace, o, code)]
    return (recorded or matching)[0]


def _bytecode_of(trace, offset, code):
    return next(p.opname for p in _merge_points(trace, code) if p.offset == offset)


def _functions(ops):
    seen = []
    for op in ops:
        key = _function_key(op)
        if key not in seen:
            seen.append(key)
    return seen


def _function_key(op):
    prov = op.provenance
    if prov is None:
        return ("(the JIT)", "")
    return (prov.interp_function, short_path(prov.interp_file))


# -- faces ------------------------------------------------------------------------------------

class _Listing(TraceText):
    """The whole recorded trace printed once, so values keep the names the
    trace listing gives them (``i17`` here is ``i17`` there)."""

    def __init__(self, trace):
        TraceText.__init__(self, trace.inputargs, trace.unoptimized)
        self.index = {id(op): i for i, op in enumerate(trace.unoptimized)}


def _op_line(names, op):
    return names.lines[names.index[id(op)]]


def _text(graph, names):
    head = "#%d %s%s: %d low-level op%s" % (graph.offset, graph.opname, " in %s" % graph.code if graph.code else "",
                                             len(graph.ops), "" if len(graph.ops) == 1 else "s")
    if not graph.ops:
        return head + " (everything it did depended only on constants: nothing was recorded)"
    lines = [head + ", recorded by %s" % ", ".join(f for f, _ in graph.functions)]
    current = None
    for op in graph.ops:
        # in order; a header each time the recording function changes
        if _function_key(op) != current:
            current = _function_key(op)
            lines.append("  in %s (%s):" % current)
        lines.append("    " + _op_line(names, op))
    inputs = _inputs(graph.ops, names)
    if inputs:
        lines.append("  values from earlier: %s" % ", ".join(inputs))
    return "\n".join(lines)


def _inputs(ops, names):
    """Names of the non-constant arguments made before this handler ran."""
    made = {id(op) for op in ops}
    seen = []
    for op in ops:
        for arg in op.args:
            if getattr(arg, "type", "v") in "irf" and id(arg) not in made and not _is_const(arg):
                name = names.name(arg)
                if name not in seen:
                    seen.append(name)
    return seen


def _is_const(value):
    from ..jit.resoperation import Const
    return isinstance(value, Const)


def _dot(graph, names):
    out = ["digraph handler {", "  rankdir=TB;", '  node [fontname="monospace", fontsize=10, shape=box];',
           '  label=%s; labelloc=t;' % dot_quote("#%d %s, as the tracer recorded it" % (graph.offset, graph.opname))]
    node_of = {}
    for i, (function, path) in enumerate(graph.functions):
        out.append("  subgraph cluster_%d {" % i)
        out.append('    label=%s; style=rounded; color="#888888";' % dot_quote("%s  (%s)" % (function, path)))
        for j, op in enumerate(graph.ops):
            if _function_key(op) == (function, path):
                node_of[id(op)] = "op%d" % j
                shape = ', shape=hexagon, color="#b03030"' if op.is_guard() else ""
                out.append("    op%d [label=%s%s];" % (j, dot_quote(_short(_op_line(names, op))), shape))
        out.append("  }")
    for name in _inputs(graph.ops, names):
        out.append('  in_%s [label=%s, shape=ellipse, color="#3060b0"];' % (name, dot_quote(name)))
    for j, op in enumerate(graph.ops):
        for arg in op.args:
            if id(arg) in node_of:
                out.append("  %s -> op%d;" % (node_of[id(arg)], j))
            elif getattr(arg, "type", "v") in "irf" and not _is_const(arg):
                out.append("  in_%s -> op%d;" % (names.name(arg), j))
    out.append("}")
    return "\n".join(out)


def _short(line):
    """Guards' fail-arg lists are long and say nothing about data flow."""
    return line.split(" [", 1)[0] if "descr=<Guard" in line else line
