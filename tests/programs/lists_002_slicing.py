# List slicing, slice assignment and deletion.
a = list(range(10))
print(a[2:7], a[::3], a[::-1], a[-3:], a[7:2:-2], a[:0])
b = a[:]
b[0] = 100
print(a[0], b[0])
a[2:5] = ["x", "y"]
print(a)
a[1:1] = [7, 7, 7]
print(a)
a[-2:] = []
print(a)
a[::2] = [0] * len(a[::2])
print(a)
a[:] = [1, 2, 3]
print(a)
del a[1]
print(a)
c = list(range(12))
del c[2:5]
print(c)
del c[::3]
print(c)
del c[-1]
print(c)
c[1:3] = "ab"
print(c)
c[len(c):] = [42]
print(c)
m = [[0] * 3 for _ in range(3)]
m[1][2] = 5
print(m)
bad = [[0] * 3] * 3
bad[1][2] = 5
print(bad)
s = [5, 6, 7, 8, 9]
s[1:4] = s[3:0:-1]
print(s)
