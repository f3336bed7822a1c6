"""List storage strategies (vm/objspace/std/liststrategy.py), as PyPy's.

A list's ``strategy`` field says how its items are stored: none (empty),
raw machine words (int), raw doubles (float) or references (object).  The
strategy a list ends up with is PyPy's (where pypyteach lacks a PyPy
strategy, IntOrFloatListStrategy for instance, the list is an object list);
what a program prints is CPython's, with and without the JIT; traces read
int items with ``getarrayitem_gc_i``.
"""

import pytest
from hypothesis import given, settings, HealthCheck, strategies as st

from pypyteach.run import new_vm, run_code, run_source
from pypyteach.vm.compiler.pycompiler import compile_source
from pypyteach.vm.memory import layout as L
from pypyteach.vm.objspace.std import listobject, liststrategy

from test_jit_hypothesis import cpython, assert_same_as_cpython_with_and_without_jit


def strategies_of(source, *names):
    """Run ``source``; the strategy names of the lists bound to ``names``,
    and what the program printed before."""
    space, interp = new_vm()
    ids = ", ".join("id(%s)" % name for name in names)
    result = run_code(space, interp, compile_source(source + "\nprint(%s)\n" % ids, "t.py"))
    assert result.error is None, result.error.traceback
    lines = result.stdout.splitlines()
    addresses = [int(word) for word in lines[-1].split()]
    return [listobject.strategy_name(space, w_list) for w_list in addresses], "".join(
        line + "\n" for line in lines[:-1])


def assert_strategies(source, **expected):
    """The lists get the expected strategies (PyPy's), and the program
    prints what CPython prints."""
    names = sorted(expected)
    found, printed = strategies_of(source, *names)
    assert dict(zip(names, found)) == {name: expected[name] + "ListStrategy" for name in names}
    assert printed == cpython(source)


# -- the layout ---------------------------------------------------------------------------

def test_the_int_array_is_never_scanned_by_the_gc():
    assert L.W_ListObject.field("strategy").kind == "i"
    assert listobject.INT_ITEMS.item_refs == () and repr(listobject.INT_ITEMS) == "<ArrayS 8>"
    assert repr(listobject.FLOAT_ITEMS) == "<ArrayF 8>" and repr(listobject.ITEMS) == "<ArrayP 8>"
    assert liststrategy.ARRAY_LAYOUT[liststrategy.INTEGER] is L.GcIntArray


def test_int_lists_that_look_like_addresses_survive_gc_stress():
    """Raw words equal to heap addresses (or to nothing) are not followed."""
    source = ("keep = [str(i) for i in range(50)]\n"
              "lst = [id(x) for x in keep] + [id(x) + 8 for x in keep] + [12345, -1]\n"
              "keep = None\n"
              "junk = [[i] * 20 for i in range(300)]\n"
              "print(len(lst), lst[-2], sum(1 for x in lst if x > 0))\n")
    for threshold in (None, 2048):
        options = {} if threshold is None else {"gc_threshold": threshold}
        result = run_source(source, "gc.py", **options)
        assert result.error is None, result.error.traceback
        assert result.stdout == "102 12345 101\n"


GUEST_CODE_ON_BOXED_ITEMS = """
class E:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        junk = [str(i) * 3 for i in range(30)]
        return other == self.v
def key(x):
    junk = [[i] * 5 for i in range(20)]
    return -x
ints = list(range(40))
floats = [i * 0.25 for i in range(40)]
print(max(ints, key=key), min(floats, key=key))
print(sorted(ints, key=key)[:5], sorted(floats, key=key)[:3])
print(list(map(key, ints))[:4], list(filter(lambda x: key(x) % 3 == 0, ints))[:4])
print(E(17) in ints, ints.index(E(21)), ints.count(E(3)), floats.count(E(2.5)))
print(dict(zip(ints, floats))[7], list(enumerate(floats))[3], sum(floats), sum(ints))
s = 0
for a, b in zip(ints, floats):
    s += key(a) * b
print(s)
ints.sort(key=key); print(ints[:3]); floats.sort(key=key, reverse=True); print(floats[:3])
print([x for x in ints if key(x) > -5], [[y, y] for y in floats[:2]])
print(*ints[:5], sep=",")
t = tuple(ints); print(t[:3], ints == list(t), ints < list(t))
m = ints[:]; m.extend(E(i).v for i in range(3)); print(m[-4:])
"""


@pytest.mark.parametrize("options", [{"gc_threshold": 512}, {"gc_threshold": 2048, "byteorder": "big"},
                                     {"gc_threshold": 1024, "jit": "llgraph", "jit_params": "threshold=3"}],
                         ids=["stress", "big-endian", "jit"])
def test_items_boxed_on_read_survive_collections_in_guest_code(options):
    """Each read of an int or float item makes a fresh box, kept alive by
    nothing but the host code holding it; key functions and __eq__ that
    make garbage run with collections allowed meanwhile."""
    result = run_source(GUEST_CODE_ON_BOXED_ITEMS, "g.py", **options)
    assert result.error is None, result.error.traceback
    assert result.stdout == cpython(GUEST_CODE_ON_BOXED_ITEMS)


# -- which strategy, as PyPy ------------------------------------------------------------------

def test_literal_lists():
    assert_strategies("e = []\ni = [1, 2, 3]\nf = [1.5, -0.0]\no = ['a', 1]\nb = [True, False]\n"
                      "big = [1, 2**70]\nm = [1, 2.5]\nn = [1.5, float('nan')]\nprint(i, f, o, b, big, m, n)",
                      e="Empty", i="Integer", f="Float", o="Object", b="Object", big="Object",
                      m="Object", n="Object")


def test_empty_list_takes_the_strategy_of_its_first_item():
    assert_strategies("a = []\na.append(3)\nb = []\nb.append(2.5)\nc = []\nc.append('x')\n"
                      "d = []\nd.append(True)\nprint(a, b, c, d)",
                      a="Integer", b="Float", c="Object", d="Object")


def test_appending_another_kind_switches_to_object():
    """In PyPy an int list given a float (or a float list given an int)
    goes to IntOrFloatListStrategy; pypyteach has no such strategy."""
    assert_strategies("a = [1, 2]\na.append('s')\nb = [1]\nb.append(None)\nc = [1]\nc.append(1.5)\n"
                      "d = [1.5]\nd.append(2)\ne = [1]\ne.append(True)\nf = [1]\nf.append(2**64)\n"
                      "g = [0.5]\ng.append(float('nan'))\nprint(a, b, c, d, e, f, g)",
                      a="Object", b="Object", c="Object", d="Object", e="Object", f="Object", g="Object")


def test_lists_built_from_ints_keep_the_int_strategy():
    assert_strategies("r = list(range(10))\nc = [x * x for x in range(8)]\nz = [0] * 6\n"
                      "s = r[2:7:2]\nt = r + c\nu = r.copy()\nv = list(r)\nw = []\nw.extend(r)\n"
                      "x = [5, 3, 9]\nx.sort()\nx.sort(reverse=True)\nx.reverse()\n"
                      "y = [f * 0.5 for f in range(4)]\nprint(r, c, z, s, t, u, v, w, x, y)",
                      r="Integer", c="Integer", z="Integer", s="Integer", t="Integer", u="Integer",
                      v="Integer", w="Integer", x="Integer", y="Float")


def test_mutations_keep_or_generalize():
    assert_strategies("a = [1, 2, 3, 4, 5]\na.insert(1, 9)\na.remove(3)\np = a.pop()\nq = a.pop(0)\n"
                      "del a[-1]\nb = [1, 2]\nb.insert(0, 'x')\nc = [1, 2]\nc[0] = 'x'\n"
                      "d = [1, 2]\nd[0:1] = [7, 8]\ne = [1, 2]\ne[::2] = [None]\nf = [1, 2]\nf.extend((3, 4.5))\n"
                      "g = [1, 2]\ndel g[:]\nh = [1, 2]\nh.clear()\ni = [1, 2]\ni *= 3\nj = [1, 2]\nj += [3]\n"
                      "print(a, p, q, b, c, d, e, f, g, h, i, j, a.index(9), a.count(4), 4 in a)",
                      a="Integer", b="Object", c="Object", d="Integer", e="Object", f="Object",
                      g="Integer", h="Empty", i="Integer", j="Integer")


def test_an_object_list_stays_an_object_list():
    """As in PyPy, a list never goes back to a narrower strategy (except
    clear(), which empties it): its copies and slices stay object lists."""
    assert_strategies("a = ['x', 1, 2]\na.remove('x')\nb = a[:]\nc = a * 2\nd = a.copy()\nprint(a, b, c, d)",
                      a="Object", b="Object", c="Object", d="Object")


def test_float_lists():
    assert_strategies("a = [0.5, 1.5]\na.append(-0.0)\na.sort()\nb = a[::-1]\nc = [x / 2 for x in range(5)]\n"
                      "print(a, b, c, sum(c), min(a), max(a), a.index(1.5), -0.0 in a)",
                      a="Float", b="Float", c="Float")


# -- what programs see -----------------------------------------------------------------------

PROGRAMS = {
    "ints": "a = list(range(6))\na[2] = -7\na.append(10**18)\nprint(a, a[-1], a[1:4], sorted(a), a[2] is a[2])\n",
    "switch": "a = [1, 2]\na.append('x')\na[0] = None\nprint(a, a.count(None), a.pop(), a)\n",
    "floats": "a = [1.5, 2.5]\na.append(1e300 * 10)\na.insert(0, -0.0)\nprint(a, a.index(2.5), a[0])\n",
    "nan": "n = float('nan')\na = [1.5, n]\nb = [1.5]\nb.append(n)\nprint(n in a, n in b, a.count(n), b.index(n))\n",
    "equality": "print([1, 2] == [1.0, 2.0], [1, 2] < [1, 3], [0.5] == [0.5], [True] == [1], [1] * 0)\n",
    "sort_keys": "a = [5, -3, 2, -8]\na.sort(key=abs)\nb = [2.5, -1.0]\nb.sort(key=lambda x: -x)\nprint(a, b)\n",
    "iterate": "t = 0\nfor x in [1, 2, 3.5, 'a', 4]:\n    t = t + 1 if x == 'a' else t + x\nprint(t, list(reversed([1, 2, 3])))\n",
    "big": "a = [2**63 - 1, -2**63]\na.append(2**63)\nb = [2**63 - 1]\nb[0] += 1\nprint(a, b, a[0] + 1)\n",
    "errors": "a = [1, 2]\ntry:\n    a.remove(5)\nexcept ValueError as e:\n    print(e)\ntry:\n    a[5]\nexcept IndexError as e:\n    print(e)\n",
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_programs_print_what_cpython_prints(name):
    assert_same_as_cpython_with_and_without_jit(PROGRAMS[name], 3, 1)


# -- generated: mixed operations against CPython ------------------------------------------------

VALUES = ["0", "7", "-3", "2**70", "1.5", "-0.0", "nan", "True", "None", "'s'", "10**18"]


@st.composite
def list_op(draw):
    value = draw(st.sampled_from(VALUES))
    index = draw(st.integers(-3, 3))
    return draw(st.sampled_from([
        "a.append(%s)" % value,
        "a.insert(%d, %s)" % (index, value),
        "if a: a[%d %% len(a)] = %s" % (index, value),
        "if a: a.pop()",
        "a.extend([%s, %s])" % (value, draw(st.sampled_from(VALUES))),
        "a = a[::-1]",
        "a = a * 2 if len(a) < 20 else a[:5]",
        "if %s in a: a.remove(%s)" % (value, value),
        "a.sort() if all(type(x) is int for x in a) else a.reverse()",
        "b.append(a.count(%s))" % value,
    ]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(list_op(), min_size=1, max_size=12), st.sampled_from(["[]", "[1, 2]", "[0.5]", "['x']"]))
def test_generated_mixed_operations(ops, start):
    lines = ["nan = float('nan')", "b = []", "for i in range(6):", "    a = %s" % start]
    lines += ["    " + op for op in ops]
    lines += ["    print(a, b, nan in a, len(a))"]
    assert_same_as_cpython_with_and_without_jit("\n".join(lines) + "\n", 3, 1)


# -- traces -------------------------------------------------------------------------------------

def loop_body(record):
    loop = [t for t in record.loops() if t.name.startswith("run;")][-1]
    ops = loop.operations
    start = max(i for i, op in enumerate(ops) if op.name == "label") + 1
    return [op for op in ops[start:] if op.name != "debug_merge_point"]


def preamble(record):
    loop = [t for t in record.loops() if t.name.startswith("run;")][-1]
    ops = loop.operations
    end = max(i for i, op in enumerate(ops) if op.name == "label")
    return [op for op in ops[:end] if op.name != "debug_merge_point"]


SUM_LOOP = """
def run(lst):
    total = 0
    i = 0
    n = len(lst)
    while i < n:
        total += lst[i]
        i += 1
    return total

print(run(list(range(2000))), run([x * 0.5 for x in range(2000)]))
"""


def test_list_loop_reads_raw_words_and_guards_the_strategy_in_the_preamble():
    result = run_source(SUM_LOOP, "s.py", jit="llgraph", jit_params="threshold=50")
    assert result.stdout == cpython(SUM_LOOP)
    traces = [t for t in result.jit.loops() if t.name.startswith("run;")]
    int_loop = traces[0]
    ops = int_loop.operations
    end = max(i for i, op in enumerate(ops) if op.name == "label")
    body = [op for op in ops[end + 1:] if op.name != "debug_merge_point"]
    names = [op.name for op in body]
    assert "getarrayitem_gc_i" in names and "getarrayitem_gc_r" not in names
    assert "guard_class" not in names and "guard_value" not in names
    assert not [n for n in names if n.startswith(("new", "call"))]
    guards = [op for op in ops[:end] if op.name == "guard_value"]
    assert any(op.args[1].value == listobject.INTEGER for op in guards)
    assert [repr(op.descr) for op in body if op.name == "getarrayitem_gc_i"] == ["<ArrayS 8>"]


def test_float_list_loop_reads_raw_doubles():
    source = SUM_LOOP.replace("print(run(list(range(2000))), ", "print(")
    result = run_source(source, "s.py", jit="llgraph", jit_params="threshold=50")
    assert result.stdout == cpython(source)
    body = loop_body(result.jit)
    assert [repr(op.descr) for op in body if op.name == "getarrayitem_gc_f"] == ["<ArrayF 8>"]
    assert "guard_class" not in [op.name for op in body]


APPEND_LOOP = """
def run(n):
    return [i * 3 for i in range(n)]

r = run(3000)
print(len(r), r[-1], sum(r))
"""


def test_a_comprehension_of_ints_stores_raw_words():
    """LIST_APPEND appends in ll style: the item's box stays virtual, its
    word is stored with <ArrayS 8>.  (A call of ``lst.append`` is a call of
    a builtin method: residual, not traced into.)"""
    result = run_source(APPEND_LOOP, "a.py", jit="llgraph", jit_params="threshold=50")
    assert result.stdout == cpython(APPEND_LOOP)
    loop = [t for t in result.jit.loops() if "setarrayitem_gc" in [op.name for op in t.operations]][-1]
    ops = loop.operations
    start = max(i for i, op in enumerate(ops) if op.name == "label") + 1
    body = [op for op in ops[start:] if op.name != "debug_merge_point"]
    assert [repr(op.descr) for op in body if op.name == "setarrayitem_gc"] == ["<ArrayS 8>"]
    assert "new_with_vtable" not in [op.name for op in body]
    assert "guard_value" not in [op.name for op in body]


SWITCH_LOOP = """
def run(n):
    made = [i if i != 700 else 'x' for i in range(n)]
    lst = list(range(n))
    total = 0
    i = 0
    while i < n:
        if i == 900:
            lst[5] = 'y'
        x = lst[i]
        total += x
        i += 1
    return made, lst, total

made, lst, total = run(1500)
print(total, made[699:702], made[-1], lst[4:7])
"""


FLOAT_STORE_LOOP = """
def run(n):
    lst = [i * 0.5 for i in range(n)]
    t = 0.0
    i = 0
    while i < n:
        lst[i] = lst[i] * 2.0 + 0.25
        t += lst[i]
        i += 1
    return t, lst[-3:]

print(run(1000))
"""


@pytest.mark.parametrize("backend", ["aarch64", "ppc64", "s390x"])
def test_raw_words_on_other_backends(backend):
    """getarrayitem_gc_i/_f and setarrayitem_gc with a variable index on a
    GcIntArray, on big- and little-endian machines."""
    for source in (FLOAT_STORE_LOOP, SWITCH_LOOP):
        result = run_source(source, "b.py", jit=backend, jit_params="threshold=20")
        assert result.error is None, result.error.traceback
        assert result.stdout == cpython(source)


@pytest.mark.parametrize("backend", ["llgraph", "x86_64"])
def test_a_strategy_switch_in_a_compiled_loop(backend):
    """The strategy guard fails when the list becomes an object list."""
    result = run_source(SWITCH_LOOP, "w.py", jit=backend, jit_params="threshold=50")
    assert result.error is None, result.error.traceback
    assert result.stdout == cpython(SWITCH_LOOP)
