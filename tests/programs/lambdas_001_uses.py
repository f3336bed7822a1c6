# Lambdas: immediate calls, in data structures, as sort keys, with defaults.
print((lambda: 42)(), (lambda x, y=2: x ** y)(5), (lambda *a: len(a))(1, 2, 3))
print((lambda **k: sorted(k))(b=1, a=2), (lambda x: lambda y: x + y)(3)(4))
points = [(3, 1), (1, 2), (2, 3), (1, -1)]
print(sorted(points, key=lambda p: p[1]), sorted(points, key=lambda p: (p[0], -p[1])))
print(max(points, key=lambda p: p[0] * p[1]), min(points, key=lambda p: abs(p[0] - p[1])))
dispatch = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b if b else None,
}
for op in "+-*/":
    print(3, op, 4, "=", dispatch[op](3, 4), "|", 8, op, 0, "=", dispatch[op](8, 0))
fs = [lambda x, k=k: x + k for k in range(3)]
print([f(10) for f in fs])
cond = lambda x: "neg" if x < 0 else "zero" if x == 0 else "pos"
print([cond(v) for v in (-2, 0, 5)])
print(list(map(lambda s: s[::-1], ["abc", "de"])), list(filter(lambda n: n % 3 == 0, range(10))))
