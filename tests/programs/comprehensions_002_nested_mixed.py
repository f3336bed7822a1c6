# Dict, set and generator comprehensions mixed and nested.
names = ["ann", "bob", "cyd", "dee", "ann", "bob"]
print({n: names.count(n) for n in names})
print(sorted({len(n) for n in names}), {n[0]: i for i, n in enumerate(names)})
grid = {(r, c): r * 3 + c for r in range(3) for c in range(3)}
print(grid[(2, 1)], len(grid), [grid[(i, i)] for i in range(3)])
inverse = {v: k for k, v in grid.items() if v % 4 == 0}
print(inverse)
nested = {k: [v * i for i in range(3)] for k, v in [("a", 1), ("b", 10)]}
print(nested)
by_first = {ch: [w for w in ["apple", "avocado", "banana", "blueberry", "cherry"] if w[0] == ch] for ch in "abc"}
print(by_first)
print(sum(len(v) for v in by_first.values()), max((len(v), k) for k, v in by_first.items()))
primes = [n for n in range(2, 60) if all(n % d for d in range(2, n) if d * d <= n)]
print(primes)
print({p % 10 for p in primes}, sorted({p % 10 for p in primes}))
counts = {d: sum(1 for p in primes if p % 10 == d) for d in range(10)}
print(counts)
