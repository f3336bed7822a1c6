# Polynomials as coefficient lists: add, multiply, evaluate, derivative, printing.
class Poly:
    def __init__(self, coeffs):
        c = list(coeffs)
        while len(c) > 1 and c[-1] == 0:
            c.pop()
        self.c = c

    def __add__(self, o):
        n = max(len(self.c), len(o.c))
        a = self.c + [0] * (n - len(self.c))
        b = o.c + [0] * (n - len(o.c))
        return Poly([x + y for x, y in zip(a, b)])

    def __sub__(self, o):
        return self + Poly([-x for x in o.c])

    def __mul__(self, o):
        out = [0] * (len(self.c) + len(o.c) - 1)
        for i, a in enumerate(self.c):
            for j, b in enumerate(o.c):
                out[i + j] += a * b
        return Poly(out)

    def __call__(self, x):
        total = 0
        for coef in reversed(self.c):
            total = total * x + coef
        return total

    def derivative(self):
        return Poly([i * c for i, c in enumerate(self.c)][1:] or [0])

    def __eq__(self, o):
        return self.c == o.c

    def __repr__(self):
        terms = []
        for i in range(len(self.c) - 1, -1, -1):
            c = self.c[i]
            if c == 0 and len(self.c) > 1:
                continue
            if i == 0:
                terms.append(str(c))
            elif i == 1:
                terms.append(f"{c}x")
            else:
                terms.append(f"{c}x^{i}")
        return " + ".join(terms).replace("+ -", "- ")

p = Poly([1, 2, 3])
q = Poly([0, -1, 0, 1])
print(p, "|", q, "|", p + q, "|", p - p, "|", p * q)
print([p(x) for x in range(-2, 3)], q(2), q(0.5))
print(p.derivative(), q.derivative(), (p * q).derivative(), Poly([5]).derivative())
print(p * q == q * p, (p + q) * p == p * p + q * p)
def newton(poly, x, steps=8):
    d = poly.derivative()
    for _ in range(steps):
        x = x - poly(x) / d(x)
    return x
cubic = Poly([-2, 0, 0, 1])
print(newton(cubic, 1.0), newton(Poly([-2, 0, 1]), 1.0))
binom = Poly([1, 1])
acc = Poly([1])
for n in range(1, 7):
    acc = acc * binom
    print(n, acc.c)
