# Operator overloading: __add__, __sub__, __mul__, __eq__, __lt__, __len__.
class Vec:
    def __init__(self, *coords):
        self.coords = list(coords)

    def __add__(self, other):
        return Vec(*[a + b for a, b in zip(self.coords, other.coords)])

    def __sub__(self, other):
        return Vec(*[a - b for a, b in zip(self.coords, other.coords)])

    def __mul__(self, k):
        if isinstance(k, Vec):
            return sum(a * b for a, b in zip(self.coords, k.coords))
        return Vec(*[a * k for a in self.coords])

    def __eq__(self, other):
        return self.coords == other.coords

    def __lt__(self, other):
        return self.norm2() < other.norm2()

    def __len__(self):
        return len(self.coords)

    def norm2(self):
        return self * self

    def __repr__(self):
        return "Vec(" + ", ".join(str(c) for c in self.coords) + ")"

u = Vec(1, 2, 3)
v = Vec(4, -5, 6)
print(u + v, u - v, u * 3, u * v, v * 0.5)
print(u == Vec(1, 2, 3), u == v, u != v, u < v, v < u, len(u))
vs = [Vec(3, 4, 0), Vec(1, 1, 1), Vec(0, 0, 10), Vec(2, 2, 2)]
print(sorted(vs), min(vs), max(vs))
total = Vec(0, 0, 0)
for x in vs:
    total = total + x
print(total, sum(vs, Vec(0, 0, 0)))
w = Vec(1, 1, 1)
w += Vec(1, 0, 0)
w *= 2
print(w)
