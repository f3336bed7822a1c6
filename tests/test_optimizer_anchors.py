"""The eight anchor loops against PyPy 7.3.11 (issue 4).

Each anchor program (benchmarks/anchors/) runs with the llgraph backend;
the optimized body of its main loop (the loop traced from ``run()``),
counted as PyPy's results.md counts it: the operations after the loop's
last label, debug_merge_point excluded, the closing jump included, must be
no larger than PyPy's.  PyPy's bodies include four operations of plumbing
pypyteach does not have (the signal check getfield_raw_i/int_lt/guard_false
and guard_not_invalidated).  The output must be the interpreter's, with all
passes and with each pass switched off.
"""

from pathlib import Path

import pytest

from pypyteach.jit.params import ALL_OPTS
from pypyteach.run import run_source

ANCHORS = Path(__file__).parents[1] / "benchmarks" / "anchors"
PYPY_BODY_OPS = {"int_loop": 10, "float_loop": 12, "call_loop": 18, "attr_loop": 13, "alloc_loop": 16,
                 "list_loop": 14, "branchy_loop": 21, "polymorphic_loop": 17}

# alloc_loop reaches PyPy's count because Point.__init__ allocates the
# instance's arrays with ll operations (vm/objspace/std/typeobject.py:_grow:
# new_array + setfield_gc): the Point and its array of unboxed ints stay
# virtual.  When that was a residual call (ll.call_r(_grow_storage...)),
# the call forced them all and emptied the heap cache: 29 body operations.


def source_of(name, n=None):
    text = (ANCHORS / (name + ".py")).read_text()
    if n is not None:
        text = text.replace("n = 100000", "n = %d" % n)
    return text


def main_loop(record):
    loops = [trace for trace in record.loops() if trace.name.startswith("run;")]
    return loops[-1]


def body_of(operations):
    labels = [i for i, op in enumerate(operations) if op.name == "label"]
    start = labels[-1] + 1 if labels else 0
    return [op for op in operations[start:] if op.name != "debug_merge_point"]


_RESULTS = {}


def run_anchor(name):
    if name not in _RESULTS:
        source = source_of(name)
        _RESULTS[name] = (run_source(source, name + ".py"),
                          run_source(source, name + ".py", jit="llgraph", jit_params="threshold=50"))
    return _RESULTS[name]


@pytest.mark.parametrize("name", list(PYPY_BODY_OPS))
def test_anchor_output_is_the_interpreters(name):
    plain, jitted = run_anchor(name)
    assert jitted.error is None and plain.error is None
    assert jitted.stdout == plain.stdout


@pytest.mark.parametrize("name", list(PYPY_BODY_OPS))
def test_anchor_body_no_larger_than_pypy(name):
    _, jitted = run_anchor(name)
    loop = main_loop(jitted.jit)
    assert [op.name for op in loop.operations].count("label") == 2       # peeled
    assert len(body_of(loop.operations)) <= PYPY_BODY_OPS[name]


@pytest.mark.parametrize("name", list(PYPY_BODY_OPS))
def test_anchor_body_has_no_allocation_of_boxes(name):
    """Unboxing: no box, instance or array is allocated in the loop body,
    no residual call is left.  In attr_loop too: the Point outlives the
    iteration, but p.x is an unboxed int attribute (vm/objspace/std/typeobject.py),
    so the new value is stored as a raw word and its box stays virtual."""
    _, jitted = run_anchor(name)
    body = body_of(main_loop(jitted.jit).operations)
    assert [op.name for op in body if op.name.startswith(("new", "call"))] == []


def test_attr_loop_stores_the_int_unboxed_as_pypy():
    # the Point lives on across iterations: its attribute store stays, its
    # map and unboxed array are loop invariants read in the preamble only.
    # PyPy 7.3.11's body: i49 = int_add_ovf(i37, 1) ... setarrayitem_gc(p33, 0, i49, descr=<ArrayS 8>)
    _, jitted = run_anchor("attr_loop")
    body = body_of(main_loop(jitted.jit).operations)
    assert [op.name for op in body] == ["int_lt", "guard_true", "int_add", "setfield_gc", "int_add_ovf",
                                        "guard_no_overflow", "setarrayitem_gc", "jump"]
    store = body[-2]
    assert repr(store.descr) == "<ArrayS 8>" and store.args[2] is body[4]


def test_list_loop_reads_raw_int_words_as_pypy():
    # The list is an IntegerListStrategy list (vm/objspace/std/liststrategy.py):
    # its strategy is guarded (guard_value) in the preamble only, the items
    # are raw words.  PyPy 7.3.11's body: i48 = getarrayitem_gc_i(p35, i41,
    # descr=<ArrayS 8>), no guard_class on the item.  Before the strategies:
    # getarrayitem_gc_r, guard_class, getfield_gc_i intval (11 body ops, 9 now).
    _, jitted = run_anchor("list_loop")
    loop = main_loop(jitted.jit)
    body = body_of(loop.operations)
    assert [op.name for op in body] == ["int_lt", "guard_true", "int_lt", "guard_true", "getarrayitem_gc_i",
                                        "int_add_ovf", "guard_no_overflow", "int_add", "jump"]
    assert repr(body[4].descr) == "<ArrayS 8>"
    preamble = loop.operations[:max(i for i, op in enumerate(loop.operations) if op.name == "label")]
    assert [repr(op.descr) for op in preamble if op.name == "getfield_gc_i"
            and op.descr.name == "strategy"] == ["<FieldS W_ListObject.strategy 24>"]
    assert "guard_value" in [op.name for op in preamble]


@pytest.mark.parametrize("name", list(PYPY_BODY_OPS))
@pytest.mark.parametrize("off", ALL_OPTS)
def test_anchor_with_one_pass_off(name, off):
    source = source_of(name, n=2000)
    plain = run_source(source, name + ".py")
    enabled = ":".join(opt for opt in ALL_OPTS if opt != off)
    jitted = run_source(source, name + ".py", jit="llgraph", jit_params="threshold=50,enable_opts=" + enabled)
    assert jitted.error is None and jitted.stdout == plain.stdout
    assert jitted.jit.loops()


@pytest.mark.parametrize("name", ["int_loop", "polymorphic_loop"])
def test_anchor_with_no_optimization(name):
    source = source_of(name, n=2000)
    plain = run_source(source, name + ".py")
    jitted = run_source(source, name + ".py", jit="llgraph", jit_params="threshold=50,enable_opts=none")
    assert jitted.stdout == plain.stdout
