"""pypyteach.viz: the views notebooks show.  They only read records (a
StepRecording, a JitRecord, code objects); each also renders as plain text
(``.text()``) and as one self-contained HTML fragment that steps without a
kernel (``static_html()``, see static.py: the live widget and the fragment
draw the same frames).  AssemblyView and MachineStepper show the machine code
of a machine backend (jit="x86_64") and its single-stepped instructions;
ArchitecturesView one loop compiled for every architecture, side by side.
handler_graph draws one bytecode's recorded low-level ops, pass_diff what
one optimizer pass changed, collection_summary one garbage collection
(vm/memory/gcwatch.py records), dis_side_by_side pypyteach's bytecode beside the
host CPython's; iteration_timeline who ran each iteration of a loop (interpreter,
tracer, compiled code, a guard's exit), with the JIT's counter and events on
the same axis.  plots (imported on its own: it loads matplotlib) draws
warm-up and speed-up figures from measure.py's measurements."""

from .render import Diagram, HTMLText, RendererMissing, available_renderer, render_svg
from .pipeline import STAGE_NAMES, pipeline_diagram
from .bytecode import BytecodeStepper, disassembly_view, step_text
from .trace import TraceStepper, size_comparison, trace_counts, trace_listing, trace_versions
from .guards import GuardFailureView, failure_text
from .tree import trace_tree_diagram
from .assembly import AssemblyView, MachineStepper
from .handler import HandlerGraph, handler_graph, handler_ops
from .passes import PassDiff, pass_diff, pass_table, without_pass_diff
from .gcview import collection_summary, collections_table
from .cpython import dis_side_by_side
from .beside_pypy import beside_pypy
from .exercise import check
from .objects import object_view
from .architectures import ArchitecturesView
from .logview import log_page
from .timeline import iteration_timeline

__all__ = [
    "Diagram", "HTMLText", "RendererMissing", "available_renderer", "render_svg",
    "STAGE_NAMES", "pipeline_diagram",
    "BytecodeStepper", "disassembly_view", "step_text",
    "TraceStepper", "size_comparison", "trace_counts", "trace_listing", "trace_versions",
    "GuardFailureView", "failure_text",
    "trace_tree_diagram",
    "AssemblyView", "MachineStepper", "ArchitecturesView",
    "HandlerGraph", "handler_graph", "handler_ops",
    "PassDiff", "pass_diff", "pass_table", "without_pass_diff",
    "collection_summary", "collections_table",
    "dis_side_by_side", "beside_pypy", "check", "object_view", "log_page", "iteration_timeline",
]
