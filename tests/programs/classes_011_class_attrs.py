# Class attributes shared between instances vs. instance attributes.
class Counter:
    total = 0
    shared = []

    def __init__(self, name):
        self.name = name
        self.count = 0
        Counter.total += 1
        self.shared.append(name)

    def inc(self, by=1):
        self.count += by
        return self

a = Counter("a")
b = Counter("b")
a.inc().inc(5)
b.inc(2)
print(a.count, b.count, Counter.total, a.total, Counter.shared, b.shared is a.shared)
a.total = 100
print(a.total, b.total, Counter.total)
Counter.total = 7
print(a.total, b.total)
class Config:
    defaults = {"color": "red", "size": 3}
    def __init__(self, **overrides):
        self.opts = dict(self.defaults)
        self.opts.update(overrides)
    def get(self, key):
        return self.opts.get(key, "?")
c1 = Config()
c2 = Config(size=10, shape="box")
print(c1.opts, c2.opts, c1.get("shape"), c2.get("shape"), Config.defaults)
class Unit:
    ratio = 1.0
    def convert(self, x):
        return x * self.ratio
class Km(Unit):
    ratio = 1000.0
class Mile(Unit):
    ratio = 1609.344
for u in (Unit(), Km(), Mile()):
    print(type(u).__name__, u.convert(2.5))
Mile.ratio = 1600
print(Mile().convert(1), Km().convert(1), Unit.ratio)
