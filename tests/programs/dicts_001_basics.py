# Dict basics: literals, lookup, insertion order, update, delete, len, in.
d = {"one": 1, "two": 2, "three": 3}
print(d, len(d), d["two"], "one" in d, "four" in d, 1 in d)
d["four"] = 4
d["one"] = 100
print(d)
del d["two"]
print(d, list(d), list(d.keys()), list(d.values()), list(d.items()))
d["two"] = 2
print(d)
e = {}
print(e, len(e), bool(e), bool(d))
e[1] = "int"
e[1.5] = "float"
e["s"] = "str"
e[(1, 2)] = "tuple"
e[None] = "none"
e[True] = "bool overrides 1"
print(e)
print(dict(), dict(a=1, b=2), dict([("x", 1), ("y", 2)]), dict(zip("abc", range(3))))
print(dict({"k": 1}, extra=2))
print({1: "a", 1.0: "b"}, {0: 0, False: 1})
print({"a": 1} == {"a": 1}, {"a": 1, "b": 2} == {"b": 2, "a": 1}, {"a": 1} != {"a": 2})
for k in d:
    print(k, d[k])
print(str({"q": "it's"}), repr({"x": [1, {"y": None}]}))
