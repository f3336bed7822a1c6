# Instance attributes change kind: an int or float attribute (stored unboxed)
# later holds a str, a float, a bool, a huge int, None, a list; del and re-set.
class Box:
    def __init__(self, value):
        self.value = value
        self.count = 0

    def show(self):
        return "%s:%r/%r" % (type(self.value).__name__, self.value, self.count)


b = Box(41)
b.value += 1
print(b.show())
for new in ["forty-two", 42.5, True, False, 2 ** 80, -(2 ** 70), None, [1, 2], (3,), 7, 0.0, -0.0]:
    b.value = new
    b.count += 1
    print(b.show())

f = Box(1.5)
f.value *= 2
print(f.show())
f.value = 3
print(f.show(), f.value + 1, f.value / 2)
f.value = 3.25
print(f.show())

# big ints: an int attribute whose arithmetic overflows a machine word
g = Box(2 ** 62)
g.value += 2 ** 62
print(g.show())
g.value -= 2 ** 63
print(g.show(), g.value == 0)
g.value = 2 ** 63 - 1
g.count = -2 ** 63
print(g.show())
g.value += 1
g.count -= 1
print(g.show())

# del then set again, with another kind
d = Box(5)
d.extra = 1.25
del d.value
print(hasattr(d, "value"), d.count, d.extra)
d.value = "back"
print(d.show(), d.extra)
del d.value
d.value = 9
d.value += 1
print(d.show(), d.extra)
del d.extra
d.extra = 2
print(d.extra, d.value, d.count)
try:
    del d.missing
except AttributeError as e:
    print("AttributeError", e)
try:
    print(d.extra2)
except AttributeError as e:
    print("AttributeError", e)

# bool is not an int attribute; an int attribute given a bool keeps the bool
h = Box(True)
h.value = 1
print(h.show(), h.value is True)
h.value = True
print(h.show(), h.value is True)
h.count = False
print(h.show(), h.count is False)

# getattr/setattr with names computed at run time
for name, value in [("a", 1), ("b", 2.0), ("c", "three"), ("a", 4.0), ("b", 5), ("c", 6)]:
    setattr(h, name, value)
    print(name, getattr(h, name), getattr(h, "zz", "default"))
del h.b
print(hasattr(h, "a"), hasattr(h, "b"), hasattr(h, "c"), h.a, h.c)
