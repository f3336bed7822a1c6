# Polymorphism through a shape hierarchy.
import math

class Shape:
    def __init__(self, name):
        self.name = name

    def area(self):
        raise NotImplementedError("area not implemented for " + self.name)

    def perimeter(self):
        return 0

    def __str__(self):
        return f"{self.name}(area={self.area():.3f}, perimeter={self.perimeter():.3f})"

class Circle(Shape):
    def __init__(self, r):
        super().__init__("circle")
        self.r = r

    def area(self):
        return math.pi * self.r ** 2

    def perimeter(self):
        return 2 * math.pi * self.r

class Rect(Shape):
    def __init__(self, w, h):
        super().__init__("rect")
        self.w, self.h = w, h

    def area(self):
        return self.w * self.h

    def perimeter(self):
        return 2 * (self.w + self.h)

class Square(Rect):
    def __init__(self, side):
        super().__init__(side, side)
        self.name = "square"

class Triangle(Shape):
    def __init__(self, a, b, c):
        super().__init__("triangle")
        self.sides = (a, b, c)

    def area(self):
        a, b, c = self.sides
        s = (a + b + c) / 2
        return math.sqrt(s * (s - a) * (s - b) * (s - c))

    def perimeter(self):
        return sum(self.sides)

shapes = [Circle(1), Rect(2, 3.5), Square(4), Triangle(3, 4, 5), Circle(0.5)]
for s in shapes:
    print(s)
print(sorted(s.name for s in shapes))
print(max(shapes, key=lambda s: s.area()).name, sum(s.area() for s in shapes))
try:
    print(Shape("blob"))
except NotImplementedError as e:
    print("NotImplementedError:", e)
print([isinstance(s, Rect) for s in shapes])
