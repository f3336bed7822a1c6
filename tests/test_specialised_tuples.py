"""Specialised 2-tuples (vm/objspace/std/tupleobject.py), as PyPy's
specialisedtupleobject.py: a pair of exact ints or of floats (not NaN) is
stored unboxed, W_SpecialisedTupleObject_ii / _ff; every other tuple is a
W_TupleObject.  Programs print what CPython prints (hash, equality, NaN,
unpacking), with and without the JIT; a trace reads the two fields.
"""

import pytest
from hypothesis import given, settings, HealthCheck, strategies as st

from pypyteach.run import new_vm, run_code, run_source
from pypyteach.vm.compiler.pycompiler import compile_source
from pypyteach.vm.memory import layout as L

from test_jit_hypothesis import cpython, assert_same_as_cpython_with_and_without_jit


def layouts_of(source, *names):
    space, interp = new_vm()
    ids = ", ".join("id(%s)" % name for name in names)
    result = run_code(space, interp, compile_source(source + "\nprint(%s)\n" % ids, "t.py"))
    assert result.error is None, result.error.traceback
    addresses = [int(word) for word in result.stdout.split()]
    return {name: L.LAYOUTS.by_tid[space.tid(w)].name for name, w in zip(names, addresses)}


def test_which_tuples_are_specialised():
    found = layouts_of("a = (1, 2)\nb = (1.5, -0.0)\nc = (1, 2.0)\nd = (True, 1)\ne = (float('nan'), 1.0)\n"
                       "f = (2**70, 1)\ng = (1, 2, 3)\nh = ('x', 'y')\ni = tuple([3, 4])\nj = divmod(7, 2)",
                       "a", "b", "c", "d", "e", "f", "g", "h", "i", "j")
    assert found == {"a": "W_SpecialisedTupleObject_ii", "b": "W_SpecialisedTupleObject_ff",
                     "c": "W_TupleObject", "d": "W_TupleObject", "e": "W_TupleObject", "f": "W_TupleObject",
                     "g": "W_TupleObject", "h": "W_TupleObject", "i": "W_SpecialisedTupleObject_ii",
                     "j": "W_SpecialisedTupleObject_ii"}


def test_the_gc_never_follows_the_unboxed_values():
    for layout in (L.W_SpecialisedTupleObject_ii, L.W_SpecialisedTupleObject_ff):
        assert layout.ref_offsets == () and layout.array is None
        assert L.LAYOUTS.by_name[layout.name] is layout and layout.tid in L.TUPLE_TIDS


PROGRAMS = {
    "basics": "a = (1, 2)\nb = (1.5, -0.0)\nprint(a, b, a[0], b[1], a[-1], len(a), a + b, a * 2, a[::-1], list(a),"
              " 2 in a, a.index(2), a.count(1), a[0] is a[0], tuple(a) is a)\n",
    "hash_eq": "a = (1, 2)\nprint(a == (1, 2), a == (1.0, 2.0), a == [1, 2], hash(a) == hash((1, 2)),"
               " hash(a) == hash((1.0, 2.0)), hash((0.0, 1.5)) == hash((-0.0, 1.5)), {a: 1}[(1.0, 2.0)],"
               " {(1, 2), (1, 2), (2.0, 3.0), (2, 3)})\n",
    "nan": "n = float('nan')\ne = (n, 1.0)\nf = (1.0, 2.0)\nprint(n in e, e.count(n), e == e, (n, n) == (n, n),"
           " hash(e) == hash(e), {e: 1}.get(e), f == (1.0, 2.0))\n",
    "compare": "print((1, 2) < (1, 3), (1.5, 2.5) > (1.0, 9.0), sorted([(2, 1), (1, 2), (1, 1)]),"
               " max([(1.5, 2.5), (0.5, 9.0)]), (1, 2) < (1, 2, 0), (2, 1) >= (2.0, 1.0))\n",
    "unpack": "def f(a, b):\n    return a // b, a % b\nt = 0\nfor i in range(1, 40):\n    q, r = f(i * 7, 5)\n"
              "    x, y = (i * 0.5, 2.0)\n    t += q * r + x * y\nprint(t, f(7, 2), '%d-%d' % f(9, 4))\n",
    "misc": "print(isinstance((1, 2), tuple), type((1, 2)) is tuple, type((1.0, 2.0)).__name__,"
            " dict([(1, 2), (3, 4)]), 'ab'.startswith(('a', 'b')), list(enumerate([5, 6])), list(zip([1], [2])),"
            " repr((1, 2)), str((1.0, 2.0)), (1, 2).__len__())\n",
    "big": "print((2**63 - 1, -2**63), (2**63 - 1, 1) + (1,), hash((2**63 - 1, 0)) == hash((2**63 - 1, 0)))\n",
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_programs_print_what_cpython_prints(name):
    assert_same_as_cpython_with_and_without_jit(PROGRAMS[name], 3, 1)


UNPACK_LOOP = """
def divm(a, b):
    return a // b, a % b

def run(n):
    total = 0
    pts = [(i, i + 1) for i in range(10)]
    for i in range(n):
        q, r = divm(i, 7)
        x, y = pts[i % 10]
        total += q + r + x * y
    return total

print(run(3000))
"""


def test_a_trace_reads_the_two_fields():
    result = run_source(UNPACK_LOOP, "u.py", jit="llgraph", jit_params="threshold=50")
    assert result.stdout == cpython(UNPACK_LOOP)
    loop = [t for t in result.jit.loops() if t.name.startswith("run;")][-1]
    ops = loop.operations
    start = max(i for i, op in enumerate(ops) if op.name == "label") + 1
    body = [op for op in ops[start:] if op.name != "debug_merge_point"]
    reads = [repr(op.descr) for op in body if op.name == "getfield_gc_i"]
    assert reads == ["<FieldS W_SpecialisedTupleObject_ii.value0 8 pure>",
                     "<FieldS W_SpecialisedTupleObject_ii.value1 16 pure>"]
    # divm's tuple stays virtual: nothing allocated in the loop
    assert not [op.name for op in body if op.name.startswith(("new", "call"))]


@pytest.mark.parametrize("backend", ["x86_64", "aarch64", "s390x"])
def test_specialised_tuples_on_machine_backends(backend):
    source = UNPACK_LOOP + "print([(i * 0.5, -1.5) for i in range(3)], (1.5, 2.5) + (3.5, 4.5))\n"
    result = run_source(source, "u.py", jit=backend, jit_params="threshold=50")
    assert result.error is None, result.error.traceback
    assert result.stdout == cpython(source)


def test_specialised_tuples_under_gc_stress():
    source = ("pairs = [(i, -i) for i in range(200)] + [(i * 0.5, 1.0) for i in range(200)]\n"
              "junk = [[p] * 3 for p in pairs]\n"
              "print(sum(a for a, b in pairs), len({p: 1 for p in pairs}), pairs[3], pairs[-1])\n")
    result = run_source(source, "g.py", gc_threshold=1024)
    assert result.error is None, result.error.traceback
    assert result.stdout == cpython(source)


def test_views_show_unboxed_values_without_allocating():
    """The step recorder's reprs (steprecorder.ValueReprs) read the raw
    words of specialised tuples and int/float lists: a view never allocates."""
    from pypyteach.steprecorder import ValueReprs
    space, interp = new_vm()
    result = run_code(space, interp, compile_source(
        "t = (1, 2)\nf = [(0.5, 1.5), (3, 4)]\ni = [7, 8]\nprint(id(t), id(f), id(i))", "v.py"))
    t, f, i = [int(word) for word in result.stdout.split()]
    before = space.gc.nursery_free
    reprs = ValueReprs(space)
    assert [reprs.repr_of(w) for w in (t, f, i)] == ["(1, 2)", "[(0.5, 1.5), (3, 4)]", "[7, 8]"]
    assert space.gc.nursery_free == before


VALUES = ["0", "7", "-3", "2**70", "1.5", "-0.0", "0.0", "nan", "True", "None", "'s'", "7.0"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(VALUES), st.sampled_from(VALUES)), min_size=1, max_size=6))
def test_generated_pairs_hash_and_compare_as_in_cpython(pairs):
    lines = ["nan = float('nan')", "ts = [%s]" % ", ".join("(%s, %s)" % pair for pair in pairs),
             "for i in range(4):",
             "    d = {}",
             "    for t in ts:",
             "        d[t] = d.get(t, 0) + 1",
             "        a, b = t",
             "        print(t, t == (a, b), t in ts, ts.count(t), hash(t) == hash((a, b)), a is t[0])",
             "    print(sorted(d.values()), len(set(ts)))"]
    assert_same_as_cpython_with_and_without_jit("\n".join(lines) + "\n", 3, 1)
