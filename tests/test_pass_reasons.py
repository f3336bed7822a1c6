"""The reasons the optimizer passes record for every op they remove, replace
or add (jit/reasons.py), and the pass diff that shows them.

The first part runs the passes on traces written as text (as
test_optimizer_passes.py does) and checks, for each pass and each kind of
removal, the reason recorded, with values named as the text trace names
them.  Then: no removed op of the anchor loops or of a sample of the corpus
lacks a recorded reason, and the view's text and HTML show the reasons.
"""

from pathlib import Path

import pytest

from pypyteach import viz
from pypyteach.jit.oparser import TraceParser
from pypyteach.jit.optimizer import optimize_trace
from pypyteach.jit.reasons import PASS_OF, REASONS, Reasons, origin_of
from pypyteach.jit.params import ALL_OPTS, JitParams
from pypyteach.jit.record import TraceRecord
from pypyteach.run import run_source
from reference import program_paths
from test_optimizer_passes import NS, runtime

ROOT = Path(__file__).parents[1]


def run(source, opts):
    """(reasons of the final run, name function, snapshots) for a text trace."""
    parser = TraceParser(NS)
    inputargs, operations = parser.parse(source.split("\n"))
    _, snapshots = optimize_trace(runtime(), inputargs, operations, JitParams.enabled_passes_of(opts))
    written = {value: name for name, value in parser.values.items()}

    def name(value):
        return written.get(value) or written.get(origin_of(value)) or "?"
    return snapshots.reasons(-1), name, snapshots, inputargs, operations


def reasons(source, opts):
    """[(op name, reason in words)] in the order recorded."""
    record, name, *_ = run(source, opts)
    return [(note.op.name, record.text(note, name)) for note in record]


def reason_of(source, opts, op_name):
    found = [text for name, text in reasons(source, opts) if name == op_name]
    assert found, "no reason recorded for %s: %s" % (op_name, reasons(source, opts))
    return found


# -- intbounds --------------------------------------------------------------------------------------

MASKED = """
[i0]
i1 = int_and(i0, 255)
i2 = int_lt(i1, 256)
guard_true(i2, descr=g1) [i0]
i3 = int_add_ovf(i1, 1)
guard_no_overflow(descr=g2) [i0]
i4 = int_is_true(i3)
guard_true(i4, descr=g3) [i0]
jump(i3, descr=L0)
"""


def test_intbounds_decides_a_comparison_and_rewrite_drops_its_guard():
    got = dict(reasons(MASKED, "intbounds:rewrite"))
    assert got["int_lt"] == "replaced by 1: the bounds decide i1 < 256: i1 in [0, 255]"
    # the guard names the bounds that imply it
    assert reason_of(MASKED, "intbounds:rewrite", "guard_true")[0] == \
        "removed: guard implied: the bounds decide i1 < 256: i1 in [0, 255]"


def test_intbounds_overflow_check_that_cannot_fail():
    got = dict(reasons(MASKED, "intbounds"))
    assert got["int_add_ovf"] == ("replaced by int_add: the bounds prove int_add_ovf(i1, 1) cannot overflow: "
                                  "i1 in [0, 255]")
    assert got["int_add"] == "added: stands for int_add_ovf, which cannot overflow: i1 in [0, 255]"
    assert got["guard_no_overflow"] == ("removed: the int_add_ovf it checks became int_add: "
                                        "it cannot overflow")


def test_intbounds_nonzero():
    got = dict(reasons(MASKED, "intbounds:rewrite"))
    assert got["int_is_true"] == "replaced by 1: i3 is never 0: i3 in [1, 256]"


# -- rewrite ----------------------------------------------------------------------------------------

def test_rewrite_algebra():
    got = reasons("""
    [i0]
    i1 = int_add(i0, 0)
    i2 = int_sub(i1, i1)
    jump(i2, descr=L0)
    """, "rewrite")
    assert got == [("int_add", "replaced by i0: int_add(i0, 0) always equals i0 (algebra)"),
                   ("int_sub", "replaced by 0: int_sub(i0, i0) always equals 0 (algebra)")]


def test_rewrite_guards_already_known():
    got = reasons("""
    [p0, p1, i0]
    guard_nonnull(p0, descr=g1) [i0]
    guard_class(p1, ConstClass(W_IntObject), descr=g2) [i0]
    guard_nonnull(p0, descr=g3) [i0]
    guard_class(p1, ConstClass(W_IntObject), descr=g4) [i0]
    guard_value(i0, 5, descr=g5) [i0]
    guard_value(i0, 5, descr=g6) [i0]
    guard_not_invalidated(descr=g7) [i0]
    guard_not_invalidated(descr=g8) [i0]
    jump(p0, p1, i0, descr=L0)
    """, "rewrite")
    assert got == [
        ("guard_nonnull", "removed: p0 is already known to be non-NULL (a fresh object or an earlier guard)"),
        ("guard_class", "removed: guard_class already known: p1 is W_IntObject"),
        ("guard_value", "removed: the value is already the constant 5"),
        ("guard_not_invalidated", "removed: guard_not_invalidated already checked, and no call since")]


def test_rewrite_merges_guard_nonnull_and_guard_class():
    got = reasons("""
    [p0]
    guard_nonnull(p0, descr=g1) []
    guard_class(p0, ConstClass(W_IntObject), descr=g2) []
    jump(p0, descr=L0)
    """, "rewrite")
    assert got == [
        ("guard_class", "removed: merged into the guard_nonnull on p0 just before, now guard_nonnull_class "
                        "W_IntObject"),
        ("guard_nonnull", "replaced by guard_nonnull_class: the guard_class on p0 right after it merged in "
                          "(class W_IntObject)"),
        ("guard_nonnull_class", "added: guard_nonnull and guard_class on p0 merged into one guard")]


# -- virtualize -------------------------------------------------------------------------------------

BOXES = """
[i0, p9]
p1 = new_with_vtable(descr=int_size)
setfield_gc(p1, i0, descr=intval)
guard_class(p1, ConstClass(W_IntObject), descr=g1) [i0]
guard_nonnull(p1, descr=g2) [i0]
i1 = getfield_gc_i(p1, descr=intval)
i2 = ptr_eq(p1, p9)
guard_false(i2, descr=g3) [i0]
p2 = new_with_vtable(descr=int_size)
setfield_gc(p2, i1, descr=intval)
call_n(1, p2, descr=escape)
jump(i1, p9, descr=L0)
"""


def test_virtualize_reasons():
    got = reasons(BOXES, "virtualize")
    assert got[:6] == [
        ("new_with_vtable", "removed: allocation of W_IntObject is virtual, its fields are tracked"),
        ("setfield_gc", "removed: write of i0 into W_IntObject.intval of virtual p1: tracked, not stored"),
        ("guard_class", "removed: guard_class already known: p1 is a virtual W_IntObject"),
        ("guard_nonnull", "removed: p1 is virtual: not NULL"),
        ("getfield_gc_i", "replaced by i0: read of W_IntObject.intval of virtual p1: the value written to it"),
        ("ptr_eq", "replaced by 0: p1 is virtual, a fresh object: identical only to itself")]
    # the second box escapes into the call: forced there
    forced = [(name, text) for name, text in got if text.startswith("added")]
    assert forced == [("new_with_vtable", "added: forced: virtual W_IntObject escapes into call_n"),
                      ("setfield_gc", "added: writes the tracked field W_IntObject.intval of the forced p2")]


def test_virtualize_arrays():
    got = reasons("""
    [i0]
    p1 = new_array(2, descr=tuple_items)
    setarrayitem_gc(p1, 0, i0, descr=tuple_items)
    i1 = getarrayitem_gc_i(p1, 0, descr=tuple_items)
    i2 = arraylen_gc(p1, descr=tuple_items)
    jump(i1, descr=L0)
    """, "virtualize")
    assert got == [
        ("new_array", "removed: allocation of an array of 2 items is virtual, its items are tracked"),
        ("setarrayitem_gc", "removed: write of i0 into item 0 of virtual array p1: tracked, not stored"),
        ("getarrayitem_gc_i", "replaced by i0: read of item 0 of virtual array p1: the value written to it"),
        ("arraylen_gc", "replaced by 2: the length of virtual array p1 is known")]


def test_earlyforce_forces_where_the_virtual_escapes():
    got = reasons(BOXES, "virtualize:earlyforce")
    assert ("new_with_vtable", "added: forced: virtual W_IntObject escapes into call_n") in got


# -- pure -------------------------------------------------------------------------------------------

def test_pure_common_subexpression_and_folding():
    got = reasons("""
    [i0]
    i1 = int_mul(i0, 3)
    i2 = int_mul(i0, 3)
    i3 = int_add(4, 3)
    i4 = int_add(i2, i3)
    jump(i4, descr=L0)
    """, "pure")
    assert got == [("int_mul", "replaced by i1: same pure operation as i1 = int_mul(i0, 3)"),
                   ("int_add", "replaced by 7: int_add(4, 3) has constant arguments: computed now")]


def test_pure_elidable_calls():
    folded = reasons("""
    [i0]
    i1 = call_pure_i(1, 7, descr=square)
    guard_no_exception(descr=g1) [i0]
    jump(i1, descr=L0)
    """, "pure")
    assert folded == [
        ("call_pure_i", "replaced by 49: elidable call to square with constant arguments: its result while tracing"),
        ("guard_no_exception", "removed: the elidable call before it (square) was folded or shared: "
                               "it cannot raise")]
    shared = reasons("""
    [i0]
    i1 = call_pure_i(1, i0, descr=square)
    guard_no_exception(descr=g1) [i0]
    i2 = call_pure_i(1, i0, descr=square)
    guard_no_exception(descr=g2) [i0]
    jump(i2, descr=L0)
    """, "pure")
    assert shared[:3] == [
        ("call_pure_i", "replaced by call_i: square is elidable, its arguments not all constant: the call "
                        "is made, and a later call with the same arguments shares its result"),
        ("call_i", "added: stands for call_pure_i: the elidable call made as a plain call (PyPy's "
                   "optimizer does the same)"),
        ("call_pure_i", "replaced by i1: same elidable call to square as i1")]


# -- heap -------------------------------------------------------------------------------------------

def test_heap_reasons():
    got = reasons("""
    [p0, i0]
    i1 = getfield_gc_i(p0, descr=current)
    i2 = getfield_gc_i(p0, descr=current)
    setfield_gc(p0, i0, descr=current)
    setfield_gc(p0, i0, descr=current)
    i3 = getarrayitem_gc_i(p0, 1, descr=items)
    i4 = getarrayitem_gc_i(p0, 1, descr=items)
    jump(p0, i4, descr=L0)
    """, "heap")
    assert got == [
        ("getfield_gc_i", "replaced by i1: W_IntRangeIterator.current of p0 is already known: read or written "
                          "earlier, nothing since can change it"),
        ("setfield_gc", "removed: W_IntRangeIterator.current of p0 already holds i0"),
        ("getarrayitem_gc_i", "replaced by i3: item 1 of p0 is already known")]


# -- the driver and unroll ----------------------------------------------------------------------------

def test_exception_guard_without_a_call():
    assert reasons("""
    [i0]
    guard_no_exception(descr=g1) [i0]
    jump(i0, descr=L0)
    """, "rewrite") == [("guard_no_exception", "removed: no call just before it: nothing can have raised")]


def test_overflow_guard_on_an_op_that_cannot_overflow():
    got = reasons("""
    [i0]
    i1 = int_add_ovf(i0, 0)
    guard_overflow(descr=g1) [i0]
    jump(i1, descr=L0)
    """, "rewrite")
    assert got == [
        ("int_add_ovf", "replaced by i0: int_add_ovf(i0, 0) always equals i0 (algebra)"),
        ("guard_overflow", "replaced by guard_true(0): the int_add_ovf it checks cannot overflow: it always fails"),
        ("guard_true", "added: stands for a guard_overflow that always fails")]


LOOP = """
[i0, p0]
label(i0, p0, descr=L1)
i1 = getfield_gc_i(p0, descr=intval)
i2 = int_add(i1, 1)
p1 = new_with_vtable(descr=int_size)
setfield_gc(p1, i2, descr=intval)
i3 = int_lt(i2, 100)
guard_true(i3, descr=g1) [i0]
i4 = int_mul(i0, 3)
jump(i4, p1, descr=L1)
"""


def test_unroll_reasons():
    record, name, *_ = run(LOOP, "all")
    by_code = {note.code: (note, record.text(note, name)) for note in record}
    assert by_code["virtual_at_label"][1] == ("removed: W_IntObject stays virtual across the jump: the peeled "
                                              "loop's label takes its fields")
    assert by_code["body_label"][1].startswith("added: the peeled loop starts here")
    assert by_code["preamble_jump"][1].startswith("replaced by the loop body's label")
    # in the body, the box the label passes as its fields is read: the field is that label argument
    assert by_code["virtual_getfield"][0].phase == "loop body"
    assert by_code["virtual_getfield"][1] == ("replaced by i2 in the loop body: read of W_IntObject.intval of "
                                              "virtual p1: the value it holds")
    assert by_code["bounds_decide"][1] == ("replaced by 1 in the loop body: the bounds decide i2 < 100: "
                                           "i2 in [-9223372036854775807, 99]")
    assert by_code["body_jump_new"][1] == ("added in the loop body: the loop body jumps back to its own label, "
                                           "not to the preamble")


def test_a_bridge_entering_the_peeled_loop_checks_what_the_body_assumes():
    source = (ROOT / "benchmarks" / "anchors" / "polymorphic_loop.py").read_text().replace("n = 100000", "n = 200")
    record = run_source(source, "polymorphic_loop.py", jit="llgraph", jit_params="threshold=3,trace_eagerness=2").jit
    bridge = record.bridges()[0]
    diff = viz.pass_diff(bridge, "unroll")
    reasons = [c.reason for c in diff.added]
    assert any(r.startswith("added: the bridge enters the peeled loop body, which assumes p") and
               "is W_IntRangeIterator at its label: checked here" in r for r in reasons)
    assert any(r.startswith("added: the bridge enters the peeled loop body, whose label takes getfield_gc_i(p")
               for r in reasons)
    assert "replaced: jumps to the peeled loop's body, not its preamble" in \
        [bridge.passes.reasons("unroll").text(n) for n in bridge.passes.reasons("unroll")]


def test_every_rule_has_words_and_a_pass():
    assert set(REASONS) == set(PASS_OF)
    assert set(PASS_OF.values()) <= set(ALL_OPTS) | {"driver"}


def test_notes_are_small_tuples_worded_only_on_demand():
    record, name, snapshots, *_ = run(MASKED, "all")
    raw = [note for phase, notes in snapshots.segments[len(snapshots) - 1] for note in notes]
    assert raw and all(type(note) is tuple and len(note) == 4 for note in raw)
    assert all(isinstance(note[2], str) for note in raw)
    assert isinstance(snapshots.reasons("intbounds"), Reasons)


# -- no removed op lacks a reason -------------------------------------------------------------------

ANCHORS = ["int_loop", "float_loop", "call_loop", "attr_loop", "alloc_loop", "list_loop", "branchy_loop",
           "polymorphic_loop"]


def anchor_record(name, n=200):
    source = (ROOT / "benchmarks" / "anchors" / (name + ".py")).read_text().replace("n = 100000", "n = %d" % n)
    result = run_source(source, name + ".py", jit="llgraph", jit_params="threshold=50")
    return result.jit


def unexplained(trace):
    missing = []
    for name, _ in trace.passes:
        diff = viz.pass_diff(trace, name)
        missing += [(trace.number, name, change.line) for change in diff.unexplained]
        assert all(change.reason for change in diff.removed + diff.added)
    return missing


@pytest.mark.parametrize("name", ANCHORS)
def test_no_removed_op_of_an_anchor_lacks_a_reason(name):
    record = anchor_record(name)
    assert record.traces
    assert [m for trace in record.traces for m in unexplained(trace)] == []


SAMPLE = program_paths("programs")[::20]


@pytest.mark.parametrize("path", SAMPLE, ids=lambda p: p.stem)
def test_no_removed_op_of_the_corpus_lacks_a_reason(path):
    result = run_source(path.read_text(encoding="utf-8"), path.name, jit="llgraph",
                        jit_params="threshold=3,trace_eagerness=2")
    assert [m for trace in result.jit.traces for m in unexplained(trace)] == []


# -- the view ---------------------------------------------------------------------------------------

def main_loop(name):
    return [t for t in anchor_record(name, 60).loops() if t.name.startswith("run;")][-1]


def test_pass_diff_text_strikes_removed_ops_and_gives_reasons():
    diff = viz.pass_diff(main_loop("alloc_loop"), "virtualize")
    text = diff.text().splitlines()
    # the whole trace after the pass: kept ops indented, removed ones marked "-", added "+"
    kept = [line for line in text if line.startswith("    ") and not line.startswith("      ")]
    assert any("label(" in line for line in kept) and any("jump(" in line for line in kept)
    first = next(i for i, line in enumerate(text) if line.startswith("  - ") and "new_with_vtable" in line)
    assert text[first + 1].strip() == ("#12 FOR_ITER; removed: allocation of W_IntObject is virtual, its fields "
                                       "are tracked")
    assert any(line.strip().startswith("added: forced: virtual W_IntObject escapes into the jump") for line in text)
    # values are named once for the listing: the struck ovf op and its plain replacement share the name
    ovf = next(c for c in diff.removed if " int_add_ovf(" in c.line)
    plain = next(c for c in diff.added if " int_add(" in c.line)
    assert ovf.line.split(" = ")[0] == plain.line.split(" = ")[0]
    assert "(intbounds, on what virtualize exposed)" in ovf.reason


@pytest.mark.parametrize("name, pass_name", [("int_loop", "pure"), ("alloc_loop", "virtualize"),
                                             ("branchy_loop", "pure"), ("attr_loop", "heap")])
def test_a_struck_op_never_takes_the_name_of_a_kept_one(name, pass_name):
    # a value replaced by another is still its own op on its struck line
    diff = viz.pass_diff(main_loop(name), pass_name)
    result = lambda line: line.split(" = ")[0] if " = " in line else None
    kept = {result(line) for mark, line, _ in diff.rows if mark == " "} - {None}
    struck = {result(change.line) for change in diff.removed} - {None}
    assert struck and not struck & kept


def test_pass_diff_html_strikes_removed_ops():
    diff = viz.pass_diff(main_loop("branchy_loop"), "pure")
    html = diff._repr_html_()
    assert html.count('<s class="pt-removed"') == len(diff.removed) == 2
    assert "same pure operation as" in html
    for change in diff.removed:
        assert change.reason.startswith("replaced by ") and change.note is not None


def test_without_pass_diff_finds_the_reasons_of_the_other_run():
    source = (ROOT / "benchmarks" / "anchors" / "int_loop.py").read_text().replace("n = 100000", "n = 60")

    def loop(opts):
        result = run_source(source, "int_loop.py", jit="llgraph", jit_params="threshold=10,enable_opts=" + opts)
        return [t for t in result.jit.loops() if t.name.startswith("run;")][-1]
    diff = viz.without_pass_diff(loop("rewrite:virtualize:string:pure:earlyforce:heap:unroll"), loop("all"),
                                 "intbounds")
    assert diff.removed and not diff.unexplained
    assert all("cannot overflow" in change.reason for change in diff.removed)


def test_a_trace_without_a_record_of_reasons():
    # a trace read from a log has versions but no notes: the diff still works, without reasons
    trace = main_loop("int_loop")
    plain = TraceRecord(trace.number, trace.kind, trace.name, trace.key, trace.inputargs, trace.unoptimized,
                        list(trace.passes), trace.operations)
    diff = viz.pass_diff(plain, "virtualize")
    assert diff.removed and all(change.reason == "" for change in diff.removed)
    assert "  - " in diff.text()
