"""Host code that runs guest code lets the collector run (issue 12).

A builtin driving a generator, a key function called by sorted(), the
generator behind ``a, b = gen()``, a class body, ``f(*args)``: each is
guest code run from host code.  Collections used to wait until the host
code returned, so a program making garbage there died with MemoryError
with almost nothing live.  Now the host pins what it holds (space.iterate,
space.drain, space.call_held) and guest code collects as it goes.

Two kinds of test: each path under a heap far smaller than the garbage it
makes (MemoryError before the change), and programs in which objects only
the host holds must survive collections made inside the guest code, run
with a collection every few hundred bytes and dead objects poisoned (a
reference the host forgot to pin is then a crash or a wrong output)."""

import contextlib
import io
import os

import pytest

from pypyteach.run import new_vm, run_code, run_source
from pypyteach.vm.compiler.pycompiler import compile_source

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# junk(i) makes ~300 KB of garbage (a 300,000-character str) and returns i
GARBAGE = '''
def junk(i):
    s = "abc" * 100000
    return i + len(s) - 300000

def gen(n, rounds=1):
    for i in range(n):
        for r in range(rounds):
            x = junk(i)
        yield x

def work(n):
    t = 0
    for i in range(n):
        t += junk(i)
    return t

def f(*args, **kwargs):
    return len(args), sorted(kwargs)

def key(x):
    return junk(x) % 7

class Worker:
    def __init__(self, n):
        self.total = work(n)

class Caller:
    def __call__(self, n):
        return work(n)

class Numbers:
    def __init__(self, n):
        self.i, self.n = 0, n
    def __iter__(self):
        return self
    def __next__(self):
        if self.i == self.n:
            raise StopIteration
        self.i += 1
        return junk(self.i)

class Keys:
    def keys(self):
        return gen(30)
    def __getitem__(self, k):
        return -k

def delegate(n, rounds):
    yield from gen(n, rounds)

class Ranked:
    def __init__(self, rank):
        self.rank = rank
    def __lt__(self, other):
        return junk(self.rank) < junk(other.rank)

class Heavy:
    """Operators whose methods make garbage: each call ~9 MB."""
    def __init__(self, v):
        self.v = v
    def __add__(self, other):
        return Heavy(work(30) + self.v + other.v)
    def __radd__(self, other):
        return Heavy(work(30) + other + self.v)
    def __iadd__(self, other):
        self.v += work(30) + other
        return self
    def __neg__(self):
        return Heavy(work(30) - self.v)
    def __eq__(self, other):
        return work(30) + self.v == other.v
    def __lt__(self, other):
        return work(30) + self.v < other.v
    def __hash__(self):
        return work(30) + self.v

class HeavyBox:
    """Subscription and ``in`` whose methods make garbage: ~9 MB a call."""
    def __init__(self):
        self.items = {}
    def __getitem__(self, k):
        return work(30) + k
    def __setitem__(self, k, v):
        self.items[k] = work(30) + v
    def __delitem__(self, k):
        self.items[k] = work(30) - 1
    def __contains__(self, k):
        return work(30) + k > 0

import math
'''

# one program per path: 30 items of ~300 KB (or items of 40 rounds) are
# ~9 MB of garbage or more, run in a 4 MB heap
PATHS = {
    "unpack": "a, b, c = gen(3, 40)\nprint(a, b, c)",
    "unpack_wrong_count": "try:\n    a, b = gen(3, 40)\nexcept ValueError as e:\n    print(e)",
    "unpack_star": "a, *b, c = gen(30)\nprint(a, len(b), c)",
    "call_star": "print(work(*[30]), f(*gen(3, 40), **{'k': 1}))",
    "call_instance": "print(Caller()(30))",
    "math_fsum": "print(math.fsum(gen(30)))",
    "math_prod": "print(math.prod(gen(30)) % 1000, math.prod(gen(30), start=2))",
    "math_dist": "print(math.dist(gen(15), gen(15)))",
    "sorted_key": "print(sorted(range(30), key=key)[:5])",
    "list_sort_key": "l = list(range(30))\nl.sort(key=key, reverse=True)\nprint(l[:5])",
    "sort_guest_lt": "print([r.rank for r in sorted(Ranked(i * 7 % 10) for i in range(10))])",
    "min_key": "print(min(range(30), key=key), max(3, 4, 5, key=work))",
    "map_function": "print(sum(map(junk, range(30))))",
    "filter_function": "print(len(list(filter(junk, range(30)))))",
    "user_iterator": "print(sum(Numbers(30)), sorted(Numbers(30))[-1])",
    "in_generator": "print(-1 in gen(30), 3 in gen(3, 40))",
    "dict_fromkeys": "print(len(dict.fromkeys(gen(30), 0)))",
    "dict_update_keys": "d = {}\nd.update(Keys())\nprint(len(d), d[5])",
    "set_algebra": ("s = set(range(40))\nprint(len(s.intersection(gen(30))), len(s.difference(gen(30))), "
                    "s.issuperset(gen(30)), s.isdisjoint(gen(30)))\ns.difference_update(gen(30))\nprint(len(s))"),
    "dict_views": "d = dict.fromkeys(range(5))\nprint(sorted(d.keys() & gen(30)), d.keys().isdisjoint(gen(30)))",
    "slice_assignment": "l = [0, 1, 2]\nl[1:2] = gen(30)\nprint(len(l), l[-1])",
    "next": "g = gen(3, 40)\nprint(next(g), next(g, None), g.send(None), next(g, 'done'))",
    "yield_from": "print(list(delegate(3, 40)))",
    "class_body": "class K:\n    total = work(30)\nprint(K.total)",
    "instance_from_host": "print([w.total for w in map(Worker, [30])])",
    "binary_operator": "print((Heavy(1) + Heavy(2)).v, (5 + Heavy(1)).v)",
    "inplace_operator": "h = Heavy(1)\nh += 2\nprint(h.v)",
    "unary_operator": "print((-Heavy(4)).v)",
    "comparison": "print(Heavy(1) == Heavy(1), Heavy(1) < Heavy(0), Heavy(2) > Heavy(1))",
    "sum_of_objects": "print(sum([Heavy(1), Heavy(2)], Heavy(0)).v)",
    "min_max_objects": "print(min(Heavy(3), Heavy(1)).v, max([Heavy(3), Heavy(1)]).v)",
    "hash_builtin": "print(hash(Heavy(7)))",
    "subscription": "b = HeavyBox()\nb[1] = 2\ndel b[3]\nprint(b[5], 7 in b, b.items)",
}


def _cpython_output(source):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "<reference>", "exec"), {"__name__": "__main__"})
    return out.getvalue()


@pytest.mark.parametrize("name", sorted(PATHS))
def test_guest_code_run_by_host_code_collects_its_garbage(name):
    source = GARBAGE + PATHS[name] + "\n"
    result = run_source(source, name + ".py", heap_size=4 << 20)
    assert result.error is None, result.error.traceback
    assert result.stdout == _cpython_output(source)


# Objects only host code holds, alive across guest code that collects:
# fresh keys and items (sorted/min/max keep them), zip's pairs, the items
# unpacked so far, f(*args)'s function and keywords, an __init__ or a key
# function that drops its argument, set and dict results being built...
STRESS_DEFS = """
def gen(n):
    for i in range(n):
        junk = [str(i)] * 3
        yield junk[0] + "!"

def gen2(n):
    for i in range(n):
        yield [i, str(i)]

def dropping_key(x):
    n = len(x)
    del x
    junk = [n] * 5
    return -n

def dropping_true(x):
    del x
    junk = [0] * 5
    return True

class Box:
    def __init__(self, v):
        self.v = [v, str(v)]
        del self
        junk = [0] * 10
    def __repr__(self):
        return "Box(%r)" % (self.v,)

class Call:
    def __call__(self, *a, **kw):
        junk = [a] * 4
        return (list(a), sorted(kw.items()))

class It:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        self.n -= 1
        if self.n < 0:
            raise StopIteration
        return [self.n, "x" * self.n]

class Table:
    # subscription and ``in`` methods that drop their operands and make garbage
    def __init__(self):
        self.rows = {}
    def __getitem__(self, k):
        key = [k, str(k)]
        del self, k
        junk = [[0] * 3 for i in range(5)]
        return key
    def __setitem__(self, k, v):
        rows = self.rows
        del self
        junk = [v] * 4
        rows[k] = [v, junk[0]]
    def __delitem__(self, k):
        self.rows.pop(k)
        del k
        junk = [[1] * 4]
    def __contains__(self, k):
        found = k in self.rows
        del self, k
        junk = [str(found)] * 3
        return found

class Keys:
    def keys(self):
        return gen(4)
    def __getitem__(self, k):
        return [k, k]

class Pair:
    # operator methods that drop their operands and make garbage: the
    # host holds the operands across them
    def __init__(self, a):
        self.a = [a, str(a)]
    def __add__(self, other):
        if self.a[0] < 0:
            return NotImplemented
        a = self.a[0] + other.a[0]
        del self, other
        junk = [[0] * 3 for i in range(5)]
        return Pair(a)
    def __radd__(self, other):
        junk = [str(self.a)] * 4
        return Pair(self.a[0] * 100)
    def __lt__(self, other):
        if self.a[0] < 0:
            return NotImplemented
        r = self.a < other.a
        del self, other
        junk = [[1] * 4]
        return r
    def __gt__(self, other):
        junk = [[2] * 4]
        return self.a[0] > 100
    def __neg__(self):
        a = self.a
        del self
        junk = [a] * 3
        return Pair(-a[0])
    def __repr__(self):
        return "P%s" % (self.a,)

class Ranked:
    def __init__(self, rank):
        self.rank = [rank, str(rank)]
    def __lt__(self, other):
        junk = [self.rank] * 4
        return self.rank < other.rank
    def __repr__(self):
        return "R%s" % (self.rank,)

def delegate(n):
    r = yield from gen(n)
    yield ["end", r]

import math
"""

STRESS = {
    "sorted_key": "print(sorted(gen(6), key=lambda x: [x]), sorted(gen(4), key=lambda x: [len(x), x], reverse=True))",
    "sort_guest_lt": ("print(sorted(Ranked(i * 7 % 10) for i in range(8)), sorted(gen(5), key=Ranked))\n"
                      "l = [Ranked(i % 3) for i in range(6)]\nl.sort(reverse=True)\nprint(l)"),
    "min_max_key": ("print(min(gen(5), key=lambda x: [x]), max(gen(5), key=dropping_key), "
                    "max('ab', 'abc', 'a', key=lambda s: [len(s)]))"),
    "zip_pairs": "print(dict(zip(gen(5), gen2(5))))",
    "unpack": "a, *b, c = gen(6)\nprint(a, b, c)\na, b = gen2(2)\nprint(a, b)",
    "call_star": ("print((lambda *a, **k: (a, sorted(k.items())))(*gen(4), **{'k' + str(i): [i] for i in range(3)}))\n"
                  "print(Call()(*gen(3), z=[1]), Call()(*gen2(2), **{'y': [2]}))"),
    "host_instances": "print(list(map(Box, gen(4))), [Box(v) for v in gen(2)])",
    "map_filter": "print(list(map(Call(), gen(2), gen2(2))), list(filter(dropping_true, gen(4))))",
    "user_iterator": "print(list(It(4)), sum(len(p[1]) for p in It(5)), sorted(It(3), key=lambda p: [-p[0]]))",
    "dict_building": "d = dict.fromkeys(gen(4), [0])\nd.update(Keys())\nprint(d, dict(Keys()))",
    "set_algebra": ("s = {'0!', '3!', 'zz'}\nprint(sorted(s.intersection(gen(5))), sorted(s.difference(gen(5))), "
                    "s.isdisjoint(gen(2)), s.issuperset(gen(1)))\nprint(sorted({'1!': 1, 'q': 2}.keys() & gen(4)))"),
    "slices_and_in": "l = ['a', 'b', 'c']\nl[1:2] = gen(3)\nprint(l, '2!' in gen(4), ['1', '1!'] in gen2(3))",
    "math": "print(math.prod(gen2(0), start=[7]), math.prod(range(1, 30)), math.fsum(x[0] / 3 for x in gen2(5)))",
    "generators": ("it = delegate(3)\nprint(next(it), it.send(None), next(it, 'default'), list(it), next(it, ['none']))\n"
                   "print(list(delegate(2)))"),
    "operators": ("x = Pair(1)\nfor i in range(5):\n    x = x + Pair(i)\n    x += Pair(1)\n    x = -(-x)\n"
                  "print(x, Pair(2) < Pair(3), Pair(-1) < Pair(500), 5 + Pair(2), sum([Pair(1), Pair(2)], Pair(0)), "
                  "max([Pair(3), Pair(1), Pair(2)]))"),
    "subscription": ("t = Table()\nfor i in range(4):\n    t[i] = [i, str(i)]\n    t[str(i)] = t[i]\n"
                     "del t[0]\nprint(t[7], t['x'], 1 in t, 0 in t, sorted(t.rows.items(), key=str))"),
    "class_body": "class K:\n    values = [x for x in gen(4)]\n    pairs = dict(zip(gen(3), gen2(3)))\nprint(K.values, K.pairs)",
}


class _CollectAtEverySafepoint:
    """A gc observer: after each collection the threshold is 0, so the next
    safepoint that follows any allocation collects again (the thresholds
    alone grow with the live heap and would collect every ~100 KB)."""

    def before_collect(self, gc):
        pass

    def after_collect(self, gc, marked):
        gc.threshold = 0


def run_collecting_everywhere(source, name):
    space, interp = new_vm(gc_debug=True)       # dead objects poisoned, never reused
    space.gc.observers.append(_CollectAtEverySafepoint())
    space.gc.threshold = 0
    result = run_code(space, interp, compile_source(source, name))
    assert space.gc.collections > 10
    return result


@pytest.mark.parametrize("name", sorted(STRESS))
def test_host_references_survive_collections_in_guest_code(name):
    source = STRESS_DEFS + STRESS[name] + "\n"
    result = run_collecting_everywhere(source, name + ".py")
    assert result.error is None, result.error.traceback
    assert result.stdout == _cpython_output(source)


@pytest.mark.parametrize("jit", ["llgraph", "x86_64"])
def test_host_references_survive_under_the_jit(jit):
    """The same in a loop the JIT compiles: traced and compiled code call
    the same host helpers (the tracer and compiled code inhibit collections
    themselves; the interpreter between them does not)."""
    body = "".join("    " + line + "\n" for name in sorted(STRESS) for line in STRESS[name].splitlines())
    source = STRESS_DEFS + "for _round in range(12):\n" + body
    result = run_source(source, "stress_jit.py", gc_threshold=2048, jit=jit, jit_params="threshold=3")
    assert result.error is None, result.error.traceback
    assert result.stdout == _cpython_output(source)


# The two PyPy-benchmark programs issue 12 named (benchmarks/programs), at a
# size whose garbage inside their generators is many times the heap.
@pytest.mark.parametrize("name, size", [("queens", 5), ("pidigits", 300)])
def test_benchmark_generators_in_a_small_heap(name, size):
    import re
    with open(os.path.join(ROOT, "benchmarks", "programs", name + ".py")) as f:
        source = f.read()
    source, n = re.subn(r"^(\w+) = \d+( +# size parameter)", r"\g<1> = %d\2" % size, source, flags=re.M)
    assert n == 1
    result = run_source(source, name + ".py", heap_size=2 << 20)
    assert result.error is None, result.error.traceback
    assert result.stdout == _cpython_output(source)
