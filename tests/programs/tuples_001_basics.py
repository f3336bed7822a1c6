# Tuples: creation, indexing, slicing, concatenation, comparison, nesting.
t = (1, 2, 3)
e = ()
one = (5,)
print(t, e, one, len(t), len(e), len(one), type(one).__name__)
print(t[0], t[-1], t[1:], t[::-1], t + (4, 5), t * 2, one * 3)
print(3 in t, 7 in t, t[t[0]], (1, 1, 2, 1)[1:])
print((1, 2) == (1, 2), (1, 2) < (1, 3), (2,) > (1, 9, 9), () < (0,))
nested = ((1, 2), (3, (4, 5)), "six")
print(nested[1][1][0], nested[2][1], len(nested))
x = 1, 2, 3
print(x, x == t)
a, b, c = t
print(a, b, c)
print(tuple([1, 2]), tuple("ab"), tuple(range(4)), tuple())
pairs = [(3, "c"), (1, "a"), (2, "b"), (1, "z")]
print(sorted(pairs), max(pairs), min(pairs))
def minmax(seq):
    return min(seq), max(seq)
lo, hi = minmax([4, 9, -2, 7])
print(lo, hi, minmax("hello"))
print(sum((1, 2, 3)), list(reversed(t)), [v * 2 for v in t])
d = {(0, 0): "origin", (1, 0): "east"}
print(d[(0, 0)], d[1, 0], (0, 0) in d)
print(repr((1,)), str(("a", 'b"c')), ((),), tuple(tuple(p) for p in [[1], [2, 3]]))
