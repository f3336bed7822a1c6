# Classes: __init__, instance attributes, methods, class attributes.
class Point:
    dims = 2

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def move(self, dx, dy):
        self.x += dx
        self.y += dy
        return self

    def dist2(self, other):
        return (self.x - other.x) ** 2 + (self.y - other.y) ** 2

    def as_tuple(self):
        return (self.x, self.y)

p = Point(1, 2)
q = Point(4, 6)
print(p.x, p.y, q.as_tuple(), p.dist2(q), Point.dims, p.dims)
p.move(1, 1).move(2, -3)
print(p.as_tuple())
p.label = "P"
print(p.label)
Point.dims = 3
print(p.dims, q.dims)
q.dims = 99
print(p.dims, q.dims, Point.dims)
print(Point.as_tuple(q), Point.dist2(p, q))
m = p.move
m(10, 10)
print(p.as_tuple())
pts = [Point(i, i * i) for i in range(4)]
print([pt.as_tuple() for pt in pts])
print(sum(pt.y for pt in pts), max(pts, key=lambda pt: pt.x - pt.y).as_tuple())
class Empty:
    pass
e = Empty()
e.a = 1
e.b = [e.a, 2]
print(e.a, e.b, type(e).__name__, isinstance(e, Empty))
