# Iterator classes: __iter__ returning self and __next__ raising StopIteration.
class Countdown:
    def __init__(self, start):
        self.current = start

    def __iter__(self):
        return self

    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1

print(list(Countdown(5)))
c = Countdown(3)
print(next(c), next(c), next(c), next(c, "end"))
for x in Countdown(2):
    print("tick", x)
class Range2:
    def __init__(self, lo, hi, step=1):
        self.lo, self.hi, self.step = lo, hi, step
    def __iter__(self):
        return Range2Iter(self)
class Range2Iter:
    def __init__(self, r):
        self.r = r
        self.i = r.lo
    def __iter__(self):
        return self
    def __next__(self):
        if self.i >= self.r.hi:
            raise StopIteration
        v = self.i
        self.i += self.r.step
        return v
r = Range2(0, 10, 3)
print(list(r), list(r), sum(r), [a * b for a, b in zip(r, r)])
class Fib:
    def __init__(self, limit):
        self.limit = limit
    def __iter__(self):
        a, b = 0, 1
        while a < self.limit:
            yield a
            a, b = b, a + b
print(list(Fib(100)), max(Fib(1000)), 21 in Fib(50))
