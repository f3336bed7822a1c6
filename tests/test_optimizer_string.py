"""The string pass (PyPy's OptString, optimizeopt/vstring.py): virtual
strings made by OS_UNI_CONCAT / OS_UNI_SLICE calls and by newunicode of
constant length, forced into newunicode + copyunicodecontent where they
escape.  Traces are written as text, as in test_optimizer_passes.py."""

import pytest

from pypyteach.jit.descr import CallDescr
from pypyteach.jit.oparser import parse_trace
from pypyteach.jit.reasons import PASS_OF
from pypyteach.jit.resume import VSTR_CONCAT
from pypyteach.vm.memory.lloperation import OS_UNI_CONCAT, OS_UNI_SLICE
from pypyteach.vm.objspace.std import strobject

from test_optimizer_passes import NS, SPACE, optimize, printed

NS.update({
    "concat": CallDescr(strobject.ll_strconcat, [("const", SPACE), ("arg",), ("arg",)], "r", SPACE),
    "slice": CallDescr(strobject.ll_stringslice, [("const", SPACE), ("arg",), ("arg",), ("arg",)], "r", SPACE),
    "escape_r": CallDescr(lambda p: None, [("arg",)], "n", SPACE),
})


def check(source, opts, expected):
    inputargs, final, _ = optimize(source, opts)
    assert printed(inputargs, final) == printed(*parse_trace(expected, NS))


def test_the_call_descrs_carry_pypys_oopspec_numbers():
    assert NS["concat"].oopspecindex == OS_UNI_CONCAT == 42
    assert NS["slice"].oopspecindex == OS_UNI_SLICE == 43
    assert repr(NS["concat"]) == "<Callr ll_strconcat OS=42>"
    assert all(PASS_OF[code] == "string" for code in PASS_OF if code.startswith("string_"))


def test_length_of_a_concatenation_is_the_sum_and_nothing_is_allocated():
    check("""
    [p0, p1, i9]
    p2 = call_r(1, p0, p1, descr=concat)
    guard_no_exception(descr=g1) [p0, p1]
    i3 = unicodelen(p2)
    i4 = int_add(i9, i3)
    jump(p0, p1, i4, descr=L0)
    """, "string", """
    [p0, p1, i9]
    i5 = unicodelen(p0)
    i6 = unicodelen(p1)
    i7 = int_add(i5, i6)
    i4 = int_add(i9, i7)
    jump(p0, p1, i4, descr=L0)
    """)


def test_before_the_pass_the_same_trace_allocates():
    # without the string pass, the call stays (and allocates in host code)
    source = """
    [p0, p1, i9]
    p2 = call_r(1, p0, p1, descr=concat)
    guard_no_exception(descr=g1) [p0, p1]
    i3 = unicodelen(p2)
    jump(p0, p1, i3, descr=L0)
    """
    check(source, "pure", source)


def test_concatenation_of_three_is_forced_into_one_allocation():
    # (a + b) + c escapes: one newunicode of the total length, one copy of
    # each operand; a + b is never allocated
    check("""
    [p0, p1, p2]
    p3 = call_r(1, p0, p1, descr=concat)
    guard_no_exception(descr=g1) [p0, p1, p2]
    p4 = call_r(1, p3, p2, descr=concat)
    guard_no_exception(descr=g2) [p0, p1, p2]
    call_n(1, p4, descr=escape_r)
    jump(p0, p1, p2, descr=L0)
    """, "string", """
    [p0, p1, p2]
    i5 = unicodelen(p0)
    i6 = unicodelen(p1)
    i7 = int_add(i5, i6)
    i8 = unicodelen(p2)
    i9 = int_add(i7, i8)
    p10 = newunicode(i9)
    copyunicodecontent(p0, p10, 0, 0, i5)
    copyunicodecontent(p1, p10, 0, i5, i6)
    copyunicodecontent(p2, p10, 0, i7, i8)
    call_n(1, p10, descr=escape_r)
    jump(p0, p1, p2, descr=L0)
    """)


def test_a_guard_saving_a_virtual_string_keeps_a_recipe():
    # as PyPy's VStrConcatInfo: the guard saves the parts, the string is
    # built only if it fails
    inputargs, final, _ = optimize("""
    [p0, p1, i2]
    p3 = call_r(1, p0, p1, descr=concat)
    guard_no_exception(descr=g1) [p0, p1]
    guard_true(i2, descr=g2) [p3]
    jump(p0, p1, i2, descr=L0)
    """, "string")
    assert printed(inputargs, final) == printed(*parse_trace("""
    [p0, p1, i2]
    guard_true(i2, descr=g2) [p0, p1]
    jump(p0, p1, i2, descr=L0)
    """, NS))
    recipe = final[0].resume.frames[0].values()[0]
    assert recipe.descr is VSTR_CONCAT and recipe.array == [inputargs[0], inputargs[1]]


def test_the_recipe_rebuilds_the_string_as_the_interpreter_would():
    from pypyteach.jit.resume import Deoptimizer, VirtualInfo, VSTR_PLAIN, VSTR_SLICE, STRING_PART
    from pypyteach.jit.resoperation import ConstInt
    deopt = Deoptimizer(SPACE, None)
    deopt.ll = SPACE.direct_ll
    w_a, w_b = strobject.newstr(SPACE, "ab"), strobject.newstr(SPACE, "\u20accd")
    plain = VirtualInfo(VSTR_PLAIN, [], [ConstInt(ord("x")), ConstInt(ord("y"))])
    concat = VirtualInfo(VSTR_CONCAT, [], [w_a, plain])
    sliced = VirtualInfo(VSTR_SLICE, [(STRING_PART, w_b)], [ConstInt(0), ConstInt(2)])
    outer = VirtualInfo(VSTR_CONCAT, [], [concat, sliced])
    w_s = deopt.materialize(outer, {}, {})
    assert strobject.str_value(SPACE, w_s) == "abxy\u20acc"
    assert strobject.str_hash(SPACE, w_s) == strobject.hash_text("abxy\u20acc")


def test_virtual_plain_string_folds_length_and_items():
    check("""
    [i0, i1]
    p2 = newunicode(2)
    unicodesetitem(p2, 0, i0)
    unicodesetitem(p2, 1, i1)
    i3 = unicodelen(p2)
    i4 = unicodegetitem(p2, 1)
    i5 = int_add(i3, i4)
    jump(i5, i0, descr=L0)
    """, "string", """
    [i0, i1]
    i5 = int_add(2, i1)
    jump(i5, i0, descr=L0)
    """)


def test_virtual_plain_string_forced_on_a_jump():
    check("""
    [i0, p9]
    p2 = newunicode(1)
    unicodesetitem(p2, 0, i0)
    jump(i0, p2, descr=L0)
    """, "string", """
    [i0, p9]
    p2 = newunicode(1)
    unicodesetitem(p2, 0, i0)
    jump(i0, p2, descr=L0)
    """)


def test_concatenation_with_a_plain_string_copies_its_code_points():
    check("""
    [p0, i1]
    p2 = newunicode(1)
    unicodesetitem(p2, 0, i1)
    p3 = call_r(1, p0, p2, descr=concat)
    guard_no_exception(descr=g1) [p0]
    jump(p3, i1, descr=L0)
    """, "string", """
    [p0, i1]
    i4 = unicodelen(p0)
    i5 = int_add(i4, 1)
    p6 = newunicode(i5)
    copyunicodecontent(p0, p6, 0, 0, i4)
    unicodesetitem(p6, i4, i1)
    jump(p6, i1, descr=L0)
    """)


def test_slice_length_and_item():
    check("""
    [p0, i1, i2, i9]
    p3 = call_r(1, p0, i1, i2, descr=slice)
    guard_no_exception(descr=g1) [p0]
    i4 = unicodelen(p3)
    i5 = unicodegetitem(p3, 0)
    i6 = int_add(i4, i5)
    jump(p0, i1, i2, i6, descr=L0)
    """, "string", """
    [p0, i1, i2, i9]
    i4 = int_sub(i2, i1)
    i5 = unicodegetitem(p0, i1)
    i6 = int_add(i4, i5)
    jump(p0, i1, i2, i6, descr=L0)
    """)


def test_slice_forced_is_one_copy():
    check("""
    [p0, i1, i2]
    p3 = call_r(1, p0, i1, i2, descr=slice)
    guard_no_exception(descr=g1) [p0]
    call_n(1, p3, descr=escape_r)
    jump(p0, i1, i2, descr=L0)
    """, "string", """
    [p0, i1, i2]
    i4 = int_sub(i2, i1)
    p5 = newunicode(i4)
    copyunicodecontent(p0, p5, i1, 0, i4)
    call_n(1, p5, descr=escape_r)
    jump(p0, i1, i2, descr=L0)
    """)


def test_every_note_has_a_reason():
    inputargs, final, snapshots = optimize("""
    [p0, p1, p2]
    p3 = call_r(1, p0, p1, descr=concat)
    guard_no_exception(descr=g1) [p0, p1, p2]
    p4 = call_r(1, p3, p2, descr=concat)
    guard_no_exception(descr=g2) [p0, p1, p2]
    call_n(1, p4, descr=escape_r)
    jump(p0, p1, p2, descr=L0)
    """, "string")
    reasons = snapshots.reasons("string")
    text = " / ".join(reasons.text(note) for note in reasons.notes)
    assert "virtual concatenation" in text and "forced: virtual string" in text


# -- programs: the corpus of the JIT, on llgraph and a machine backend --------------------------

PROGRAM = """
def f(n):
    total = 0
    a, b, c = 'ab', 'cde', 'f'
    for i in range(n):
        t = a + b + c
        total += len(t)
    s = ''
    for i in range(n):
        s = s + 'xy'[i % 2]
    print(total, len(s), s[:6])

f(200)
"""


EXPECTED = "1200 200 xyxyxy\n"        # what CPython prints


def test_program_expected_output_is_cpythons_and_the_interpreters():
    from pypyteach.run import run_source
    assert run_source(PROGRAM, "strings.py").stdout == EXPECTED


def _passes(record, name):
    return dict(record.passes)[name]


@pytest.mark.parametrize("backend", ["llgraph", "x86_64"])
def test_program_output_and_fewer_allocations(backend):
    from pypyteach.run import run_source
    result = run_source(PROGRAM, "strings.py", jit=backend, jit_params="threshold=3,trace_eagerness=2")
    assert result.stdout == EXPECTED
    # the loop of ``t = a + b + c``: before the string pass, two calls of
    # ll_strconcat (each allocating and copying in host code); after it
    # no call, len(t) folded, nothing allocated at all (t dies each iteration)
    found = 0
    for record in result.jit.loops():
        before, after = _passes(record, "virtualize"), _passes(record, "string")
        concats = [op for op in before if op.name == "call_r" and "ll_strconcat" in repr(op.descr)]
        if len(concats) == 2:
            found += 1
            assert not [op for op in after if op.name == "call_r"]
            assert sum(op.name in ("newunicode", "copyunicodecontent") for op in after) < 2 * len(concats)
    assert found


FSTRING_PROGRAM = """
def g(n, name):
    out = 0
    last = ''
    for i in range(n):
        s = f"{name}-{name}!"
        out += len(s)
        last = f"<{s}>"
    print(out, last, f"{last}" is last, f"{last!s}" is last)

g(60, 'ab')
"""
FSTRING_EXPECTED = "360 <ab-ab!> True True\n"        # what CPython prints


@pytest.mark.parametrize("backend", [None, "llgraph", "x86_64"])
def test_fstrings_join_through_the_concat_path(backend):
    """BUILD_STRING of exact strs is a chain of ll_strconcat calls, and an
    exact str formats as itself (CPython's FORMAT_VALUE): the string pass
    turns ``f"{name}-{name}!"`` into one newunicode and a copy per piece."""
    from pypyteach.run import run_source
    options = dict(jit=backend, jit_params="threshold=3,trace_eagerness=2") if backend else {}
    result = run_source(FSTRING_PROGRAM, "fstrings.py", **options)
    assert result.stdout == FSTRING_EXPECTED
    if backend is None:
        return
    (record,) = result.jit.loops()
    before, after = _passes(record, "virtualize"), _passes(record, "string")
    concats = [op for op in before if op.name == "call_r" and "ll_strconcat" in repr(op.descr)]
    assert len(concats) == 5 and not [op for op in before if "format_value" in repr(op.descr)]
    assert not [op for op in after if op.name == "call_r"]
    assert sum(op.name == "newunicode" for op in after) <= 2
