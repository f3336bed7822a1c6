# __eq__ and __hash__: value objects in sets and as dict keys.
class Coord:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __eq__(self, other):
        if not isinstance(other, Coord):
            return False
        return self.x == other.x and self.y == other.y

    def __hash__(self):
        return hash((self.x, self.y))

    def __repr__(self):
        return f"C({self.x},{self.y})"

a = Coord(1, 2)
b = Coord(1, 2)
c = Coord(2, 1)
print(a == b, a == c, a != b, a != c, a is b, a == (1, 2))
s = {a, b, c}
print(len(s), Coord(2, 1) in s, Coord(3, 3) in s)
d = {a: "first"}
d[b] = "second"
d[c] = "third"
print(d, d[Coord(1, 2)])
visited = set()
path = [Coord(0, 0), Coord(0, 1), Coord(1, 1), Coord(0, 1), Coord(0, 0), Coord(2, 2)]
for p in path:
    if p in visited:
        print("revisit", p)
    visited.add(p)
print(len(visited), sorted(visited, key=lambda p: (p.x, p.y)))
print([Coord(1, 1)] == [Coord(1, 1)], Coord(1, 1) in [Coord(0, 0), Coord(1, 1)], [a, c].index(Coord(2, 1)))
class Plain:
    def __init__(self, v):
        self.v = v
p1 = Plain(1)
p2 = Plain(1)
print(p1 == p2, p1 == p1, len({p1, p2, p1}))
