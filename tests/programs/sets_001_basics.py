# Sets of small ints: add, discard, remove, union, intersection, difference.
a = {1, 2, 3, 4}
b = {3, 4, 5, 6}
print(a, b, len(a), 3 in a, 7 in a, 7 not in b)
print(a | b, a & b, a - b, b - a)
print(sorted((a | b) - (a & b)))
a.add(10)
a.add(1)
print(a)
a.discard(10)
a.discard(99)
print(a)
a.remove(1)
print(a)
s = set()
print(s, len(s), bool(s))
for n in [5, 1, 5, 2, 1, 5]:
    s.add(n)
print(s, sorted(s))
print(set([3, 3, 1]), set(range(5)), set("aaa") == {"a"}, set() == set())
print({1, 2} == {2, 1}, {1, 2} == {1, 2, 3}, {1, 2} != {1, 2}, len({1, 2, 3} - {3}))
c = a | b
c |= {20}
c &= {2, 3, 4, 5, 20, 30}
c -= {5}
print(c)
words = ["red", "green", "red", "blue", "green"]
uniq = set(words)
print(len(uniq), sorted(uniq), "red" in uniq)
print(sorted({w[0] for w in words}))
