# Higher-order functions: map, filter, sorted with key, function composition.
def compose(*fns):
    def composed(x):
        for f in reversed(fns):
            x = f(x)
        return x
    return composed

inc = lambda x: x + 1
dbl = lambda x: x * 2
sq = lambda x: x * x
print(compose(inc, dbl)(5), compose(dbl, inc)(5), compose(sq, inc, dbl)(3), compose()(7))
nums = [5, -3, 8, 0, -1, 12]
print(list(map(abs, nums)), list(map(str, nums)), list(map(lambda a, b: a * b, nums, range(6))))
print(list(filter(lambda n: n > 0, nums)), list(filter(None, nums)))
print(sorted(nums, key=abs), sorted(nums, key=lambda n: (n % 3, n)))
def apply_n(f, n, x):
    for _ in range(n):
        x = f(x)
    return x
print(apply_n(dbl, 10, 1), apply_n(lambda s: s + "!", 3, "hey"))
def reduce(f, items, init):
    acc = init
    for it in items:
        acc = f(acc, it)
    return acc
print(reduce(lambda a, b: a + b, nums, 0), reduce(max, nums, -100), reduce(lambda a, b: b + a, "abc", ""))
ops = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b}
for name in ops:
    print(name, ops[name](7, 3))
table = [(name, f(2)) for name, f in [("inc", inc), ("dbl", dbl), ("sq", sq)]]
print(table)
