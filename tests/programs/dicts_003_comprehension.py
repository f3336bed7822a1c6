# Dict comprehensions, dict(zip(...)) and nested dicts.
squares = {n: n * n for n in range(8)}
print(squares)
evens = {k: v for k, v in squares.items() if k % 2 == 0}
print(evens)
names = ["ann", "bob", "cyd"]
ages = [31, 25, 47]
people = dict(zip(names, ages))
print(people, {n: len(n) for n in names})
by_age = {a: n for n, a in people.items()}
print(by_age, sorted(by_age))
matrix = {(i, j): i * j for i in range(3) for j in range(3) if i <= j}
print(matrix)
nested = {"a": {"x": 1, "y": 2}, "b": {"x": 3}}
print(nested["a"]["y"], nested.get("b", {}).get("y", "none"), {k: sum(v.values()) for k, v in nested.items()})
flipped = {}
for outer, inner in nested.items():
    for k, v in inner.items():
        flipped.setdefault(k, {})[outer] = v
print(flipped)
words = "the cat and the hat and the bat".split()
freq = {w: words.count(w) for w in words}
print(freq)
print({c: ord(c) for c in "hello"})
print({k: None for k in "ab"}, dict(zip(range(3), "xyz")))
