# super() chains through several levels, with extra arguments and overrides.
class Base:
    def __init__(self, x):
        self.x = x
        self.log = ["Base.__init__"]

    def value(self):
        return self.x

    def hello(self):
        return "base"

class Middle(Base):
    def __init__(self, x, y):
        super().__init__(x)
        self.y = y
        self.log.append("Middle.__init__")

    def value(self):
        return super().value() + self.y

    def hello(self):
        return "middle>" + super().hello()

class Top(Middle):
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z
        self.log.append("Top.__init__")

    def value(self):
        return super().value() * self.z

    def hello(self):
        return "top>" + super().hello()

t = Top(1, 2, 3)
print(t.x, t.y, t.z, t.value(), t.hello(), t.log)
m = Middle(10, 5)
print(m.value(), m.hello(), m.log)
print(Middle.value(t), Base.value(t), Base.hello(t))
class Counter(Base):
    instances = 0
    def __init__(self, x):
        Counter.instances += 1
        super().__init__(x * 10)
cs = [Counter(i) for i in range(4)]
print(Counter.instances, [c.value() for c in cs], cs[2].hello())
