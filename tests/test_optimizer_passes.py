"""The optimizer passes one by one, on traces written as text (in the style
of PyPy's test_optimizebasic.py and test_optimizeopt.py).

Each test gives a trace, the passes to run (an ``enable_opts`` value) and
the trace expected after them; both are printed with logger.format_trace
and compared, so value names only need to be consistent, not equal.  Guard
descrs ``g1``... are real GuardDescrs; a guard the optimizer copies (into
the peeled loop) gets a fresh one, which prints as ``<Guard0x1..>``.
"""

import itertools
import re
from types import SimpleNamespace

import pytest

from pypyteach.jit.descr import CallDescr, GuardDescr, TargetToken
from pypyteach.jit.logger import format_trace, layout_class_names
from pypyteach.jit.oparser import parse_trace
from pypyteach.jit.optimizer import optimize_trace
from pypyteach.jit.optimizer import rewrite as rewrite_module
from pypyteach.jit.params import JitParams
from pypyteach.vm.memory import layout as L
from pypyteach.vm.interpreter.jithints import elidable
from pypyteach.run import new_vm

SPACE, _ = new_vm(heap_size=1 << 20)


@elidable
def square(x):
    return x * x


def bump(x):
    return x + 1


def make_namespace():
    ns = {
        "intval": L.W_IntObject.field("intval"),
        "floatval": L.W_FloatObject.field("floatval"),
        "int_size": L.W_IntObject.size_descr,
        "float_size": L.W_FloatObject.size_descr,
        "current": L.W_IntRangeIterator.field("current"),
        "stop": L.W_IntRangeIterator.field("stop"),
        "cellref": L.W_CellObject.field("ref"),
        "cell_size": L.W_CellObject.size_descr,
        "listlen": L.W_ListObject.field("length"),
        "items": L.GcArray.array,
        "tuple_items": L.W_TupleObject.array,
        "W_IntObject": L.W_IntObject,
        "W_FloatObject": L.W_FloatObject,
        "W_CellObject": L.W_CellObject,
        "W_ListObject": L.W_ListObject,
        "square": CallDescr(square, [("arg",)], "i", SPACE),
        "bump": CallDescr(bump, [("arg",)], "i", SPACE),
        "escape": CallDescr(lambda p: None, [("arg",)], "n", SPACE),
        "L1": TargetToken(),
        "L0": TargetToken(),
    }
    for number in range(1, 30):
        ns["g%d" % number] = GuardDescr(number)
    return ns


NS = make_namespace()


def runtime():
    return SimpleNamespace(space=SPACE, guard_numbers=itertools.count(0x100))


def printed(inputargs, operations):
    text = "\n".join(format_trace(inputargs, operations, const_repr=layout_class_names))
    return _renumber(text)


def _renumber(text):
    """TargetToken numbers come from a global counter: number them by first use."""
    seen = {}
    return re.sub(r"TargetToken\((\d+)\)", lambda m: "TargetToken(%d)" % seen.setdefault(m.group(1), len(seen)),
                  text)


def optimize(source, opts):
    inputargs, operations = parse_trace(source, NS)
    final, snapshots = optimize_trace(runtime(), inputargs, operations, JitParams.enabled_passes_of(opts))
    return inputargs, final, snapshots


def check(source, opts, expected):
    inputargs, final, _ = optimize(source, opts)
    assert printed(inputargs, final) == printed(*parse_trace(expected, NS))


ALL = "all"


# -- the driver ----------------------------------------------------------------------------------

def test_no_pass_leaves_the_trace_alone():
    source = """
    [i0]
    i1 = int_add(i0, 0)
    jump(i1, descr=L0)
    """
    inputargs, ops = parse_trace(source, NS)
    final, snapshots = optimize_trace(runtime(), inputargs, ops, ())
    assert final is ops and snapshots == []


def test_snapshots_after_each_pass():
    source = """
    [i0]
    i1 = int_add(i0, 0)
    i2 = int_add(i1, i1)
    i3 = int_add(i1, i1)
    i4 = int_add(i2, i3)
    jump(i4, descr=L0)
    """
    inputargs, final, snapshots = optimize(source, "intbounds:rewrite:pure")
    assert [name for name, _ in snapshots] == ["intbounds", "rewrite", "pure"]
    lengths = [len(ops) for _, ops in snapshots]
    assert lengths == [5, 4, 3]
    assert snapshots[-1][1] is final
    # every snapshot has its own operations
    ids = [set(map(id, ops)) for _, ops in snapshots]
    assert not (ids[0] & ids[1]) and not (ids[1] & ids[2])


def test_recorded_trace_is_not_changed():
    source = """
    [i0]
    i1 = int_add(i0, 0)
    guard_true(i1, descr=g1) [i0, i1]
    jump(i1, descr=L0)
    """
    inputargs, ops = parse_trace(source, NS)
    before = printed(inputargs, ops)
    optimize_trace(runtime(), inputargs, ops, JitParams.enabled_passes_of("all"))
    assert printed(inputargs, ops) == before


# -- intbounds --------------------------------------------------------------------------------------

def test_intbounds_add_ovf_after_less_than_cannot_overflow():
    check("""
    [i0, i1]
    i2 = int_lt(i0, i1)
    guard_true(i2, descr=g1) [i0, i1]
    i3 = int_add_ovf(i0, 1)
    guard_no_overflow(descr=g2) [i0, i1]
    jump(i3, i1, descr=L0)
    """, "intbounds", """
    [i0, i1]
    i2 = int_lt(i0, i1)
    guard_true(i2, descr=g1) [i0, i1]
    i3 = int_add(i0, 1)
    jump(i3, i1, descr=L0)
    """)


def test_intbounds_add_ovf_that_may_overflow_stays():
    check("""
    [i0, i1]
    i3 = int_add_ovf(i0, i1)
    guard_no_overflow(descr=g2) [i0, i1]
    i4 = int_sub_ovf(i3, 1)
    guard_no_overflow(descr=g3) [i0, i1]
    jump(i4, i1, descr=L0)
    """, "intbounds", """
    [i0, i1]
    i3 = int_add_ovf(i0, i1)
    guard_no_overflow(descr=g2) [i0, i1]
    i4 = int_sub_ovf(i3, 1)
    guard_no_overflow(descr=g3) [i0, i1]
    jump(i4, i1, descr=L0)
    """)


def test_intbounds_folds_comparison_of_masked_value():
    check("""
    [i0]
    i1 = int_and(i0, 255)
    i2 = int_lt(i1, 256)
    guard_true(i2, descr=g1) [i0]
    i3 = int_ge(i1, 0)
    guard_true(i3, descr=g2) [i0]
    jump(i1, descr=L0)
    """, "intbounds:rewrite", """
    [i0]
    i1 = int_and(i0, 255)
    jump(i1, descr=L0)
    """)


def test_intbounds_learns_from_guard_false():
    check("""
    [i0]
    i1 = int_lt(i0, 0)
    guard_false(i1, descr=g1) [i0]
    i2 = int_ge(i0, 0)
    guard_true(i2, descr=g2) [i0]
    i3 = int_mod(i0, 10)
    i4 = int_lt(i3, 10)
    guard_true(i4, descr=g3) [i0]
    i5 = int_ge(i3, 0)
    guard_true(i5, descr=g4) [i0]
    jump(i3, descr=L0)
    """, "intbounds:rewrite", """
    [i0]
    i1 = int_lt(i0, 0)
    guard_false(i1, descr=g1) [i0]
    i3 = int_mod(i0, 10)
    jump(i3, descr=L0)
    """)


def test_intbounds_mul_ovf_of_small_values():
    check("""
    [i0, i1]
    i2 = int_and(i0, 65535)
    i3 = int_and(i1, 65535)
    i4 = int_mul_ovf(i2, i3)
    guard_no_overflow(descr=g1) [i0]
    i5 = int_is_true(i4)
    guard_true(i5, descr=g2) [i0]
    i6 = int_is_true(i4)
    jump(i6, i4, descr=L0)
    """, "intbounds", """
    [i0, i1]
    i2 = int_and(i0, 65535)
    i3 = int_and(i1, 65535)
    i4 = int_mul(i2, i3)
    i5 = int_is_true(i4)
    guard_true(i5, descr=g2) [i0]
    jump(1, i4, descr=L0)
    """)


def test_intbounds_guard_true_on_a_plain_int_means_nonzero_not_one():
    # guard_true passes for any nonzero int: i0 may be 7, so int_eq(i0, 1) stays
    check("""
    [i0]
    guard_true(i0, descr=g1) [i0]
    i1 = int_eq(i0, 1)
    i2 = int_add(i0, 1)
    jump(i1, i2, descr=L0)
    """, "all", """
    [i0]
    guard_true(i0, descr=g1) [i0]
    i1 = int_eq(i0, 1)
    i2 = int_add(i0, 1)
    jump(i1, i2, descr=L0)
    """)


def test_intbounds_unsigned_compare_of_nonnegative_values():
    check("""
    [i0, i1]
    i2 = int_and(i0, 15)
    i3 = uint_lt(i2, 16)
    guard_true(i3, descr=g1) [i0]
    i4 = uint_ge(i1, 0)
    jump(i4, descr=L0)
    """, "intbounds:rewrite", """
    [i0, i1]
    i2 = int_and(i0, 15)
    i4 = uint_ge(i1, 0)
    jump(i4, descr=L0)
    """)


# -- rewrite ----------------------------------------------------------------------------------------

def test_rewrite_integer_identities():
    # -(-x) is x; the inner int_neg stays (no pass removes unused operations)
    check("""
    [i0, i1]
    i2 = int_add(i0, 0)
    i3 = int_mul(1, i2)
    i4 = int_sub(i3, i3)
    i5 = int_or(i1, 0)
    i6 = int_xor(i5, i5)
    i7 = int_and(i3, -1)
    i8 = int_neg(i7)
    i9 = int_neg(i8)
    i10 = int_add(i9, i4)
    i11 = int_add(i10, i6)
    jump(i11, descr=L0)
    """, "rewrite", """
    [i0, i1]
    i8 = int_neg(i0)
    jump(i0, descr=L0)
    """)


def test_rewrite_float_identities_only_exact_ones():
    # x * 1.0 and x - 0.0 are x for every double; x + 0.0 is not (-0.0 + 0.0 is 0.0)
    check("""
    [f0]
    f1 = float_mul(f0, 1.0)
    f2 = float_sub(f1, 0.0)
    f3 = float_add(f2, 0.0)
    jump(f3, descr=L0)
    """, "rewrite", """
    [f0]
    f3 = float_add(f0, 0.0)
    jump(f3, descr=L0)
    """)


def test_rewrite_drops_guards_already_implied():
    check("""
    [p0, i1]
    guard_class(p0, ConstClass(W_IntObject), descr=g1) [p0]
    guard_nonnull(p0, descr=g2) [p0]
    guard_class(p0, ConstClass(W_IntObject), descr=g3) [p0]
    guard_value(i1, 5, descr=g4) [p0]
    guard_value(i1, 5, descr=g5) [p0]
    i2 = int_add(i1, 1)
    jump(p0, i2, descr=L0)
    """, "rewrite", """
    [p0, i1]
    guard_class(p0, ConstClass(W_IntObject), descr=g1) [p0]
    guard_value(i1, 5, descr=g4) [p0]
    i2 = int_add(5, 1)
    jump(p0, i2, descr=L0)
    """)


def test_rewrite_guard_on_constants():
    check("""
    [i0]
    guard_true(1, descr=g1) [i0]
    guard_false(0, descr=g2) [i0]
    guard_value(3, 3, descr=g3) [i0]
    guard_true(0, descr=g4) [i0]
    jump(i0, descr=L0)
    """, "rewrite", """
    [i0]
    guard_true(0, descr=g4) [i0]
    jump(i0, descr=L0)
    """)


def test_rewrite_guard_not_invalidated_once_between_calls():
    check("""
    [i0]
    guard_not_invalidated(descr=g1) [i0]
    guard_not_invalidated(descr=g2) [i0]
    i1 = call_i(1, i0, descr=bump)
    guard_no_exception(descr=g3) [i0]
    guard_not_invalidated(descr=g4) [i0]
    jump(i1, descr=L0)
    """, "rewrite", """
    [i0]
    guard_not_invalidated(descr=g1) [i0]
    i1 = call_i(1, i0, descr=bump)
    guard_no_exception(descr=g3) [i0]
    guard_not_invalidated(descr=g4) [i0]
    jump(i1, descr=L0)
    """)


def test_rewrite_compare_with_itself_and_same_as():
    check("""
    [i0, p1]
    i1 = int_lt(i0, i0)
    i2 = int_le(i0, i0)
    i3 = ptr_eq(p1, p1)
    i4 = same_as_i(i0)
    i5 = int_add(i1, i2)
    i6 = int_add(i5, i3)
    i7 = int_add(i6, i4)
    jump(i7, descr=L0)
    """, "rewrite", """
    [i0, p1]
    i6 = int_add(1, 1)
    i7 = int_add(i6, i0)
    jump(i7, descr=L0)
    """)


def test_rewrite_add_ovf_of_zero_loses_its_guard():
    check("""
    [i0]
    i1 = int_add_ovf(i0, 0)
    guard_no_overflow(descr=g1) [i0]
    i2 = int_mul_ovf(1, i1)
    guard_no_overflow(descr=g2) [i0]
    jump(i2, descr=L0)
    """, "rewrite", """
    [i0]
    jump(i0, descr=L0)
    """)


def test_rewrite_guard_class_merges_into_guard_nonnull(monkeypatch):
    monkeypatch.setattr(rewrite_module.OptRewrite, "merge_nonnull_class", True)
    check("""
    [p0, i1]
    guard_nonnull(p0, descr=g1) [p0, i1]
    i2 = int_add(i1, 1)
    guard_class(p0, ConstClass(W_IntObject), descr=g2) [p0, i2]
    jump(p0, i2, descr=L0)
    """, "rewrite", """
    [p0, i1]
    guard_nonnull_class(p0, ConstClass(W_IntObject), descr=g1) [p0, i1]
    i2 = int_add(i1, 1)
    jump(p0, i2, descr=L0)
    """)


def test_rewrite_no_merge_when_switched_off(monkeypatch):
    monkeypatch.setattr(rewrite_module.OptRewrite, "merge_nonnull_class", False)
    check("""
    [p0]
    guard_nonnull(p0, descr=g1) [p0]
    guard_class(p0, ConstClass(W_IntObject), descr=g2) [p0]
    jump(p0, descr=L0)
    """, "rewrite", """
    [p0]
    guard_nonnull(p0, descr=g1) [p0]
    guard_class(p0, ConstClass(W_IntObject), descr=g2) [p0]
    jump(p0, descr=L0)
    """)


# -- virtualize -------------------------------------------------------------------------------------

def test_virtualize_box_written_and_read_disappears():
    check("""
    [i0]
    p1 = new_with_vtable(descr=int_size)
    setfield_gc(p1, i0, descr=intval)
    i2 = getfield_gc_i(p1, descr=intval)
    i3 = int_add(i2, 1)
    jump(i3, descr=L0)
    """, "virtualize", """
    [i0]
    i3 = int_add(i0, 1)
    jump(i3, descr=L0)
    """)


def test_virtualize_guard_resume_opens_virtual():
    # the guard saves the virtual's field; deoptimization rebuilds the box
    inputargs, final, _ = optimize("""
    [i0, i1]
    p2 = new_with_vtable(descr=int_size)
    setfield_gc(p2, i0, descr=intval)
    i3 = int_lt(i0, i1)
    guard_true(i3, descr=g1) [p2, i1]
    jump(i0, i1, descr=L0)
    """, "virtualize")
    assert printed(inputargs, final) == printed(*parse_trace("""
    [i0, i1]
    i3 = int_lt(i0, i1)
    guard_true(i3, descr=g1) [i0, i1]
    jump(i0, i1, descr=L0)
    """, NS))
    frame = final[1].resume.frames[0]
    recipe = frame.values()[0]
    assert recipe.descr is NS["int_size"] and recipe.fields == [(NS["intval"], inputargs[0])]


def test_virtualize_forced_by_call():
    check("""
    [i0]
    p1 = new_with_vtable(descr=int_size)
    setfield_gc(p1, i0, descr=intval)
    call_n(1, p1, descr=escape)
    jump(i0, descr=L0)
    """, "virtualize", """
    [i0]
    p1 = new_with_vtable(descr=int_size)
    setfield_gc(p1, i0, descr=intval)
    call_n(1, p1, descr=escape)
    jump(i0, descr=L0)
    """)


def test_virtualize_forced_when_stored_into_real_object():
    check("""
    [p0, i0]
    p1 = new_with_vtable(descr=int_size)
    p2 = new_with_vtable(descr=cell_size)
    setfield_gc(p2, p1, descr=cellref)
    setfield_gc(p1, i0, descr=intval)
    setfield_gc(p0, p2, descr=cellref)
    jump(p0, i0, descr=L0)
    """, "virtualize", """
    [p0, i0]
    p2 = new_with_vtable(descr=cell_size)
    p1 = new_with_vtable(descr=int_size)
    setfield_gc(p1, i0, descr=intval)
    setfield_gc(p2, p1, descr=cellref)
    setfield_gc(p0, p2, descr=cellref)
    jump(p0, i0, descr=L0)
    """)


def test_virtualize_array_of_constant_length():
    check("""
    [p0, i0]
    p1 = new_array(2, descr=tuple_items)
    setarrayitem_gc(p1, 0, p0, descr=tuple_items)
    setarrayitem_gc(p1, 1, p0, descr=tuple_items)
    i2 = arraylen_gc(p1, descr=tuple_items)
    p3 = getarrayitem_gc_r(p1, 1, descr=tuple_items)
    i4 = int_add(i2, i0)
    jump(p3, i4, descr=L0)
    """, "virtualize", """
    [p0, i0]
    i4 = int_add(2, i0)
    jump(p0, i4, descr=L0)
    """)


def test_virtualize_identity_of_a_fresh_object():
    check("""
    [p0]
    p1 = new_with_vtable(descr=int_size)
    i2 = ptr_eq(p1, p0)
    i3 = ptr_ne(p1, p1)
    i4 = int_add(i2, i3)
    jump(p0, i4, descr=L0)
    """, "virtualize", """
    [p0]
    i4 = int_add(0, 0)
    jump(p0, i4, descr=L0)
    """)


def test_virtualize_jump_of_a_bridge_boxes_values():
    # a bridge (no label) jumps to a loop header that takes real objects
    check("""
    [i0]
    p1 = new_with_vtable(descr=int_size)
    setfield_gc(p1, i0, descr=intval)
    guard_class(p1, ConstClass(W_IntObject), descr=g1) [p1]
    jump(p1, descr=L0)
    """, "virtualize", """
    [i0]
    p1 = new_with_vtable(descr=int_size)
    setfield_gc(p1, i0, descr=intval)
    jump(p1, descr=L0)
    """)


# -- string -----------------------------------------------------------------------------------------

STRING_PASSTHROUGH = [
    "[i0]\ni1 = int_add(i0, 0)\nguard_true(i1, descr=g1) [i0]\njump(i1, descr=L0)",
    "[p0]\np1 = new_with_vtable(descr=int_size)\nsetfield_gc(p1, 3, descr=intval)\njump(p1, descr=L0)",
    "[p0]\ni1 = getfield_gc_i(p0, descr=intval)\ni2 = getfield_gc_i(p0, descr=intval)\njump(i2, descr=L0)",
    "[i0]\ni1 = call_i(1, i0, descr=bump)\nguard_no_exception(descr=g1) [i0]\njump(i1, descr=L0)",
    "[p0]\nguard_nonnull(p0, descr=g1) [p0]\nguard_nonnull(p0, descr=g2) [p0]\njump(p0, descr=L0)",
]


@pytest.mark.parametrize("source", STRING_PASSTHROUGH)
def test_string_pass_recognises_nothing(source):
    # no ll string operations in the VM: every op goes through unchanged
    check(source, "string", source)


# -- pure -----------------------------------------------------------------------------------------------

def test_pure_constant_folding():
    check("""
    [i0]
    i1 = int_add(3, 4)
    i2 = int_mul(i1, 2)
    i3 = int_lt(i2, 20)
    guard_true(i3, descr=g1) [i0]
    f4 = cast_int_to_float(i2)
    f5 = float_mul(f4, 0.5)
    jump(i2, f5, descr=L0)
    """, "pure", """
    [i0]
    guard_true(1, descr=g1) [i0]
    jump(14, 7.0, descr=L0)
    """)


def test_pure_common_subexpressions_and_commutativity():
    check("""
    [i0, i1]
    i2 = int_mul(i0, i1)
    i3 = int_mul(i1, i0)
    i4 = int_sub(i0, i1)
    i5 = int_sub(i1, i0)
    i6 = int_add(i2, i3)
    i7 = int_add(i4, i5)
    jump(i6, i7, descr=L0)
    """, "pure", """
    [i0, i1]
    i2 = int_mul(i0, i1)
    i4 = int_sub(i0, i1)
    i5 = int_sub(i1, i0)
    i6 = int_add(i2, i2)
    i7 = int_add(i4, i5)
    jump(i6, i7, descr=L0)
    """)


def test_pure_immutable_field_read_once_mutable_twice():
    check("""
    [p0, p1]
    i2 = getfield_gc_i(p0, descr=intval)
    i3 = getfield_gc_i(p0, descr=intval)
    i4 = getfield_gc_i(p1, descr=current)
    i5 = getfield_gc_i(p1, descr=current)
    jump(i3, i5, descr=L0)
    """, "pure", """
    [p0, p1]
    i2 = getfield_gc_i(p0, descr=intval)
    i4 = getfield_gc_i(p1, descr=current)
    i5 = getfield_gc_i(p1, descr=current)
    jump(i2, i5, descr=L0)
    """)


def test_pure_elidable_call_with_constants_folds():
    check("""
    [i0]
    i1 = call_i(1, 7, descr=square)
    guard_no_exception(descr=g1) [i0]
    i2 = int_add(i0, i1)
    jump(i2, descr=L0)
    """, "pure", """
    [i0]
    i2 = int_add(i0, 49)
    jump(i2, descr=L0)
    """)


def test_pure_elidable_call_is_shared_and_made_as_a_plain_call():
    # the tracer records an elidable call as call_pure_i; PyPy's OptPure
    # emits the first as call_i and replaces the second by its result
    check("""
    [i0]
    i1 = call_pure_i(1, i0, descr=square)
    guard_no_exception(descr=g1) [i0]
    i2 = call_pure_i(1, i0, descr=square)
    guard_no_exception(descr=g2) [i0]
    i3 = call_i(1, i0, descr=bump)
    guard_no_exception(descr=g3) [i0]
    i4 = call_i(1, i0, descr=bump)
    guard_no_exception(descr=g4) [i0]
    i5 = int_add(i1, i2)
    i6 = int_add(i3, i4)
    jump(i5, i6, descr=L0)
    """, "pure", """
    [i0]
    i1 = call_i(1, i0, descr=square)
    guard_no_exception(descr=g1) [i0]
    i3 = call_i(1, i0, descr=bump)
    guard_no_exception(descr=g3) [i0]
    i4 = call_i(1, i0, descr=bump)
    guard_no_exception(descr=g4) [i0]
    i5 = int_add(i1, i1)
    i6 = int_add(i3, i4)
    jump(i5, i6, descr=L0)
    """)


def test_pure_division_by_zero_is_not_folded():
    check("""
    [i0]
    i1 = int_floordiv(7, 0)
    jump(i1, descr=L0)
    """, "pure", """
    [i0]
    i1 = int_floordiv(7, 0)
    jump(i1, descr=L0)
    """)


def test_pure_minus_zero_is_not_zero():
    check("""
    [f0]
    f1 = float_mul(f0, 0.0)
    f2 = float_mul(f0, -0.0)
    jump(f1, f2, descr=L0)
    """, "pure", """
    [f0]
    f1 = float_mul(f0, 0.0)
    f2 = float_mul(f0, -0.0)
    jump(f1, f2, descr=L0)
    """)


# -- earlyforce -----------------------------------------------------------------------------------------

ESCAPING_BOX = """
[i0]
p1 = new_with_vtable(descr=int_size)
setfield_gc(p1, i0, descr=intval)
call_n(1, p1, descr=escape)
guard_no_exception(descr=g1) [i0]
i2 = getfield_gc_i(p1, descr=intval)
jump(i2, descr=L0)
"""


def test_earlyforce_lets_heap_see_the_forced_object():
    check(ESCAPING_BOX, "virtualize:earlyforce:heap", """
    [i0]
    p1 = new_with_vtable(descr=int_size)
    setfield_gc(p1, i0, descr=intval)
    call_n(1, p1, descr=escape)
    guard_no_exception(descr=g1) [i0]
    jump(i0, descr=L0)
    """)


def test_without_earlyforce_the_driver_forces_after_heap():
    check(ESCAPING_BOX, "virtualize:heap", """
    [i0]
    p1 = new_with_vtable(descr=int_size)
    setfield_gc(p1, i0, descr=intval)
    call_n(1, p1, descr=escape)
    guard_no_exception(descr=g1) [i0]
    i2 = getfield_gc_i(p1, descr=intval)
    jump(i2, descr=L0)
    """)


def test_earlyforce_forces_for_a_guard_value():
    check("""
    [p0]
    p1 = new_with_vtable(descr=int_size)
    guard_value(p1, ConstPtr(null), descr=g1) [p0]
    jump(p0, descr=L0)
    """, "virtualize:earlyforce", """
    [p0]
    p1 = new_with_vtable(descr=int_size)
    guard_value(p1, ConstPtr(null), descr=g1) [p0]
    jump(p0, descr=L0)
    """)


def test_earlyforce_leaves_real_values_alone():
    source = """
    [p0, i1]
    i2 = getfield_gc_i(p0, descr=current)
    i3 = int_add(i2, i1)
    setfield_gc(p0, i3, descr=current)
    jump(p0, i3, descr=L0)
    """
    check(source, "earlyforce", source)


def test_earlyforce_forces_virtual_stored_in_array():
    check("""
    [p0, i0]
    p1 = new_with_vtable(descr=int_size)
    setfield_gc(p1, i0, descr=intval)
    setarrayitem_gc(p0, 0, p1, descr=items)
    p2 = getarrayitem_gc_r(p0, 0, descr=items)
    jump(p2, i0, descr=L0)
    """, "virtualize:earlyforce:heap", """
    [p0, i0]
    p1 = new_with_vtable(descr=int_size)
    setfield_gc(p1, i0, descr=intval)
    setarrayitem_gc(p0, 0, p1, descr=items)
    jump(p1, i0, descr=L0)
    """)


# -- heap -------------------------------------------------------------------------------------------------

def test_heap_read_twice():
    check("""
    [p0]
    i1 = getfield_gc_i(p0, descr=current)
    i2 = getfield_gc_i(p0, descr=current)
    i3 = int_add(i1, i2)
    jump(i3, descr=L0)
    """, "heap", """
    [p0]
    i1 = getfield_gc_i(p0, descr=current)
    i3 = int_add(i1, i1)
    jump(i3, descr=L0)
    """)


def test_heap_write_then_read_and_redundant_write():
    check("""
    [p0, i1]
    setfield_gc(p0, i1, descr=current)
    i2 = getfield_gc_i(p0, descr=current)
    setfield_gc(p0, i2, descr=current)
    jump(i2, descr=L0)
    """, "heap", """
    [p0, i1]
    setfield_gc(p0, i1, descr=current)
    jump(i1, descr=L0)
    """)


def test_heap_write_to_another_object_may_alias():
    check("""
    [p0, p1, i2]
    i3 = getfield_gc_i(p0, descr=current)
    setfield_gc(p1, i2, descr=current)
    i4 = getfield_gc_i(p0, descr=current)
    i5 = getfield_gc_i(p1, descr=current)
    jump(i3, i4, i5, descr=L0)
    """, "heap", """
    [p0, p1, i2]
    i3 = getfield_gc_i(p0, descr=current)
    setfield_gc(p1, i2, descr=current)
    i4 = getfield_gc_i(p0, descr=current)
    jump(i3, i4, i2, descr=L0)
    """)


def test_heap_call_forgets_mutable_fields_only():
    check("""
    [p0, p1]
    i2 = getfield_gc_i(p0, descr=current)
    i3 = getfield_gc_i(p1, descr=intval)
    i4 = call_i(1, i2, descr=bump)
    guard_no_exception(descr=g1) [p0]
    i5 = getfield_gc_i(p0, descr=current)
    i6 = getfield_gc_i(p1, descr=intval)
    jump(i5, i6, i4, descr=L0)
    """, "heap", """
    [p0, p1]
    i2 = getfield_gc_i(p0, descr=current)
    i3 = getfield_gc_i(p1, descr=intval)
    i4 = call_i(1, i2, descr=bump)
    guard_no_exception(descr=g1) [p0]
    i5 = getfield_gc_i(p0, descr=current)
    jump(i5, i3, i4, descr=L0)
    """)


def test_heap_array_items():
    check("""
    [p0, p1, i2]
    setarrayitem_gc(p0, 0, p1, descr=items)
    setarrayitem_gc(p0, 1, p1, descr=items)
    p3 = getarrayitem_gc_r(p0, 0, descr=items)
    setarrayitem_gc(p0, i2, p1, descr=items)
    p4 = getarrayitem_gc_r(p0, 1, descr=items)
    p5 = getarrayitem_gc_r(p0, i2, descr=items)
    jump(p3, p4, p5, descr=L0)
    """, "heap", """
    [p0, p1, i2]
    setarrayitem_gc(p0, 0, p1, descr=items)
    setarrayitem_gc(p0, 1, p1, descr=items)
    setarrayitem_gc(p0, i2, p1, descr=items)
    p4 = getarrayitem_gc_r(p0, 1, descr=items)
    jump(p1, p4, p1, descr=L0)
    """)


def test_heap_writes_stay_before_guards():
    source = """
    [p0, i1]
    setfield_gc(p0, i1, descr=current)
    guard_true(i1, descr=g1) [p0, i1]
    setfield_gc(p0, 0, descr=current)
    jump(p0, i1, descr=L0)
    """
    check(source, "heap", source)


# -- unroll -----------------------------------------------------------------------------------------------

COUNTER_LOOP = """
[p0, p1]
label(p0, p1, descr=L1)
guard_class(p0, ConstClass(W_IntObject), descr=g1) [p0, p1]
guard_class(p1, ConstClass(W_IntObject), descr=g2) [p0, p1]
i2 = getfield_gc_i(p0, descr=intval)
i3 = getfield_gc_i(p1, descr=intval)
i4 = int_lt(i2, i3)
guard_true(i4, descr=g3) [p0, p1]
i5 = int_add_ovf(i2, 1)
guard_no_overflow(descr=g4) [p0, p1]
p6 = new_with_vtable(descr=int_size)
setfield_gc(p6, i5, descr=intval)
jump(p6, p1, descr=L1)
"""


def test_unroll_peels_a_counter_loop():
    # the bound p1 is invariant: its class and value stay in the preamble;
    # the counter's box is passed as its intval, never allocated in the loop
    check(COUNTER_LOOP, "all", """
    [p0, p1]
    label(p0, p1, descr=L1)
    guard_class(p0, ConstClass(W_IntObject), descr=g1) [p0, p1]
    guard_class(p1, ConstClass(W_IntObject), descr=g2) [p0, p1]
    i2 = getfield_gc_i(p0, descr=intval)
    i3 = getfield_gc_i(p1, descr=intval)
    i4 = int_lt(i2, i3)
    guard_true(i4, descr=g3) [p0, p1]
    i5 = int_add(i2, 1)
    label(i5, p1, i3, descr=L2)
    i6 = int_lt(i5, i3)
    guard_true(i6, descr=<Guard0x100>) [i5, p1]
    i7 = int_add(i5, 1)
    jump(i7, p1, i3, descr=L2)
    """.replace("L2", "TargetToken(99)"))


def test_unroll_keeps_the_loop_target_for_l1():
    inputargs, ops = parse_trace(COUNTER_LOOP, NS)
    final, snapshots = optimize_trace(runtime(), inputargs, ops, JitParams.enabled_passes_of("all"))
    labels = [op for op in final if op.name == "label"]
    assert labels[0].descr is NS["L1"] and labels[0].args == inputargs
    assert labels[1].descr is not NS["L1"] and isinstance(labels[1].descr, TargetToken)
    assert final[-1].descr is labels[1].descr
    guards = [op.descr for op in final if op.is_guard()]
    assert len(set(map(id, guards))) == len(guards)
    # the trace after heap (the chain without unroll) is not peeled
    assert [op.name for op in snapshots[-2][1]].count("label") == 1


def test_unroll_imports_an_invariant_field_read():
    # p0's current field is read and written each iteration: the body gets it
    # as a label argument instead of reading it
    check("""
    [p0]
    label(p0, descr=L1)
    i1 = getfield_gc_i(p0, descr=current)
    i2 = int_add(i1, 1)
    setfield_gc(p0, i2, descr=current)
    i3 = int_lt(i2, 100)
    guard_true(i3, descr=g1) [p0]
    jump(p0, descr=L1)
    """, "all", """
    [p0]
    label(p0, descr=L1)
    i1 = getfield_gc_i(p0, descr=current)
    i2 = int_add(i1, 1)
    setfield_gc(p0, i2, descr=current)
    i3 = int_lt(i2, 100)
    guard_true(i3, descr=g1) [p0]
    label(p0, i2, descr=TargetToken(9))
    i4 = int_add(i2, 1)
    setfield_gc(p0, i4, descr=current)
    i5 = int_lt(i4, 100)
    guard_true(i5, descr=<Guard0x100>) [p0]
    jump(p0, i4, descr=TargetToken(9))
    """)


def test_unroll_constant_that_does_not_hold_gets_a_box():
    # the preamble makes i0 the constant 5, but the loop passes 6, 7...: the
    # second attempt gives it a real label argument (a same_as of 6)
    inputargs, final, _ = optimize("""
    [i0]
    label(i0, descr=L1)
    guard_value(i0, 5, descr=g1) [i0]
    i1 = int_add(i0, 1)
    jump(i1, descr=L1)
    """, "all")
    names = [op.name for op in final]
    assert names == ["label", "guard_value", "same_as_i", "label", "guard_value", "jump"]
    assert final[2].args[0].value == 6 and final[3].args == [final[2]]
    assert final[-1].args[0].value == 6     # after guard_value(i, 5) the body knows i + 1


def test_unroll_virtual_escaping_at_the_jump_of_a_bridge_is_boxed():
    # bridges are not peeled: the jump to the loop gets real objects
    inputargs, final, _ = optimize("""
    [i0]
    p1 = new_with_vtable(descr=int_size)
    setfield_gc(p1, i0, descr=intval)
    jump(p1, descr=L1)
    """, "all")
    assert [op.name for op in final] == ["new_with_vtable", "setfield_gc", "jump"]


def test_unroll_loop_carried_virtual_stays_virtual():
    # a float box carried from one iteration to the next is never allocated
    inputargs, final, _ = optimize("""
    [p0, i9]
    label(p0, i9, descr=L1)
    guard_class(p0, ConstClass(W_FloatObject), descr=g1) [p0, i9]
    f1 = getfield_gc_f(p0, descr=floatval)
    f2 = float_add(f1, 1.5)
    p3 = new_with_vtable(descr=float_size)
    setfield_gc(p3, f2, descr=floatval)
    i4 = int_sub(i9, 1)
    i5 = int_gt(i4, 0)
    guard_true(i5, descr=g2) [p3, i4]
    jump(p3, i4, descr=L1)
    """, "all")
    labels = [i for i, op in enumerate(final) if op.name == "label"]
    body = [op.name for op in final[labels[1] + 1:]]
    assert body == ["float_add", "int_sub", "int_gt", "guard_true", "jump"]
    guard = final[labels[1] + 4]
    recipe = guard.resume.frames[0].values()[0]
    assert recipe.descr is NS["float_size"]
