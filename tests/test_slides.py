"""The offline decks (pypyteach/slides.py) and the notebook executor
(pypyteach/notebooks.py), read as text.  tests/browser/test_decks.py opens
the decks in a real browser."""

import json
import os
import re
import subprocess
import sys

import pytest

from pypyteach import slides
from pypyteach.notebooks import WIDGET_VIEW, strip_widget_views

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FRAGMENT = ('<div class="ppt-view" id="ppt-0123456789ab" data-ppt="BytecodeStepper"><button class="ppt-next">'
            'next</button><script>/* steps */</script></div>')


def cell(kind, source, slide_type=None, tags=(), outputs=None):
    metadata = {}
    if slide_type:
        metadata["slideshow"] = {"slide_type": slide_type}
    if tags:
        metadata["tags"] = list(tags)
    made = {"cell_type": kind, "metadata": metadata, "source": source}
    if kind == "code":
        made["outputs"] = outputs or []
        made["execution_count"] = 1
    return made


def notebook(*cells):
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def sample():
    return notebook(
        cell("markdown", "# The title\n\nintro", "slide"),
        cell("markdown", "Say this aloud.", "notes"),
        cell("code", "x = 1\nx", "-", outputs=[{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                                                "data": {"text/plain": "1"}}]),
        cell("markdown", "## Second", "slide"),
        cell("code", "view", "fragment", outputs=[{"output_type": "execute_result", "execution_count": 2,
                                                  "metadata": {}, "data": {WIDGET_VIEW: {"model_id": "abc"},
                                                                           "text/html": FRAGMENT,
                                                                           "text/plain": "step 0 of 3"}}]),
        cell("markdown", "Below", "subslide"),
        cell("markdown", "the answer is 42", "-", tags=["solution"]),
        cell("code", "secret()", "-", tags=["remove"]),
        cell("markdown", "not in the deck", "skip"),
        cell("code", "print('hi')", "-", tags=["remove-input"],
             outputs=[{"output_type": "stream", "name": "stdout", "text": "hi\n"}]),
    )


def test_cells_become_slides_subslides_fragments_and_notes():
    columns = slides.slides_of(sample())
    assert [len(column) for column in columns] == [1, 2]
    first, (second, below) = columns[0][0], columns[1]
    assert "<h1" in first.html() and "The title" in first.html() and "&#182;" not in first.html()
    assert re.search(r'<aside class="notes"><p>Say this aloud.</p>\s*</aside></section>$', first.html())
    assert '<div class="fragment"><div class="cell">' in second.html() and FRAGMENT in second.html()
    assert "Below" in below.html() and "hi\n</pre>" in below.html()


def test_tagged_and_skipped_cells_are_left_out():
    html = slides.deck_html(sample(), "t")
    for hidden in ("the answer is 42", "secret", "not in the deck", "print("):
        assert hidden not in html
    assert slides.REMOVE_CELL_TAGS == ("remove", "solution")
    assert slides.cell_kind(cell("code", "", "slide", tags=["solution"])) == "skip"


def test_a_check_cell_keeps_its_code_but_not_its_stored_verdict():
    """The stored verdict was made with the solution in place, which the deck
    leaves out: showing "right" under an empty answer would mislead."""
    verdict = [{"output_type": "stream", "name": "stdout", "text": "right: well done\n"}]
    html = slides.deck_html(notebook(cell("code", "viz.check(answer_1, 5)", "slide", tags=["check"],
                                          outputs=verdict)), "t")
    assert "answer_1" in html and "well done" not in html
    plain = slides.deck_html(notebook(cell("code", "viz.check(answer_1, 5)", "slide", outputs=verdict)), "t")
    assert "well done" in plain


def test_outputs_prefer_the_views_html_and_never_the_widget():
    html = slides.deck_html(sample(), "t")
    assert FRAGMENT in html and "model_id" not in html and "step 0 of 3" not in html
    svg = {"output_type": "display_data", "metadata": {},
           "data": {"image/svg+xml": '<?xml version="1.0"?><svg width="900pt" height="90pt" viewBox="0 0 900 90">'
                                     '</svg>', "text/plain": "a diagram"}}
    out = slides.output_html(svg)
    assert "<?xml" not in out and 'style="max-width:100%; height:auto; width:900pt;"' in out
    error = {"output_type": "error", "ename": "E", "evalue": "v", "traceback": ["\x1b[31mE\x1b[0m: v <x>"]}
    assert slides.output_html(error) == '<pre class="stderr">E: v &lt;x&gt;</pre>'


def test_deck_is_one_offline_file_with_reveal_and_its_notes_plugin(tmp_path):
    path = tmp_path / "deck.ipynb"
    path.write_text(json.dumps(sample()))
    target = slides.build_deck(str(path), str(tmp_path / "out"))
    assert target.endswith(os.path.join("out", "deck.html"))
    html = open(target, encoding="utf-8").read()
    assert "<title>The title</title>" in html
    # nothing from a network: no src/href to any URL, no stylesheet link, no CDN
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<link" not in html and "@import" not in html
    assert re.search(r"reveal\.js \d+\.\d+\.\d+", html) and "RevealNotes" in html
    assert '"showNotes": false' in html and "plugins: [RevealNotes]" in html
    # an inlined library cannot end its own script early
    assert html.count("</script>") == 3 + html.count(FRAGMENT)


def test_cli_builds_every_notebook_of_a_folder_and_refuses_bad_input(tmp_path):
    folder = tmp_path / "nbs"
    folder.mkdir()
    (folder / "a.ipynb").write_text(json.dumps(sample()))
    (folder / "b.ipynb").write_text(json.dumps(notebook(cell("markdown", "# B", "slide"))))
    done = subprocess.run([sys.executable, "-m", "pypyteach", "slides", str(folder), "-o", str(tmp_path / "out")],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert sorted(os.listdir(str(tmp_path / "out"))) == ["a.html", "b.html"]
    (folder / "c.ipynb").write_text("not json")
    done = subprocess.run([sys.executable, "-m", "pypyteach", "slides", str(folder / "c.ipynb"),
                           "-o", str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2 and "is not a notebook" in done.stderr and "Traceback" not in done.stderr
    done = subprocess.run([sys.executable, "-m", "pypyteach", "slides", str(tmp_path / "missing.ipynb")],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2 and "cannot read" in done.stderr


def test_the_course_notebooks_carry_slide_metadata_and_stored_views():
    folder = os.path.join(ROOT, "notebooks")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".ipynb"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            nb = json.load(f)
        assert slides.cell_kind(nb["cells"][0]) == "slide", "%s: its first cell should start a slide" % name
        # stored outputs keep the views' kernel-free face, not a dead widget
        again = "%s stores a live widget: re-execute it with `python3 dev.py execute notebooks/%s`" % (name, name)
        for c in nb["cells"]:
            for output in c.get("outputs", ()):
                assert WIDGET_VIEW not in output.get("data", {}), again
        assert "widgets" not in nb["metadata"], again


def test_strip_widget_views_keeps_outputs_without_another_face():
    nb = sample()
    only_widget = {"output_type": "display_data", "metadata": {}, "data": {WIDGET_VIEW: {}, "text/plain": "w"}}
    nb["cells"].append(cell("code", "w", outputs=[only_widget]))
    nb["metadata"]["widgets"] = {"state": {}}
    assert strip_widget_views(nb) == 1
    assert WIDGET_VIEW not in nb["cells"][4]["outputs"][0]["data"] and WIDGET_VIEW in only_widget["data"]
    assert "widgets" not in nb["metadata"]


def test_missing_reveal_is_named(monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_reveal(name, *args, **kwargs):
        if name == "sphinx_revealjs":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_reveal)
    with pytest.raises(slides.DeckError, match="sphinx-revealjs"):
        slides.reveal_dir()
