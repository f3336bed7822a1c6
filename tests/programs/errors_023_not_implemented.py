# Uncaught NotImplementedError raised by an abstract method.
class Shape:
    def area(self):
        raise NotImplementedError("subclasses must implement area()")

class Square(Shape):
    def __init__(self, s):
        self.s = s

    def area(self):
        return self.s * self.s

class Blob(Shape):
    pass

for shape in [Square(3), Square(1.5), Blob()]:
    print(type(shape).__name__)
    print(shape.area())
