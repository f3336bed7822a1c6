# Scoping: globals, locals, global statement, shadowing, builtins shadowing.
count = 0
def bump():
    global count
    count += 1
    return count
print(bump(), bump(), count)
x = "global"
def shadow():
    x = "local"
    return x
print(shadow(), x)
def read_global():
    return x + "!"
print(read_global())
def make():
    global created
    created = "made at runtime"
make()
print(created)
def outer():
    y = 1
    def inner():
        return y + 1
    y = 10
    return inner()
print(outer())
def uses_len(items):
    len = 3
    return len * 2
print(uses_len([1]), len([1]))
total = 100
def compute(values):
    total = 0
    for v in values:
        total += v
    return total
print(compute([1, 2, 3]), total)
for i in range(3):
    pass
print("loop var after loop:", i)
squares = [j * j for j in range(4)]
print(squares)
def counter_fn():
    global total
    total -= 1
counter_fn()
counter_fn()
print(total)
