"""Bridges entering the peeled loop body, and the liveness of locals that
makes this possible (jit/optimizer/unroll.jump_to_existing_trace,
vm/compiler/liveness.py).

A bridge reaching a loop header jumps to the peeled body's label when the
values it has fit what the body assumes: virtuals stay virtual, facts the
bridge does not know are checked by guards that resume at the loop header,
and cached reads are made (PyPy's short preamble).  Otherwise it jumps to
the loop's preamble with boxed values.
"""

import pytest

from pypyteach.vm.compiler.pycompiler import compile_source
from pypyteach.vm.interpreter.jithints import JitHooks
from pypyteach.vm.compiler.liveness import dead_locals
from pypyteach.vm.memory.heap import NULL
from pypyteach.run import run_source
from reference import program_paths, run_cpython
from test_jit import run_jit, cpython_output, BRANCHY


def code_of(source, name):
    module = compile_source(source, "test.py")
    return next(code for code in module.nested_codes() if code.co_name == name)


def header_offset(code):
    return next(instr.offset for instr in code.instructions if instr.opname == "FOR_ITER")


def dead_names(source, name="run"):
    code = code_of(source, name)
    return {code.co_varnames[i] for i in dead_locals(code, header_offset(code))}


# -- liveness ------------------------------------------------------------------------------------

def test_the_loop_variable_is_dead_at_the_loop_header():
    source = "def run(items):\n    t = 0\n    for x in items:\n        t += x\n    return t\n"
    assert dead_names(source) == {"x", "items"}


def test_a_local_read_after_the_loop_is_live():
    source = "def run(items):\n    t = 0\n    for x in items:\n        t += x\n    return t + x\n"
    assert dead_names(source) == {"items"}


def test_deleting_a_local_reads_it():
    source = "def run(items):\n    t = 0\n    for x in items:\n        t += x\n    del x\n    return t\n"
    assert "x" not in dead_names(source)


def test_a_local_an_exception_handler_reads_is_live_everywhere():
    source = ("def run(items):\n    t = 0\n    y = 1\n    try:\n        for x in items:\n            t += x\n"
              "            y = 2\n    except TypeError:\n        return y\n    return t\n")
    assert "y" not in dead_names(source)


def test_zero_argument_super_keeps_the_first_argument_live():
    source = ("class A:\n    def f(self):\n        return 1\n"
              "class B(A):\n    def g(self):\n        for x in range(3):\n            pass\n"
              "        return super().f()\n")
    assert "self" not in dead_names(source, "g")


class NullDeadLocals(JitHooks):
    """Before every bytecode, forget every dead local: a program must not notice."""

    def jit_merge_point(self, interp, frame):
        for index in dead_locals(frame.code, frame.pc):
            frame.locals_w[index] = NULL


@pytest.mark.parametrize("path", program_paths("programs")[::3], ids=lambda p: p.stem)
def test_nulling_dead_locals_changes_nothing(path):
    expected_out, expected_type, expected_message = run_cpython(path)
    result = run_source(path.read_text(encoding="utf-8"), path.name, jitdriver=NullDeadLocals())
    assert result.stdout == expected_out
    if expected_type is None:
        assert result.error is None, result.error.traceback
    else:
        assert (result.error.type_name, result.error.message) == (expected_type, expected_message)


# -- the short preamble ---------------------------------------------------------------------------

def test_a_bridge_enters_the_loop_body_with_its_values_unboxed():
    record = run_jit(BRANCHY, "threshold=10,trace_eagerness=5")
    loop = record.loops()[0]
    bridge = record.bridges()[0]
    names = [op.name for op in bridge.operations]
    assert bridge.operations[-1].descr is loop.loop.body_target
    # the int boxes of t and i stay virtual: passed as their values
    assert "new_with_vtable" not in names
    # the range iterator's class is checked again, at the loop header
    header_guards = [op for op in bridge.operations if op.is_guard() and op.descr.at_loop_header]
    assert "guard_nonnull_class" in [op.name for op in header_guards]
    offset = loop.key[1]
    for op in header_guards:
        assert [(snap.code.co_name, snap.pc) for snap in op.resume.frames] == [("run", offset)]
        assert op.provenance.opname == "FOR_ITER"


def test_a_bridge_that_does_not_fit_jumps_to_the_preamble():
    # the bridge makes t a float where the loop body has an int: it cannot
    # enter the body, and boxes t for the preamble
    source = ("def run(n):\n    t = 0\n    for i in range(n):\n        if i == n - 20:\n            t = 0.5\n"
              "        t = t + 1\n    return t\nprint(run(300))\n")
    record = run_jit(source, "threshold=10,trace_eagerness=1")
    loop = record.loops()[0]
    to_preamble = [b for b in record.bridges() if b.operations[-1].descr is loop.loop.target]
    assert to_preamble
    assert any(op.name == "new_with_vtable" for op in to_preamble[0].operations)


def test_a_failing_short_preamble_guard_resumes_at_the_loop_header():
    # the bridge reads y from a list and does not look at it; the loop body
    # assumes y is an int, so the short preamble checks it; "s" fails that
    # (the test on which y is "s" looks at i, not at y: type(y) would guard
    # y's class in the body itself)
    source = ("def run(n):\n    items = [1, 2, 3, 's', 5]\n    t = 0\n    y = 1\n    for i in range(n):\n"
              "        if i % 4 == 0:\n            y = items[(i // 4) % 5]\n"
              "        if (i // 4) % 5 != 3:\n            t += y\n    return t\nprint(run(400))\n")
    record = run_jit(source, "threshold=10,trace_eagerness=2")
    failures = [f for f in record.guard_failures if f.guard is not None and f.guard.at_loop_header]
    assert failures
    loop = record.loops()[0]
    assert all(f.resumed_at[:2] == ("run", loop.key[1]) for f in failures)


@pytest.mark.parametrize("backend", ["llgraph", "x86_64"])
def test_bridges_entering_the_body_give_cpythons_output(backend):
    for source in [BRANCHY, BRANCHY.replace("i % 3", "i % 5").replace("t -= 1", "t -= i")]:
        result = run_source(source, "test.py", jit=backend, jit_params="threshold=5,trace_eagerness=2")
        assert result.error is None, result.error.traceback
        assert result.stdout == run_source(source, "test.py").stdout == cpython_output(source)
        bridges = result.jit.bridges()
        assert bridges and bridges[0].operations[-1].descr is result.jit.loops()[0].loop.body_target


@pytest.mark.parametrize("backend", ["llgraph", "x86_64"])
def test_a_bridge_does_not_enter_an_invalidated_loop(backend):
    # the loop reads the global K and assumes it constant; once K changes
    # the loop is invalid, and the bridge must not enter its body any more
    source = ("K = 1\ndef run(n):\n    global K\n    t = 0\n    for i in range(n):\n        if i % 3 == 0:\n"
              "            t += 2\n        else:\n            t += K\n        if i == 200:\n            K = 5\n"
              "    return t\nprint(run(400))\n")
    result = run_source(source, "test.py", jit=backend, jit_params="threshold=5,trace_eagerness=2")
    assert result.error is None, result.error.traceback
    assert result.stdout == run_source(source, "test.py").stdout == cpython_output(source)
    record = result.jit
    assert record.invalidations >= 1
    entering = [op for b in record.bridges() for op in b.operations if op.name == "guard_not_invalidated"
                and op.descr.watched_loop is not None]
    assert entering
