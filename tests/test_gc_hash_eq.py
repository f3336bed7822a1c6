"""Dict and set probes run a user class's __hash__ and __eq__ with the
collector allowed (issue 12): the probe pins the container, the key and the
value it holds (dictobject.held_getitem / held_setitem, setobject.held_add),
so garbage the methods make is freed as they go instead of piling up in an
inhibited heap; a comparison that changes the table restarts the probe, as
CPython's lookdict does, so no freed table is ever read."""

import contextlib
import io

import pytest

from pypyteach.run import run_source


def cpython_output(source):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "<reference>", "exec"), {"__name__": "__main__"})
    return out.getvalue()


def same_as_cpython(source, **options):
    result = run_source(source, "keys.py", **options)
    assert result.error is None, result.error.traceback
    assert result.stdout == cpython_output(source)
    return result


# Every __hash__ makes ~2.5 MB of garbage, every __eq__ 320 KB, in a 4 MB heap:
# with collections inhibited while they run, the first store is a MemoryError.
GARBAGE_KEYS = """
class Key:
    def __init__(self, a):
        self.a = a
    def __hash__(self):
        n = 0
        for j in range(8):
            n += len([self.a] * %(size)d)
        return hash((self.a %% 10, n))
    def __eq__(self, other):
        junk = [other.a] * %(size)d
        return [self.a] == [other.a]

d = {}
s = set()
for i in range(%(n)d):
    d[Key(i)] = i
    s.add(Key(i))
total = 0
for i in range(0, %(n)d, 3):
    total += d[Key(i)]
print(len(d), len(s), total, Key(5) in d, Key(500) in d, Key(7) in s, Key(700) in s)
print(d.get(Key(5)), d.setdefault(Key(-1), 'new'), d.pop(Key(-1)), d.pop(Key(-2), 'absent'), len(d))
del d[Key(3)]
s.discard(Key(4))
s.remove(Key(6))
print(len(d), len(s), Key(3) in d, Key(4) in s)
print(len({Key(i): i for i in range(5)}), len({Key(i) for i in range(5)}))
"""


def test_allocating_hash_and_eq_collect_garbage():
    same_as_cpython(GARBAGE_KEYS % {"size": 40000, "n": 24}, heap_size=4 << 20)


FIFTY_THOUSAND = """
class Key:
    def __init__(self, a, b):
        self.a = a
        self.b = b
    def __hash__(self):
        return hash((self.a, self.b))
    def __eq__(self, other):
        return [self.a, self.b] == [other.a, other.b]

d = {}
s = set()
n = %d
for i in range(n):
    d[Key(i %% 1000, i // 1000)] = i
    s.add(Key(i %% 997, 0))
total = 0
hits = 0
for i in range(0, n, 7):
    k = Key(i %% 1000, i // 1000)
    total += d[k]
    if k in d:
        hits += 1
    if Key(i %% 997, 0) in s:
        hits += 1
print(len(d), len(s), total, hits)
print(d.get(Key(5, 5)), d.setdefault(Key(-1, -1), 'new'), d.pop(Key(-1, -1)), len(d))
"""


@pytest.mark.slow
def test_fifty_thousand_user_keys_in_a_small_heap():
    same_as_cpython(FIFTY_THOUSAND % 50000, heap_size=24 << 20)


# __eq__ that grows the dict (a resize: new tables) or empties the set while
# the probe compares: CPython restarts the lookup; reading on in the old
# tables lost the key (KeyError), and with collections allowed they may be freed.
MUTATING_EQ = """
class K:
    def __init__(self, a, h):
        self.a = a
        self.h = h
    def __hash__(self):
        return self.h
    def __eq__(self, other):
        if isinstance(other, K) and other.a == 'grow' and D.get('armed'):
            D['armed'] = False
            for i in range(50):
                D[i] = [i] * 3
        if isinstance(other, K) and other.a == 'drop' and S:
            S.clear()
            for i in range(40):
                S.add(i + 1000)
        return isinstance(other, K) and self.a == other.a
    def __repr__(self):
        return 'K(%r)' % (self.a,)

D = {}
D['armed'] = True
D[K('x', 1)] = 'first'
D[K('grow', 1)] = 'second'
print(len(D), D[K('grow', 1)], D[K('x', 1)], sorted(str(k) for k in D)[:3])
S = set()
S.add(K('y', 2))
S.add(K('drop', 2))
print(len(S), K('drop', 2) in S, K('y', 2) in S)
D['armed'] = True
print(D.pop(K('grow', 1)), len(D), D.setdefault(K('grow', 1), 'again'), len(D))
"""


def test_eq_that_mutates_the_dict_restarts_the_probe():
    same_as_cpython(MUTATING_EQ)


@pytest.mark.parametrize("source", [MUTATING_EQ, FIFTY_THOUSAND % 300, GARBAGE_KEYS % {"size": 20, "n": 9}],
                         ids=["mutating_eq", "user_keys", "garbage_keys"])
def test_user_keys_under_gc_stress(source):
    """A collection every few bytecodes, dead objects poisoned: a key, value
    or table the probe held without pinning it shows up as a crash or a
    wrong answer."""
    same_as_cpython(source, gc_threshold=512, gc_debug=True)


STR_KEYS = """
class Twin:
    # hashes as 'x' does, and says it equals 'x': a str lookup meets it
    def __hash__(self):
        return hash('x')
    def __eq__(self, other):
        return other == 'x'
d = {'a': 1, 'b': 2, 'x': 3}
print(d['a'], d['x'], d.get('zz'), 'b' in d)
m = {Twin(): 'twin', 'y': 4}
print(m['x'], m['y'], 'x' in m, m.get('q', 0))
class Big:
    def __init__(self, value):
        self.value = value
    def __hash__(self):
        return self.value
for value in [0, 1, -1, -2, 2 ** 63 - 1, -2 ** 63, 2 ** 63, 2 ** 64 + 5, -2 ** 64 - 7, 10 ** 30, True]:
    print(value, hash(Big(value)))      # (CPython's slot_tp_hash: as is in a word, -1 is -2)
"""


def test_str_keys_need_no_pinning_unless_another_type_shares_the_hash(monkeypatch):
    """A str key compared only with strs runs no guest code: held_getitem
    pins nothing; meeting a user key with the same hash, it takes the pinned
    path, whose comparison runs that key's __eq__ (CPython's answer)."""
    from pypyteach.vm.memory.gc import GC
    pinned = []
    original = GC.pinning
    monkeypatch.setattr(GC, "pinning", lambda self, refs: pinned.append(len(refs)) or original(self, refs))
    same_as_cpython(STR_KEYS.split("m = ")[0])
    plain = len(pinned)
    del pinned[:]
    same_as_cpython(STR_KEYS)
    assert plain == 0
    assert pinned, "the lookups meeting Twin() pin the dict and the key"
