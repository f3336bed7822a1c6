"""A consumer's trace inlines the resumption of a generator (issue 16).

In PyPy a generator's frame is a heap PyFrame, and a loop consuming a
generator (``for x in gen()``) inlines its ``next``: send_ex ->
execute_frame runs the generator frame's bytecodes, from where it was
suspended to its yield, inside the consumer's trace, reading and writing the
frame's fields.  PyPy does not inline a generator with two yields or more
(``should_not_inline``): its next is a call_assembler.

pypyteach does the same for a generator whose code has one YIELD_VALUE and
no try or yield from (``Code.inlinable_generator``): while suspended its
state is in the guest heap (the W_GeneratorObject's ``pycode``,
``locals_cells_stack_w``, ``last_instr``, ``valuestackdepth``), FOR_ITER
resumes its frame in the same dispatch loop (``resume_generator_inline``)
and its YIELD_VALUE hands the value to that FOR_ITER, all in ll operations:
the tracer records getfield/getarrayitem_gc at the resumption, the
generator's bytecodes, and setarrayitem_gc/setfield_gc at the yield.
Anything else keeps the residual ``call_r(generator_next)``.

Every program is compared with CPython and with the interpreter, on llgraph
and x86-64 (and aarch64 for a few).
"""

import pytest

from pypyteach.run import run_source

from test_jit_functions import cpython
from test_jit_generators import LOOP_IN_GENERATOR as SIMPLE, PIPELINE     # (the same programs, inlined now)

PARAMS = "threshold=30,function_threshold=20,trace_eagerness=5"
BACKENDS = ["llgraph", "x86_64"]

OVER_SEQUENCES = """
def doubled(items):
    for x in items:
        yield x * 2

def letters(s):
    for c in s:
        yield c.upper()

def stepped(a, b, c):
    for i in range(a, b, c):
        yield i

def run():
    t = 0
    for x in doubled([1, 2, 3, 4, 5] * 60):
        t += x
    out = []
    for c in letters("pypy teaches tracing " * 10):
        out.append(c)
    for i in stepped(500, -400, -3):
        t += i
    for p in doubled((1, 2.5, 3) * 40):
        t += p
    print(t, "".join(out)[:40], len(out))
run()
"""

BREAK_THEN_NEXT = """
def count(n):
    i = 0
    while i < n:
        yield i
        i += 1

def run():
    g = count(1000)
    t = 0
    for x in g:
        t += x
        if x == 400:
            break
    print(t, next(g), next(g))
    for x in g:
        t += x
        if x == 700:
            break
    print(t, list(g)[:3], len(list(g)))
    for x in g:
        t += 1
    print(t)
run()
"""

EXHAUSTED_IN_LOOP = """
def upto(k):
    for i in range(k):
        yield i * 3

def run(n):
    t = 0
    for j in range(n):
        for x in upto(j % 6):
            t += x
        t += 1
    return t
print(run(600))
"""

TYPE_CHANGES = """
def twice(data):
    for d in data:
        yield d * 2

def run():
    data = list(range(150)) + [1.5] * 120 + ["ab"] * 120 + list(range(90))
    ints, floats, strs = 0, 0.0, 0
    for x in twice(data):
        if type(x) is int:
            ints += x
        elif type(x) is float:
            floats += x
        else:
            strs += len(x)
    print(ints, floats, strs)
run()
"""

GENEXPRS_PER_ITERATION = """
def run(n):
    t = 0
    seen = set()
    for j in range(n):
        t += sum(x * x for x in range(j % 7))
        seen |= set(x % 11 for x in range(j % 13))
        t += len(tuple(y for y in range(j % 5)))
        for z in (k * 2 for k in range(j % 4)):
            t += z
    print(t, sorted(seen))
run(500)
"""

TWO_YIELDS = """
def pairs(n):
    for i in range(n):
        yield i
        yield -i // 2

def run(n):
    t = 0
    for x in pairs(n):
        t += x
    return t
print(run(1500))
"""

CELLS = """
def make(k):
    def gen(n):
        for i in range(n):
            yield i + k
    return gen

def scaled(n, factor):
    scale = lambda v: v * factor
    for i in range(n):
        yield scale(i)

def run():
    t = 0
    for x in make(7)(800):
        t += x
    for x in scaled(800, 3):
        t += x
    for j in range(40):
        for x in make(j)(j % 5):
            t += x
    print(t)
run()
"""

SEND_CLOSE = """
def acc(n):
    i = 0
    while i < n:
        got = yield i
        if got is not None:
            i += got
        i += 1

def run():
    g = acc(1000)
    t = 0
    for x in g:
        t += x
        if x % 97 == 0:
            t += g.send(3)
        if x > 900:
            g.close()
    print(t)
    h = acc(500)
    for x in h:
        t += x
    print(t, next(h, "done"))
run()
"""

RAISES = """
def checked(items):
    for x in items:
        yield 100 // x

def run():
    t = 0
    for round in range(3):
        try:
            for v in checked(list(range(60, 0, -1)) + [0, 5]):
                t += v
        except ZeroDivisionError as e:
            t += 1
            print("caught", e, t)
    return t
print(run())
"""

PROGRAMS = {"simple": SIMPLE, "pipeline": PIPELINE, "sequences": OVER_SEQUENCES, "break_then_next": BREAK_THEN_NEXT,
            "exhausted": EXHAUSTED_IN_LOOP, "type_changes": TYPE_CHANGES, "genexprs": GENEXPRS_PER_ITERATION,
            "two_yields": TWO_YIELDS, "cells": CELLS, "send_close": SEND_CLOSE, "raises": RAISES}


def run(source, jit, params=PARAMS, **options):
    return run_source(source, "program.py", jit=jit, jit_params=params, **options)


def assert_same(source, result, tmp_path):
    out, error_type, message = cpython(source, tmp_path)
    assert result.error is None, result.error.traceback
    assert error_type is None
    assert result.stdout == out == run_source(source, "program.py").stdout


def traces_of(record, code_name):
    return [t for t in record.traces if t.name.startswith(code_name + ";")]


def calls_generator_next(trace):
    return any(op.name.startswith("call") and "generator_next" in repr(op.descr) for op in trace.operations)


@pytest.mark.parametrize("jit", BACKENDS)
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_programs_as_cpython(name, jit, tmp_path):
    source = PROGRAMS[name]
    assert_same(source, run(source, jit), tmp_path)


@pytest.mark.parametrize("name", ["simple", "pipeline", "type_changes", "send_close"])
def test_programs_as_cpython_on_aarch64(name, tmp_path):
    source = PROGRAMS[name]
    assert_same(source, run(source, "aarch64"), tmp_path)


@pytest.mark.parametrize("name", ["pipeline", "break_then_next", "genexprs", "cells", "send_close"])
def test_programs_with_collections_all_the_time(name, tmp_path):
    # the state arrays are ordinary GC objects: dead objects poisoned, a
    # collection every few hundred bytes
    source = PROGRAMS[name]
    result = run(source, "x86_64", params="threshold=3", gc_threshold=2048, gc_debug=True)
    assert_same(source, result, tmp_path)


@pytest.mark.parametrize("jit", BACKENDS)
def test_consumer_trace_inlines_the_generator(jit):
    result = run(SIMPLE, jit)
    record = result.jit
    assert result.stdout == run_source(SIMPLE, "program.py").stdout
    [consumer] = [t for t in traces_of(record, "run") if t.kind == "loop"]
    ops = consumer.operations
    assert not calls_generator_next(consumer)
    names = [op.name for op in ops]
    descrs = [repr(op.descr) for op in ops]
    # the suspended state is read from the heap at the resumption...
    assert any("W_GeneratorObject.locals_cells_stack_w" in d for d in descrs)
    assert any("W_GeneratorObject.last_instr" in d for d in descrs)
    assert "getarrayitem_gc_r" in names
    # ...written back at the yield...
    assert "setarrayitem_gc" in names
    # ...and the generator's bytecodes are traced inline, one level down
    assert "int_mul_ovf" in names
    merge_points = [op.args[2] for op in ops if op.name == "debug_merge_point" and op.args[1].value == 1]
    assert any(text.startswith("gen;") and text.endswith("YIELD_VALUE") for text in merge_points)
    # compiled code runs the whole loop: entered once
    assert record.entries[consumer.number] == 1


@pytest.mark.parametrize("jit", BACKENDS)
def test_pipeline_has_no_residual_next(jit):
    result = run(PIPELINE, jit)
    record = result.jit
    loops = [t for t in record.traces if t.kind == "loop"]
    assert loops and not any(calls_generator_next(t) for t in record.traces)
    assert result.steps < run_source(PIPELINE, "program.py").steps / 3


def test_two_yields_stay_a_residual_call():
    result = run(TWO_YIELDS, "llgraph")
    [consumer] = [t for t in traces_of(result.jit, "run") if t.kind == "loop"]
    assert calls_generator_next(consumer)


@pytest.mark.parametrize("jit", BACKENDS)
def test_guard_failing_inside_the_inlined_generator_rebuilds_both_frames(jit):
    # never bridged: every failure is deoptimized and finished by the blackhole step
    result = run(TYPE_CHANGES, jit, params="threshold=30,trace_eagerness=100000")
    assert result.error is None and result.stdout == run_source(TYPE_CHANGES, "program.py").stdout
    record = result.jit
    inside = [f for f in record.guard_failures if [fr[0] for fr in f.frames] == ["run", "twice"]]
    assert inside
    assert any(record.blackholes[f.blackhole].takes_over[0] == "twice" for f in inside if f.blackhole is not None)


def test_a_bridge_traced_inside_the_inlined_generator():
    result = run(TYPE_CHANGES, "llgraph", params="threshold=30,trace_eagerness=2")
    assert result.error is None and result.stdout == run_source(TYPE_CHANGES, "program.py").stdout
    # a bridge from a guard in the generator's bytecodes goes on into the
    # consumer's (it yields to the consumer's FOR_ITER, inline)
    bridges = [t for t in result.jit.traces if t.kind == "bridge"]
    codes = [{op.args[2].split(";")[0] for op in t.operations if op.name == "debug_merge_point"} for t in bridges]
    assert {"twice", "run"} in codes


@pytest.mark.parametrize("body, inlinable", [
    ("for i in range(n):\n        yield i", True),
    ("yield 1\n    yield 2", False),                                  # PyPy's should_not_inline
    ("try:\n        yield n\n    except ValueError:\n        pass", False),
    ("try:\n        yield n\n    finally:\n        n = 0", False),
    ("yield from range(n)", False),
])
def test_which_generators_are_inlined(body, inlinable):
    from pypyteach.vm.compiler.pycompiler import compile_source
    code = compile_source("def gen(n):\n    %s\ndef f():\n    return 1\n" % body, "x.py")
    gen, f = [c for c in code.co_consts if hasattr(c, "co_name")]
    assert gen.inlinable_generator is inlinable
    assert not f.inlinable_generator
