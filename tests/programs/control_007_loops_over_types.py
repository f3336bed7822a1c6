# Iterating over every kind of iterable: range variants, strings, dicts, sets, reversed.
print(list(range(5)), list(range(2, 8)), list(range(10, 0, -3)), list(range(0)), list(range(5, 2)))
print(list(range(-5, 5, 2)), range(10)[3], len(range(0, 100, 7)), 14 in range(0, 100, 7), 15 in range(0, 100, 7))
print(list(range(20)[::5]), list(range(10)[-3:]), list(reversed(range(4))))
for ch in "hey":
    print(ch, end="")
print()
d = {"z": 26, "a": 1, "m": 13}
for k in d:
    print(k, end=" ")
print()
for k, v in d.items():
    print(k + "=" + str(v), end=" ")
print()
for v in d.values():
    print(v, end=" ")
print()
for n in sorted({5, 3, 9, 1}):
    print(n, end=" ")
print()
for t in ((1, "one"), (2, "two")):
    num, name = t
    print(num, name)
for i in reversed([1, 2, 3]):
    print(i, end="")
print()
for line in "a b\nc d\ne".split("\n"):
    print(line.split())
nested = [[1, [2]], [3, [4]]]
for a, (b,) in nested:
    print(a, b)
