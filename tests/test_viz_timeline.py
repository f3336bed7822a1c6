"""viz.iteration_timeline: one character per iteration of a loop, saying who
ran it (interpreted, traced, left compiled code through a guard, compiled
from start to end), read from a StepRecording."""

import pytest

from pypyteach import viz
from pypyteach.steprecorder import record_steps
from pypyteach.viz.timeline import KINDS, iteration_kinds, iterations

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
    # the counter after each iteration, in tenths of threshold 10; events: loop compiled, guards failed
    assert lines[2] == "      123456789^ ^......... .......... .^^^^^^^^^  counter"
    assert lines[3] == "      .......... L......... .......... .!!!!!!!!!  events"
    assert "I interpreted: 10" in text and "T traced by the JIT (a loop or a bridge): 1" in text
    assert "compiled code from start to end: 20" in text
    assert "blackhole step, then the interpreter: 9" in text


def test_html_face_a_coloured_cell_per_iteration(recording):
    view = viz.iteration_timeline(recording, "i", "run", values=range(40))
    html = view._repr_html_()
    assert html == view.static_html()
    assert html.count('title="i = ') == 3 * 40       # per iteration: its events, its kind, its counter
    assert sum(html.count('title="i = %d: %s"' % (v, KINDS[k][0])) for v, k in
               iteration_kinds(recording, "i", "run", values=range(40)).items()) == 40
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


def test_iteration_counts_add_up_to_the_loops_total(recording):
    """Every iteration is in exactly one segment: the counts add up to the
    40 iterations the loop ran, with the JIT and without."""
    its = iterations(recording, "i", "run", values=range(40))
    counts = {letter: list(its.kinds.values()).count(letter) for letter in KINDS}
    assert sum(counts.values()) == 40 == len(its.values)
    assert counts == {"I": 10, "T": 1, "C": 20, "G": 9}
    plain = iterations(record_steps(LOOP, "loop.py"), "i", "run")
    assert len(plain.values) == 40 and set(plain.kinds.values()) == {"I"}


def test_counter_climbs_to_the_threshold_before_the_first_trace(recording):
    """The counter row is the JIT's own count (Step.counter): one more per
    loop closing while interpreted, the threshold reached at the end of the
    iteration before the first T; no value where compiled code ran."""
    its = iterations(recording, "i", "run", values=range(40))
    first_traced = next(v for v in its.values if its.kinds[v] == "T")
    before = [its.counters[v] for v in range(first_traced)]
    assert before == list(range(1, recording.threshold + 1))
    assert its.threshold == recording.threshold == 10
    assert all(its.counters[v] is None for v in its.values if its.kinds[v] == "C")
    assert recording.jit.counters[("run", 12)] == 10      # what the JIT itself recorded as its highest count


def test_counter_resets_after_an_invalidation():
    """A loop invalidated by a global rebinding: its counter starts again from
    zero and climbs to the threshold a second time; the events row marks the
    invalidation (X) and both compilations (L)."""
    source = """\
K = 1
def run(n):
    global K
    t = 0
    for i in range(n):
        t += K
        if i == 20:
            K = 2
    return t

print(run(40))
"""
    steps = record_steps(source, "inval.py", jit="llgraph", jit_params="threshold=5")
    its = iterations(steps, "i", "run", values=range(40))
    marks = {v: [kind for kind, _ in its.events[v]] for v in its.values}
    invalidated = [v for v in its.values if "invalidated" in marks[v]]
    assert invalidated == [20]
    compiled = [v for v in its.values if "compiled-loop" in marks[v]]
    assert len(compiled) == 2 and compiled[0] < 20 < compiled[1]
    assert its.counters[19] is None and its.counters[20] == 1   # reset, then iteration 20's own closing
    assert [its.counters[v] for v in range(20, compiled[1])] == [1, 2, 3, 4, 5]
    text = viz.iteration_timeline(steps, "i", "run", values=range(40)).text()
    assert "X loop invalidated" in text and "L loop compiled" in text


def test_html_counter_row_and_marks(recording):
    html = viz.iteration_timeline(recording, "i", "run", values=range(40))._repr_html_()
    assert html.count("counter 10 after it, threshold 10") == 11   # i = 9, the traced 10, the G's 31-39
    assert "i = 10: loop 1 compiled" in html
    assert "no step recorded (compiled code ran it)" in html
    assert "JitCounter" in html and "1039" in html


def test_errors_name_the_problem(recording):
    with pytest.raises(ValueError, match="no step of run binds 'k'"):
        iteration_kinds(recording, "k", "run")
    with pytest.raises(ValueError, match="outside the values given"):
        iteration_kinds(recording, "i", "run", values=range(20))
    stopped = record_steps(LOOP, "loop.py", max_steps=100)
    assert "recording stopped early" in viz.iteration_timeline(stopped, "i", "run").text()
