"""pypyteach.viz: the views notebooks show.  They only read records (a
StepRecording, a JitRecord, code objects); each also renders as plain text
(``.text()``).  AssemblyView and MachineStepper show the machine code of
a machine backend (jit="x86_64") and its single-stepped instructions;
ArchitecturesView one loop compiled for every architecture, side by side."""

from .render import Diagram, HTMLText, RendererMissing, available_renderer, render_svg
from .pipeline import STAGE_NAMES, pipeline_diagram
from .bytecode import BytecodeStepper, disassembly_view, step_text
from .trace import TraceStepper, size_comparison, trace_counts, trace_listing, trace_versions
from .guards import GuardFailureView, failure_text
from .tree import trace_tree_diagram
from .assembly import AssemblyView, MachineStepper
from .architectures import ArchitecturesView

__all__ = [
    "Diagram", "HTMLText", "RendererMissing", "available_renderer", "render_svg",
    "STAGE_NAMES", "pipeline_diagram",
    "BytecodeStepper", "disassembly_view", "step_text",
    "TraceStepper", "size_comparison", "trace_counts", "trace_listing", "trace_versions",
    "GuardFailureView", "failure_text",
    "trace_tree_diagram",
    "AssemblyView", "MachineStepper", "ArchitecturesView",
]
