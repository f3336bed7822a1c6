# __str__ and __repr__: print, str(), repr(), containers, f-strings.
class Money:
    def __init__(self, cents):
        self.cents = cents

    def __repr__(self):
        return f"Money({self.cents})"

    def __str__(self):
        return f"${self.cents // 100}.{self.cents % 100:02d}"

class Tag:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "<" + self.name + ">"

m = Money(12345)
print(m)
print(str(m), repr(m), [m, Money(5)], (m,), {"price": m})
print(f"{m} {m!r} {m!s}", "%s / %r" % (m, m))
t = Tag("div")
print(t, str(t), repr(t), [t, Tag("p")])
print("total: " + str(Money(sum(x.cents for x in [m, Money(55), Money(100)]))))
class Temperature:
    def __init__(self, c):
        self.c = c
    def __str__(self):
        return "%.1f C" % self.c
    def __repr__(self):
        return "Temperature(%r)" % self.c
temps = [Temperature(21.5), Temperature(-3), Temperature(37.77)]
print(temps)
for tt in temps:
    print(tt, end=" | ")
print()
print(", ".join(str(tt) for tt in temps), max(temps, key=lambda x: x.c))
