"""The map of the course: how PyPy runs a Python program, on two levels.

The diagram answers the first question trainers ask ("is my program turned
into RPython and then C?"): no.  RPython and C belong to PyPy's build, which
happens once; your program only ever becomes bytecode, run by that
interpreter, and the JIT traces the interpreter running it.
"""

from .render import Diagram, dot_quote

STAGES = (
    ("source", "your .py file"),
    ("bytecode", "compiled when the program starts"),
    ("interpretation", "the interpreter runs each bytecode"),
    ("tracing", "a hot loop: the JIT records what the interpreter does"),
    ("optimization", "the recorded operations are simplified"),
    ("guards", "checks that leave the compiled loop"),
    ("assembly", "machine code for the loop"),
    ("emulation", "that machine code runs (in the Unicorn emulator)"),
)
STAGE_NAMES = tuple(name for name, _ in STAGES)

LEVELS = (
    ("build", "RPython translates the interpreter once (PyPy's build)",
     (("rpython_src", "the interpreter, written in RPython"), ("c_code", "C code"),
      ("pypy_exe", "the pypy executable"))),
    ("run", "the interpreter runs your bytecode", (("source", None), ("bytecode", None), ("interpretation", None))),
    ("jit", "the JIT traces the interpreter",
     (("tracing", None), ("optimization", None), ("guards", None), ("assembly", None), ("emulation", None))),
)

HIGHLIGHT_FILL = "#ffd166"
PLAIN_FILL = "#eef2f7"


def pipeline_diagram(highlight="tracing"):
    """The stages source → ... → emulation in their three levels, with
    ``highlight`` (a stage name, or None) coloured."""
    if highlight is not None and highlight not in STAGE_NAMES:
        raise ValueError("unknown stage %r; the stages are: %s" % (highlight, ", ".join(STAGE_NAMES)))
    return Diagram(_dot(highlight), _text(highlight))


def _node(name, label, highlight):
    fill = HIGHLIGHT_FILL if name == highlight else PLAIN_FILL
    width = "bold" if name == highlight else "solid"
    return '    %s [label=%s, fillcolor="%s", style="filled,%s"];' % (name, dot_quote(label), fill, width)


def _dot(highlight):
    describe = dict(STAGES)
    lines = ["digraph pipeline {", "  rankdir=LR; compound=true;",
             '  node [shape=box, fontname="Helvetica", fontsize=11];',
             '  edge [fontname="Helvetica", fontsize=9];']
    for key, title, nodes in LEVELS:
        lines.append("  subgraph cluster_%s {" % key)
        lines.append('    label=%s; style="rounded"; color="#8899aa"; fontname="Helvetica";' % dot_quote(title))
        for name, label in nodes:
            lines.append(_node(name, label or "%s\n%s" % (name, describe[name]), highlight))
        lines.append("    %s;" % " -> ".join(name for name, _ in nodes))
        lines.append("  }")
    lines += [
        '  pypy_exe -> interpretation [style=dashed, label="is the interpreter that"];',
        '  interpretation -> tracing [label="a loop gets hot"];',
        '  guards -> interpretation [style=dashed, color="#c0392b", label="a guard fails: resume"];',
        "}",
    ]
    return "\n".join(lines) + "\n"


def _text(highlight):
    mark = lambda name: "*%s*" % name if name == highlight else name
    lines = ["How PyPy runs your program (*stage* = where we are):"]
    for key, title, nodes in LEVELS:
        lines.append("[%s]" % title)
        if key == "build":
            lines.append("  " + " -> ".join(label for _, label in nodes))
        else:
            lines.append("  " + " -> ".join(mark(name) for name, _ in nodes))
    lines.append("A hot loop sends interpretation to tracing; a failing guard sends the program back "
                 "to interpretation.")
    return "\n".join(lines)
