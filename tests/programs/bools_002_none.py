# None as a value: defaults, sentinel checks, functions without return.
def nothing():
    pass

def maybe(x):
    if x > 0:
        return x * 2

print(nothing(), maybe(3), maybe(-3))
result = nothing()
print(result is None, result == None, type(result).__name__)
def find(items, target):
    for i, v in enumerate(items):
        if v == target:
            return i
    return None
for t in (3, 9):
    idx = find([1, 3, 5], t)
    if idx is None:
        print(t, "not found")
    else:
        print(t, "at", idx)
def append_to(x, lst=None):
    if lst is None:
        lst = []
    lst.append(x)
    return lst
print(append_to(1), append_to(2), append_to(3, [0]))
d = {"a": None, "b": 0}
print(d.get("a"), d.get("z"), d.get("z") is None, "a" in d)
print([None] * 3, (None,), repr(None), str(None))
print(None if 0 else "x", [x for x in (None, 1, None, 2) if x is not None])
