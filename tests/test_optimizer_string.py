"""The string pass (PyPy's OptString, optimizeopt/vstring.py): virtual
strings made by OS_UNI_CONCAT / OS_UNI_SLICE calls and by newunicode of
constant length, forced into newunicode + copyunicodecontent where they
escape.  Traces are written as text, as in test_optimizer_passes.py."""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from pypyteach.jit.descr import CallDescr
from pypyteach.jit.oparser import parse_trace
from pypyteach.jit.reasons import PASS_OF
from pypyteach.jit.resume import VSTR_CONCAT
from pypyteach.jit.resoperation import Const, ConstPtr
from pypyteach.vm.memory.lloperation import (OS_UNI_CONCAT, OS_UNI_SLICE, OS_UNI_EQUAL, OS_UNIEQ_SLICE_NONNULL,
                                             OS_UNIEQ_SLICE_CHAR)
from pypyteach.vm.objspace.std import strobject

from test_optimizer_passes import NS, SPACE, optimize, printed

NS.update({
    "concat": CallDescr(strobject.ll_strconcat, [("const", SPACE), ("arg",), ("arg",)], "r", SPACE),
    "slice": CallDescr(strobject.ll_stringslice, [("const", SPACE), ("arg",), ("arg",), ("arg",)], "r", SPACE),
    "escape_r": CallDescr(lambda p: None, [("arg",)], "n", SPACE),
    "equal": CallDescr(strobject.ll_streq, [("const", SPACE), ("arg",), ("arg",)], "i", SPACE),
    "eq_slice": CallDescr(strobject.ll_streq_slice_nonnull, [("const", SPACE)] + [("arg",)] * 4, "i", SPACE),
    "eq_char": CallDescr(strobject.ll_streq_nonnull_char, [("const", SPACE), ("arg",), ("arg",)], "i", SPACE),
    "eq_slice_char": CallDescr(strobject.ll_streq_slice_char, [("const", SPACE)] + [("arg",)] * 4, "i", SPACE),
    "str_o": ConstPtr(strobject.newstr(SPACE, "o")),
    "str_llo": ConstPtr(strobject.newstr(SPACE, "llo")),
    "str_empty": ConstPtr(strobject.newstr(SPACE, "")),
})


def check(source, opts, expected):
    inputargs, final, _ = optimize(source, opts)
    assert printed(inputargs, final) == printed(*parse_trace(expected, NS))


def test_the_call_descrs_carry_pypys_oopspec_numbers():
    assert NS["concat"].oopspecindex == OS_UNI_CONCAT == 42
    assert NS["slice"].oopspecindex == OS_UNI_SLICE == 43
    assert repr(NS["concat"]) == "<Callr ll_strconcat OS=42>"
    # PyPy's EffectInfo: OS_UNI_EQUAL 44, OS_UNIEQ_SLICE_NONNULL 46, OS_UNIEQ_SLICE_CHAR 47
    assert (NS["equal"].oopspecindex, NS["eq_slice"].oopspecindex, NS["eq_slice_char"].oopspecindex) == \
        (OS_UNI_EQUAL, OS_UNIEQ_SLICE_NONNULL, OS_UNIEQ_SLICE_CHAR) == (44, 46, 47)
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


def test_short_copies_are_code_point_pairs_as_pypys_copy_str_content():
    # up to 5 code points of a constant string at a constant start, up to 2
    # of any other string, are copied with unicodegetitem/unicodesetitem
    # (the constant's are its code points); longer copies stay one
    # copyunicodecontent (PyPy: M = 5 or 2 in vstring.copy_str_content)
    NS["str_sep"] = ConstPtr(strobject.newstr(SPACE, ", "))
    NS["str_long"] = ConstPtr(strobject.newstr(SPACE, "abcdef"))
    check("""
    [p0, i1]
    p2 = call_r(1, p0, ConstPtr(str_sep), descr=concat)
    guard_no_exception(descr=g1) [p0]
    p3 = call_r(1, p2, ConstPtr(str_long), descr=concat)
    guard_no_exception(descr=g2) [p0]
    p4 = call_r(1, p0, i1, 2, descr=slice)
    guard_no_exception(descr=g3) [p0]
    p5 = call_r(1, p3, p4, descr=concat)
    guard_no_exception(descr=g4) [p0]
    call_n(1, p5, descr=escape_r)
    jump(p0, i1, descr=L0)
    """, "string", """
    [p0, i1]
    i3 = int_sub(2, i1)
    i4 = unicodelen(p0)
    i6 = int_add(i4, 2)
    i8 = int_add(i6, 6)
    i9 = int_add(i8, i3)
    p10 = newunicode(i9)
    copyunicodecontent(p0, p10, 0, 0, i4)
    unicodesetitem(p10, i4, 44)
    i15 = int_add(i4, 1)
    unicodesetitem(p10, i15, 32)
    copyunicodecontent(ConstPtr(str_long), p10, 0, i6, 6)
    copyunicodecontent(p0, p10, i1, i8, i3)
    call_n(1, p10, descr=escape_r)
    jump(p0, i1, descr=L0)
    """)
    check("""
    [p0, i1]
    i2 = int_add(i1, 2)
    p3 = call_r(1, p0, i1, i2, descr=slice)
    guard_no_exception(descr=g1) [p0]
    call_n(1, p3, descr=escape_r)
    jump(p0, i1, descr=L0)
    """, "intbounds:string", """
    [p0, i1]
    i2 = int_add(i1, 2)
    p5 = newunicode(2)
    i6 = unicodegetitem(p0, i1)
    unicodesetitem(p5, 0, i6)
    i7 = int_add(i1, 1)
    i8 = unicodegetitem(p0, i7)
    unicodesetitem(p5, 1, i8)
    call_n(1, p5, descr=escape_r)
    jump(p0, i1, descr=L0)
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


# -- s[i], s == t: what the interpreter's str paths record --------------------------------------

def test_one_char_string_is_virtual_its_length_is_one():
    # s[i]: the code point and a new 1-char string (newunicode(1), unicodesetitem);
    # len(s[i]) and s[i][0] need neither the allocation nor the store
    check("""
    [p0, i1]
    i2 = unicodegetitem(p0, i1)
    p3 = newunicode(1)
    unicodesetitem(p3, 0, i2)
    i4 = unicodelen(p3)
    i5 = unicodegetitem(p3, 0)
    i6 = int_add(i4, i5)
    jump(p0, i6, descr=L0)
    """, "string", """
    [p0, i1]
    i2 = unicodegetitem(p0, i1)
    i6 = int_add(1, i2)
    jump(p0, i6, descr=L0)
    """)


def test_equal_one_char_strings_compare_code_points():
    # s[i] == "o": PyPy's handle_str_equal_level1, two strings of length 1
    source = """
    [p0, i1]
    i2 = unicodegetitem(p0, i1)
    p3 = newunicode(1)
    unicodesetitem(p3, 0, i2)
    i4 = call_i(1, p3, ConstPtr(str_o), descr=equal)
    guard_no_exception(descr=g1) [p0]
    guard_false(i4, descr=g2) [p0]
    jump(p0, i1, descr=L0)
    """
    check(source, "virtualize", source)   # before the pass: allocated, compared by a call
    check(source, "string", """
    [p0, i1]
    i2 = unicodegetitem(p0, i1)
    i4 = int_eq(i2, 111)
    guard_false(i4, descr=g2) [p0]
    jump(p0, i1, descr=L0)
    """)


def test_equal_lengths_known_to_differ_is_false():
    check("""
    [p0, p1, i9]
    p2 = call_r(1, p0, p1, descr=concat)
    guard_no_exception(descr=g1) [p0]
    p3 = newunicode(1)
    unicodesetitem(p3, 0, i9)
    i4 = call_i(1, ConstPtr(str_llo), p3, descr=equal)
    guard_no_exception(descr=g2) [p0]
    i5 = int_add(i9, i4)
    jump(p0, p1, i5, descr=L0)
    """, "string", """
    [p0, p1, i9]
    i5 = int_add(i9, 0)
    jump(p0, p1, i5, descr=L0)
    """)


def test_equal_to_the_empty_string_is_a_length_test():
    check("""
    [p0, i9]
    i1 = call_i(1, p0, ConstPtr(str_empty), descr=equal)
    guard_no_exception(descr=g1) [p0]
    i2 = call_i(1, p0, p0, descr=equal)
    guard_no_exception(descr=g2) [p0]
    i3 = int_add(i1, i2)
    jump(p0, i3, descr=L0)
    """, "string", """
    [p0, i9]
    i4 = unicodelen(p0)
    i1 = int_eq(i4, 0)
    i3 = int_add(i1, 1)
    jump(p0, i3, descr=L0)
    """)


def test_equal_of_unknown_strings_stays_a_call_that_cannot_raise():
    # recorded as call_pure_i (ll_streq is elidable), made as call_i; as
    # PyPy's EF_ELIDABLE_CANNOT_RAISE call, no guard_no_exception follows it
    check("""
    [p0, p1]
    i2 = call_pure_i(1, p0, p1, descr=equal)
    guard_no_exception(descr=g1) [p0]
    guard_true(i2, descr=g2) [p0]
    jump(p0, p1, descr=L0)
    """, "string:pure", """
    [p0, p1]
    i2 = call_i(1, p0, p1, descr=equal)
    guard_true(i2, descr=g2) [p0]
    jump(p0, p1, descr=L0)
    """)


def test_equal_of_two_constants_folds():
    check("""
    [i0]
    i1 = call_i(1, ConstPtr(str_llo), ConstPtr(str_llo), descr=equal)
    guard_no_exception(descr=g1) []
    i2 = call_i(1, ConstPtr(str_o), ConstPtr(str_llo), descr=equal)
    guard_no_exception(descr=g2) []
    i3 = int_add(i1, i2)
    jump(i3, descr=L0)
    """, "string:pure", """
    [i0]
    jump(1, descr=L0)
    """)


def test_virtual_slice_compared_in_place():
    # s[a:b] == "llo" and s[a:b] == "o": PyPy's OS_STREQ_SLICE_NONNULL /
    # OS_STREQ_SLICE_CHAR (here the unicode ones, 46 and 47); the slice is
    # never allocated
    check("""
    [p0, i1, i2]
    p3 = call_r(1, p0, i1, i2, descr=slice)
    guard_no_exception(descr=g1) [p0]
    i4 = call_i(1, p3, ConstPtr(str_llo), descr=equal)
    guard_no_exception(descr=g2) [p0]
    i5 = call_i(1, ConstPtr(str_o), p3, descr=equal)
    guard_no_exception(descr=g3) [p0]
    i6 = int_add(i4, i5)
    jump(p0, i1, i6, descr=L0)
    """, "string", """
    [p0, i1, i2]
    i7 = int_sub(i2, i1)
    i4 = call_i(0, p0, i1, i7, ConstPtr(str_llo), descr=eq_slice)
    i5 = call_i(0, p0, i1, i7, 111, descr=eq_slice_char)
    i6 = int_add(i4, i5)
    jump(p0, i1, i6, descr=L0)
    """)


def test_string_against_a_char_compares_the_code_point():
    # t == s[i] with t unknown: PyPy's OS_STREQ_NONNULL_CHAR (unicode: 49);
    # the 1-char string is not allocated
    check("""
    [p0, p1, i1]
    i2 = unicodegetitem(p0, i1)
    p3 = newunicode(1)
    unicodesetitem(p3, 0, i2)
    i4 = call_i(1, p1, p3, descr=equal)
    guard_no_exception(descr=g1) [p0]
    jump(p0, p1, i4, descr=L0)
    """, "string", """
    [p0, p1, i1]
    i2 = unicodegetitem(p0, i1)
    i4 = call_i(0, p1, i2, descr=eq_char)
    jump(p0, p1, i4, descr=L0)
    """)


def test_slice_of_one_char_against_a_slice():
    # s[i:i+1] has length 1 (stop - start folds): s[a:b] == s[i:i+1] reads
    # the code point, and neither slice is allocated
    check("""
    [p0, i1, i2, i5]
    p3 = call_r(1, p0, i1, i2, descr=slice)
    guard_no_exception(descr=g1) [p0]
    i6 = int_add(i5, 1)
    p7 = call_r(1, p0, i5, i6, descr=slice)
    guard_no_exception(descr=g2) [p0]
    i8 = call_i(1, p3, p7, descr=equal)
    guard_no_exception(descr=g3) [p0]
    jump(p0, i1, i2, i8, descr=L0)
    """, "string", """
    [p0, i1, i2, i5]
    i9 = int_sub(i2, i1)
    i6 = int_add(i5, 1)
    i10 = unicodegetitem(p0, i5)
    i8 = call_i(0, p0, i1, i9, i10, descr=eq_slice_char)
    jump(p0, i1, i2, i8, descr=L0)
    """)


def test_code_point_of_a_concatenation_at_a_constant_index():
    # (s[i] + "llo")[0] and [2]: read from the part the index falls in;
    # nothing is allocated
    check("""
    [p0, i1]
    i2 = unicodegetitem(p0, i1)
    p3 = newunicode(1)
    unicodesetitem(p3, 0, i2)
    p4 = call_r(1, p3, ConstPtr(str_llo), descr=concat)
    guard_no_exception(descr=g1) [p0]
    i5 = unicodegetitem(p4, 0)
    i6 = unicodegetitem(p4, 2)
    i7 = unicodelen(p4)
    i8 = int_add(i5, i6)
    i9 = int_add(i8, i7)
    jump(p0, i9, descr=L0)
    """, "string", """
    [p0, i1]
    i2 = unicodegetitem(p0, i1)
    i8 = int_add(i2, 108)
    i9 = int_add(i8, 4)
    jump(p0, i9, descr=L0)
    """)


def test_slice_helpers_agree_with_equality():
    w_s = strobject.newstr(SPACE, "h\u00e9llo")
    for text in ["llo", "ll", "l", "\u00e9", "", "h\u00e9llo"]:
        w_t = strobject.newstr(SPACE, text)
        for start in range(6):
            for length in range(6 - start):
                expected = int("h\u00e9llo"[start:start + length] == text)
                assert strobject.ll_streq_slice_nonnull(SPACE, w_s, start, length, w_t) == expected
                if len(text) == 1:
                    assert strobject.ll_streq_slice_char(SPACE, w_s, start, length, ord(text)) == expected
        if len(text) == 1:
            for w_other in (w_s, strobject.newstr(SPACE, "\u00e9"), strobject.newstr(SPACE, "l")):
                assert strobject.ll_streq_nonnull_char(SPACE, w_other, ord(text)) == \
                    int(strobject.str_value(SPACE, w_other) == text)


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


# -- s[i], s[a:b], ==, str(int) in hot loops: against CPython ------------------------------------

INDEX_PROGRAM = """
def f(s, idxs, bounds, others):
    out = []
    n = 0
    for k in range(len(idxs)):
        i = idxs[k]
        a, b = bounds[k]
        t = others[k]
        try:
            c = s[i]
        except IndexError as e:
            c = "!" + str(e)
        u = s[a:b]
        out.append(c + u)
        if c == t:
            n += 1
        if u == t:
            n += 2
        if u != c:
            n += 4
        if s[a:b] == s[i:i + 1]:
            n += 8
        if s[i:] == "":
            n += 16
        out.append(str(i * 7 - k))
        n += len(str(k))
    print(n, "|".join(out), s[::1] is s, s[:] is s)

f(%r, %r, %r, %r)
"""


def cpython_output(source):
    import contextlib
    import io
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(compile(source, "index.py", "exec"), {"__name__": "__main__"})
    return buffer.getvalue()


def test_index_program_jits_the_str_paths():
    """The loop of INDEX_PROGRAM, optimized: s[i] is unicodegetitem and no
    allocation, ``c == t`` an int_eq, the slices are compared in place."""
    from pypyteach.run import run_source
    source = INDEX_PROGRAM % ("hello", [1, 2, 3, 4] * 10, [(1, 3)] * 40, ["l"] * 40)
    result = run_source(source, "index.py", jit="llgraph", jit_params="threshold=3,trace_eagerness=2")
    assert result.stdout == cpython_output(source)
    loop = [rec for rec in result.jit.loops() if rec.name.startswith("f;")][-1]
    names = [op.name for op in loop.operations]
    descrs = [repr(op.descr) for op in loop.operations if op.name.startswith("call")]
    assert "unicodegetitem" in names and "int_eq" in names
    assert not [d for d in descrs if "getitem_generic" in d or "rich_compare" in d or "ll_stringslice" in d]
    assert any("ll_streq_slice" in d for d in descrs) and any("ll_int2dec" in d for d in descrs)
    # nothing of s[a:b] or s[i] is allocated but what goes into the list
    before = _passes(loop, "virtualize")
    assert sum(op.name == "call_r" and "ll_stringslice" in repr(op.descr) for op in before) == 4


TEXTS = st.text(alphabet="ab\u00e9\u20ac\xff\U0001F600", max_size=6)
SMALL_INT = st.integers(-8, 8)
BOUNDS = st.one_of(st.none(), SMALL_INT, st.sampled_from([True, False, 10**20, -10**20]))


@pytest.mark.parametrize("backend", ["llgraph", "x86_64", "aarch64", "ppc64", "s390x"])
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=TEXTS, data=st.data())
def test_hot_str_loops_against_cpython(backend, text, data):
    """s[i], s[a:b], ==, str(int) of random strings (non-latin-1 and astral
    code points among them) in a hot loop, on llgraph and every machine
    backend (a str's items are 4-byte loads and stores there)."""
    from pypyteach.run import run_source
    n = data.draw(st.integers(12, 30))
    idxs = data.draw(st.lists(st.one_of(SMALL_INT, SMALL_INT, st.just(True)), min_size=n, max_size=n))
    bounds = data.draw(st.lists(st.tuples(BOUNDS, BOUNDS), min_size=n, max_size=n))
    others = data.draw(st.lists(TEXTS.filter(lambda t: len(t) <= 2), min_size=n, max_size=n))
    source = INDEX_PROGRAM % (text, idxs, bounds, others)
    result = run_source(source, "index.py", jit=backend, jit_params="threshold=3,trace_eagerness=2")
    assert result.error is None, result.error.traceback
    assert result.stdout == cpython_output(source)


STR_INT_PROGRAM = """
def g(n):
    total = 0
    for i in range(-n, n):
        total += len(str(i * 1000003))
    print(total, str(-7), str(0), str(2**62))

g(40)
"""


@pytest.mark.parametrize("backend", ["llgraph", "x86_64"])
def test_str_of_an_int_is_a_call_of_ll_int2dec(backend):
    """str(i) of an exact int: a residual call on the machine word (PyPy's
    ``ll_str__IntegerR_SignedConst_Signed``, ll_int2dec), whose result is
    known to be a str: len() of it is one unicodelen, no guard_class."""
    from pypyteach.run import run_source
    result = run_source(STR_INT_PROGRAM, "strint.py", jit=backend, jit_params="threshold=3,trace_eagerness=2")
    assert result.stdout == cpython_output(STR_INT_PROGRAM)
    (loop,) = [rec for rec in result.jit.loops() if rec.name.startswith("g;")]
    calls = [op for op in loop.operations if op.name == "call_r"]
    assert calls and all("ll_int2dec" in repr(op.descr) for op in calls)
    assert not [op for op in loop.operations if op.name == "guard_class" and op.args[0] in calls]
    assert sum(op.name == "unicodelen" for op in loop.operations) == len(calls)


EDGE_PROGRAM = r"""
S, F = 'x', 1.0
def f(n):
    out = []
    s = "h\u00e9llo w\u20acrld"
    e = ""
    for i in range(n):
        j = i % 30 - 15
        try:
            out.append(s[j])
        except IndexError as ex:
            out.append("IE:" + str(ex))
        out.append(s[j:])
        out.append(s[:j])
        out.append(s[j:j + 3])
        out.append(s[-100:j])
        out.append(s[j:100])
        out.append(s[::1][j:None:1])
        out.append(s[j::2])
        out.append(s[True])
        out.append(str(s[j:j+2] == "ll"))
        out.append(str(s[j:j+1] == "l"))
        out.append(str(s[j:j+1] != "l"))
        out.append(str(e == s[j:j]))
        out.append(str(s[:] is s))
        out.append(str(s[0:len(s)] is s))
        out.append(str(j) + str(-j * 1000000007))
        out.append(str(s[1] == "\u00e9"))
        out.append(str("ab" == "ab") + str("ab" == "abc") + str(s == s))
    return out
r = f(70)
print(len(r), hash(tuple(r)) if False else "|".join(r)[-400:])
print("|".join(r).count("IE"), sum(len(x) for x in r))
try:
    "abc"[S]
except TypeError as e:
    print(e)
try:
    "abc"[2**70]
except IndexError as e:
    print(e)
try:
    "abc"[F]
except TypeError as e:
    print(e)
"""


@pytest.mark.parametrize("backend", ["llgraph", "x86_64", "aarch64", "ppc64", "s390x"])
def test_str_edge_cases_in_a_hot_loop_on_every_backend(backend):
    """Negative and out-of-range indexes (CPython's IndexError message),
    bool indexes, slices with None, huge or negative bounds and steps,
    ``s[:] is s``, == / != of slices, single characters and empty strings,
    str() of negative ints, non-latin-1 code points; then TypeErrors."""
    from pypyteach.run import run_source
    result = run_source(EDGE_PROGRAM, "edge.py", jit=backend, jit_params="threshold=3,trace_eagerness=2")
    assert result.error is None, result.error.traceback
    assert result.stdout == cpython_output(EDGE_PROGRAM)


def test_short_copies_shared_by_the_pure_pass_name_the_shared_read():
    # two forced one-character slices of the same string at the same index:
    # the pure pass shares the second copy's unicodegetitem with the first,
    # and the second unicodesetitem must name the first read (a dangling
    # reference was a host KeyError in llgraph: apps_001 with virtualize off)
    inputargs, final, _ = optimize("""
    [p0, i1]
    i2 = int_add(i1, 1)
    p3 = call_r(1, p0, i1, i2, descr=slice)
    guard_no_exception(descr=g1) [p0]
    call_n(1, p3, descr=escape_r)
    p4 = call_r(1, p0, i1, i2, descr=slice)
    guard_no_exception(descr=g2) [p0]
    call_n(1, p4, descr=escape_r)
    jump(p0, i1, descr=L0)
    """, "intbounds:string:pure")
    defined = set(inputargs)
    for op in final:
        for arg in op.args:
            assert isinstance(arg, Const) or arg in defined, (op, arg)
        defined.add(op)
    assert [op.name for op in final].count("unicodegetitem") == 1
