# len() on every container and range() in all its forms.
print(len("abc"), len([1, 2]), len((1,)), len({"a": 1}), len({1, 2, 3}), len(range(10)), len(""))
print(len(range(3, 30, 4)), len(range(10, 0, -1)), len(range(0, -10, -3)), len(range(5, 5)))
r = range(2, 20, 3)
print(r[0], r[-1], r[2], list(r), 8 in r, 9 in r, list(r)[0])
print(list(range(3)), list(range(-3)), list(range(1, 2)), list(range(0, 10, 4)))
print(sum(range(101)), max(range(7)), min(range(3, 9)), sorted(range(5), reverse=True))
print([i * i for i in range(1, 11, 2)], list(range(100, 90, -2)))
print(list(range(10))[2:8:2], list(range(5))[::-1])
n = 0
for i in range(1000, 0, -37):
    n += 1
print(n, i)
