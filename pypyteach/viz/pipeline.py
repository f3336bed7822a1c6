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
WRAP = 22   # characters per line in a box: five boxes side by side fit a 1280-pixel slide


def pipeline_diagram(highlight="tracing"):
    """The stages source → ... → emulation in their three levels, with
    ``highlight`` (a stage name, or None) marked.  Laid out in three rows,
    one per level, so that it fits a 1280x720 slide at a readable size."""
    if highlight is not None and highlight not in STAGE_NAMES:
        raise ValueError("unknown stage %r; the stages are: %s" % (highlight, ", ".join(STAGE_NAMES)))
    return Diagram(_dot(highlight), _text(highlight))


def _wrap(text):
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > WRAP:
            lines.append(line)
            line = word
        else:
            line = "%s %s" % (line, word) if line else word
    return lines + [line] if line else lines


def _node(name, label, highlight):
    # the stage we are at: a colour, a thick border and the words "we are here"
    if name == highlight:
        return ('    %s [label=%s, fillcolor="%s", style="filled,bold", penwidth=3];'
                % (name, dot_quote("\u25b6 we are here\n" + label), HIGHLIGHT_FILL))
    return '    %s [label=%s, fillcolor="%s", style="filled"];' % (name, dot_quote(label), PLAIN_FILL)


def _dot(highlight):
    describe = dict(STAGES)
    lines = ["digraph pipeline {", "  rankdir=TB; compound=true; newrank=true; nodesep=0.25; ranksep=0.45;",
             '  node [shape=box, fontname="Helvetica", fontsize=16, margin="0.12,0.06"];',
             '  edge [fontname="Helvetica", fontsize=14];']
    for key, title, nodes in LEVELS:
        lines.append("  subgraph cluster_%s {" % key)
        lines.append('    label=%s; style="rounded"; color="#667788"; fontname="Helvetica-Bold"; fontsize=16;'
                     % dot_quote(title))
        for name, label in nodes:
            text = label or "\n".join([name] + _wrap(describe[name]))
            lines.append(_node(name, "\n".join(_wrap(text)) if label else text, highlight))
        # one row per level
        lines.append("    { rank=same; %s; }" % "; ".join(name for name, _ in nodes))
        lines.append("    %s;" % " -> ".join(name for name, _ in nodes))
        lines.append("  }")
    lines += [
        '  pypy_exe -> interpretation [style=dashed, penwidth=1.5, label=" is the interpreter that"];',
        '  interpretation -> tracing [penwidth=1.5, label=" a loop gets hot"];',
        '  guards -> interpretation [style=dashed, color="#a02c1e", fontcolor="#a02c1e", penwidth=1.5, '
        'constraint=false, label="a guard fails: resume"];',
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
