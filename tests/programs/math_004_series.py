# Series approximations compared with math functions.
import math

def sin_taylor(x, terms=10):
    total = 0.0
    term = x
    for n in range(terms):
        total += term
        term *= -x * x / ((2 * n + 2) * (2 * n + 3))
    return total

def e_approx(n):
    total = 0.0
    f = 1
    for k in range(n):
        if k:
            f *= k
        total += 1 / f
    return total

for x in (0.0, 0.5, 1.0, 2.0, math.pi):
    print(x, sin_taylor(x), math.sin(x), abs(sin_taylor(x) - math.sin(x)) < 1e-9)
for n in (5, 10, 15, 20):
    print(n, e_approx(n), math.e - e_approx(n))
def wallis(n):
    p = 1.0
    for k in range(1, n + 1):
        p *= 4 * k * k / (4 * k * k - 1)
    return 2 * p
print(wallis(10), wallis(100), math.pi)
print(math.log(math.exp(2.5)), math.exp(math.log(7)), math.floor(math.log(10 ** 6, 10) + 1e-9))
print([math.ceil(math.sqrt(n)) for n in range(1, 17)])
