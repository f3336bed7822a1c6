"""The course notebooks in a real JupyterLab, and on RISE slides.

Opened (trusted, as ``dev.py lab`` leaves them), the stored views step
before anything runs; after Run All the live widgets render and respond;
in RISE (jupyterlab-rise, where no ipywidget renders) the stored views step
on their slides."""

import json
import os

import pytest

from .conftest import NOTEBOOKS, click_next_and_wait, course_notebooks, jump_to_last, marked_rows_in_view

RUN_TIMEOUT = 120000


def stepping_views_stored(name):
    """How many stepping fragments the saved notebook holds."""
    with open(os.path.join(NOTEBOOKS, name), encoding="utf-8") as f:
        notebook = json.load(f)
    count = 0
    for cell in notebook["cells"]:
        for output in cell.get("outputs", ()):
            html = "".join(output.get("data", {}).get("text/html", ""))
            count += html.count('class="ppt-controls"')
    return count


def diagrams_stored(name):
    """How many outputs of the saved notebook hold an SVG picture (as an
    image, or inside a view's HTML)."""
    with open(os.path.join(NOTEBOOKS, name), encoding="utf-8") as f:
        notebook = json.load(f)
    return sum(1 for cell in notebook["cells"] for output in cell.get("outputs", ())
               if "image/svg+xml" in output.get("data", {})
               or "<svg" in "".join(output.get("data", {}).get("text/html", "")))


def open_notebook(page, lab, name):
    # reset: the server's workspace would reopen the notebooks earlier tests opened
    page.goto(lab.page_url("lab/tree/%s" % name) + "&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60000)


@pytest.mark.parametrize("name", course_notebooks())
def test_stored_views_step_when_the_notebook_opens(page, lab, name):
    expected = stepping_views_stored(name)
    if expected == 0:
        pytest.skip("%s stores no stepping view" % name)
    open_notebook(page, lab, name)
    page.wait_for_function("n => document.querySelectorAll('.ppt-view[data-live] .ppt-next').length >= n",
                           arg=expected, timeout=60000)
    views = page.locator(".ppt-view[data-live]:has(.ppt-next)")
    assert views.count() == expected
    for i in range(expected):
        view = views.nth(i)
        view.scroll_into_view_if_needed()
        assert view.locator(".ppt-note").is_hidden()
        body = view.locator(".ppt-body").inner_text()
        before, after = click_next_and_wait(view)
        assert after == before + 1 and view.locator(".ppt-body").inner_text() != body
        assert marked_rows_in_view(view)
        jump_to_last(view)
        assert marked_rows_in_view(view), "view %d: the current row is out of its pane" % i
    # stored diagrams render as pictures, not as their text
    if diagrams_stored(name):
        assert page.locator(".jp-OutputArea-output svg").count() >= 1


@pytest.mark.parametrize("name", course_notebooks())
def test_untrusted_views_show_a_step_and_say_how_to_step(page, lab, name):
    """JupyterLab sanitizes an untrusted notebook's HTML (no scripts): each
    view shows its first frame and a note, and no dead controls."""
    if stepping_views_stored(name) == 0:
        pytest.skip("%s stores no stepping view" % name)
    open_notebook(page, lab, "untrusted-" + name)
    panel = page.locator(".jp-NotebookPanel:visible")
    panel.locator(".ppt-view .ppt-note").first.wait_for(timeout=60000)
    notes = panel.locator(".ppt-view .ppt-note")
    assert notes.count() == stepping_views_stored(name)
    for i in range(notes.count()):
        notes.nth(i).scroll_into_view_if_needed()
        assert notes.nth(i).is_visible() and "Trust Notebook" in notes.nth(i).inner_text()
    assert panel.locator(".ppt-view[data-live]").count() == 0
    assert panel.locator(".ppt-view .ppt-prev:visible").count() == 0
    assert panel.locator(".ppt-view .ppt-body").first.inner_text().strip()


def run_all(page):
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    page.wait_for_function(
        """() => { let p = Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputPrompt'));
                   return p.length > 0 && p.every(e => /\\[\\d+\\]/.test(e.textContent)); }""",
        timeout=RUN_TIMEOUT)


def test_after_run_all_the_live_widgets_render_and_step(page, lab):
    name = "00-overview.ipynb"
    open_notebook(page, lab, name)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60000)
    run_all(page)
    assert page.locator(".jp-OutputArea-output [data-mime-type='application/vnd.jupyter.stderr']").count() == 0 \
        or "Error" not in page.locator("[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
    nexts = page.locator("button.jupyter-button", has_text="next")
    page.wait_for_function("() => document.querySelectorAll('button.jupyter-button').length >= 8")
    assert nexts.count() >= 4          # two bytecode steppers, the trace stepper, the machine stepper
    for i in range(nexts.count()):
        button = nexts.nth(i)
        root = button.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][last()]")
        face = root.locator(".widget-html-content").last
        button.scroll_into_view_if_needed()
        before = face.inner_text()
        for _ in range(3):
            button.click()
        page.wait_for_function("([el, t]) => el.innerText !== t", arg=[face.element_handle(), before])
        assert marked_rows_in_view(root), "widget %d: the current row is out of its pane" % i
        # to the last step through the slider's readout: far down the listings
        readout = root.locator(".widget-readout").first
        last = root.locator(".widget-slider .noUi-handle").first.get_attribute("aria-valuemax")
        text = face.inner_text()
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(str(int(float(last))))
        page.keyboard.press("Enter")
        page.wait_for_function("([el, t]) => el.innerText !== t", arg=[face.element_handle(), text])
        page.wait_for_timeout(200)          # the scroll hook runs when the new HTML's image loads
        assert marked_rows_in_view(root), "widget %d at its last step: the current row is out of its pane" % i
    # the guard-failure view has a slider only: move it with the keyboard
    guard = page.locator(".widget-vbox:has(.widget-slider .widget-label:text-is('failure'))").last
    text = guard.locator(".widget-html-content").last.inner_text()
    guard.locator(".noUi-handle").first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("([el, t]) => el.innerText !== t",
                           arg=[guard.locator(".widget-html-content").last.element_handle(), text])
    assert "failure 1 of" in guard.locator(".widget-html-content").last.inner_text()


def test_a_view_steps_on_a_rise_slide(page, lab):
    name = "00-overview.ipynb"
    if stepping_views_stored(name) == 0:
        pytest.skip("no stepping view stored")
    page.goto(lab.page_url("rise/%s" % name))
    page.wait_for_selector(".reveal .slides section", timeout=60000)
    page.wait_for_function("() => document.querySelectorAll('.ppt-view[data-live] .ppt-next').length > 0",
                           timeout=60000)
    view = page.locator(".reveal .ppt-view[data-live]:has(.ppt-next)").first
    # advance through the deck (space: next slide or fragment) until the view is shown
    on_slide = "el => el.closest('section').classList.contains('present')"
    for _ in range(80):
        if view.evaluate(on_slide):
            break
        page.keyboard.press("Space")
        page.wait_for_timeout(50)
    assert view.evaluate(on_slide), "the first stepping view never came on a RISE slide"
    before, after = click_next_and_wait(view)
    assert after == before + 1
    assert marked_rows_in_view(view)
