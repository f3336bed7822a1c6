"""A PYPYLOG file in the course's views, as one page that needs no kernel.

``log_page(record, summary, title)`` takes the JitRecord a loaded log makes
(jit/logrecord.py: loops and bridges with their ops, machine code, source
lines and entry counts) and puts together the views the notebooks show for
a run: the trace tree with entry counts on its edges, then for each loop
and bridge its trace listing (stepping, with source lines) and its machine
code linked op by op (AssemblyView), each as its kernel-free fragment
(static.py).
"""

from .assembly import AssemblyView
from .render import MONO, RendererMissing, esc
from .trace import TraceStepper
from .tree import trace_tree_diagram

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>%(title)s</title></head>
<body style="margin: 16px; font-family: Helvetica, Arial, sans-serif;">
<h1 style="font-size: 20px;">%(title)s</h1>
<pre style="%(mono)s background: #f6f8fa; padding: 8px;">%(summary)s</pre>
%(body)s
</body></html>
"""


def log_page(record, summary, title=None):
    """A whole HTML page of the log's views."""
    parts = ["<h2>Trace tree</h2>", _tree_html(record)]
    for trace in record.traces:
        parts.append("<h2>%s</h2>" % esc(_heading(trace)))
        parts.append(TraceStepper(record, trace.number).static_html())
        if trace.machine_code is not None:
            parts.append("<h3>Machine code</h3>")
            parts.append(AssemblyView(record, trace.number).static_html())
    return PAGE % {"title": esc(title or "PYPYLOG"), "mono": MONO, "summary": esc(summary),
                   "body": "\n".join(parts)}


def _heading(trace):
    if trace.kind == "loop":
        return "Loop %d (%s)" % (trace.number, trace.name)
    return "Bridge %d out of Guard 0x%x" % (trace.number, trace.guard.number)


def _tree_html(record):
    diagram = trace_tree_diagram(record)
    try:
        return diagram.static_html()
    except RendererMissing:
        # no Graphviz on this machine: the same tree in words
        return '<pre style="%s">%s</pre>' % (MONO, esc(diagram.text()))
