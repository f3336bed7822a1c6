"""The views the course notebooks (01-04) add, read through their text
faces on real runs: one bytecode's recorded ops, one optimizer pass's diff,
a garbage collection, and the bytecode beside the host CPython's."""

import re

import pytest

from pypyteach import viz
from pypyteach.vm.compiler.pycompiler import compile_source
from pypyteach.vm.memory.gcwatch import watch_collections
from pypyteach.run import new_vm, run_code, run_source

BRANCHY = """\
def run(n):
    total = 0
    for i in range(n):
        if i % 3 == 0:
            total += i
        else:
            total -= 1
    return total

print(run(60))
"""

POINTS = """\
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

def run(n):
    keep = []
    total = 0
    for i in range(n):
        p = Point(i, i + 1)
        total += p.x * p.y
        if i % 100 == 0:
            keep.append(p)
    return total, len(keep)

print(run(1500))
"""


@pytest.fixture(scope="module")
def loop():
    result = run_source(BRANCHY, "branchy_loop.py", jit="llgraph", jit_params="threshold=10,trace_eagerness=5")
    assert result.stdout == "530\n"
    return result.jit.loops()[0]


# -- handler_graph ----------------------------------------------------------------------------

def test_handler_ops_are_the_ops_between_two_merge_points(loop):
    ops = viz.handler_ops(loop, 20)          # BINARY_MODULO
    names = [op.name for op in ops]
    assert names[0] == "getfield_gc_i" and "int_floordiv" in names and names[-1] == "setfield_gc"
    assert all(op.provenance.opname == "BINARY_MODULO" for op in ops)


def test_handler_graph_groups_ops_by_interpreter_function(loop):
    graph = viz.handler_graph(loop, "BINARY_MODULO")
    text = graph.text()
    assert text.startswith("#20 BINARY_MODULO: 10 low-level ops")
    assert "in _ll_py_div (pypyteach/vm/objspace/descroperation.py):" in text
    assert "in newint (pypyteach/vm/objspace/objspace.py):" in text
    earlier = re.search(r"values from earlier: (p\d+)", text)
    assert earlier, text
    assert [f for f, _ in graph.functions] == ["mod", "_ll_py_div", "newint"]
    # the data flow: int_floordiv reads the intval the getfield produced
    assert "op0 -> op1;" in graph.dot and "in_%s -> op0;" % earlier.group(1) in graph.dot
    assert "shape=hexagon" in graph.dot        # the guard


def test_a_bytecode_that_recorded_nothing_says_so(loop):
    graph = viz.handler_graph(loop, "STORE_FAST")
    assert graph.ops == [] and "nothing was recorded" in graph.text()


def test_handler_graph_prefers_an_occurrence_that_recorded_ops(loop):
    # LOAD_FAST runs several times; #38 (total, maybe unbound) records a guard
    assert viz.handler_graph(loop, "LOAD_FAST").offset == 38


def test_handler_graph_bad_input(loop):
    with pytest.raises(ValueError, match="ran no BUILD_MAP"):
        viz.handler_graph(loop, "BUILD_MAP")
    with pytest.raises(ValueError, match="no bytecode at offset 3"):
        viz.handler_graph(loop, offset=3)
    with pytest.raises(ValueError, match="one of them"):
        viz.handler_graph(loop)


# -- pass_diff ----------------------------------------------------------------------------------

def test_virtualize_removes_the_int_boxes(loop):
    diff = viz.pass_diff(loop, "virtualize")
    removed = [c.line.split(" = ")[-1].split("(")[0] for c in diff.removed]
    assert removed.count("new_with_vtable") == 3
    assert diff.before_label == "after rewrite"
    real = lambda ops: sum(1 for op in ops if op.name != "debug_merge_point")
    assert real(diff.before) - len(diff.removed) + len(diff.added) == real(diff.after)
    assert "removed: allocation of W_IntObject is virtual, its fields are tracked" in diff.text()


def test_pure_removes_the_repeated_multiplication(loop):
    diff = viz.pass_diff(loop, "pure")
    assert [c.bytecode for c in diff.removed] == ["#20 BINARY_MODULO"] * 2
    assert "int_mul" in diff.removed[0].line and "same pure operation as" in diff.removed[0].reason


def test_pass_table_counts_agree_with_the_versions(loop):
    rows = viz.pass_table(loop).text().splitlines()[1:]
    by_pass = {row.split()[0]: [int(x) for x in row.split()[1:]] for row in rows}
    assert list(by_pass) == ["intbounds", "rewrite", "virtualize", "string", "pure", "earlyforce", "heap", "unroll"]
    assert by_pass["unroll"][1] == sum(1 for op in loop.operations if op.name != "debug_merge_point")
    for before, after, removed, added in by_pass.values():
        assert before - removed + added == after


def test_removal_reasons_are_the_passes_own(loop):
    # recorded per op by the pass that acted (tests/test_pass_reasons.py has one test per rule)
    diff = viz.pass_diff(loop, "virtualize")
    assert not diff.unexplained
    assert any(c.reason.startswith("removed: allocation of W_IntObject is virtual") for c in diff.removed)


def test_pass_diff_unknown_pass(loop):
    with pytest.raises(ValueError, match="no pass 'inline'"):
        viz.pass_diff(loop, "inline")


# -- collections ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def watched():
    space, interp = new_vm(gc_threshold=64 * 1024)
    watch = watch_collections(space, interp)
    result = run_code(space, interp, compile_source(POINTS, "points.py"))
    assert result.stdout == "(%d, 15)\n" % sum(i * (i + 1) for i in range(1500))
    return watch


def test_every_collection_is_recorded(watched):
    assert len(watched.records) >= 3
    for number, record in enumerate(watched.records, 1):
        assert record.number == number
        assert record.allocated_bytes > record.threshold
        assert all(record.after[name] <= record.before[name] for name in record.after)
        assert record.marked >= sum(record.after.values())


def test_dead_points_are_freed_and_kept_ones_survive(watched):
    record = watched.records[1]
    assert record.where[0] in ("run", "__init__")
    freed = record.freed()
    assert freed["W_InstanceObject"] > 100       # the Points of finished iterations
    assert record.after["W_InstanceObject"] >= 1   # keep[] holds some
    text = viz.collection_summary(watched, 2).text()
    assert text.startswith("collection 2 after %d bytecodes (in %s" % (record.steps, record.where[0]))
    assert "W_InstanceObject" in text


def test_collections_table_and_errors(watched):
    lines = viz.collections_table(watched).text().splitlines()
    assert len(lines) == len(watched.records) + 1
    with pytest.raises(ValueError, match="pick a number from 1"):
        viz.collection_summary(watched, 99)
    with pytest.raises(ValueError, match="no collection ran"):
        viz.collection_summary([], 1)


def test_watching_changes_nothing():
    plain = run_source(POINTS, "points.py", gc_threshold=64 * 1024)
    space, interp = new_vm(gc_threshold=64 * 1024)
    watch = watch_collections(space, interp)
    watched = run_code(space, interp, compile_source(POINTS, "points.py"))
    assert watched.stdout == plain.stdout and watched.steps == plain.steps
    assert len(watch.records) == plain.space.gc.collections
    watch.detach()
    assert space.gc.observers == []


# -- dis side by side ---------------------------------------------------------------------------

def test_dis_side_by_side():
    source = "def f(a, b):\n    c = a + b * 2\n    return c\n"
    view = viz.dis_side_by_side(compile_source(source, "f.py"), source, "f")
    assert [name for _, name, _ in view.own] == ["LOAD_FAST", "LOAD_FAST", "LOAD_CONST", "BINARY_MULTIPLY",
                                                 "BINARY_ADD", "STORE_FAST", "LOAD_FAST", "RETURN_VALUE"]
    assert "LOAD_FAST" in view.shared and view.host
    assert view.text().splitlines()[0].startswith("pypyteach (modelled on CPython 3.9")
    with pytest.raises(ValueError, match="'g' is not a function"):
        viz.dis_side_by_side(compile_source(source, "f.py"), source, "g")


# -- without_pass_diff and beside_pypy ----------------------------------------------------------

from pathlib import Path                                      # noqa: E402

ROOT = Path(__file__).parents[1]
INT_LOOP = (ROOT / "benchmarks" / "anchors" / "int_loop.py").read_text().replace("n = 100000", "n = 60")


def main_loop(enable_opts="all"):
    result = run_source(INT_LOOP, "int_loop.py", jit="llgraph",
                        jit_params="threshold=10,enable_opts=%s" % enable_opts)
    assert result.stdout == "1770\n"
    return [t for t in result.jit.loops() if t.name.startswith("run;")][-1]


def test_intbounds_in_the_whole_chain_removes_overflow_checks():
    without = main_loop("rewrite:virtualize:string:pure:earlyforce:heap:unroll")
    diff = viz.without_pass_diff(without, main_loop(), "intbounds")
    removed = [c.line.split("(")[0].split(" = ")[-1] for c in diff.removed]
    assert removed.count("guard_no_overflow") == 2 and removed.count("int_add_ovf") == 2
    assert [c.line.split(" = ")[1].split("(")[0] for c in diff.added] == ["int_add", "int_add"]
    assert diff.before_label == "without intbounds" and "with every pass" in diff.text()


def test_beside_pypy_int_loop():
    view = viz.beside_pypy(main_loop(), (ROOT / "tests/data/pypy-7.3.11/int_loop.log").read_text(), "int_loop")
    assert view.counts()["PyPy body ops"] == 10          # results.md: int_loop body 10 ops
    assert view.counts()["PyPy body guards"] == 4
    assert sorted(view.missing) == ["getfield_raw_i", "guard_false", "guard_not_invalidated", "int_lt"]
    assert not view.extra
    assert "descr=<Guard" not in view.text() and "ADDR" in view.text()
    with pytest.raises(ValueError, match="no loop traced from run"):
        viz.beside_pypy(main_loop(), "", "nothing")


# -- exercise checks -----------------------------------------------------------------------------

def test_check_never_reveals_the_expected_value():
    wrong = viz.check(41, 1039, "the threshold", hint="look at JitParams()")
    assert wrong.right is False and "1039" not in wrong.text() and "look at JitParams()" in wrong.text()
    assert viz.check(1039, 1039, "the threshold").text() == "right: the threshold"
    assert viz.check(None, 1039).right is None and "no answer yet" in viz.check(None, 1039).text()


def test_check_normalizes_strings_and_sequences():
    assert viz.check(" Int_Add ", "int_add").right
    assert viz.check(["a", "b"], ("a", "b")).right
    assert viz.check({"x", "y"}, {"y", "x"}).right
    assert viz.check(True, 1).right is False          # a bool is not the number 1 here
    assert "1039" not in viz.check(1039.5, 1039).text()


# -- heap objects ----------------------------------------------------------------------------------

from pypyteach.objectrecord import object_record     # noqa: E402

OBJECTS = """
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
p = Point(3, 4)
q = Point(1.5, "label")
nums = [10, 20, 30]
print(id(p), id(q), id(nums), id(7))
"""


@pytest.fixture(scope="module")
def heap_objects():
    space, interp = new_vm()
    result = run_code(space, interp, compile_source(OBJECTS, "points.py"))
    return space, [int(x) for x in result.stdout.split()]


def test_an_int_is_a_header_and_an_intval(heap_objects):
    space, (_, _, _, seven) = heap_objects
    record = object_record(space, seven, depth=0)
    assert record.type_name == "W_IntObject" and record.size == 16 and record.value == "7"
    assert [(w.name, w.offset, w.value) for w in record.words] == [("tid (header)", 0, record.tid), ("intval", 8, 7)]


def test_an_instance_keeps_exact_ints_unboxed(heap_objects):
    space, (p, q, _, _) = heap_objects
    text = viz.object_view(object_record(space, p, depth=1)).text()
    assert "map" in text and "x: unboxed int [0]; y: unboxed int [1]" in text
    assert "+16  storage        NULL" in text
    assert "+16  [0]            3" in text and "+24  [1]            4" in text    # the GcIntArray's words
    q_record = object_record(space, q, depth=2)
    assert q_record.map.attributes == [("x", "unboxed float", 0), ("y", "boxed, in storage", 0)]
    names = [r.type_name for r in viz.objects._walk(q_record)]
    assert names == ["W_InstanceObject", "GcArray", "W_UnicodeObject", "GcIntArray"]


def test_a_list_of_ints_holds_raw_words(heap_objects):
    """The int strategy (vm/objspace/std/liststrategy.py): no box per item."""
    space, (_, _, nums, _) = heap_objects
    view = viz.object_view(object_record(space, nums, depth=2))
    assert [line.split(",")[0].split(": ")[1] for line in view.text().splitlines() if line.startswith("0x")] == \
        ["W_ListObject(int strategy)", "GcIntArray"]
    assert "o0:w2 -> o1;" in view.dot
    assert "IntegerListStrategy" in view.text()
    assert "+16  [0]            10" in view.text()


def test_a_list_of_objects_holds_references():
    space, interp = new_vm()
    result = run_code(space, interp, compile_source("print(id([10, 'a', 30]))", "l.py"))
    view = viz.object_view(object_record(space, int(result.stdout), depth=2))
    assert [line.split(",")[0].split(": ")[1] for line in view.text().splitlines() if line.startswith("0x")] == \
        ["W_ListObject(object strategy)", "GcArray", "W_IntObject", "W_UnicodeObject", "W_IntObject"]
    assert "ObjectListStrategy" in view.text()


def test_object_record_bad_addresses(heap_objects):
    space, _ = heap_objects
    with pytest.raises(ValueError, match="not inside the heap"):
        object_record(space, 12)
    with pytest.raises(ValueError, match="give the address"):
        object_record(space, None)


def test_handler_graph_of_an_inlined_function():
    source = "def f(x):\n    return x * 2\n\ndef run(n):\n    t = 0\n    for i in range(n):\n" \
             "        t += f(i)\n    return t\n\nprint(run(40))\n"
    loop = run_source(source, "f.py", jit="llgraph", jit_params="threshold=10").jit.loops()[0]
    graph = viz.handler_graph(loop, "BINARY_MULTIPLY", code="f")
    assert graph.text().startswith("#4 BINARY_MULTIPLY in f: ")
    assert any(op.name == "int_mul_ovf" for op in graph.ops)
    assert all(op.provenance.depth == 1 for op in graph.ops)
    with pytest.raises(ValueError, match="ran no BINARY_MULTIPLY"):
        viz.handler_graph(loop, "BINARY_MULTIPLY")          # run itself multiplies nothing
    with pytest.raises(ValueError, match="no bytecode of 'g'"):
        viz.handler_graph(loop, "LOAD_FAST", code="g")


def test_an_op_removed_by_an_earlier_pass_names_it():
    # pure shares the reads of i's box: intbounds then sees i + 1 cannot overflow
    diff = viz.pass_diff(main_loop(), "pure")
    ovf = [c for c in diff.removed if " int_add_ovf(" in c.line]
    assert ovf and all(c.reason.endswith("(intbounds, on what pure exposed)") for c in ovf)
    assert all("cannot overflow" in c.reason for c in ovf)