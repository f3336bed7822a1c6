"""The views' stored HTML faces outside JupyterLab: in the page
``jupyter nbconvert --to html`` writes, and alone in a plain browser tab,
both opened from file:// with the network blocked."""

import json
import os
import subprocess
import sys

import pytest

from .conftest import NOTEBOOKS, ROOT, click_next_and_wait, course_notebooks, jump_to_last, marked_rows_in_view


def stored_fragments(name):
    with open(os.path.join(NOTEBOOKS, name), encoding="utf-8") as f:
        notebook = json.load(f)
    return ["".join(output["data"]["text/html"]) for cell in notebook["cells"] for output in cell.get("outputs", ())
            if 'class="ppt-controls"' in "".join(output.get("data", {}).get("text/html", ""))]


def block_network(page):
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
               else route.abort())


def step_every_view(page, expected):
    page.wait_for_function("n => document.querySelectorAll('.ppt-view[data-live]').length >= n", arg=expected)
    views = page.locator(".ppt-view[data-live]:has(.ppt-next)")
    assert views.count() == expected
    for i in range(expected):
        view = views.nth(i)
        view.scroll_into_view_if_needed()
        before, after = click_next_and_wait(view)
        assert after == before + 1
        jump_to_last(view)
        assert marked_rows_in_view(view)
    assert page.errors == []


@pytest.mark.parametrize("name", course_notebooks())
def test_views_step_in_a_plain_tab(page, tmp_path, name):
    fragments = stored_fragments(name)
    if not fragments:
        pytest.skip("%s stores no stepping view" % name)
    path = tmp_path / "plain.html"
    path.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>%s</body></html>"
                    % "<hr>".join(fragments), encoding="utf-8")
    block_network(page)
    page.goto("file://%s" % path)
    step_every_view(page, len(fragments))


@pytest.mark.parametrize("name", course_notebooks())
def test_views_step_in_an_nbconvert_page(page, tmp_path, name):
    fragments = stored_fragments(name)
    if not fragments:
        pytest.skip("%s stores no stepping view" % name)
    done = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--output-dir",
                           str(tmp_path), os.path.join(NOTEBOOKS, name)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    block_network(page)        # nbconvert's page asks for require.js and MathJax: they do not matter here
    page.goto("file://%s" % (tmp_path / (os.path.splitext(name)[0] + ".html")))
    step_every_view(page, len(fragments))
