"""``obj.__class__`` of an instance comes with its promoted map, as PyPy's
mapdict ``getclass()`` reads it (``self._get_mapdict_map().terminator.w_cls``):
a constant in the trace, so ``o.__class__ is A`` leaves no call and no
comparison, only the map's guard_value.  A class that defines its own
``__class__`` (a property) still gets it."""

import pytest

from pypyteach.run import run_source

BY_HAND = """\
class A:
    def __init__(self):
        self.x = 1

class B:
    def __init__(self):
        self.x = 2

class C:
    __class__ = property(lambda self: A)

def run(objs, n):
    total = 0
    k = len(objs)
    for i in range(n):
        o = objs[i % k]
        if o.__class__ is A:
            total += 1
    return total

print(run([A(), B()], 300), run([A(), B(), C()], 300), A().__class__ is A, C().__class__ is A, B().__class__.__name__)
"""
PARAMS = "threshold=20,trace_eagerness=5"


def bytecode_ops(trace, opname):
    """The non-debug ops recorded by the loop's bytecode ``opname``."""
    found = []
    for op in trace.unoptimized:
        prov = op.provenance
        if op.name != "debug_merge_point" and prov is not None and prov.depth == 0 and prov.opname == opname:
            found.append(op.name)
    return found


@pytest.mark.parametrize("backend", ["llgraph", "x86_64"])
def test_same_output_as_the_interpreter(backend):
    expected = run_source(BY_HAND, "byhand.py").stdout
    assert expected == "150 200 True True B\n"
    assert run_source(BY_HAND, "byhand.py", jit=backend, jit_params=PARAMS).stdout == expected


def test_class_of_an_instance_is_a_constant_in_the_trace():
    result = run_source(BY_HAND, "byhand.py", jit="llgraph", jit_params=PARAMS)
    loop = result.jit.loops()[0]
    assert bytecode_ops(loop, "LOAD_ATTR") == ["guard_class", "getfield_gc_i", "guard_value",
                                               "guard_not_invalidated"]
    assert bytecode_ops(loop, "IS_OP") == []
    assert not any(op.spec.is_call for op in loop.operations)


def test_a_class_defining_its_own___class___is_asked():
    source = BY_HAND.replace("run([A(), B()], 300), ", "").replace("run([A(), B(), C()], 300)",
                                                                     "run([C()], 300)")
    result = run_source(source, "byhand.py", jit="llgraph", jit_params=PARAMS)
    assert result.stdout == "300 True True B\n"
    assert any(op.spec.is_call for op in result.jit.loops()[0].operations)


TYPE_OF = BY_HAND.replace("if o.__class__ is A:", "if type(o) is A:")


@pytest.mark.parametrize("backend", [None, "llgraph", "x86_64"])
def test_type_of_an_instance_is_a_constant_too(backend):
    options = {} if backend is None else {"jit": backend, "jit_params": PARAMS}
    result = run_source(TYPE_OF, "typeof.py", **options)
    # type() asks no __class__ property: C is not an A
    assert result.stdout == "150 100 True True B\n"
    if backend == "llgraph":
        loop = result.jit.loops()[0]
        assert bytecode_ops(loop, "CALL_FUNCTION") == ["guard_class", "getfield_gc_i", "guard_value"]
        assert bytecode_ops(loop, "IS_OP") == []


def test_type_of_other_objects_is_unchanged():
    source = ("def run(xs, n):\n    t = 0\n    for i in range(n):\n        if type(xs[i % 3]) is int:\n"
              "            t += 1\n    return t\nprint(run([1, 'a', 2.0], 300), type(type), type(3), type(A()))\n"
              "class A:\n    pass\n")
    source = source.replace("print(", "class A:\n    pass\nprint(", 1)
    expected = run_source(source, "other.py").stdout
    assert expected == "100 <class 'type'> <class 'int'> <class '__main__.A'>\n"
    assert run_source(source, "other.py", jit="llgraph", jit_params=PARAMS).stdout == expected
