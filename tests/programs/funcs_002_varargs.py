# *args and **kwargs, unpacking in calls, keyword-only arguments.
def total(*nums):
    return sum(nums), len(nums), nums

print(total(), total(1), total(1, 2, 3))
args = [4, 5, 6]
print(total(*args), total(0, *args, 7), total(*range(3), *(7, 8)))
def show(**kw):
    return sorted(kw.items())
print(show(), show(a=1), show(b=2, a=1))
opts = {"x": 1, "y": 2}
print(show(**opts), show(z=0, **opts))
def mixed(a, b=2, *rest, flag=False, **extra):
    return a, b, rest, flag, extra
print(mixed(1))
print(mixed(1, 3, 5, 7))
print(mixed(1, flag=True, color="red"))
print(mixed(*[9, 8, 7], **{"flag": 1, "k": "v"}))
def kwonly(*, name, size=10):
    return name + ":" + str(size)
print(kwonly(name="box"), kwonly(size=3, name="cup"))
def apply(f, *a, **k):
    return f(*a, **k)
print(apply(max, 3, 9, 2), apply(sorted, [3, 1, 2], reverse=True), apply(kwonly, name="n"))
def printer(*items, sep=", ", end="."):
    print(sep.join(str(i) for i in items) + end)
printer(1, 2, 3)
printer("a", "b", sep="-", end="!")
print(*[1, 2, 3], sep=" < ", end=" |\n")
print(*"abc")
print("no newline", end="")
print(" -- continued")
print()
print("x", "y", sep="")
