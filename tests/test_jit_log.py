"""PYPYLOG text: jit/logger.py prints it, jit/oparser.py reads it back.

The eight real PyPy 7.3.11 logs of the anchors are copied into
tests/data/pypy-7.3.11/ so these tests need nothing outside the repository;
the numbers they must reproduce are those of the anchors' results.md.
"""

from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings, HealthCheck, strategies as st

from pypyteach.jit import logger
from pypyteach.jit.logger import (ConstClass, GuardNumbers, Logger, Names, format_loop,
                                  format_summary, format_trace, layout_class_names)
from pypyteach.jit.oparser import (ForeignOp, ParseError, TraceParser, UnresolvedDescr, parse_log,
                                   parse_trace)
from pypyteach.jit.resoperation import (ConstFloat, ConstInt, ConstPtr, InputArg, OPSPECS, RESOPS,
                                        ResOperation)
from pypyteach.vm.memory.layout import GcArray, GcIntArray, W_FloatObject, W_IntObject, W_ListObject

DATA = Path(__file__).parent / "data" / "pypy-7.3.11"
ANCHORS = Path(__file__).parents[2] / "shared" / "anchors" / "pypy-7.3.11"
PROGRAMS = ["int_loop", "float_loop", "call_loop", "attr_loop", "alloc_loop", "list_loop",
            "branchy_loop", "polymorphic_loop"]

# From /work/shared/anchors/pypy-7.3.11/results.md, "JIT log counts": the main
# loop (traced from run()): its number, "with N ops" of its header, non-debug
# ops of the whole trace, body ops (after the 2nd label, no debug_merge_point,
# jump included), guards whole/body, bridges out of it.
MAIN_LOOPS = {
    "int_loop": (1, 69, 41, 10, 14, 4, 0),
    "float_loop": (1, 67, 47, 12, 11, 3, 0),
    "call_loop": (1, 98, 66, 18, 19, 6, 0),
    "attr_loop": (1, 73, 51, 13, 14, 4, 0),
    "alloc_loop": (1, 118, 64, 16, 17, 5, 0),
    "list_loop": (2, 88, 56, 14, 18, 5, 0),
    "branchy_loop": (1, 92, 64, 21, 15, 5, 1),
    "polymorphic_loop": (3, 76, 60, 17, 15, 4, 1),
}
# results.md, "jit-summary": Tracing n/s, Backend n/s, TOTAL, ops, recorded
# ops, guards, opt ops, opt guards, nvirtuals, loops, bridges.
SUMMARY_FIELDS = ("tracing", "tracing_time", "backend", "backend_time", "total_time", "ops",
                  "recorded_ops", "guards", "opt_ops", "opt_guards", "nvirtuals", "total_loops",
                  "total_bridges")
SUMMARIES = {
    "int_loop": (1, 0.001989, 1, 0.000178, 0.020028, 114, 15, 15, 59, 17, 2, 1, 0),
    "float_loop": (1, 0.002102, 1, 0.000212, 0.051371, 157, 29, 12, 52, 12, 5, 1, 0),
    "call_loop": (1, 0.002308, 1, 0.000215, 0.024056, 238, 72, 21, 83, 20, 9, 1, 0),
    "attr_loop": (1, 0.002200, 1, 0.000220, 0.020149, 138, 27, 14, 58, 15, 5, 1, 0),
    "alloc_loop": (1, 0.002695, 1, 0.000222, 0.009226, 616, 137, 29, 101, 18, 17, 1, 0),
    "list_loop": (2, 0.002502, 2, 0.000364, 0.050877, 163, 43, 26, 116, 28, 3, 2, 0),
    "branchy_loop": (2, 0.002411, 2, 0.000282, 0.020810, 176, 36, 19, 98, 21, 9, 1, 1),
    "polymorphic_loop": (4, 0.003303, 4, 0.000620, 1.188480, 457, 123, 42, 218, 46, 21, 2, 2),
}
# results.md, "main loop bodies": the bridges shown under the main loop
MAIN_BRIDGES = {"branchy_loop": (0x7f3a8a2d01a0, 20), "polymorphic_loop": (0x7f37a75f0cc8, 26)}


def read_log(name):
    return (DATA / (name + ".log")).read_text()


# -- the anchor logs -------------------------------------------------------------------------

@pytest.mark.skipif(not ANCHORS.exists(), reason="no shared anchors on this machine")
@pytest.mark.parametrize("name", PROGRAMS)
def test_copies_match_the_anchors(name):
    assert read_log(name) == (ANCHORS / "logs" / (name + ".log")).read_text()


@pytest.mark.parametrize("name", PROGRAMS)
def test_main_loop_counts_match_results_md(name):
    log = parse_log(read_log(name))
    number, header_ops, non_debug, body, guards, body_guards, bridges = MAIN_LOOPS[name]
    main = log.main_loop()
    assert (main.kind, main.section, main.number) == ("loop", "opt", number)
    assert main.declared_ops == len(main.operations) == header_ops
    assert len(main.non_debug()) == non_debug
    assert len(main.body()) == body and main.body()[-1].name == "jump"
    assert (len(main.guards()), len(main.guards(main.body()))) == (guards, body_guards)
    assert len(log.bridges_out_of(main)) == bridges
    if name in MAIN_BRIDGES:
        (bridge,) = log.bridges_out_of(main)
        guard, count = MAIN_BRIDGES[name]
        assert (bridge.guard, bridge.declared_ops, len(bridge.operations)) == (guard, count, count)
        assert bridge.inputargs is not None and bridge.body()[-1].name == "jump"


@pytest.mark.parametrize("name", PROGRAMS)
def test_summary_matches_results_md(name):
    summary = parse_log(read_log(name)).summary
    assert tuple(summary[key] for key in SUMMARY_FIELDS) == SUMMARIES[name]
    assert set(summary) == set(logger.SUMMARY_KEYS)


@pytest.mark.parametrize("name", PROGRAMS)
def test_every_section_parses_and_prints_back_byte_for_byte(name):
    text = read_log(name)
    log = parse_log(text)
    assert log.other_sections == []
    for loop in log.loops:
        assert loop.declared_ops == len(loop.operations)
        assert len(loop.offsets) == len(loop.operations) and loop.end_offset is not None
    assert "\n".join(log.format()) + "\n" == text


def test_anchor_ops_are_real_resoperations_or_foreign():
    log = parse_log(read_log("polymorphic_loop"))
    ops = [op for loop in log.loops for op in loop.operations]
    foreign = sorted({op.name for op in ops if isinstance(op, ForeignOp)})
    # ops PyPy has and our table lacks
    assert foreign == ["cond_call", "convert_float_bytes_to_longlong", "convert_longlong_bytes_to_float",
                       "getfield_raw_i"]
    assert all(isinstance(op, ResOperation) for op in ops if op.name not in foreign)
    first = log.loops[0].operations[0]
    assert (first.name, first.type, repr(first.descr)) == (
        "getfield_gc_r", "r", "<FieldP pypy.interpreter.pyframe.PyFrame.inst_pycode 64>")
    assert isinstance(first.descr, UnresolvedDescr) and first.args[0] is log.loops[0].inputargs[0]
    guard = next(op for op in ops if op.name == "guard_value")
    assert guard.guard_number == 0x7f37b3600020 and guard.args[1] == ConstInt(4)
    raw = next(op for op in ops if op.name == "getfield_raw_i")
    assert raw.type == "i" and raw.args[0] == ConstInt(139877297999200) and not raw.is_guard()
    loop3 = log.loops[2]
    (shared,) = [op for op in loop3.operations if getattr(op, "guard_number", None) == 0x7f37a75ea8c0]
    assert loop3.offsets[loop3.operations.index(shared)] is None        # PyPy printed it with no +offset


# -- printing --------------------------------------------------------------------------------

FIELD = W_IntObject.field("intval")


def test_format_trace_every_kind_of_line():
    p0, i1, f2 = InputArg("r"), InputArg("i"), InputArg("f")
    add = ResOperation("int_add", [i1, ConstInt(1)])
    lt = ResOperation("int_lt", [add, i1])
    guard = ResOperation("guard_true", [lt])
    guard.fail_args, guard.guard_number = [p0, i1, None], 3
    store = ResOperation("setfield_gc", [p0, add], FIELD)
    new = ResOperation("new_with_vtable", [], W_IntObject.size_descr)
    mul = ResOperation("float_mul", [f2, ConstFloat(0.5)])
    dmp = ResOperation("debug_merge_point", [ConstInt(0), ConstInt(0), "run;x.py:3-6~#8 LOAD_FAST"])
    call = ResOperation("call_i", [ConstClass(77, "generic_add"), p0, new], UnresolvedDescr("<Calli 8 rr EF=4>"))
    token = UnresolvedDescr("TargetToken(1)")
    label = ResOperation("label", [p0, add, mul], token)
    jump = ResOperation("jump", [p0, add, ConstPtr(0), ConstPtr(0x1234), ConstInt(-3)], token)
    ops = [dmp, add, lt, guard, store, new, mul, call, label, jump]
    assert format_trace([p0, i1, f2], ops) == [
        "[p0, i1, f2]",
        "debug_merge_point(0, 0, 'run;x.py:3-6~#8 LOAD_FAST')",
        "i4 = int_add(i1, 1)",                 # the constant 1 took number 3
        "i5 = int_lt(i4, i1)",
        "guard_true(i5, descr=<Guard0x3>) [p0, i1, None]",
        "setfield_gc(p0, i4, descr=<FieldS W_IntObject.intval 8 pure>)",
        "p7 = new_with_vtable(descr=<SizeDescr 16 W_IntObject>)",     # None took 6
        "f9 = float_mul(f2, 0.500000)",
        "i11 = call_i(ConstClass(generic_add), p0, p7, descr=<Calli 8 rr EF=4>)",
        "label(p0, i4, f9, descr=TargetToken(1))",
        "jump(p0, i4, ConstPtr(null), ConstPtr(ptr13), -3, descr=TargetToken(1))",
    ]


HAND_WRITTEN = [
    """[p0, i1, f2]
debug_merge_point(0, 0, 'run;x.py:3-6~#8 LOAD_FAST')
i4 = int_add(i1, 1)
i5 = int_lt(i4, i1)
guard_true(i5, descr=<Guard0x3>) [p0, i1, None]
setfield_gc(p0, i4, descr=<FieldS W_IntObject.intval 8 pure>)
p7 = new_with_vtable(descr=<SizeDescr 16 W_IntObject>)
f9 = float_mul(f2, 0.500000)
guard_nonnull_class(p0, ConstClass(W_IntObject), descr=<Guard0x4>) [p0, None]
i12 = call_i(ConstClass(generic_add), p0, p7, descr=<Calli 8 rr EF=4>)
guard_value(p7, ConstPtr(ptr13), descr=<Guard0x5>) [p0, i12, f9]
i15 = getfield_raw_i(139792484978016, descr=<FieldS pypysig_long_struct.c_value 0>)
label(p0, i4, f9, descr=TargetToken(1))
jump(p0, i4, ConstPtr(null), -3, -2.500000, descr=TargetToken(1))""",
    """[i0]
guard_no_overflow(descr=<Guard0xff>)
p1 = force_token()
enter_portal_frame(14, 5020)
leave_portal_frame(14)
guard_not_invalidated(descr=<Guard0x100>) []
finish(i0)""",
    """[p0, p1, i2]
p3 = getfield_gc_r(p0, descr=<FieldP W_ListObject.items 16>)
i5 = getarrayitem_gc_i(p3, 0, descr=<ArrayS 8>)
setarrayitem_gc(p3, i2, i5, descr=<ArrayS 8>)
i6 = arraylen_gc(p3, descr=<ArrayS 8>)
p8 = guard_exception(ConstClass(OverflowError), descr=<Guard0x1>) [p1]
cond_call(i6, ConstClass(resize), p3, i2, 1, descr=<Callv 0 rii EF=5>)
f11 = convert_longlong_bytes_to_float(i6)
jump(p0, p1, i2)""",
]


@pytest.mark.parametrize("text", HAND_WRITTEN)
def test_hand_written_traces_round_trip(text):
    assert format_trace(*parse_trace(text)) == text.split("\n")


def test_offsets_and_end_line_round_trip():
    text = "[i0]\n+10: i2 = int_add(i0, 1)\ndebug_merge_point(0, 1, 'x')\nguard_true(i2, descr=<Guard0x2>) [i0]\n+24: jump(i2)"
    parser = TraceParser()
    inputargs, ops = parser.parse(text.split("\n"))
    assert parser.offsets == [10, None, None, 24]
    assert format_trace(inputargs, ops, offsets=parser.offsets) == text.split("\n")
    lines = format_loop(4, "run;x.py:1-2~#0 FOR_ITER", inputargs, ops, offsets=parser.offsets, end_offset=40)
    assert lines[:2] == ["[0] {jit-log-opt-loop", "# Loop 4 (run;x.py:1-2~#0 FOR_ITER) : loop with 4 ops"]
    assert lines[-2:] == ["+40: --end of the loop--", "[1] jit-log-opt-loop}"]
    offsets = {ops[0]: 7}
    assert format_trace(inputargs, ops, offsets=offsets)[1] == "+7: i2 = int_add(i0, 1)"


def test_loop_bridge_and_noopt_headers():
    i0 = InputArg("i")
    ops = [ResOperation("jump", [i0])]
    assert format_loop(2, "f", [i0], ops, section="noopt") == [
        "[0] {jit-log-noopt-loop", "# Loop 2 (f) : noopt with 1 ops", "[i0]", "jump(i0)",
        "[1] jit-log-noopt-loop}"]
    assert format_loop(None, None, [i0], ops, "bridge", 0xabc)[:2] == [
        "[0] {jit-log-opt-bridge", "# bridge out of Guard 0xabc with 1 ops"]
    assert format_loop(None, None, [i0], ops, "bridge", 0xabc, section="noopt")[0] == "[0] {jit-log-noopt-bridge"
    assert format_loop(1, "f", [i0], ops, header_note="entry bridge")[1] == "# Loop 1 (f) : entry bridge with 1 ops"
    stamps = iter([0x1951eeb0f64, 0x1951ef93d84]).__next__
    lines = format_loop(1, "f", [i0], ops, clock=stamps)
    assert (lines[0], lines[-1]) == ("[1951eeb0f64] {jit-log-opt-loop", "[1951ef93d84] jit-log-opt-loop}")


def test_guard_numbers_are_deterministic_never_addresses():
    i0 = InputArg("i")
    guards = [ResOperation("guard_true", [i0]) for _ in range(3)]
    guards[1].guard_number = 0x40

    class GuardDescr:                    # stands for jit/descr.py's
        number = 0x99
    guards[2].descr = GuardDescr()
    numbers = GuardNumbers()
    lines = format_trace([i0], guards, guard_numbers=numbers)
    assert lines[1:] == ["guard_true(i0, descr=<Guard0x1>)", "guard_true(i0, descr=<Guard0x40>)",
                         "guard_true(i0, descr=<Guard0x99>)"]
    assert format_trace([i0], guards, guard_numbers=numbers) == lines      # same number again
    assert numbers.number_of(guards[0]) == 1


def test_const_repr_hook_names_classes():
    p0 = InputArg("r")
    guard = ResOperation("guard_class", [p0, ConstInt(W_IntObject.tid)])
    guard.guard_number = 1
    add = ResOperation("int_add", [ConstInt(W_IntObject.tid), ConstInt(1)])
    ops = [guard, add]
    assert format_trace([p0], ops, const_repr=layout_class_names)[1:] == [
        "guard_class(p0, ConstClass(W_IntObject), descr=<Guard0x1>)",
        "i4 = int_add(%d, 1)" % W_IntObject.tid]        # only the class argument is named
    hook = logger.combine_const_reprs(lambda op, i, c: None, layout_class_names)
    assert format_trace([p0], ops, const_repr=hook)[1].startswith("guard_class(p0, ConstClass(W_IntObject)")


def test_shared_names_continue_numbering():
    names = Names()
    i0 = InputArg("i")
    add = ResOperation("int_add", [i0, i0])
    format_trace([i0], [add], names=names)
    assert format_trace([add], [ResOperation("int_neg", [add])], names=names) == ["[i1]", "i2 = int_neg(i1)"]
    assert names.name_of(add) == "i1"


def test_format_summary_lines_and_missing_keys():
    lines = format_summary({"tracing": 1, "tracing_time": 0.001989, "ops": 114, "total_loops": 1})
    assert lines[:5] == ["[0] {jit-summary", "Tracing:      \t1\t0.001989", "Backend:      \t0\t0.000000",
                         "TOTAL:      \t\t0.000000", "ops:             \t114"]
    assert "abort: bad loop: \t0" in lines and "opt guards shared:\t0" in lines
    assert lines[-5:] == ["Total # of loops:\t1", "Total # of bridges:\t0", "Freed # of loops:\t0",
                          "Freed # of bridges:\t0", "[1] jit-summary}"]
    text = read_log("int_loop")
    summary = parse_log(text).summary
    anchor = text[text.index("{jit-summary"):].split("\n")[1:-2]
    assert format_summary(summary)[1:-1] == anchor


def test_logger_writes_a_log_parse_log_reads():
    log = Logger()
    i0 = InputArg("i")
    guard = ResOperation("guard_true", [i0])
    guard.fail_args = [i0]
    log.log_loop(1, "run;x.py:1-2~#0 FOR_ITER", [i0], [guard, ResOperation("jump", [i0])])
    i1 = InputArg("i")
    log.log_bridge(guard, [i1], [ResOperation("finish", [i1])])
    log.log_summary({"total_loops": 1, "total_bridges": 1})
    parsed = parse_log(log.text())
    loop, bridge = parsed.loops
    assert bridge.guard == 1 and parsed.bridges_out_of(loop) == [bridge]
    assert parsed.summary["total_bridges"] == 1
    assert "\n".join(parsed.format()) + "\n" == log.text()


def test_logger_logs_trace_records_with_class_names():
    p0 = InputArg("r")
    guard = ResOperation("guard_class", [p0, ConstInt(W_IntObject.tid)])
    guard.guard_number = 0x100
    ops = [guard, ResOperation("jump", [p0])]
    log = Logger(sections=("noopt", "opt"))
    log.log_trace(SimpleNamespace(number=1, kind="loop", name="run;x.py:1-2~#0 FOR_ITER", inputargs=[p0],
                                  unoptimized=ops, operations=ops, guard=None))
    log.log_trace(SimpleNamespace(number=2, kind="bridge", name="", inputargs=[p0], unoptimized=None,
                                  operations=ops[1:], guard=SimpleNamespace(number=0x100)))
    assert "guard_class(p0, ConstClass(W_IntObject), descr=<Guard0x100>)" in log.lines
    parsed = parse_log(log.text())
    assert [(loop.section, loop.kind) for loop in parsed.loops] == [("noopt", "loop"), ("opt", "loop"),
                                                                     ("opt", "bridge")]
    assert parsed.bridges_out_of(parsed.loops[1]) == [parsed.loops[2]]


# -- parsing ---------------------------------------------------------------------------------

def test_parse_trace_builds_real_objects():
    target, g1 = object(), object()
    ns = {"target": target, "g1": g1, "W_IntObject": W_IntObject, "answer": 42, "obj": 0x5000}
    inputargs, ops = parse_trace("""
        [p0, i1, f2]
        i3 = int_add(i1, 1)
        guard_true(i3, descr=g1) [p0, i3]
        guard_class(p0, ConstClass(W_IntObject), descr=<Guard0x10>) []
        i4 = int_sub(i3, ConstClass(answer))
        p5 = same_as_r(ConstPtr(obj))
        f6 = float_add(f2, 2.5)
        p7 = getfield_gc_r(p0, descr=<FieldP W_Foo.x 8>)
        jump(p0, i3, descr=target)
    """, ns)
    p0, i1, f2 = inputargs
    assert [type(a) for a in inputargs] == [InputArg] * 3 and [a.type for a in inputargs] == ["r", "i", "f"]
    add, guard, gclass, sub, same, fadd, get, jump = ops
    assert all(isinstance(op, ResOperation) for op in ops)
    assert add.args == [i1, ConstInt(1)] and add.args[0] is i1
    assert guard.descr is g1 and guard.fail_args == [p0, add] and guard.fail_args[1] is add
    assert gclass.args[1].value == W_IntObject.tid and gclass.guard_number == 0x10 and gclass.fail_args == []
    assert isinstance(sub.args[1], ConstInt) and sub.args[1].value == 42
    assert same.args[0] == ConstPtr(0x5000)
    assert fadd.args[1] == ConstFloat(2.5)
    assert isinstance(get.descr, UnresolvedDescr) and repr(get.descr) == "<FieldP W_Foo.x 8>"
    assert jump.descr is target and jump.args[1] is add


def test_parse_trace_foreign_ops_and_constants():
    (i0,), ops = parse_trace("[i0]\ni2 = getfield_raw_i(12345, descr=<FieldS x 0>)\n"
                         "guard_weird(i2, descr=<Guard0x7>) [i0]\n"
                         "i3 = int_signext(i2, 4)\njump(ConstPtr(null), ConstPtr(ptr9), -3)")
    raw, weird, signext, jump = ops
    assert isinstance(raw, ForeignOp) and (raw.name, raw.type, raw.args) == ("getfield_raw_i", "i", [ConstInt(12345)])
    assert weird.is_guard() and weird.guard_number == 7 and weird.fail_args[0] is i0
    assert isinstance(signext, ResOperation) and signext.args[1] == ConstInt(4)   # PyPy's two-argument form
    assert jump.args[0] == ConstPtr(0) and jump.args[1].value != 0 and jump.args[2] == ConstInt(-3)


@pytest.mark.parametrize("text, message", [
    ("[i0]\ni1 = int_add(i0, i9)", "unknown name i9"),
    ("[i0]\ni0 = int_add(i0, 1)", "defined twice"),
    ("[x0]", "cannot tell the kind"),
    ("[i0]\nthis is not an op", "not an operation"),
])
def test_parse_errors_name_the_line(text, message):
    with pytest.raises(ParseError, match=message):
        parse_trace(text)


def test_parse_log_skips_other_and_nested_sections():
    text = ("[1] {jit-tracing\n[2] {jit-log-noopt-loop\n# Loop 0 (f) : noopt with 1 ops\n[i0]\n"
            "jump(i0)\n[3] jit-log-noopt-loop}\n[4] {jit-backend-dump\nBACKEND x86_64\nCODE_DUMP @1000 +0  C3\n"
            "[5] jit-backend-dump}\n"
            "[6] jit-tracing}\n")
    log = parse_log(text)
    (loop,) = log.loops
    assert (loop.section, loop.kind, loop.number, loop.header_note, loop.end_offset) == ("noopt", "loop", 0, "noopt", None)
    # jit-backend-dump is read (jit/backendlog.py), jit-tracing kept as text
    assert log.other_sections == ["jit-tracing"] and log.summary == {}
    assert [(d.address, d.data, d.backend) for d in log.dumps] == [(0x1000, b"\xc3", "x86_64")]
    assert "\n".join(log.format()) + "\n" == text


# -- round trip of random traces ------------------------------------------------------------

class NamedDescr:
    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


DESCRS = {
    "field": [W_IntObject.field("intval"), W_FloatObject.field("floatval"), W_ListObject.field("items")],
    "array": [GcArray.array, GcIntArray.array],
    "size": [W_IntObject.size_descr],
    "call": [NamedDescr("<Calli 8 rr EF=4>"), NamedDescr("<Callv 0 rii EF=5>")],
    "target": [NamedDescr("TargetToken(1)"), NamedDescr("TargetToken(2)")],
}
NAMESPACE = {repr(d): d for group in DESCRS.values() for d in group}
CLASSES = ["W_IntObject", "W_FloatObject", "generic_add"]


def arg_kinds(spec):
    """What our resops take ('*' any kind, 'C' a class constant); None: a list."""
    name = spec.name
    if spec.arity < 0:
        return None
    fixed = {"guard_class": "rC", "guard_nonnull_class": "rC", "guard_exception": "C", "setfield_gc": "r*",
             "setarrayitem_gc": "ri*", "guard_value": "**", "cast_float_to_int": "f", "new_array": "i"}
    if name in fixed:
        return fixed[name]
    if name.startswith(("float_", "same_as_f")):
        return "f" * spec.arity
    if name.startswith(("getfield", "arraylen", "quasiimmut", "guard_nonnull", "guard_isnull",
                        "ptr_", "same_as_r")):
        return "r" * spec.arity
    if name.startswith("getarrayitem"):
        return "ri"
    return "i" * spec.arity


def descr_group(name):
    for prefix, group in (("getfield", "field"), ("setfield", "field"), ("quasiimmut", "field"),
                          ("new_with", "size"), ("call", "call")):
        if name.startswith(prefix):
            return group
    return "target" if name in ("label", "jump", "finish") else "array"


CONSTS = {
    "i": st.integers(-2 ** 63, 2 ** 63 - 1).map(ConstInt),
    "f": st.floats(allow_nan=True, allow_infinity=True).map(ConstFloat),
    "r": st.sampled_from([0, 0x7f00001000]).map(ConstPtr),
    "C": st.builds(ConstClass, st.integers(1, 2 ** 40), st.sampled_from(CLASSES)),
}
OPS = [spec for spec in RESOPS if spec.name != "debug_merge_point"]


class TraceBuilder:
    def __init__(self, data):
        self.data = data
        self.defined = []

    def draw(self, strategy):
        return self.data.draw(strategy)

    def value(self, kind):
        kind = self.draw(st.sampled_from("irf")) if kind == "*" else kind
        mine = [v for v in self.defined if v.type == kind]
        if kind == "C" or not mine or self.draw(st.booleans()):
            return self.draw(CONSTS[kind])
        return self.draw(st.sampled_from(mine))

    def args(self, spec):
        kinds = arg_kinds(spec)
        if kinds is None:
            kinds = self.draw(st.lists(st.sampled_from("irf*"), max_size=4))
        if kinds == "**":
            kinds = self.draw(st.sampled_from("irf")) * 2
        return [self.value(kind) for kind in kinds]

    def op(self):
        choice = self.draw(st.integers(0, 9))
        if choice == 0:
            return self.merge_point()
        if choice == 1:
            return self.foreign()
        spec = self.draw(st.sampled_from(OPS))
        descr = self.draw(st.sampled_from(DESCRS[descr_group(spec.name)])) if spec.has_descr else None
        op = ResOperation(spec.name, self.args(spec), descr)
        if op.is_guard():
            op.guard_number = self.draw(st.integers(0, 2 ** 48))
            failargs = st.lists(st.sampled_from(self.defined + [None]), max_size=5)
            op.fail_args = self.draw(st.none() | failargs)
        return op

    def merge_point(self):
        text = self.draw(st.text(st.characters(blacklist_characters="\n", blacklist_categories=("Cs",))))
        numbers = st.integers(0, 3).map(ConstInt)
        return ResOperation("debug_merge_point", [self.draw(numbers), self.draw(numbers), text])

    def foreign(self):
        name, result, kinds = self.draw(st.sampled_from([
            ("getfield_raw_i", "i", "i"), ("cond_call", "n", "iCii"),
            ("convert_longlong_bytes_to_float", "f", "i")]))
        descr = NamedDescr("<FieldS pypysig_long_struct.c_value 0>") if name == "getfield_raw_i" else None
        return ForeignOp(name, [self.value(k) for k in kinds], descr, result)

    def trace(self):
        inputargs = [InputArg(kind) for kind in self.draw(st.lists(st.sampled_from("irf"), max_size=5))]
        self.defined += inputargs
        ops = []
        for _ in range(self.draw(st.integers(0, 25))):
            op = self.op()
            ops.append(op)
            if op.type in "irf":
                self.defined.append(op)
        return inputargs, ops


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_traces_print_parse_print(data):
    inputargs, ops = TraceBuilder(data).trace()
    namespace = NAMESPACE
    text = format_trace(inputargs, ops)
    parsed_inputargs, parsed_ops = parse_trace("\n".join(text), namespace)
    assert format_trace(parsed_inputargs, parsed_ops) == text
    assert [op.name for op in parsed_ops] == [op.name for op in ops]
    assert [type(op) for op in parsed_ops] == [type(op) for op in ops]
    for old, new in zip(ops, parsed_ops):
        if old.descr is not None and not old.is_guard() and repr(old.descr) in namespace:
            assert new.descr is old.descr
    offsets = data.draw(st.lists(st.none() | st.integers(0, 10 ** 6), min_size=len(ops), max_size=len(ops)))
    with_offsets = format_trace(inputargs, ops, offsets=offsets)
    parser = TraceParser(namespace)
    again = format_trace(*parser.parse(with_offsets), offsets=parser.offsets)
    assert again == with_offsets


def test_every_resop_of_the_table_prints_and_parses():
    i0, p1, f2 = InputArg("i"), InputArg("r"), InputArg("f")
    pick = {"i": i0, "r": p1, "f": f2, "*": i0, "C": ConstClass(5, "W_IntObject")}
    for spec in RESOPS:
        if spec.name == "debug_merge_point":
            continue
        kinds = arg_kinds(spec)
        kinds = "ir" if kinds is None else kinds
        op = ResOperation(spec.name, [pick[k] for k in kinds],
                          DESCRS[descr_group(spec.name)][0] if spec.has_descr else None)
        text = format_trace([i0, p1, f2], [op])
        inputargs, (parsed,) = parse_trace("\n".join(text), NAMESPACE)
        assert isinstance(parsed, ResOperation) and parsed.name == spec.name, text
        assert format_trace(inputargs, [parsed]) == text
    assert set(OPSPECS) >= {"guard_true", "jump", "label"}
