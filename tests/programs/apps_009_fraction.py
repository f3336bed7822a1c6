# A Fraction class with arithmetic, comparison, hashing, and a classmethod parser.
def gcd(a, b):
    while b:
        a, b = b, a % b
    return abs(a)

class Fraction:
    def __init__(self, num, den=1):
        if den == 0:
            raise ZeroDivisionError("zero denominator")
        if den < 0:
            num, den = -num, -den
        g = gcd(num, den) or 1
        self.num = num // g
        self.den = den // g

    @classmethod
    def parse(cls, text):
        if "/" in text:
            a, b = text.split("/")
            return cls(int(a), int(b))
        return cls(int(text))

    @staticmethod
    def harmonic(n):
        total = Fraction(0)
        for k in range(1, n + 1):
            total = total + Fraction(1, k)
        return total

    def __add__(self, o):
        return Fraction(self.num * o.den + o.num * self.den, self.den * o.den)

    def __sub__(self, o):
        return Fraction(self.num * o.den - o.num * self.den, self.den * o.den)

    def __mul__(self, o):
        return Fraction(self.num * o.num, self.den * o.den)

    def __eq__(self, o):
        return self.num == o.num and self.den == o.den

    def __lt__(self, o):
        return self.num * o.den < o.num * self.den

    def __hash__(self):
        return hash((self.num, self.den))

    def __repr__(self):
        return f"{self.num}/{self.den}" if self.den != 1 else str(self.num)

    def to_float(self):
        return self.num / self.den

a = Fraction(1, 3)
b = Fraction.parse("3/4")
print(a, b, a + b, a - b, b - a, a * b, Fraction(6, -8), Fraction.parse("5"))
print(a < b, b < a, a == Fraction(2, 6), len({a, Fraction(2, 6), b}))
print(sorted([Fraction(1, 2), Fraction(1, 3), Fraction(5, 6), Fraction(-1, 4)]))
print(Fraction.harmonic(10), Fraction.harmonic(10).to_float())
x = Fraction(0)
for i in range(1, 8):
    x = x + Fraction(1, 2 ** i)
print(x, x.to_float(), Fraction(1) - x)
try:
    Fraction(1, 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
