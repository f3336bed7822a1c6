# Comprehension scoping and closures capturing comprehension variables.
n = 10
print([n * i for i in range(3)])
funcs = [lambda: i for i in range(3)]
print([f() for f in funcs])
funcs2 = [(lambda j: lambda: j)(i) for i in range(3)]
print([f() for f in funcs2])
def outer():
    k = 5
    return [k + x for x in range(3)]
print(outer())
class_like = {"x": 1}
print([class_like["x"] + i for i in range(2)])
total = sum([x for x in range(5)])
print(total)
y = [y for y in range(3)]
print(y)
pairs = [(i, j) for i in range(3) for j in range(i)]
print(pairs)
def make():
    results = []
    for mult in (2, 3):
        results.append([mult * v for v in range(4)])
    return results
print(make())
print([[x + y for x in "ab"] for y in "12"])
