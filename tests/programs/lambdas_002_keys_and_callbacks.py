# Lambdas as sort keys, callbacks and small function tables.
records = [{"name": "x", "score": 3, "age": 40}, {"name": "y", "score": 9, "age": 22},
           {"name": "z", "score": 3, "age": 31}, {"name": "w", "score": 7, "age": 22}]
print([r["name"] for r in sorted(records, key=lambda r: r["score"])])
print([r["name"] for r in sorted(records, key=lambda r: (-r["score"], r["age"]))])
print([r["name"] for r in sorted(records, key=lambda r: (r["age"], r["name"]), reverse=True)])
def on_each(items, callback):
    return [callback(i, x) for i, x in enumerate(items)]
print(on_each("abc", lambda i, ch: ch * (i + 1)))
print(on_each([10, 20], lambda i, v: v // (i + 1)))
handlers = {
    "double": lambda v: v * 2,
    "negate": lambda v: -v,
    "square": lambda v: v ** 2,
    "describe": lambda v: "big" if v > 10 else "small",
}
value = 4
for name in ["double", "square", "negate", "describe"]:
    value = handlers[name](value) if name != "describe" else value
    print(name, value, handlers["describe"](value))
curry = lambda a: lambda b: lambda c: a * 100 + b * 10 + c
print(curry(1)(2)(3), curry(9)(0)(9))
Y = lambda f: (lambda x: x(x))(lambda x: f(lambda n: x(x)(n)))
fact = Y(lambda self: lambda n: 1 if n <= 1 else n * self(n - 1))
print(fact(10), [fact(i) for i in range(6)])
