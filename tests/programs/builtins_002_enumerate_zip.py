# enumerate and zip, including start values, uneven lengths and unzipping.
names = ["ann", "bob", "cyd"]
scores = [90, 75, 88, 100]
for i, n in enumerate(names):
    print(i, n)
for i, n in enumerate(names, 1):
    print(i, n, end="; ")
print()
print(list(enumerate("ab", start=-1)), list(enumerate([])))
print(list(zip(names, scores)), list(zip(names)), list(zip()), list(zip("ab", "xyz", [1, 2, 3])))
pairs = list(zip(names, scores))
n2, s2 = zip(*pairs)
print(n2, s2)
print(dict(zip(names, scores)), dict(enumerate(names)))
ranked = sorted(zip(scores, names), reverse=True)
print(ranked)
for (i, n), s in zip(enumerate(names), scores):
    print(f"{i}:{n}:{s}")
a = [1, 2, 3]
b = [10, 20, 30]
print([x + y for x, y in zip(a, b)], [x * y for x, y in zip(a, a[1:])], sum(x * y for x, y in zip(a, b)))
print([(i, c) for i, c in enumerate("hello") if c == "l"])
