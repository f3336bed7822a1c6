"""Kernel-free faces: every view as one self-contained HTML fragment.

A view that steps (a stepper, the guard-failure view) is a list of
*frames*, optionally in *groups* (the versions of a trace).  A frame gives
the HTML of each of the view's *slots* (its panes) and the *marks*: the keys
of the rows to highlight (``data-row`` attributes) in those panes.  Both
faces draw from the same frames:

- the live ipywidget sets one ``widgets.HTML`` to ``frame_html(...)``: the
  view's layout filled with the frame's slots, its marks applied;
- the static fragment (``static_html()``) embeds every frame as JSON (each
  distinct piece of HTML once) with a small inline script that swaps slots,
  moves the marks and scrolls the marked rows into view.  No network, no
  kernel: it steps in JupyterLab (trusted outputs run inline scripts), in
  RISE, in an nbconvert page, in a reveal.js deck and in a plain browser tab.

Where Jupyter sanitizes the output (an untrusted notebook) the script is
removed: the fragment then shows its first frame and a line saying how to
make it step.  Element ids are unique per render; the script finds its view
through ``document.currentScript`` first, so a view rendered twice on one
page (a notebook and its RISE slides) steps in both.
"""

import base64
import json
import re
import uuid
import zlib

from .render import HIGHLIGHT, MONO, arrow, esc, row_attrs  # noqa: F401 (row_attrs: for views)

# the marked row: colour *and* an outline and an arrow, never colour alone
CURRENT_STYLE = HIGHLIGHT
ARROW = "\u25b6"
FONT = "font-family: SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px;"

# Scroll each marked row into view inside its pane (the nearest .ppt-pane),
# not the page: in a reveal.js deck scrolling the page would move the slide.
# Written once, used by the static script and by the widget face (an image's
# onload: innerHTML runs no <script>).
SCROLL_JS = ("function(root){var rows=root.querySelectorAll('[data-ppt-cur]');"
             "for(var i=0;i<rows.length;i++){var r=rows[i],p=r.parentNode;"
             "while(p&&p!==root&&!(p.classList&&p.classList.contains('ppt-pane')))p=p.parentNode;"
             "if(!p||p===root)continue;var pr=p.getBoundingClientRect(),rr=r.getBoundingClientRect();"
             "var k=p.offsetHeight?pr.height/p.offsetHeight:1;if(!k)k=1;"
             "if(rr.top<pr.top||rr.bottom>pr.bottom){p.scrollTop+=(rr.top-pr.top)/k-p.clientHeight/3;}}}")

PIXEL = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"

STATIC_NOTE = ("A picture of one step: the script that steps this view did not run here. "
               "In JupyterLab: File \u203a Trust Notebook, or run the cell.")


def new_id():
    """A fresh element id (unique per render)."""
    return "ppt-" + uuid.uuid4().hex[:12]


# -- rows that frames mark ------------------------------------------------------------------------

_ARROW_EMPTY = arrow()
_ARROW_FULL = _ARROW_EMPTY.replace("></span>", ">%s</span>" % ARROW)


def apply_marks(html, keys):
    """``html`` with the rows ``keys`` marked as the script marks them."""
    for key in keys:
        pattern = re.compile(r' data-row="%s" data-s="([^"]*)" style="([^"]*)"' % re.escape(esc(key)))
        match = pattern.search(html)
        if match is None:
            continue
        marked = ' data-row="%s" data-s="%s" style="%s" data-ppt-cur="1"' % (
            esc(key), match.group(1), match.group(1) + esc(CURRENT_STYLE))
        end = match.start() + len(marked)
        html = html[:match.start()] + marked + html[match.end():]
        at = html.find(_ARROW_EMPTY, end)
        next_row = html.find(" data-row=", end)
        if at >= 0 and (next_row < 0 or at < next_row):
            html = html[:at] + _ARROW_FULL + html[at + len(_ARROW_EMPTY):]
    return html


def slot(name, html="", pane_height=None):
    """A place in a view's layout that frames fill; with ``pane_height``
    (pixels) a scrolling pane whose marked rows are kept in view."""
    if pane_height is None:
        return '<div data-slot="%s">%s</div>' % (name, html)
    return ('<div class="ppt-pane" data-slot="%s" style="max-height:%dpx; overflow:auto; min-width:0;">%s</div>'
            % (name, pane_height, html))


def fill(layout, slots):
    """Put each slot's HTML into its ``data-slot`` element of ``layout``."""
    for name, html in slots.items():
        layout = re.sub(r'(data-slot="%s"[^>]*>)(</div>)' % re.escape(name),
                        lambda m, html=html: m.group(1) + html + m.group(2), layout, count=1)
    return layout


class Frame:
    """What a view shows at one position: slot name -> HTML, the marked row
    keys, and a label for the position ("step 3 of 9")."""

    def __init__(self, slots, marks=(), label=""):
        self.slots = dict(slots)
        self.marks = [m for m in marks if m is not None]
        self.label = label


# -- the mixin of stepping views ------------------------------------------------------------------

class SteppingView:
    """A view made of frames.  Subclasses define ``groups()`` ([(label,
    number of frames)]), ``frame(group, index)``, ``layout()`` (HTML with
    empty slots, see ``slot``), ``position()`` ((group, index) shown now)
    and ``text()``.  Live widgets call ``frame_html`` to draw themselves."""

    static_kind = "view"
    position_name = "step"

    def frame_html(self, group, index, live=False):
        """The layout filled with one frame, its marks applied; ``live``: add
        the onload hook that scrolls marked rows into view in a widget."""
        html = self.body_html(self.frame(group, index))
        if live:
            html += '<img src="%s" alt="" style="display:none" onload="(%s)(this.parentNode)">' % (
                PIXEL, esc(SCROLL_JS))
        return html

    def body_html(self, frame):
        """One frame in the view's layout, marks applied: what both faces show.
        (The line height is set here: ipywidgets' HTML gives its content the
        height of a button line.)"""
        return '<div class="ppt-frame" style="line-height:1.3; text-align:left;">%s</div>' % apply_marks(
            fill(self.layout(), frame.slots), frame.marks)

    def static_html(self):
        """The self-contained fragment: every frame, controls and script."""
        groups = self.groups()
        start_group, start_index = self.position()
        pool, seen = [], {}

        def intern(text):
            if text not in seen:
                seen[text] = len(pool)
                pool.append(text)
            return seen[text]

        slot_names = re.findall(r'data-slot="([^"]+)"', self.layout())
        data_groups = []
        for g, (label, count) in enumerate(groups):
            frames = []
            for i in range(count):
                frame = self.frame(g, i)
                frames.append([[intern(frame.slots.get(name, "")) for name in slot_names], frame.marks,
                               intern(frame.label)])
            data_groups.append({"label": label, "frames": frames})
        data = {"pool": pool, "slots": slot_names, "groups": data_groups, "start": [start_group, start_index],
                "cur": CURRENT_STYLE}
        first = self.frame(start_group, start_index)
        return render_fragment(self.static_kind, groups, start_group, start_index, first.label,
                               self.body_html(first), data)

    def _repr_mimebundle_(self, **kwargs):
        # the widget for JupyterLab with a kernel; the fragment for every
        # other place (nbconvert, decks, RISE, a saved notebook); text for
        # plain-text readers.  Jupyter picks the richest it can show.
        data = super()._repr_mimebundle_(**kwargs)
        data["text/html"] = self.static_html()
        data["text/plain"] = self.text()
        return data


def _controls(groups, start_group, start_index, label):
    parts = []
    button = ('<button type="button" class="%s" style="font-size:14px; padding:2px 10px; cursor:pointer;">'
              '%s</button>')
    if len(groups) > 1:
        options = "".join('<option value="%d"%s>%s</option>' % (i, " selected" if i == start_group else "", esc(lbl))
                          for i, (lbl, _) in enumerate(groups))
        parts.append('<select class="ppt-group" style="font-size:14px;">%s</select>' % options)
    count = groups[start_group][1]
    parts.append(button % ("ppt-prev", "\u25c0 prev"))
    parts.append('<input type="range" class="ppt-slider" min="0" max="%d" value="%d" step="1" '
                 'style="flex:1; min-width:120px; max-width:520px;">' % (max(count - 1, 0), start_index))
    parts.append(button % ("ppt-next", "next \u25b6"))
    parts.append('<span class="ppt-pos" style="%s">%s</span>' % (FONT, esc(label)))
    return ('<div class="ppt-controls" style="display:none; gap:8px; align-items:center; margin:2px 0 6px;">%s</div>'
            % "".join(parts))


# The frames travel deflated and base64-encoded (a view's HTML repeats itself
# a lot: about a tenth of the size), and the browser inflates them with its
# own DecompressionStream.  A browser without one keeps the first frame and
# the note.
RUNTIME = """(function(){
var s=document.currentScript,root=s&&s.parentNode;
if(!root||!root.classList||!root.classList.contains('ppt-view'))root=document.getElementById('%(id)s');
if(!root||root.getAttribute('data-ppt-started')||!window.DecompressionStream)return;
root.setAttribute('data-ppt-started','1');
var raw=atob(root.querySelector('.ppt-data').textContent.trim()),bytes=new Uint8Array(raw.length);
for(var b=0;b<raw.length;b++)bytes[b]=raw.charCodeAt(b);
new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).text().then(function(text){
var D=JSON.parse(text),scroll=%(scroll)s;
function q(c){return root.querySelector('.'+c);}
var slider=q('ppt-slider'),sel=q('ppt-group'),pos=q('ppt-pos'),prev=q('ppt-prev'),next=q('ppt-next');
var g=D.start[0],at=D.start[1],shown={};
function mark(keys){
 var old=root.querySelectorAll('[data-ppt-cur]'),i,r,a;
 for(i=0;i<old.length;i++){r=old[i];r.setAttribute('style',r.getAttribute('data-s')||'');r.removeAttribute('data-ppt-cur');
  a=r.querySelector('.ppt-arrow');if(a)a.textContent='';}
 for(i=0;i<keys.length;i++){r=root.querySelector('[data-row="'+keys[i]+'"]');if(!r)continue;
  r.setAttribute('style',(r.getAttribute('data-s')||'')+D.cur);r.setAttribute('data-ppt-cur','1');
  a=r.querySelector('.ppt-arrow');if(a)a.textContent='\\u25b6';}
 scroll(root);}
function show(i){
 var fr=D.groups[g].frames;i=Math.max(0,Math.min(i,fr.length-1));var f=fr[i];
 for(var k=0;k<D.slots.length;k++){var el=root.querySelector('[data-slot="'+D.slots[k]+'"]');
  if(el&&shown[k]!==f[0][k]){el.innerHTML=D.pool[f[0][k]];shown[k]=f[0][k];}}
 mark(f[1]);at=i;slider.max=fr.length-1;slider.value=i;pos.textContent=D.pool[f[2]];
 prev.disabled=i<=0;next.disabled=i>=fr.length-1;
 root.setAttribute('data-group',g);root.setAttribute('data-index',i);}
prev.addEventListener('click',function(){show(at-1);});
next.addEventListener('click',function(){show(at+1);});
slider.addEventListener('input',function(){show(+slider.value);});
if(sel)sel.addEventListener('change',function(){g=+sel.value;show(at);});
q('ppt-controls').style.display='flex';q('ppt-note').style.display='none';
show(at);root.setAttribute('data-live','1');
});
})();"""


def encode_payload(data):
    """The frames as the fragment carries them: JSON, deflated (raw), base64."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = deflate.compress(json.dumps(data, separators=(",", ":")).encode("utf-8")) + deflate.flush()
    return base64.b64encode(packed).decode("ascii")


def decode_payload(text):
    """The frames of a fragment's payload (the inverse of encode_payload)."""
    return json.loads(zlib.decompress(base64.b64decode(text.strip()), -15).decode("utf-8"))


def render_fragment(kind, groups, start_group, start_index, label, body, data):
    """The fragment of a stepping view (see SteppingView.static_html)."""
    view_id = new_id()
    payload = encode_payload(data)       # base64: nothing in it can end its <script>
    script = RUNTIME % {"id": view_id, "scroll": SCROLL_JS}
    return ('<div class="ppt-view" id="%s" data-ppt="%s" data-group="%d" data-index="%d" '
            'style="text-align:left; %s">%s'
            '<div class="ppt-note" style="color:#555; font-style:italic; margin:2px 0;">%s</div>'
            '<div class="ppt-body">%s</div>'
            '<script type="application/octet-stream" class="ppt-data">%s</script><script>%s</script></div>'
            % (view_id, esc(kind), start_group, start_index, MONO, _controls(groups, start_group, start_index, label),
               esc(STATIC_NOTE), body, payload, script))


def picture_fragment(kind, body):
    """The fragment of a view that does not step (a diagram, a listing)."""
    return '<div class="ppt-view" id="%s" data-ppt="%s" style="text-align:left;">%s</div>' % (
        new_id(), esc(kind), body)
