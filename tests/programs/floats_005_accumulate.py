# Numerical algorithms with floats: Newton's method, series, integration.
def newton_sqrt(x):
    guess = x / 2.0
    for _ in range(20):
        guess = (guess + x / guess) / 2.0
    return guess

for v in (2.0, 10.0, 1e6, 0.25):
    print(v, newton_sqrt(v), newton_sqrt(v) ** 2)

def leibniz(n):
    s = 0.0
    sign = 1.0
    for k in range(n):
        s += sign / (2 * k + 1)
        sign = -sign
    return 4 * s
print(leibniz(10), leibniz(100), leibniz(400))

def exp_series(x, terms=20):
    total = 0.0
    term = 1.0
    for n in range(terms):
        total += term
        term *= x / (n + 1)
    return total
print(exp_series(1.0), exp_series(2.0), exp_series(-1.0))

def trapezoid(f, a, b, n):
    h = (b - a) / n
    s = (f(a) + f(b)) / 2
    for i in range(1, n):
        s += f(a + i * h)
    return s * h
print(trapezoid(lambda x: x * x, 0.0, 1.0, 50))
print(trapezoid(lambda x: 1 / x, 1.0, 2.0, 100))
