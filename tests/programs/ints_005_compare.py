# Comparisons and chained comparisons on ints.
a, b, c = 3, 7, 7
print(a < b, a > b, b == c, b != c, a <= b, b >= c)
print(a < b < c, a < b <= c, a < b == c, 1 < 2 > 0)
print(1 == 1.0, 2 == 2.5, 3 < 3.5, -1 < 0 < 1 < 2 < 3)
print(10 ** 20 > 10 ** 19, -(10 ** 20) < 5)
print(True == 1, False == 0, True + True)
def between(x, lo, hi):
    return lo <= x < hi
for x in (-5, 0, 5, 9, 10, 15):
    print(x, between(x, 0, 10))
print(max(3, 9, 2), min(3, 9, 2), max([4, -4, 8]), min(-1, -10))
vals = [5, 3, 8, 1, 9, 2]
count = 0
for i in range(len(vals)):
    for j in range(i + 1, len(vals)):
        if vals[i] > vals[j]:
            count += 1
print("inversions:", count)
print(sorted(vals), sorted(vals, reverse=True))
print(3 if a < b else 4, "yes" if 0 else "no")
x = 5
print(0 < x < 10 and x % 2 == 1, not 0 < x < 3)
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), [3] > [2, 9])
print(1 != 2 != 1, 1 == 1 != 2)
