"""The offline decks (pypyteach slides) opened from file:// with every
request to anywhere else blocked: slides advance, speaker notes stay out
of the slides, the views step."""

import os
import subprocess
import sys

import pytest

from .conftest import ROOT, NOTEBOOKS, click_next_and_wait, course_notebooks, jump_to_last, marked_rows_in_view


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("decks")
    done = subprocess.run([sys.executable, "-m", "pypyteach", "slides", NOTEBOOKS, "-o", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return {name: os.path.join(str(out), os.path.splitext(name)[0] + ".html") for name in course_notebooks()}


def open_offline(page, path):
    """Open a deck from file://, failing any request that is not a file."""
    blocked = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("file:", "data:", "about:")):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.goto("file://" + path)
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    return blocked


@pytest.mark.parametrize("notebook", course_notebooks())
def test_deck_advances_offline_with_notes_hidden(page, decks, notebook):
    blocked = open_offline(page, decks[notebook])
    assert page.evaluate("Reveal.getTotalSlides()") > 3
    assert page.evaluate("Reveal.getIndices().h") == 0
    page.keyboard.press("ArrowRight")
    page.wait_for_function("Reveal.getIndices().h === 1")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("Reveal.getIndices().h === 0")
    # speaker notes exist (for the S key's speaker view) and none is shown on a slide
    notes = page.locator("aside.notes")
    assert notes.count() > 0
    for i in range(notes.count()):
        assert not notes.nth(i).is_visible()
    assert blocked == [] and page.errors == []


@pytest.mark.parametrize("notebook", course_notebooks())
def test_views_step_on_their_slides(page, decks, notebook):
    open_offline(page, decks[notebook])
    views = page.locator(".ppt-view[data-live]")
    steppers = page.locator(".ppt-view[data-live] .ppt-next")
    if steppers.count() == 0:
        pytest.skip("%s has no stepping view" % notebook)
    stepped = 0
    for i in range(views.count()):
        view = views.nth(i)
        if view.locator(".ppt-next").count() == 0:
            continue
        stepped += 1
        # go to the view's slide: the notes and the fragments before it do not matter here
        h, v = view.evaluate("""el => {
            let s = el.closest('section'), up = s.parentNode.closest('section');
            let col = up || s, hs = Array.from(col.parentNode.children).filter(e => e.tagName === 'SECTION');
            let vs = up ? Array.from(up.children).filter(e => e.tagName === 'SECTION') : [s];
            return [hs.indexOf(col), vs.indexOf(s)]; }""")
        page.evaluate("([h, v]) => { Reveal.slide(h, v); while (Reveal.nextFragment()) {} }", [h, v])
        view.locator(".ppt-next").wait_for(state="visible", timeout=5000)
        body = view.locator(".ppt-body").inner_text()
        before, after = click_next_and_wait(view)
        assert after == before + 1 and view.locator(".ppt-body").inner_text() != body
        assert view.locator(".ppt-note").is_hidden()
        # the marked rows are inside their panes' visible part, also far down a listing
        assert marked_rows_in_view(view)
        jump_to_last(view)
        assert marked_rows_in_view(view), "view %d at its last step: the current row is out of its pane" % i
        assert page.evaluate("Reveal.getIndices().h") == h         # stepping did not move the slide
    assert stepped == steppers.count() and page.errors == []


# what each slide holds, measured on the slide's own box (1280x720, before
# reveal.js scales it to the window): the bottom of its lowest block, its
# height, how many blocks, and its text
SLIDE_BOXES = """() => Reveal.getSlides().map(s => {
    let ix = Reveal.getIndices(s);
    Reveal.slide(ix.h, ix.v);
    while (Reveal.nextFragment()) {}
    let top = s.getBoundingClientRect().top, scale = Reveal.getScale();
    let blocks = Array.from(s.children).filter(k => k.tagName !== 'ASIDE' && k.getBoundingClientRect().height > 0
                                                 && !k.classList.contains('ppt-continued'));
    let bottom = Math.max(0, ...blocks.map(k => (k.getBoundingClientRect().bottom - top) / scale));
    return [ix.h, ix.v, Math.round(bottom), s.clientHeight, blocks.length,
            (s.querySelector('h1, h2, h3') || {}).textContent || ''];
})"""


@pytest.mark.parametrize("notebook", course_notebooks())
def test_every_slide_fits_a_projector(page, decks, notebook):
    """Nothing is cut off at the bottom of a slide: a slide taller than
    1280x720 is split, the rest on a slide below it, headed "(continued)",
    unless it is one block (a long listing) that scrolls by itself."""
    open_offline(page, decks[notebook])
    too_tall = [(h, v, bottom, title) for h, v, bottom, height, blocks, title in page.evaluate(SLIDE_BOXES)
                if bottom > height + 2 and blocks > 1]
    assert too_tall == [], "slides whose content runs past the bottom (h, v, bottom px, title): %s" % too_tall


def test_a_split_slide_keeps_its_text_in_order_and_its_notes_once(page, tmp_path):
    from pypyteach import slides
    paragraphs = "\n\n".join("Paragraph %d of a long slide, with enough words to fill a line or so." % k
                             for k in range(40))
    nb = {"cells": [{"cell_type": "markdown", "metadata": {"slideshow": {"slide_type": "slide"}},
                     "source": "## A long slide\n\n" + paragraphs},
                    {"cell_type": "markdown", "metadata": {"slideshow": {"slide_type": "notes"}},
                     "source": "What to say"},
                    {"cell_type": "markdown", "metadata": {"slideshow": {"slide_type": "slide"}},
                     "source": "## The next slide"}],
           "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "long.ipynb"
    path.write_text(__import__("json").dumps(nb))
    open_offline(page, slides.build_deck(str(path), str(tmp_path)))
    boxes = page.evaluate(SLIDE_BOXES)
    first = [box for box in boxes if box[0] == 0]
    assert len(first) >= 2, "the long slide was not split: %s" % boxes
    assert all(bottom <= height + 2 for _, _, bottom, height, _, _ in first)
    assert [title for *_, title in first] == ["A long slide"] + ["A long slide (continued)"] * (len(first) - 1)
    text = page.evaluate("Array.from(Reveal.getSlides()).filter(s => Reveal.getIndices(s).h === 0)"
                         ".map(s => Array.from(s.querySelectorAll(':scope > p')).map(p => p.textContent).join('|')).join('|')")
    assert text.split("|") == ["Paragraph %d of a long slide, with enough words to fill a line or so." % k
                               for k in range(40)]
    assert page.locator("aside.notes").count() == 1
    assert boxes[-1][0] == 1 and boxes[-1][5] == "The next slide"
