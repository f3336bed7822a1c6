# Rasterizing shapes into a character canvas with a class hierarchy.
class Canvas:
    def __init__(self, w, h):
        self.w, self.h = w, h
        self.px = [["." for _ in range(w)] for _ in range(h)]

    def set(self, x, y, ch):
        if 0 <= x < self.w and 0 <= y < self.h:
            self.px[y][x] = ch

    def render(self):
        return "\n".join("".join(r) for r in self.px)

class Shape:
    ch = "?"
    def contains(self, x, y):
        return False
    def draw(self, canvas):
        n = 0
        for y in range(canvas.h):
            for x in range(canvas.w):
                if self.contains(x, y):
                    canvas.set(x, y, self.ch)
                    n += 1
        return n

class Rect(Shape):
    ch = "#"
    def __init__(self, x, y, w, h):
        self.x, self.y, self.w, self.h = x, y, w, h
    def contains(self, x, y):
        return self.x <= x < self.x + self.w and self.y <= y < self.y + self.h

class Circle(Shape):
    ch = "o"
    def __init__(self, cx, cy, r):
        self.cx, self.cy, self.r = cx, cy, r
    def contains(self, x, y):
        return (x - self.cx) ** 2 + (y - self.cy) ** 2 <= self.r * self.r

class Frame(Rect):
    ch = "+"
    def contains(self, x, y):
        inside = super().contains(x, y)
        return inside and (x in (self.x, self.x + self.w - 1) or y in (self.y, self.y + self.h - 1))

c = Canvas(16, 7)
counts = [s.draw(c) for s in (Rect(1, 1, 5, 3), Circle(10, 3, 3), Frame(0, 0, 16, 7))]
print(c.render())
print(counts)
