"""Offline reveal.js decks from the course notebooks.

``build_deck(notebook)`` writes one HTML file that needs nothing else: the
reveal.js core, its stylesheet and its speaker-notes plugin are copied into
it from the reveal.js that the ``sphinx-revealjs`` package ships (installed
with pypyteach), never loaded from a CDN; the views' outputs are their
kernel-free fragments (pypyteach/viz/static.py), which step on the slide.

Cells become slides by their ``slideshow.slide_type`` metadata, as in
``jupyter nbconvert --to slides`` and RISE: ``slide`` starts a slide,
``subslide`` a slide below it, ``fragment`` appears on the next key press,
``notes`` goes to the speaker view (key S), ``skip`` is left out, ``-`` (or
none) continues the slide.  Cells tagged with one of ``REMOVE_CELL_TAGS``
are left out whole, and ``REMOVE_INPUT_TAGS`` keeps only a cell's output.

Why not nbconvert's SlidesExporter: offline it needs five JavaScript
libraries from the npm registry (reveal.js, require.js, jQuery, MathJax,
the widget manager) and a template; the views need none of them.
"""

import glob
import html
import json
import os
import re

# the cell tags that leave a cell out of a deck, in one place: notebooks,
# the deck builder and the tests read them from here
REMOVE_CELL_TAGS = ("remove", "solution")
REMOVE_INPUT_TAGS = ("remove-input",)
# an exercise's check cell keeps its code but not its stored output: that
# output was made with the solution in place, which the deck leaves out
REMOVE_OUTPUT_TAGS = ("check",)

SLIDE_TYPES = ("slide", "subslide", "fragment", "notes", "skip", "-")

# what a deck shows of an output, first found first: HTML (the views'
# fragments, listings), then pictures, then text
OUTPUT_ORDER = ("text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "text/plain")

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class DeckError(Exception):
    """A notebook that cannot become a deck (unreadable, not a notebook)."""


def reveal_dir():
    """The reveal.js folder shipped by the sphinx-revealjs package."""
    try:
        import sphinx_revealjs
    except ImportError:
        raise DeckError("reveal.js is missing: install the sphinx-revealjs package "
                        "(pip install sphinx-revealjs; python3 dev.py setup installs it)") from None
    path = os.path.join(os.path.dirname(sphinx_revealjs.__file__), "_static", "revealjs")
    if not os.path.exists(os.path.join(path, "dist", "reveal.js")):
        raise DeckError("the sphinx-revealjs package has no reveal.js in %s" % path)
    return path


def _asset(*parts):
    with open(os.path.join(reveal_dir(), *parts), encoding="utf-8") as f:
        return f.read()


# -- cells ---------------------------------------------------------------------------------------

def cell_kind(cell):
    """'slide', 'subslide', 'fragment', 'notes', 'skip' or '-' for a cell;
    'skip' also for the cells tagged to be removed."""
    if set(cell.get("metadata", {}).get("tags", ())) & set(REMOVE_CELL_TAGS):
        return "skip"
    kind = cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-") or "-"
    return kind if kind in SLIDE_TYPES else "-"


def _source(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _text(value):
    return "".join(value) if isinstance(value, list) else str(value)


ANCHOR_LINK = re.compile(r'<a class="anchor-link" href="[^"]*">[^<]*</a>')


def markdown_html(text):
    from nbconvert.filters.markdown import markdown2html
    # no heading anchors: a pilcrow on every slide title
    return ANCHOR_LINK.sub("", markdown2html(text))


def code_html(text):
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer
    return highlight(text, PythonLexer(), HtmlFormatter(cssclass="highlight"))


def output_html(output):
    """One output of a code cell as deck HTML."""
    kind = output.get("output_type")
    if kind == "stream":
        cls = "stderr" if output.get("name") == "stderr" else "stream"
        return '<pre class="%s">%s</pre>' % (cls, html.escape(_text(output.get("text", ""))))
    if kind == "error":
        lines = ANSI.sub("", "\n".join(output.get("traceback", ())))
        return '<pre class="stderr">%s</pre>' % html.escape(lines)
    data = output.get("data", {})
    for mime in OUTPUT_ORDER:
        if mime not in data:
            continue
        value = _text(data[mime])
        if mime == "text/html":
            return '<div class="output-html">%s</div>' % value
        if mime == "image/svg+xml":
            from .viz.render import fitted_svg
            return '<div class="output-svg">%s</div>' % fitted_svg(value)
        if mime in ("image/png", "image/jpeg"):
            return '<img alt="" src="data:%s;base64,%s">' % (mime, value.replace("\n", ""))
        if mime == "text/markdown":
            return markdown_html(value)
        return '<pre class="stream">%s</pre>' % html.escape(value)
    return ""


def cell_html(cell):
    """A cell's HTML on a slide (without its fragment or notes wrapper)."""
    if cell.get("cell_type") == "markdown":
        return markdown_html(_source(cell))
    if cell.get("cell_type") != "code":
        return ""
    parts = []
    if not set(cell.get("metadata", {}).get("tags", ())) & set(REMOVE_INPUT_TAGS) and _source(cell).strip():
        parts.append('<div class="input">%s</div>' % code_html(_source(cell)))
    if not set(cell.get("metadata", {}).get("tags", ())) & set(REMOVE_OUTPUT_TAGS):
        parts += [output_html(output) for output in cell.get("outputs", ())]
    return '<div class="cell">%s</div>' % "".join(parts)


# -- slides --------------------------------------------------------------------------------------

class Slide:
    def __init__(self):
        self.parts, self.notes = [], []

    def html(self):
        notes = '<aside class="notes">%s</aside>' % "".join(self.notes) if self.notes else ""
        return "<section>%s%s</section>" % ("".join(self.parts), notes)


def slides_of(notebook):
    """[[Slide, ...], ...]: the horizontal slides, each with its subslides."""
    columns = []
    for cell in notebook.get("cells", ()):
        kind = cell_kind(cell)
        if kind == "skip":
            continue
        if kind == "slide" or not columns:
            columns.append([Slide()])
        elif kind == "subslide":
            columns[-1].append(Slide())
        body = cell_html(cell)
        slide = columns[-1][-1]
        if kind == "notes":
            slide.notes.append(body)
        elif kind == "fragment":
            slide.parts.append('<div class="fragment">%s</div>' % body)
        elif body:
            slide.parts.append(body)
    return columns


def deck_title(notebook, fallback):
    for cell in notebook.get("cells", ()):
        if cell.get("cell_type") == "markdown":
            match = re.search(r"^#\s+(.+)$", _source(cell), re.M)
            if match:
                return match.group(1).strip()
    return fallback


THEME = """
html, body { background: #fff; }
.reveal { font-family: "Source Sans Pro", "Helvetica Neue", Helvetica, Arial, sans-serif; font-size: 26px; color: #111; }
.reveal .slides { text-align: left; }
.reveal .slides section { height: 100%; overflow-y: auto; box-sizing: border-box; padding: 8px 12px; }
.reveal .slides > section { padding: 0; overflow: visible; }
.reveal h1 { font-size: 1.7em; margin: 0 0 0.4em; } .reveal h2 { font-size: 1.35em; margin: 0 0 0.4em; }
.reveal h1, .reveal h2, .reveal h3 { color: #1f3b57; font-weight: 600; line-height: 1.2; }
.reveal p, .reveal li { line-height: 1.35; margin: 0.3em 0; }
.reveal ul, .reveal ol { margin-left: 1.2em; }
.reveal code { font-family: SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85em; background: #f2f4f7; padding: 0 3px; }
.reveal pre { font-family: SFMono-Regular, Menlo, Consolas, monospace; font-size: 15px; line-height: 1.3;
  margin: 4px 0; max-height: 420px; overflow: auto; white-space: pre; box-shadow: none; width: auto; }
.reveal .input .highlight { background: #f6f8fa; border-left: 4px solid #5b7fa6; padding: 4px 8px; margin: 6px 0; }
.reveal .input pre { max-height: 300px; margin: 0; }
.reveal .output-html, .reveal .output-svg { font-size: 15px; margin: 4px 0; max-height: 600px; overflow: auto; }
.reveal .output-html table { font-size: 13px; }
.reveal .stderr { background: #fdecea; }
.reveal aside.notes { display: none; }
.reveal .ppt-view table { line-height: 1.3; }
.reveal .ppt-view td, .reveal .ppt-view th, .reveal .output-html td, .reveal .output-html th { border: none; }
.reveal .ppt-view button { font-size: 15px; }
.reveal .slide-number { font-size: 14px; }
.reveal h2.ppt-continued { font-size: 1.05em; color: #5b7fa6; }
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="pypyteach slides">
<title>%(title)s</title>
<style>%(reveal_css)s</style>
<style>%(pygments_css)s</style>
<style>%(theme)s</style>
</head>
<body>
<div class="reveal"><div class="slides">
%(slides)s
</div></div>
<script>%(reveal_js)s</script>
<script>%(notes_js)s</script>
<script>
%(fit_js)s
pptFitSlides(%(width)d, %(height)d).then(function () { Reveal.initialize(%(config)s); });
</script>
</body>
</html>
"""

# A slide whose cells are taller than the slide would be cut off on a
# projector (or need scrolling in front of the room).  Before reveal.js
# starts, each such slide is split where its content runs out of room; the
# rest goes to a new slide below it, headed "<title> (continued)".  Slides
# split between top-level blocks, and inside a cell, a fragment, a list or a
# quotation when one of those alone is too tall; a block that is taller than
# a whole slide by itself (a long listing) keeps its own scroll box.  The
# speaker notes stay with the first part.  The slide size is fixed (CONFIG's
# width and height; reveal.js scales the slide to the screen), so the split
# is the same on every screen.
FIT_JS = r"""
function pptFitSlides(width, height) {
  var SPLITTABLE = {SECTION: 1, UL: 1, OL: 1, BLOCKQUOTE: 1};
  function splittable(el) {
    return SPLITTABLE[el.tagName] || (el.tagName === 'DIV' &&
      (el.classList.contains('cell') || el.classList.contains('fragment')));
  }
  function blocks(el) {
    return Array.prototype.filter.call(el.children, function (k) { return k.tagName !== 'ASIDE'; });
  }
  function shell(el, first) {        // an empty copy of el, to hold first and what follows it
    var copy = el.cloneNode(false);
    copy.removeAttribute('id');
    if (el.tagName === 'OL') {
      var items = Array.prototype.filter.call(el.children, function (k) { return k.tagName === 'LI'; });
      copy.setAttribute('start', parseInt(el.getAttribute('start') || '1', 10) + items.indexOf(first));
    }
    return copy;
  }
  // Move the blocks of el, from the first that ends below limit, into a
  // copy of el; returns the copy, or null when they all stay.
  // state.placed: some content already stays on the slide (the first block
  // of a slide always stays, even when it is too tall by itself).
  function cut(el, top, limit, state) {
    var kids = blocks(el), placedBefore = state.placed;
    for (var i = 0; i < kids.length; i++) {
      var box = kids[i].getBoundingClientRect();
      if (box.bottom - top > limit) {
        var rest = null;
        if (splittable(kids[i])) {
          var inner = cut(kids[i], top, limit, state);
          if (!inner) continue;
          rest = shell(el, kids[i]);
          rest.appendChild(inner);
          kids.slice(i + 1).forEach(function (k) { rest.appendChild(k); });
          return rest;
        }
        if (state.placed) {
          // a cell's code goes with its output, unless it would leave the slide empty
          if (i > 0 && kids[i - 1].classList.contains('input') && (i > 1 || placedBefore)) i -= 1;
          rest = shell(el, kids[i]);
          kids.slice(i).forEach(function (k) { rest.appendChild(k); });
          return rest;
        }
      }
      if (box.height > 0 && !kids[i].classList.contains('ppt-continued')) state.placed = true;
    }
    return null;
  }
  function title(slide) {
    var first = blocks(slide)[0];
    var h = first && (/^H[1-3]$/.test(first.tagName) ? first : null);
    return h ? h.textContent.replace(/ \(continued\)$/, '') : null;
  }
  function fit() {
    var slides = document.querySelector('.reveal .slides');
    slides.style.width = width + 'px';
    slides.style.height = height + 'px';
    Array.prototype.forEach.call(document.querySelectorAll('.reveal .slides > section'), function (column) {
      column.style.display = 'block';
      for (var slide = column.firstElementChild; slide; slide = slide.nextElementSibling) {
        if (slide.tagName !== 'SECTION') continue;
        slide.style.display = 'block';
        var padding = parseFloat(getComputedStyle(slide).paddingBottom) || 0;
        var rest = slide.scrollHeight > slide.clientHeight + 2 ?
          cut(slide, slide.getBoundingClientRect().top, slide.clientHeight - padding, {placed: false}) : null;
        slide.style.display = '';
        if (!rest) continue;
        var name = title(slide);
        if (name) {
          var heading = document.createElement('h2');
          heading.className = 'ppt-continued';
          heading.textContent = name + ' (continued)';
          rest.insertBefore(heading, rest.firstChild);
        }
        slide.parentNode.insertBefore(rest, slide.nextSibling);
      }
      column.style.display = '';
    });
    slides.style.width = '';
    slides.style.height = '';
  }
  // pictures are measured once decoded
  var pictures = Array.prototype.map.call(document.images, function (img) {
    return img.decode ? img.decode().catch(function () {}) : null;
  });
  return Promise.all(pictures).then(fit);
}
"""

CONFIG = {"width": 1280, "height": 720, "margin": 0.03, "center": False, "hash": True, "slideNumber": "c/t",
          "transition": "none", "showNotes": False, "controls": True, "progress": True}


def deck_html(notebook, title):
    from pygments.formatters import HtmlFormatter
    slides = []
    for column in slides_of(notebook):
        slides.append("<section>%s</section>" % "".join(slide.html() for slide in column))
    config = dict(CONFIG)
    return PAGE % {
        "title": html.escape(title), "theme": THEME,
        "reveal_css": _asset("dist", "reveal.css"),
        "pygments_css": HtmlFormatter(cssclass="highlight").get_style_defs(".highlight"),
        "slides": "\n".join(slides),
        "reveal_js": _script_safe(_asset("dist", "reveal.js")),
        "notes_js": _script_safe(_asset("plugin", "notes", "notes.js")),
        "config": json.dumps(config)[:-1] + ", plugins: [RevealNotes]}",
        "fit_js": FIT_JS, "width": CONFIG["width"], "height": CONFIG["height"],
    }


def _script_safe(code):
    # a library inlined into <script> must not contain the tag that ends it
    return code.replace("</script", "<\\/script")


def read_notebook(path):
    try:
        with open(path, encoding="utf-8") as f:
            notebook = json.load(f)
    except OSError as exc:
        raise DeckError("cannot read %s: %s" % (path, exc.strerror)) from None
    except ValueError as exc:
        raise DeckError("%s is not a notebook (not JSON: %s)" % (path, exc)) from None
    if not isinstance(notebook, dict) or "cells" not in notebook:
        raise DeckError("%s is not a notebook (no cells)" % path)
    return notebook


def build_deck(path, out_dir):
    """Write the deck of notebook ``path`` into ``out_dir``; returns its path."""
    notebook = read_notebook(path)
    name = os.path.splitext(os.path.basename(path))[0]
    os.makedirs(out_dir, exist_ok=True)
    target = os.path.join(out_dir, name + ".html")
    with open(target, "w", encoding="utf-8") as f:
        f.write(deck_html(notebook, deck_title(notebook, name)))
    return target


def notebooks_in(paths):
    """The notebooks named, folders expanded (sorted), checkpoints skipped."""
    found = []
    for path in paths:
        if os.path.isdir(path):
            found += sorted(p for p in glob.glob(os.path.join(path, "*.ipynb")) if ".ipynb_checkpoints" not in p)
        else:
            found.append(path)
    return found

