"""Unboxed instance attributes (vm/objspace/std/typeobject.py), as PyPy's mapdict.

An attribute whose first value is an exact int or float lives as a raw word
in the instance's GcIntArray; any other value makes it boxed, for good.  The
maps, the GC's view of the two arrays, the traces, and generated programs
that change attribute kinds while loops run (compared with CPython).
"""

from hypothesis import given, settings, HealthCheck, strategies as st

from pypyteach.vm.memory import layout as L
from pypyteach.jit.resume import VirtualInfo
from pypyteach.run import new_vm, run_code, run_source
from pypyteach.vm.compiler.pycompiler import compile_source
from pypyteach.vm.objspace.std import typeobject

from test_jit_hypothesis import assert_same_as_cpython_with_and_without_jit


# -- layout and maps ------------------------------------------------------------------------

def test_gc_never_scans_the_unboxed_words():
    assert L.W_InstanceObject.field("unboxed").offset in L.W_InstanceObject.ref_offsets
    assert L.GcIntArray.array.item_refs == ()
    view = L.GcIntArray.array.float_view
    assert repr(view) == "<ArrayF 8>" and repr(L.GcIntArray.array) == "<ArrayS 8>"
    assert view.layout is L.GcIntArray and view.items_offset == L.GcIntArray.array.items_offset
    assert L.GcIntArray.array.for_kind("f") is view and L.GcIntArray.array.for_kind("i") is L.GcIntArray.array
    assert L.GcArray.array.for_kind("f") is L.GcArray.array


def run_and_map(source):
    """Run ``source`` and return the map of the instance it prints the id of."""
    space, interp = new_vm()
    result = run_code(space, interp, compile_source(source + "\nprint(id(o))\n", "t.py"))
    assert result.error is None, result.error.traceback
    w_obj = int(result.stdout.split()[-1])
    return typeobject.instance_map(space, w_obj)


def test_exact_ints_and_floats_are_unboxed_other_values_boxed():
    m = run_and_map("class C: pass\no = C()\no.i = 1\no.f = 2.5\no.b = True\no.big = 2**70\n"
                    "o.s = 's'\no.n = None\no.j = -7\no.g = -0.0\n")
    assert m.kind_of == {"i": "i", "f": "f", "b": "r", "big": "r", "s": "r", "n": "r", "j": "i", "g": "f"}
    # ints and floats share the raw words, in the order they were added
    assert [m.index_of[a] for a in ("i", "f", "j", "g")] == [0, 1, 2, 3]
    assert [m.index_of[a] for a in ("b", "big", "s", "n")] == [0, 1, 2, 3]


def test_another_kind_makes_the_attribute_boxed_for_good():
    m = run_and_map("class C: pass\no = C()\no.a = 1\no.x = 2\no.f = 0.5\no.x = 'str'\no.x = 3\n")
    assert m.attrs == ("a", "x", "f")
    assert m.kind_of == {"a": "i", "x": "r", "f": "f"}
    assert (m.index_of["a"], m.index_of["f"], m.index_of["x"]) == (0, 1, 0)
    m = run_and_map("class C: pass\no = C()\no.x = 1.5\no.x = 2\n")
    assert m.kind_of == {"x": "r"}


def test_delattr_keeps_order_and_kinds():
    m = run_and_map("class C: pass\no = C()\no.a = 1\no.b = 'b'\no.a = 'a'\no.c = 3\no.d = 4.0\n"
                    "del o.c\no.c = 5\n")
    assert m.attrs == ("a", "b", "d", "c")
    assert m.kind_of == {"a": "r", "b": "r", "d": "f", "c": "i"}


def test_same_attributes_same_map_one_map_per_class():
    source = ("class A:\n    def __init__(self, x):\n        self.x = x\n        self.y = 2\n"
              "class B(A): pass\n"
              "a1, a2, b1 = A(1), A(10**3), B(5)\nf1 = A(1.0)\n"
              "print(id(a1), id(a2), id(b1), id(f1))\n")
    space, interp = new_vm()
    result = run_code(space, interp, compile_source(source, "t.py"))
    a1, a2, b1, f1 = [typeobject.instance_map(space, int(w)) for w in result.stdout.split()]
    assert a1 is a2 and a1 is not b1 and a1.kind_of == b1.kind_of == {"x": "i", "y": "i"}
    assert f1.kind_of == {"x": "f", "y": "i"} and f1 is not a1


# -- traces -------------------------------------------------------------------------------

FLOAT_ATTR_LOOP = """
class Point(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y

def run(n):
    p = Point(0.0, 1)
    for i in range(n):
        p.x += 0.5
        p.y += 1
    return p.x, p.y

print(run(3000))
"""


def loop_body(record):
    loop = [t for t in record.loops() if t.name.startswith("run;")][-1]
    ops = loop.operations
    start = max(i for i, op in enumerate(ops) if op.name == "label") + 1
    return [op for op in ops[start:] if op.name != "debug_merge_point"]


def test_float_and_int_attributes_stored_unboxed_in_the_loop():
    result = run_source(FLOAT_ATTR_LOOP, "f.py", jit="llgraph", jit_params="threshold=50")
    assert result.stdout == "(1500.0, 3001)\n"
    body = loop_body(result.jit)
    names = [op.name for op in body]
    assert not [n for n in names if n.startswith(("new", "call"))]
    stores = [repr(op.descr) for op in body if op.name == "setarrayitem_gc"]
    assert sorted(stores) == ["<ArrayF 8>", "<ArrayS 8>"]
    assert "getarrayitem_gc_f" not in names and "getarrayitem_gc_i" not in names


def test_float_attributes_on_the_machine_backend():
    result = run_source(FLOAT_ATTR_LOOP, "f.py", jit="x86_64", jit_params="threshold=50")
    assert result.error is None and result.stdout == "(1500.0, 3001)\n"


def virtuals_in(values):
    for value in values:
        if isinstance(value, VirtualInfo):
            yield value
            yield from virtuals_in(value.values())


def test_deoptimizing_a_virtual_instance_rebuilds_its_unboxed_words():
    # q is virtual in the loop; the guard on i % 7 fails while it is, and
    # the instance and its words (an int, a float) are built on the way out
    source = ("class P:\n    def __init__(self, a, b):\n        self.a = a\n        self.b = b\n"
              "def run(n):\n    t = 0.0\n    for i in range(n):\n        q = P(i, i * 0.25)\n"
              "        if i % 7 == 0:\n            t += q.b\n        t += q.a\n    return t\n"
              "print(run(400))\n")
    expected = sum(i * 0.25 for i in range(0, 400, 7)) + sum(range(400))
    for backend in ("llgraph", "x86_64"):
        result = run_source(source, "v.py", jit=backend, jit_params="threshold=20,trace_eagerness=1000")
        assert result.error is None and result.stdout == "%r\n" % expected
        rebuilt = [info for failure in result.jit.guard_failures
                   for info in virtuals_in(failure.guard.op.resume.all_values())]
        words = [info for info in rebuilt if info.descr is L.GcIntArray.array]
        assert words and all(item.type == "f" for info in words for item in info.array[1:2])


# -- generated programs --------------------------------------------------------------------

NAMES = ["a", "b", "c", "d"]
VALUES = ["0", "7", "-3", "2**63 - 1", "-2**63", "2**64", "1.5", "-0.0", "1e300", "True", "False", "None",
          "'s'", "[1]", "(2,)", "i", "i * 0.5", "i > 3", "str(i)", "i * 2**62"]


@st.composite
def attr_op(draw):
    kind = draw(st.sampled_from(["set", "set", "set", "aug", "del", "read"]))
    name = draw(st.sampled_from(NAMES))
    when = draw(st.sampled_from(["", "i % 2 == 0", "i > 4", "i == 6"]))
    if kind == "set":
        line = "o.%s = %s" % (name, draw(st.sampled_from(VALUES)))
    elif kind == "aug":
        line = "if type(getattr(o, %r, None)) in (int, float): o.%s += %s" % (
            name, name, draw(st.sampled_from(["1", "0.25", "i", "2**62"])))
    elif kind == "del":
        line = "if hasattr(o, %r): del o.%s" % (name, name)
    else:
        line = "out.append(getattr(o, %r, '-'))" % name
    return [line] if not when else ["if %s:" % when, "    " + line]


@st.composite
def attr_program(draw):
    body = [line for _ in range(draw(st.integers(1, 8))) for line in draw(attr_op())]
    lines = ["class O:", "    pass",
             "def run(n, shared):",
             "    out = []",
             "    for i in range(n):",
             "        o = shared if %s else O()" % draw(st.sampled_from(["True", "i % 3", "False"]))]
    lines += ["        " + line for line in body]
    lines += ["        out.append(tuple(getattr(o, k, '-') for k in %r))" % NAMES,
              "        out.append([type(getattr(o, k, None)).__name__ for k in %r])" % NAMES,
              "    return out",
              "print(run(%d, O()))" % draw(st.integers(5, 30))]
    return "\n".join(lines) + "\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(attr_program(), st.integers(2, 5), st.integers(1, 3))
def test_generated_attribute_kind_changes(source, threshold, eagerness):
    assert_same_as_cpython_with_and_without_jit(source, threshold, eagerness)
