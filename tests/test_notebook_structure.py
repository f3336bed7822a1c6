"""The course notebooks' structure: every cell is a slide part, every lesson
has exercises with checks and tagged solutions, speaker notes with timings,
and an "In PyPy" box wherever the text names pypyteach-specific behaviour.

The rule for "In PyPy" boxes (a markdown blockquote whose first line starts
with ``> **In PyPy**``): each topic below is a way pypyteach works that PyPy
does not (checked against docs/ and the code).  A cell whose text mentions
a topic must be preceded in the notebook, or accompanied in its slide
section (the cells from one ``slide`` to the next), by a box that mentions
the same topic.  The first cell (the lesson's title and questions) is the
agenda and is exempt: it names what the lesson will explain.
"""

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").glob("[0-9][0-9]-*.ipynb"))
COURSE = [nb for nb in NOTEBOOKS if not nb.name.startswith("00-")]
SLIDE_TYPES = {"slide", "subslide", "fragment", "notes", "skip", "-"}
EXERCISE = re.compile(r"^#+\s*Exercise\b", re.M)
BOX = re.compile(r"^> \*\*In PyPy\*\*", re.M)
TIMING = re.compile(r"\b\d+\s*min")

# topic -> how the text names it (case-insensitive)
PYPYTEACH_SPECIFIC = {
    "the collector": r"mark[- ]and[- ]sweep|non-moving",
    "unboxed attributes": r"\bunboxed\b.{0,40}\battributes?\b|\battributes?\b.{0,40}\bunboxed\b",
    "dead locals": r"dead (at the loop header|locals?)|liveness",
    "re-entering a bytecode from its start": r"resumes? at the \*?start\*? of|re-enters? the bytecode|"
                                             r"re-entry from the start",
    "function_threshold and decay": r"function_threshold|`decay`",
    "the string pass": r"string pass|`string` pass",
    "list strategies and specialised tuples": r"list strateg|specialised tuple",
    "id() as an address": r"`id\(\w*\)`",
    "elidable": r"\belidable\b",
    "host-side frames": r"frames? (are|is) (a )?host",
    "op provenance": r"which interpreter (function|line)|interpreter (function|line) that recorded",
    "an untranslated interpreter": r"never translated|not translated",
    "the line table": r"co_positions|co_lnotab",
    "one exception value": r"\*\*one\*\* value",
}


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text(cell):
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def slide_type(cell):
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type")


def sections(notebook):
    """Lists of cell indexes, each starting at a ``slide`` cell."""
    found = []
    for index, cell in enumerate(notebook):
        if slide_type(cell) == "slide" or not found:
            found.append([])
        found[-1].append(index)
    return found


def exercises(notebook):
    """[(heading index, [cell indexes of its section])]."""
    result = []
    for section in sections(notebook):
        head = notebook[section[0]]
        if head["cell_type"] == "markdown" and EXERCISE.search(text(head)):
            result.append((section[0], section))
    return result


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_cell_has_slide_metadata(path):
    notebook = cells(path)
    missing = [i for i, cell in enumerate(notebook) if slide_type(cell) not in SLIDE_TYPES]
    assert not missing, "cells without slideshow.slide_type: %s" % missing
    assert slide_type(notebook[0]) == "slide"


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.name)
def test_speaker_notes_with_timings(path):
    notes = [text(c) for c in cells(path) if slide_type(c) == "notes"]
    assert len(notes) >= 3
    assert TIMING.search(notes[0]), "the first speaker note gives the lesson's timing"
    assert sum(1 for n in notes if TIMING.search(n)) >= 3


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.name)
def test_three_exercises_each_with_a_solution_and_a_check(path):
    notebook = cells(path)
    found = exercises(notebook)
    assert len(found) >= 3, "%d exercises" % len(found)
    for head, section in found:
        code = [(i, notebook[i]) for i in section if notebook[i]["cell_type"] == "code"]
        solutions = [i for i, c in code if "solution" in c.get("metadata", {}).get("tags", [])]
        checks = [i for i, c in code if "check(" in text(c) and i not in solutions]
        title = text(notebook[head]).splitlines()[0]
        assert len(solutions) == 1, "%s: one cell tagged solution" % title
        assert checks, "%s: a check cell" % title
        assert all("check" in notebook[i]["metadata"].get("tags", []) for i in checks), \
            "%s: check cells are tagged check (decks leave out their stored verdict)" % title
        assert checks[-1] > solutions[0], "%s: the check runs after the solution (nbval)" % title
        assert not any("check(" in text(notebook[i]) for i in solutions), "%s: the solution is apart" % title
        # the learner's cell, before the solution, leaves the answer empty;
        # the solution and the check name the same variable
        learner = [i for i, c in code if i < solutions[0] and re.match(r"answer_\w+ = None\b", text(c))]
        assert learner, "%s: a cell for the learner's answer (answer_N = None) before the solution" % title
        variable = text(notebook[learner[-1]]).split(" = ")[0]
        assert variable + " = " in text(notebook[solutions[0]]), "%s: the solution sets %s" % (title, variable)
        assert "check(%s," % variable in text(notebook[checks[-1]]), "%s: the check reads %s" % (title, variable)


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.name)
def test_stored_checks_say_right(path):
    """The notebook was executed with its solutions: every check says right."""
    for head, section in exercises(cells(path)):
        for i in section:
            cell = cells(path)[i]
            if cell["cell_type"] == "code" and "check(" in text(cell):
                shown = "".join("".join(o.get("data", {}).get("text/plain", "")) for o in cell.get("outputs", []))
                assert shown.startswith("right"), "%s: %r" % (text(cells(path)[head]).splitlines()[0], shown)


def _prose(cell):
    """A markdown cell's text outside any In PyPy box."""
    lines, in_box = [], False
    for line in text(cell).splitlines():
        if BOX.match(line):
            in_box = True
        elif not line.startswith(">"):
            in_box = False
        if not in_box:
            lines.append(line)
    return "\n".join(lines)


def _boxes(cell):
    return list(re.findall(r"(^> \*\*In PyPy\*\*.*?)(?=^(?!>)|\Z)", text(cell),
                                                       re.M | re.S))


def unboxed_mentions(path):
    """[(cell index, topic)] of mentions with no box on that topic before or
    in the same slide section."""
    notebook = cells(path)
    section_of = {i: n for n, section in enumerate(sections(notebook)) for i in section}
    covered_by_section = {}
    for i, cell in enumerate(notebook):
        if cell["cell_type"] == "markdown":
            for box in _boxes(cell):
                for topic, pattern in PYPYTEACH_SPECIFIC.items():
                    if re.search(pattern, box, re.I):
                        covered_by_section.setdefault(topic, set()).add(section_of[i])
    problems = []
    for i, cell in enumerate(notebook[1:], 1):
        if cell["cell_type"] != "markdown":
            continue
        for topic, pattern in PYPYTEACH_SPECIFIC.items():
            if re.search(pattern, _prose(cell), re.I):
                sections_with_box = covered_by_section.get(topic, set())
                if not any(s <= section_of[i] for s in sections_with_box):
                    problems.append((i, topic))
    return problems


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.name)
def test_in_pypy_box_wherever_pypyteach_specific_behaviour_is_named(path):
    assert any(BOX.search(text(c)) for c in cells(path) if c["cell_type"] == "markdown")
    assert unboxed_mentions(path) == []


def test_the_box_rule_catches_a_missing_box(tmp_path):
    notebook = {"cells": [
        {"cell_type": "markdown", "metadata": {"slideshow": {"slide_type": "slide"}}, "source": "# Title"},
        {"cell_type": "markdown", "metadata": {"slideshow": {"slide_type": "slide"}},
         "source": "The collector is a non-moving mark-and-sweep."},
        {"cell_type": "markdown", "metadata": {"slideshow": {"slide_type": "slide"}},
         "source": "> **In PyPy** the collector is incminimark, not a mark-and-sweep."}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "99-x.ipynb"
    path.write_text(json.dumps(notebook))
    assert unboxed_mentions(path) == [(1, "the collector")]
    notebook["cells"][2]["metadata"]["slideshow"]["slide_type"] = "-"       # same section: covered
    path.write_text(json.dumps(notebook))
    assert unboxed_mentions(path) == []
