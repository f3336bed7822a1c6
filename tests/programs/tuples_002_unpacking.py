# Tuple unpacking: swaps, nested targets, starred targets, for-loop targets.
a, b = 1, 2
a, b = b, a
print(a, b)
x, y, z = "xyz"
print(x, y, z)
(p, q), r = (1, 2), 3
print(p, q, r)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = [1, 2, 3, 4]
print(init, last)
head, *mid, tail = "abcdef"
print(head, mid, tail)
u, *v = [9]
print(u, v)
m, *n, o = 1, 2
print(m, n, o)
for i, (ch, num) in enumerate([("a", 1), ("b", 2)]):
    print(i, ch, num)
for k, *vals in [(1, 2, 3), (4,), (5, 6)]:
    print(k, vals)
pts = [(1, 2), (3, 4), (5, 6)]
xs, ys = zip(*pts)
print(xs, ys)
a = b = c = 0
a += 1
print(a, b, c)
t = (1, [2, 3])
t[1].append(4)
print(t)
def f():
    return 1, (2, 3), [4, 5, 6]
one, (two, three), [four, *others] = f()
print(one, two, three, four, others)
i, j = 0, 1
lst = [10, 20]
i, lst[i] = 1, 99
print(i, lst)
