# property, staticmethod and classmethod (one of the few programs using them).
class Temperature:
    scale = "C"

    def __init__(self, celsius):
        self._c = celsius

    @property
    def celsius(self):
        return self._c

    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError("below absolute zero")
        self._c = value

    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32

    @staticmethod
    def c_to_k(c):
        return c + 273.15

    @classmethod
    def from_fahrenheit(cls, f):
        return cls((f - 32) * 5 / 9)

    @classmethod
    def describe(cls):
        return "scale " + cls.scale

t = Temperature(25)
print(t.celsius, t.fahrenheit, Temperature.c_to_k(0), t.c_to_k(100))
t.celsius = 100
print(t.celsius, t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print("error:", e)
print(t.celsius)
u = Temperature.from_fahrenheit(212)
print(u.celsius, type(u).__name__, Temperature.describe(), u.describe())
class Kelvin(Temperature):
    scale = "K"
k = Kelvin.from_fahrenheit(32)
print(type(k).__name__, k.celsius, Kelvin.describe())
