"""Traces inline what PyPy's traces inline, instead of residual calls out of
compiled code (issue 16): the truth of containers, None, floats and
instances (``if obj:``), the int bit operators (``int_and``, ``int_lshift``
with its overflow check...), the lookup of a builtin type's method (a
constant) and ``list.append``/``list.pop()`` (their ll fast paths).  Each
test here would fail without its change; the differential ones check the
edge cases against CPython (negative shift counts, shifts into big ints,
``__bool__``/``__len__`` added to a class after the loop was compiled)."""

import pytest

from reference import run_cpython
from pypyteach.run import run_source
from pypyteach.vm.memory import layout as L

PARAMS = "threshold=20,trace_eagerness=5"


def run(source, jit="llgraph"):
    return run_source(source, "program.py", jit=jit, jit_params=PARAMS)


def assert_same_as_cpython(source, result, tmp_path):
    path = tmp_path / "program.py"
    path.write_text(source)
    out, error_type, message = run_cpython(path)
    assert result.stdout == out
    if error_type is None:
        assert result.error is None, result.error.traceback
    else:
        assert (result.error.type_name, result.error.message) == (error_type, message)


def calls(trace):
    """The residual calls a compiled trace makes, by their descr's repr."""
    return [repr(op.descr) for op in trace.operations if op.spec.is_call]


def loop_of(result):
    loops = result.jit.loops()
    assert loops, "no loop was compiled"
    return loops[0]


def names(trace):
    return [op.name for op in trace.operations]


# -- truth ---------------------------------------------------------------------------------

TRUTH = """\
class Plain:
    pass

def count(objs, n):
    t = 0
    for i in range(n):
        if objs[i %% 2]:
            t += 1
    return t

print(count([%s, %s], 200))
"""

TRUTH_CASES = {
    "instance": ("Plain()", "Plain()"),
    "list": ("[]", "[1, 2]"),
    "tuple": ("()", "(1, 2, 3)"),
    "specialised tuple": ("(1, 2)", "(3, 4)"),
    "str": ("''", "'ab'"),
    "dict": ("{}", "{1: 2}"),
    "set": ("set()", "{1, 2}"),
    "None": ("None", "None"),
    "float": ("0.0", "2.5"),
    "big int": ("10 ** 30", "-(10 ** 40)"),
}


@pytest.mark.parametrize("case", sorted(TRUTH_CASES))
def test_truth_has_no_residual_call(case, tmp_path):
    source = TRUTH % TRUTH_CASES[case]
    result = run(source)
    assert_same_as_cpython(source, result, tmp_path)
    for trace in result.jit.traces:
        assert not any("generic_is_true" in c for c in calls(trace)), (case, calls(trace))


@pytest.mark.parametrize("case, length_op", [("list", "getfield_gc_i"), ("tuple", "arraylen_gc"),
                                             ("str", "unicodelen"), ("dict", "getfield_gc_i"),
                                             ("set", "getfield_gc_i")])
def test_truth_of_a_container_is_its_length(case, length_op):
    source = TRUTH % (TRUTH_CASES[case][1], TRUTH_CASES[case][1])
    loop = loop_of(run(source))
    ops = names(loop)
    assert "int_is_true" in ops
    assert ops[ops.index("int_is_true") - 1] == length_op, ops


def test_truth_of_an_instance_without___bool___is_no_op_at_all():
    source = TRUTH % TRUTH_CASES["instance"]
    loop = loop_of(run(source))
    # the map's guard and the class's quasi-immutability; no test of any value
    assert "int_is_true" not in names(loop)
    assert "guard_not_invalidated" in names(loop)
    assert calls(loop) == []


BOOL_LATER = """\
class K:
    pass

def count(objs, n):
    t = 0
    for i in range(n):
        if objs[i %% 2]:
            t += 1
    return t

objs = [K(), K()]
print(count(objs, 200))
%s
print(count(objs, 200))
print(bool(objs[0]), not objs[1])
"""


@pytest.mark.parametrize("backend", ["llgraph", "x86_64"])
@pytest.mark.parametrize("later", [
    "K.__bool__ = lambda self: False",
    "K.__len__ = lambda self: 0",
    "K.__len__ = lambda self: 3",
    "def b(self):\n    return self is objs[0]\nK.__bool__ = b",
])
def test_a_class_given___bool___or___len___after_the_loop_is_compiled(backend, later, tmp_path):
    source = BOOL_LATER % later
    result = run(source, backend)
    assert_same_as_cpython(source, result, tmp_path)


@pytest.mark.parametrize("body, error", [
    ("def __bool__(self):\n        return 1", "__bool__ should return bool, returned int"),
    ("def __len__(self):\n        return -1", "__len__() should return >= 0"),
    ("def __len__(self):\n        return 'x'", "'str' object cannot be interpreted as an integer"),
])
def test___bool___and___len___errors_under_the_jit(body, error, tmp_path):
    source = ("class Good:\n    pass\n\nclass Bad:\n    %s\n\n"
              "def count(objs):\n    t = 0\n    for o in objs:\n        if o:\n            t += 1\n"
              "    return t\n\nprint(count([Good()] * 100))\nprint(count([Good()] * 100 + [Bad()]))\n" % body)
    result = run(source)
    assert_same_as_cpython(source, result, tmp_path)
    assert error in result.error.message


# -- int bit operators ----------------------------------------------------------------------

BITS = """\
def mix(n, k):
    t = 0
    for i in range(n):
        t = (t ^ (i << k)) + (i & 7) + (i | 8) + ((i * 7919) >> k)
    return t

print(mix(300, %s))
"""


@pytest.mark.parametrize("backend", ["llgraph", "x86_64"])
def test_int_bit_operators_are_inline(backend, tmp_path):
    source = BITS % "3"
    result = run(source, backend)
    assert_same_as_cpython(source, result, tmp_path)
    loop = loop_of(result)
    for name in ("int_and", "int_or", "int_xor", "int_lshift", "int_rshift"):
        assert name in names(loop), name
    assert not any("binop" in c for c in calls(loop)), calls(loop)


def test_a_left_shift_is_checked_for_overflow_by_shifting_back():
    """ovfcheck(a << b), as PyPy's JIT writes it: int_lshift, int_rshift of
    the result by the same count, int_ne with a; a non-constant count is
    first tested 0 <= b < 64 with one uint_lt."""
    source = BITS.replace("mix(300, %s)", "mix(300, int('3'))")
    ops = names(loop_of(run(source)))
    assert "uint_lt" in ops
    i = ops.index("int_lshift")
    assert ops[i + 1:i + 4] == ["int_rshift", "int_ne", "guard_false"], ops[i:i + 4]


EDGES = """\
def shifts(values, counts):
    out = []
    for a in values:
        for b in counts:
            for op in range(5):
                try:
                    if op == 0:
                        r = a << b
                    elif op == 1:
                        r = a >> b
                    elif op == 2:
                        r = a & b
                    elif op == 3:
                        r = a | b
                    else:
                        r = a ^ b
                    out.append(r)
                except ValueError as e:
                    out.append(str(e))
    return out

values = [0, 1, -1, 3, -5, 2 ** 62, -2 ** 63, 2 ** 63 - 1, True, False, 10 ** 20]
counts = [0, 1, 2, 62, 63, 64, 65, 200, -1, -64, True]
res = shifts(values, counts)
for i in range(20):
    res2 = shifts(values, counts)
print(res == res2, len(res), sum(x for x in res if type(x) is int), res[:40])
print([x for x in res if type(x) is str][:3], [type(x).__name__ for x in res if type(x) is bool][:6])
b = True
for i in range(100):
    b = (b & True) ^ False | b
print(b, True & 1, True << True, False >> 1, type(True ^ True).__name__)
"""


@pytest.mark.parametrize("backend", ["llgraph", "x86_64"])
def test_shift_edge_cases_as_cpython(backend, tmp_path):
    result = run(EDGES, backend)
    assert_same_as_cpython(EDGES, result, tmp_path)


def test_inplace_bit_operators_are_inline_too(tmp_path):
    source = ("def f(n):\n    s = 1\n    t = 0\n    for i in range(n):\n        s <<= 1\n        s >>= 1\n"
              "        s ^= i\n        s &= 0xffff\n        s |= 1\n        t += s\n    return t\n\nprint(f(300))\n")
    result = run(source)
    assert_same_as_cpython(source, result, tmp_path)
    assert not any("binop" in c or "inplace" in c for c in calls(loop_of(result)))


# -- builtin methods ---------------------------------------------------------------------------

LIST_OPS = """\
def churn(n):
    stack = []
    objs = []
    t = 0
    for i in range(n):
        stack.append(i)
        objs.append(i % 3 == 0)
        stack.append(i * 2)
        t += stack.pop()
        if len(objs) > 5:
            t += objs.pop()
            t += objs.pop(-1)
    return t, stack[-3:], objs

print(churn(300))
"""


@pytest.mark.parametrize("backend", ["llgraph", "x86_64"])
def test_list_append_and_pop_are_inline(backend, tmp_path):
    result = run(LIST_OPS, backend)
    assert_same_as_cpython(LIST_OPS, result, tmp_path)
    loop = loop_of(result)
    assert calls(loop) == []
    assert "setarrayitem_gc" in names(loop)


def test_len_of_a_container_is_inline(tmp_path):
    source = ("def f(n):\n    t = 0\n    lst, d, s, tup = [1], {1: 2}, {3}, (1, 2, 3)\n    for i in range(n):\n"
              "        t += len(lst) + len(d) + len(s) + len(tup) + len('abc' * (i % 2))\n    return t\n\n"
              "print(f(300))\n")
    result = run(source)
    assert_same_as_cpython(source, result, tmp_path)
    assert not any("call_held" in c for c in calls(loop_of(result)))


def test_the_method_of_a_builtin_type_is_a_constant():
    source = "def f(n):\n    d = {}\n    for i in range(n):\n        d.get(i)\n    return len(d)\n\nprint(f(200))\n"
    result = run(source)
    assert result.stdout == "0\n"
    recorded = [op for op in loop_of(result).unoptimized if op.provenance and op.provenance.opname == "LOAD_METHOD"]
    assert [op.name for op in recorded if op.name != "debug_merge_point"] == ["guard_class"]


POP_EDGES = """\
def pops(n):
    out = []
    for i in range(n):
        lst = [i, i + 1, i + 2]
        out.append(lst.pop(0))
        out.append(lst.pop(-2))
        out.append(lst.pop(True - 1))
        try:
            lst.pop()
        except IndexError as e:
            out.append(str(e))
        try:
            [1].pop(5)
        except IndexError as e:
            out.append(str(e))
        f = lst.append
        f(i)
        list.append(lst, i)
        out.append(lst.pop(1))
        floats = [1.5]
        floats.append(2.5)
        floats.append(i)
        out.append(floats.pop())
    return out

r = pops(200)
print(len(r), r[:12], r[-12:])
"""


@pytest.mark.parametrize("backend", ["llgraph", "x86_64"])
def test_pop_and_append_edge_cases_as_cpython(backend, tmp_path):
    result = run(POP_EDGES, backend)
    assert_same_as_cpython(POP_EDGES, result, tmp_path)


# -- range ---------------------------------------------------------------------------------------

RANGES = """\
def f(n):
    t = 0
    for i in range(n):
        for j in range(4):
            t += j
        for j in range(i % 5, 7):
            t += j * 2
        for k in range(True, 3):
            t += k
    return t

def g(n):
    t = 0
    for i in range(n):
        r = range(3)
        t += len(r) if i % 2 else sum(r)
        t += len(range(-i, i, 3))
    return t

print(f(300), g(300))
try:
    range(1, 2, 0)
except ValueError as e:
    print(e)
print(range(5), range(2, 9), list(range(-3)), range(1, 9, 2))
"""


@pytest.mark.parametrize("backend", ["llgraph", "x86_64"])
def test_an_inner_range_loop_makes_no_call(backend, tmp_path):
    result = run(RANGES, backend)
    assert_same_as_cpython(RANGES, result, tmp_path)
    source = RANGES.split("def g")[0] + "print(f(300))\n"
    result = run(source, backend)
    assert_same_as_cpython(source, result, tmp_path)
    for trace in result.jit.traces:
        assert not any("call_held" in c or "range_iter" in c for c in calls(trace)), calls(trace)
    # the range and its iterator are virtual: no allocation is left of them
    range_tids = (L.W_RangeObject.tid, L.W_IntRangeIterator.tid)
    assert not [op for op in loop_of(result).operations
                if op.name == "new_with_vtable" and op.descr.tid in range_tids]


# -- sequences: indexing and iteration ------------------------------------------------------------

SEQS = """\
def f(n):
    t = 0
    s = "hello world"
    tup = (1, "a", 3.5, None)
    sp = (4, 5)
    spf = (1.5, 2.5)
    out = []
    for i in range(n):
        for ch in s:
            if ch == "o":
                t += 1
        for x in tup:
            if x:
                t += 1
        for y in sp:
            t += y
        for z in spf:
            t += int(z)
        t += ord(s[i % 11]) + ord(s[-1 - i % 11]) + sp[i % 2] + sp[-1] + int(spf[i % 2]) + (tup[-4] or 0)
        lst = [1, 2, 3]
        t += lst[-1] + lst[-3]
        lst[-2] = i
        t += lst[1]
        out.append(s[i % 11])
    for bad in (11, -12, 2, -3):
        for seq in (s, tup, sp, [1, 2]):
            try:
                t += len(str(seq[bad]))
            except IndexError as e:
                print(e)
    return t, "".join(out[:30])

print(f(300))
"""


@pytest.mark.parametrize("backend", ["llgraph", "x86_64"])
def test_indexing_and_iterating_sequences_as_cpython(backend, tmp_path):
    result = run(SEQS, backend)
    assert_same_as_cpython(SEQS, result, tmp_path)
    loop = loop_of(result)
    assert not any("getitem_generic" in c or "next_generic" in c or "setitem_generic" in c
                   for c in calls(loop)), calls(loop)


def test_a_char_of_a_str_is_unicodegetitem_and_a_new_str():
    source = ("def f(s, n):\n    t = 0\n    for i in range(n):\n        if s[i % 3] == 'b':\n            t += 1\n"
              "    return t\n\nprint(f('abc', 300))\n")
    result = run(source)
    assert result.stdout == "100\n"
    recorded = [op.name for op in loop_of(result).unoptimized
                if op.provenance and op.provenance.opname == "BINARY_SUBSCR"]
    assert "unicodegetitem" in recorded and "newunicode" in recorded and "unicodesetitem" in recorded
    assert not any("getitem_generic" in c for c in calls(loop_of(result)))


EMPTY_APPEND = """\
def f(n):
    t = 0
    res = []
    for i in range(n):
        a = []
        a.append(i)
        a.append(i + 1)
        b = []
        b.append(1.5 * i)
        b.append(2.5)
        c = []
        c.append(float("nan") if i % 7 == 0 else "x")
        c.append(c[0])
        e = []
        e.append(True)
        e.append(3)
        t += sum(a) + int(sum(b)) + len(c) + sum(e)
        res.append((a, b, e))
        if c[0] in c and i % 7 == 0:
            t += 1000
    print(res[3], res[-1])
    return t

print(f(300))
"""


@pytest.mark.parametrize("backend", ["llgraph", "x86_64"])
def test_the_first_append_to_an_empty_list(backend, tmp_path):
    result = run(EMPTY_APPEND, backend)
    assert_same_as_cpython(EMPTY_APPEND, result, tmp_path)
    for trace in result.jit.traces:
        assert not any("_append_switching" in c for c in calls(trace)), calls(trace)


def test_the_strategy_an_empty_list_takes():
    """As the host path did: an int, a float, anything else, and a NaN
    (only an object list holds one)."""
    from test_list_strategies import strategies_of
    found, _ = strategies_of("a = []\na.append(3)\nb = []\nb.append(0.5)\nc = []\nc.append(None)\n"
                             "d = []\nd.append(float('nan'))\n", "a", "b", "c", "d")
    assert found == ["IntegerListStrategy", "FloatListStrategy", "ObjectListStrategy", "ObjectListStrategy"]


# -- module attributes ---------------------------------------------------------------------------

MODULE_ATTR = """\
import math

def f(n):
    t = 0.0
    for i in range(n):
        t += math.sqrt(i) + math.pi
    return t

print(f(300))
try:
    math.nope
except AttributeError as e:
    print(e)
print(math.__name__, math.__class__.__name__)
"""


def test_a_module_attribute_is_a_constant(tmp_path):
    result = run(MODULE_ATTR)
    assert_same_as_cpython(MODULE_ATTR, result, tmp_path)
    assert not any("getattr_generic" in c for c in calls(loop_of(result)))


# -- slices --------------------------------------------------------------------------------------

SLICES = """\
class G:
    def __getitem__(self, k):
        return (k.start, k.stop, k.step)

def f(n):
    t = 0
    p = list(range(10))
    s = "abcdefghij"
    tup = tuple(p)
    g = G()
    for i in range(n):
        k = i % 9
        p[:k + 1] = p[k::-1]
        t += sum(p[2:5]) + len(s[k:]) + len(s[::-2]) + sum(tup[-3:]) + len(p[:]) + len(s[1:-1:2])
        q = p[:]
        q[1:3] = []
        t += len(q)
        t += len(g[1:k])
        sl = slice(1, k)
        t += len(s[sl])
    try:
        p[::0]
    except ValueError as e:
        print(e)
    try:
        p[::2] = [1]
    except ValueError as e:
        print(e)
    print(p, s[2:7], tup[::3], g[::])
    return t

print(f(300))
"""


@pytest.mark.parametrize("backend", ["llgraph", "x86_64"])
def test_a_slice_made_for_a_subscription_stays_virtual(backend, tmp_path):
    result = run(SLICES, backend)
    assert_same_as_cpython(SLICES, result, tmp_path)
    source = ("def f(n):\n    t = 0\n    p = list(range(10))\n    for i in range(n):\n        k = i % 9\n"
              "        p[:k + 1] = p[k::-1]\n        t += sum(p[2:5])\n    return t, p\n\nprint(f(300))\n")
    result = run(source, backend)
    assert_same_as_cpython(source, result, tmp_path)
    loop = loop_of(result)
    assert not any("newslice" in c for c in calls(loop)), calls(loop)
    assert any("getitem_slice" in c for c in calls(loop)) and any("setitem_slice" in c for c in calls(loop))
    assert not [op for op in loop.operations
                if op.name == "new_with_vtable" and op.descr.tid == L.W_SliceObject.tid]


# -- dicts -----------------------------------------------------------------------------------------

DICTS = """\
class K:
    def __init__(self, v): self.v = v
    def __hash__(self): return hash(self.v)
    def __eq__(self, o): return isinstance(o, K) and o.v == self.v
class Bad:
    def __hash__(self): raise RuntimeError("no hash")
def f(n):
    d = {}
    t = 0
    for i in range(n):
        d[i % 17] = i
        d[K(i % 5)] = i
        d["s%d" % (i % 3)] = i
        t += d[i % 17] + d[K(i % 5)] + d["s1" if i > 3 else "s%d" % (i % 3)]
    for k in (99, K(77), [1]):
        try:
            d[k]
        except KeyError as e:
            print("KeyError", type(e.args[0]).__name__)
        except TypeError as e:
            print(e)
    try:
        d[[1]] = 2
    except TypeError as e:
        print(e)
    try:
        d[Bad()]
    except RuntimeError as e:
        print(e)
    return t, len(d)
print(f(300))
"""


@pytest.mark.parametrize("backend", ["llgraph", "x86_64"])
def test_dict_subscription_is_one_call_of_the_lookup(backend, tmp_path):
    result = run(DICTS, backend)
    assert_same_as_cpython(DICTS, result, tmp_path)
    found = calls(loop_of(result))
    assert not any("getitem_generic" in c or "setitem_generic" in c for c in found), found
    assert any("dict_getitem" in c for c in found) and any("dict_setitem" in c for c in found)
