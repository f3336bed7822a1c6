"""viz.iteration_timeline: one character per iteration of a loop, saying who
ran it (interpreted, traced, left compiled code through a guard, compiled
from start to end), read from a StepRecording."""

import pytest

from pypyteach import viz
from pypyteach.steprecorder import record_steps
from pypyteach.viz.timeline import KINDS, iteration_kinds

LOOP = """\
def run(n):
    t = 0
    for i in range(n):
        if i > 30:
            t += 2
        t += 1
    return t

print(run(40))
"""
EAGER = "threshold=10,trace_eagerness=1000"     # traced at i = 10, never bridged


@pytest.fixture(scope="module")
def recording():
    return record_steps(LOOP, "loop.py", jit="llgraph", jit_params=EAGER)


def test_text_face_one_letter_per_iteration(recording):
    text = viz.iteration_timeline(recording, "i", "run", values=range(40)).text()
    lines = text.splitlines()
    assert lines[0] == "iterations of i in run, 0 to 39, one character each:"
    # 0-9 interpreted, 10 traced, 11-30 compiled, 31-39: the `if` guard fails every time
    assert lines[1] == "   0  IIIIIIIIII TCCCCCCCCC CCCCCCCCCC CGGGGGGGGG"
    assert "I interpreted: 10" in text and "T traced by the JIT (a loop or a bridge): 1" in text
    assert "compiled code from start to end: 20" in text
    assert "blackhole step, then the interpreter: 9" in text


def test_html_face_a_coloured_cell_per_iteration(recording):
    view = viz.iteration_timeline(recording, "i", "run", values=range(40))
    html = view._repr_html_()
    assert html == view.static_html()
    assert html.count('title="i = ') == 40
    assert 'title="i = 10: traced by the JIT (a loop or a bridge)"' in html
    assert 'title="i = 31: compiled code left through a guard' in html
    for _, colour in KINDS.values():
        assert colour in html
    assert "<script" not in html


def test_guard_failures_are_where_the_blackhole_ran(recording):
    """What would catch a broken attribution: every iteration marked G had a
    blackhole step, and every blackhole step with the variable bound is in
    an iteration marked G; without a JIT everything is interpreted."""
    kinds = iteration_kinds(recording, "i", "run", values=range(40))
    blackholed = {int(dict(s.locals)["i"]) for s in recording.steps if s.blackhole and "i" in dict(s.locals)}
    assert blackholed and blackholed == {v for v, k in kinds.items() if k == "G"}
    traced = {int(dict(s.locals)["i"]) for s in recording.steps if s.tracing and s.offset > s.loop_header + 2}   # after FOR_ITER, STORE_FAST i
    assert traced == {v for v, k in kinds.items() if k == "T"} == {10}
    plain = record_steps(LOOP, "loop.py")
    assert set(iteration_kinds(plain, "i", "run").values()) == {"I"}


def test_errors_name_the_problem(recording):
    with pytest.raises(ValueError, match="no step of run binds 'k'"):
        iteration_kinds(recording, "k", "run")
    with pytest.raises(ValueError, match="outside the values given"):
        iteration_kinds(recording, "i", "run", values=range(20))
    stopped = record_steps(LOOP, "loop.py", max_steps=100)
    assert "recording stopped early" in viz.iteration_timeline(stopped, "i", "run").text()
