"""The meta-tracing JIT: tracing, guards, deoptimization, bridges, aborts,
invalidation and the run record.  Each program's output with the JIT must
equal the interpreter's and CPython's."""

import contextlib
import io

import pytest

from pypyteach.jit.params import JitParams, JitParamError
from pypyteach.run import run_source


def cpython_output(source):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "<test>", "exec"), {"__name__": "__main__"})
    return out.getvalue()


def run_jit(source, params="threshold=3,trace_eagerness=2", **options):
    result = run_source(source, "test.py", jit="llgraph", jit_params=params, **options)
    assert result.error is None, result.error.traceback
    plain = run_source(source, "test.py")
    assert result.stdout == plain.stdout == cpython_output(source)
    return result.jit


def failed_guard_names(record):
    return [f.guard.op.name for f in record.guard_failures if f.guard is not None]


# -- tracing -------------------------------------------------------------------------------

INT_LOOP = """
def run(n):
    i = 0
    total = 0
    while i < n:
        total += i
        i += 1
    return total
print(run(500))
"""


def test_hot_loop_is_traced_compiled_and_run():
    record = run_jit(INT_LOOP)
    loops = record.loops()
    assert len(loops) == 1
    loop = loops[0]
    assert loop.name == "run;test.py:2-5~#8 LOAD_FAST"
    names = [op.name for op in loop.operations]
    assert names[0] == "label" and names[-1] == "jump"
    assert "int_add_ovf" in names and "guard_no_overflow" in names
    # dispatch folded away: no operation reads bytecode or the opcode table
    assert all(op.name != "call_r" for op in loop.operations)
    assert record.loop_entries >= 1


def test_trace_starts_only_after_threshold():
    record = run_jit(INT_LOOP, "threshold=400")
    assert record.counters[("run", 8)] == 400
    quiet = run_jit(INT_LOOP, "threshold=1000")
    assert quiet.traces == []


def test_every_op_knows_its_provenance():
    record = run_jit(INT_LOOP)
    for op in record.loops()[0].unoptimized:
        if op.name in ("label", "jump"):
            continue
        p = op.provenance
        assert p.code_name == "run" and p.filename == "test.py"
        assert p.line in (5, 6, 7) and p.opname
        if op.name != "debug_merge_point":
            assert p.interp_function and p.interp_file.endswith(".py") and p.interp_line > 0
    add = next(op for op in record.loops()[0].unoptimized if op.name == "int_add_ovf")
    assert add.provenance.opname == "INPLACE_ADD" and add.provenance.interp_function == "arithmetic"
    assert add.provenance.interp_file.endswith("descroperation.py")


def test_calls_are_inlined_with_their_frames():
    source = "def f(x):\n    return x * 2 + 1\ndef run(n):\n    t = 0\n    for i in range(n):\n" \
             "        t += f(i)\n    return t\nprint(run(300))\n"
    record = run_jit(source)
    ops = record.loops()[0].unoptimized
    depths = {op.provenance.depth for op in ops if op.name == "debug_merge_point"}
    assert depths == {0, 1}
    assert not any(op.name.startswith("call") for op in ops)


# -- guards and deoptimization ------------------------------------------------------------------

def test_guard_true_fails_at_loop_exit_and_resumes_at_that_bytecode():
    record = run_jit(INT_LOOP)
    failure = record.guard_failures[-1]
    assert failure.guard.op.name == "guard_true"
    code_name, offset, opname, line = failure.resumed_at
    assert (code_name, opname, line) == ("run", "COMPARE_OP", 5)


def test_guard_false_on_branch():
    source = "def run(n):\n    t = 0\n    for i in range(n):\n        if i > 200:\n            t -= 1\n" \
             "        else:\n            t += i\n    return t\nprint(run(400))\n"
    record = run_jit(source, "threshold=3,trace_eagerness=1000")
    assert "guard_false" in failed_guard_names(record)


def test_guard_class_fails_on_a_new_type():
    source = "def run(items):\n    t = 0\n    for x in items:\n        t += x\n    return t\n" \
             "print(run([1] * 50 + [0.5] * 50))\n"
    record = run_jit(source, "threshold=3,trace_eagerness=1000")
    assert "guard_class" in failed_guard_names(record)


def test_guard_value_fails_on_a_new_call_target():
    source = "def a(x):\n    return x + 1\ndef b(x):\n    return x + 2\ndef run():\n" \
             "    t = 0\n    for f in [a] * 30 + [b] * 30:\n        t += f(1)\n    return t\nprint(run())\n"
    record = run_jit(source, "threshold=3,trace_eagerness=1000")
    assert "guard_value" in failed_guard_names(record)


def test_guard_no_overflow_fails_into_big_ints():
    source = "def run(n):\n    x = 1\n    for i in range(n):\n        x += x\n    return x\nprint(run(100))\n"
    record = run_jit(source, "threshold=3,trace_eagerness=1000")
    assert "guard_no_overflow" in failed_guard_names(record)


def test_guard_nonnull_fails_on_an_unbound_local():
    source = "def run(n):\n    t = 0\n    for i in range(n):\n        if i == 40:\n            del t\n" \
             "            t = 100\n        t += 1\n    return t\nprint(run(50))\n"
    record = run_jit(source, "threshold=3,trace_eagerness=1000")
    assert record.guard_failures


def test_guard_no_exception_fails_when_a_residual_call_raises():
    # the loop is traced while every key exists; later a key is missing and
    # the dict lookup, a residual call in compiled code, raises KeyError
    source = "def run(n):\n    d = {k: 0 for k in range(7)}\n    misses = 0\n    for i in range(n):\n" \
             "        if i == 30:\n            del d[3]\n        try:\n            d[i % 7] += 1\n" \
             "        except KeyError:\n            misses += 1\n    return misses, sorted(d.items())\n" \
             "print(run(60))\n"
    record = run_jit(source, "threshold=3,trace_eagerness=1000")
    raised = [f for f in record.guard_failures if f.kind == "exception"]
    assert raised and raised[0].guard.op.name == "guard_no_exception"
    assert raised[0].resumed_at[2] == "BINARY_SUBSCR"


def test_guard_not_invalidated_when_a_class_attribute_changes():
    source = "class C:\n    k = 1\ndef bump():\n    C.k = 2\ndef run(n):\n    t = 0\n    c = C()\n" \
             "    for i in range(n):\n        t += c.f() if False else C.k if False else c.k\n" \
             "        if i == 40:\n            bump()\n    return t\nprint(run(80))\n"
    record = run_jit(source, "threshold=3,trace_eagerness=1000")
    assert record.invalidations >= 1


def test_invalidation_when_a_global_is_rebound():
    source = "def f(x):\n    return x + 1\ndef g(x):\n    return x + 100\ndef run(n):\n    global f\n" \
             "    t = 0\n    for i in range(n):\n        t += f(i)\n        if i == 50:\n            f = g\n" \
             "    return t\nprint(run(100))\n"
    record = run_jit(source, "threshold=3,trace_eagerness=1000")
    assert record.invalidations >= 1
    assert ("invalidated", 1) in record.events


def test_an_invalidated_loop_is_counted_and_traced_again():
    """As PyPy drops an invalidated loop's procedure token: its header counts
    from zero again, and the hot loop gets a new trace that runs the new f."""
    source = "def f(x):\n    return x + 1\ndef g(x):\n    return x + 100\ndef run(n):\n    global f\n" \
             "    t = 0\n    for i in range(n):\n        t += f(i)\n        if i == 50:\n            f = g\n" \
             "    return t\nprint(run(100))\n"
    record = run_jit(source, "threshold=3,trace_eagerness=1000")
    events = [e for e in record.events if e[0] in ("compiled-loop", "invalidated")]
    assert events == [("compiled-loop", 1), ("invalidated", 1), ("compiled-loop", 2)]


GLOBAL_COUNTER = "C = 0\nK = 7\ndef run(n):\n    global C\n    for i in range(n):\n        C += K\n" \
                 "run(200)\nprint(C)\n"


def test_a_global_rebound_to_other_objects_becomes_a_cell_read_at_run_time():
    """PyPy's celldict: the second binding of a global to another object puts
    it in a mutable cell (one invalidation); from then on traces read it
    where they run, so a loop that writes the global it reads compiles."""
    record = run_jit(GLOBAL_COUNTER, "threshold=3,trace_eagerness=1000")
    loop = record.traces[0]
    assert record.invalidations == 0 and loop.kind == "loop"
    reads = [op for op in loop.operations if op.name == "call_r" and "lookup_global" in str(op.descr)]
    assert reads                                           # C, read from its cell
    # K was never rebound: still a constant, guarded out of line
    assert any(op.name == "guard_not_invalidated" for op in loop.operations)


def test_a_deleted_global_bound_again_is_a_constant_again():
    from pypyteach.run import new_vm, run_code
    from pypyteach.vm.compiler.pycompiler import compile_source
    space, interp = new_vm()
    run_code(space, interp, compile_source("X = 1\nX = 1 + int('1')\nY = None\nY = None\n", "cells.py"))
    assert [name for _, name in space.mutable_globals] == ["X"]      # Y: the same object again
    space, interp = new_vm()
    run_code(space, interp, compile_source("X = 1\nX = 2\ndel X\nX = 3\n", "cells.py"))
    assert space.mutable_globals == set()


def test_deoptimization_inside_an_inlined_call_rebuilds_both_frames():
    source = "def f(x):\n    if x < 40:\n        return x\n    return -x\ndef run(n):\n    t = 0\n" \
             "    for i in range(n):\n        t += f(i)\n    return t\nprint(run(60))\n"
    record = run_jit(source, "threshold=3,trace_eagerness=1000")
    inner = [f for f in record.guard_failures if len(f.frames) == 2]
    assert inner, record.guard_failures
    outer, callee = inner[0].frames
    assert outer[0] == "run" and callee[0] == "f"
    assert inner[0].resumed_at[0] == "f"


def test_deoptimization_inside_a_generator_body():
    # the inner loop runs inside the generator's frame between two yields:
    # it is traced with that frame as root, and its guard fails there
    source = "def gen(n):\n    for k in range(3):\n        total = 0\n        for i in range(n):\n" \
             "            if i < 40:\n                total += i\n            else:\n                total -= k\n" \
             "        yield total\ndef run():\n    return [x for x in gen(60)]\nprint(run())\n"
    record = run_jit(source, "threshold=3,trace_eagerness=1000")
    assert record.loops()[0].name.startswith("gen;")
    inside = [f for f in record.guard_failures if f.frames[0][0] == "gen"]
    assert inside and inside[0].resumed_at[0] == "gen"


# -- bridges -------------------------------------------------------------------------------------

BRANCHY = "def run(n):\n    t = 0\n    for i in range(n):\n        if i % 3 == 0:\n            t += i\n" \
          "        else:\n            t -= 1\n    return t\nprint(run(400))\n"


def test_bridge_grows_exactly_at_trace_eagerness():
    record = run_jit(BRANCHY, "threshold=10,trace_eagerness=5")
    bridges = record.bridges()
    assert bridges
    guard = bridges[0].guard
    failures_before = [f for f in record.guard_failures if f.guard is guard]
    # the guard failed trace_eagerness times; the last failure started the bridge
    assert len(failures_before) == 5
    assert ("bridge-start", guard.number) in record.events
    assert guard.bridge is not None


def test_bridge_ends_with_a_jump_to_the_loop():
    record = run_jit(BRANCHY, "threshold=10,trace_eagerness=5")
    bridge = record.bridges()[0]
    assert bridge.operations[-1].name == "jump"
    # into the peeled loop body, through a short preamble (test_short_preamble.py)
    assert bridge.operations[-1].descr is record.loops()[0].loop.body_target
    tree = record.trace_tree()
    assert tree[record.loops()[0].number] == [(bridge.guard.number, bridge.number)]


# -- aborts -------------------------------------------------------------------------------------------

def test_trace_limit_aborts_and_the_program_runs_on():
    source = "def run(n):\n    t = 0\n    for i in range(n):\n" + "".join(
        "        t += i * %d\n" % k for k in range(30)) + "    return t\nprint(run(50))\n"
    record = run_jit(source, "threshold=3,trace_limit=40")
    assert [a.reason for a in record.aborts][:1] == ["ABORT_TOO_LONG"]
    assert not record.traces


def test_recursion_is_not_inlined_forever():
    source = "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n" \
             "def run(n):\n    t = 0\n    for i in range(n):\n        t += fib(i % 12)\n    return t\nprint(run(40))\n"
    run_jit(source, "threshold=3,trace_limit=500")


def test_exception_while_tracing_aborts_cleanly():
    source = "def run(n):\n    t = 0\n    for i in range(n):\n        try:\n            t += 10 // (i % 5)\n" \
             "        except ZeroDivisionError:\n            t -= 1\n    return t\nprint(run(50))\n"
    record = run_jit(source, "threshold=4")
    assert any(a.reason == "ABORT_EXCEPTION" for a in record.aborts) or record.traces


# -- parameters ------------------------------------------------------------------------------------------

def test_parameters_have_pypys_names_and_defaults():
    params = JitParams()
    assert (params.threshold, params.function_threshold, params.trace_eagerness, params.trace_limit,
            params.decay) == (1039, 1619, 200, 6000, 40)
    assert JitParams.parse("threshold=3,trace_eagerness=2").trace_eagerness == 2


@pytest.mark.parametrize("text", ["thresold=3", "threshold=x", "threshold", "enable_opts=nope",
                                  "threshold=-1"])
def test_bad_parameters_are_named(text):
    with pytest.raises(JitParamError) as info:
        JitParams.parse(text)
    assert text.split("=")[0] in str(info.value) or "nope" in str(info.value)


# -- logs ------------------------------------------------------------------------------------------------

def test_our_log_is_read_back_by_the_pypy_log_parser():
    from pypyteach.jit.oparser import parse_log
    from pypyteach.jit.pypylog import PyPyLog, parse_log_spec
    categories, _ = parse_log_spec("jit-log-noopt,jit-log-opt,jit-summary:unused.log")
    log = PyPyLog(categories)
    result = run_source(BRANCHY, "t.py", jit="llgraph", jit_params="threshold=10,trace_eagerness=5",
                        jit_log=log)
    text = log.finish(result.jit)
    parsed = parse_log(text)
    assert "\n".join(parsed.format()) + "\n" == text
    opt_loops = [l for l in parsed.loops if l.section == "opt" and l.kind == "loop"]
    opt_bridges = [l for l in parsed.loops if l.section == "opt" and l.kind == "bridge"]
    assert len(opt_loops) == len(result.jit.loops()) and len(opt_bridges) == len(result.jit.bridges())
    for logged, trace in zip(opt_loops, result.jit.loops()):
        assert logged.declared_ops == len(trace.operations)
        assert [op.name for op in logged.operations] == [op.name for op in trace.operations]
    assert parsed.summary["total_loops"] == len(result.jit.loops())
    assert parsed.summary["total_bridges"] == len(result.jit.bridges())


def test_cli_writes_the_log_file(tmp_path):
    import subprocess, sys, os
    program = tmp_path / "loop.py"
    program.write_text(INT_LOOP)
    logfile = tmp_path / "jit.log"
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    done = subprocess.run([sys.executable, "-m", "pypyteach", "run", "--jit", "llgraph", "--jit-param",
                           "threshold=3", "--log", "jit-log-opt,jit-summary:%s" % logfile, str(program)],
                          capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=root))
    assert done.returncode == 0 and done.stdout == "124750\n"
    text = logfile.read_text()
    assert "{jit-log-opt-loop" in text and "# Loop 1 (run;" in text and "{jit-summary" in text
    bad = subprocess.run([sys.executable, "-m", "pypyteach", "run", "--jit-param", "threshold=3", str(program)],
                         capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=root))
    assert bad.returncode == 2 and "--jit" in bad.stderr


# -- merge points ---------------------------------------------------------------------------------

def test_outside_traces_the_jit_is_asked_only_at_loop_headers_and_function_entries():
    from pypyteach.vm.compiler.pycompiler import compile_source
    from pypyteach.run import new_globals, new_vm
    source = "def run(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\nprint(run(50))\n"
    code = compile_source(source, "test.py")
    inner = next(c for c in code.nested_codes() if c.co_name == "run")
    header = next(instr.offset for instr in inner.instructions if instr.opname == "FOR_ITER")
    assert inner.loop_headers == {header}
    space, interp = new_vm(jit="llgraph", jit_params="threshold=100000")
    seen = []
    original = interp.jitdriver.jit_merge_point
    interp.jitdriver.jit_merge_point = lambda interp_, frame: (seen.append((frame.code.co_name, frame.pc)),
                                                               original(interp_, frame))[1]
    space.load_code(code)
    interp.run_module(code, new_globals(space))
    assert space.output == ["%d\n" % sum(range(50))]
    # each new frame's first bytecode (where PyPy's portal counts calls),
    # then the loop header once per iteration plus the exit; nothing else
    assert seen == [("<module>", 0), ("run", 0)] + [("run", header)] * 51
