# Benchmark: spectral norm of the infinite matrix A(i, j) = 1 / ((i+j)(i+j+1)/2 + i + 1),
# truncated to N x N, by power iteration on A^T A.  Written for pypyteach's test corpus.
import math

N = 14                    # size parameter: matrix dimension
ITERATIONS = 8


def a(i, j):
    s = i + j
    return 1.0 / (s * (s + 1) // 2 + i + 1)


def mul_av(v):
    n = len(v)
    out = []
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += a(i, j) * v[j]
        out.append(total)
    return out


def mul_atv(v):
    n = len(v)
    out = []
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += a(j, i) * v[j]
        out.append(total)
    return out


def mul_atav(v):
    return mul_atv(mul_av(v))


u = [1.0] * N
v = None
for it in range(ITERATIONS):
    v = mul_atav(u)
    u = mul_atav(v)
    if it % 2 == 1:
        print("iteration", it + 1, "u[0] =", u[0], "v[0] =", v[0])
vbv = 0.0
vv = 0.0
for ui, vi in zip(u, v):
    vbv += ui * vi
    vv += vi * vi
norm = math.sqrt(vbv / vv)
print("N =", N, "spectral norm %.9f" % norm)
print("raw", norm)
print("first row of A:", [round(a(0, j), 5) for j in range(5)])
print("checksum", sum(u), sum(v))
