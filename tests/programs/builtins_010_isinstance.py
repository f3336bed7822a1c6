# isinstance and type checks driving a generic pretty printer.
def describe(x):
    if isinstance(x, bool):
        return "bool " + str(x)
    if isinstance(x, int):
        return "int with " + str(len(str(abs(x)))) + " digits"
    if isinstance(x, float):
        return "float " + repr(x)
    if isinstance(x, str):
        return "str of length " + str(len(x))
    if isinstance(x, (list, tuple)):
        return type(x).__name__ + "[" + ", ".join(describe(i) for i in x) + "]"
    if isinstance(x, dict):
        return "dict{" + ", ".join(str(k) + ": " + describe(v) for k, v in x.items()) + "}"
    if x is None:
        return "nothing"
    return "other " + type(x).__name__

for v in [True, 12345, -7, 2.5, "hello", [1, "a"], (None, 3.0), {"x": [1], "y": False}, {1, 2}, range(2)]:
    print(describe(v))
print(isinstance(3, int), isinstance(3, float), isinstance(3, (float, int)), isinstance("a", (list, tuple)))
print(type(3) == int, type(3.0) == float, type("") == str, type([]) == list, type(()) == tuple, type({}) == dict)
print(type(True) == bool, type(True) == int, isinstance(True, int))
