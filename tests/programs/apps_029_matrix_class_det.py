# Rational Gaussian elimination using integer arithmetic (fraction-free) for determinants.
def det_bareiss(m):
    a = [row[:] for row in m]
    n = len(a)
    sign = 1
    prev = 1
    for k in range(n - 1):
        if a[k][k] == 0:
            for r in range(k + 1, n):
                if a[r][k] != 0:
                    a[k], a[r] = a[r], a[k]
                    sign = -sign
                    break
            else:
                return 0
        for i in range(k + 1, n):
            for j in range(k + 1, n):
                a[i][j] = (a[i][j] * a[k][k] - a[i][k] * a[k][j]) // prev
        prev = a[k][k]
    return sign * a[n - 1][n - 1]

mats = [
    [[2, 0, 1], [1, 3, 2], [1, 1, 1]],
    [[0, 1], [1, 0]],
    [[1, 2, 3], [4, 5, 6], [7, 8, 9]],
    [[6, 1, 1, 3], [4, -2, 5, 1], [2, 8, 7, 6], [3, 1, 9, 7]],
    [[i + j * 5 + (i == j) * 11 for i in range(5)] for j in range(5)],
]
for m in mats:
    print(len(m), det_bareiss(m))
hilbert_scaled = [[2520 // (i + j + 1) for j in range(4)] for i in range(4)]
print(hilbert_scaled, det_bareiss(hilbert_scaled))
vander = [[x ** k for k in range(5)] for x in (1, 2, 3, 4, 5)]
print(det_bareiss(vander))
