# yield from: delegation, return values, recursive generators.
def inner():
    yield 1
    yield 2
    return "inner done"

def outer():
    result = yield from inner()
    yield "inner said: " + result
    yield from range(3, 5)
    yield from "xy"

print(list(outer()))
def flatten(x):
    if isinstance(x, (list, tuple)):
        for item in x:
            yield from flatten(item)
    else:
        yield x
print(list(flatten([1, [2, (3, 4)], [[5], []], 6])))
def walk_tree(node, depth=0):
    name, children = node
    yield "  " * depth + name
    for c in children:
        yield from walk_tree(c, depth + 1)
tree = ("root", [("a", [("a1", []), ("a2", [])]), ("b", [("b1", [("b1x", [])])])])
for line in walk_tree(tree):
    print(line)
def perms(items):
    if len(items) <= 1:
        yield items
        return
    for i in range(len(items)):
        for p in perms(items[:i] + items[i + 1:]):
            yield items[i:i + 1] + p
print(list(perms("abc")), sum(1 for _ in perms([1, 2, 3, 4])))
def chain(*its):
    for it in its:
        yield from it
print(list(chain([1, 2], (3,), "45", range(6, 8))))
