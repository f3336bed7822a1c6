# Chained comparisons and short-circuit evaluation order.
calls = []
def val(x):
    calls.append(x)
    return x
print(val(1) < val(2) < val(3), calls)
calls = []
print(val(3) < val(2) < val(1), calls)
calls = []
print(val(0) and val(1), val(2) or val(3), calls)
calls = []
print(val(1) == val(1) != val(2) > val(0), calls)
for x in (-1, 0, 5, 10, 11):
    print(x, 0 <= x <= 10, 0 < x < 10, x < 0 or x > 10, not 0 <= x <= 10)
a, b, c = 1, 2, 2
print(a < b == c, a < b < c, a == b == c, a != b != c, a is not b)
def lazy_default(d, k):
    return d.get(k) or "fallback"
print(lazy_default({"a": 0}, "a"), lazy_default({"a": 5}, "a"))
print([1, 2] == [1, 2] == [1, 2], 1 < 2.5 < 3 < 3.5)
print("a" < "b" < "c", "b" < "a" < "c")
