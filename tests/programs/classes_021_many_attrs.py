# Many attributes of mixed kinds on one instance (the arrays that hold them
# grow), the same attributes set in another order, and a class hierarchy.
class Record:
    pass


r = Record()
for i in range(20):
    if i % 4 == 0:
        value = i * 1.5
    elif i % 4 == 1:
        value = "s%d" % i
    elif i % 4 == 2:
        value = i * i
    else:
        value = [i]
    setattr(r, "f%02d" % i, value)
print([getattr(r, "f%02d" % i) for i in range(20)])
for i in range(20):
    name = "f%02d" % i
    setattr(r, name, getattr(r, name) * 2)
print([getattr(r, "f%02d" % i) for i in range(20)])
del r.f00, r.f03, r.f06, r.f09
del r.f12, r.f15, r.f18
print([getattr(r, "f%02d" % i, None) for i in range(20)])
for i in range(0, 20, 3):
    setattr(r, "f%02d" % i, -i)
print([getattr(r, "f%02d" % i) for i in range(20)])
r.f02 = "was an int"
r.f00 = 0.5
print([getattr(r, "f%02d" % i) for i in range(20)])

# same attributes, other order: other maps, same values
s = Record()
for i in reversed(range(20)):
    setattr(s, "f%02d" % i, getattr(r, "f%02d" % i))
print(all(getattr(s, "f%02d" % i) == getattr(r, "f%02d" % i) for i in range(20)))


class Shape:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def moved(self, dx, dy):
        self.x += dx
        self.y += dy
        return self

    def area(self):
        return 0

    def __repr__(self):
        return "%s(%r, %r, area=%r)" % (type(self).__name__, self.x, self.y, self.area())


class Rect(Shape):
    def __init__(self, x, y, w, h):
        Shape.__init__(self, x, y)
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h


class Square(Rect):
    def __init__(self, x, y, side):
        super().__init__(x, y, side, side)


shapes = [Shape(0, 0), Rect(1, 2, 3, 4), Square(1.5, 2.5, 2), Rect(0, 0, 0.5, 4), Square(1, 1, 3)]
for step in range(3):
    for sh in shapes:
        sh.moved(step, 0.5)
print(shapes)
shapes[1].w = "wide"
shapes[1].h = 2
print(shapes[1])
print(sum(sh.area() for sh in shapes if sh is not shapes[1]))


# user exceptions carry unboxed attributes too
class CodeError(Exception):
    def __init__(self, code, ratio):
        super().__init__("code %d" % code)
        self.code = code
        self.ratio = ratio


try:
    raise CodeError(404, 0.25)
except CodeError as e:
    e.code += 1
    print(e, e.args, e.code, e.ratio)
