# The math module: sqrt, floor, ceil, sin, cos, exp, log, pi, e.
import math

print(math.pi, math.e)
print(math.sqrt(2), math.sqrt(16), math.sqrt(0.25), math.sqrt(1e10))
print(math.floor(3.7), math.floor(-3.7), math.ceil(3.2), math.ceil(-3.2), math.floor(5), math.ceil(2.0))
print(type(math.floor(2.5)).__name__, math.floor(1e16 + 0.5), math.ceil(-0.5))
print(math.sin(0), math.sin(math.pi / 2), math.sin(math.pi / 6), math.cos(0), math.cos(math.pi), math.cos(math.pi / 3))
print(math.exp(0), math.exp(1), math.exp(-1), math.exp(10), math.exp(0.5))
print(math.log(1), math.log(math.e), math.log(10), math.log(1024, 2), math.log(1000, 10), math.log(0.5))
for deg in range(0, 361, 45):
    rad = deg * math.pi / 180
    print(deg, round(math.sin(rad), 6), round(math.cos(rad), 6))
print(math.sqrt(3) ** 2, math.exp(math.log(5)), math.sin(1) ** 2 + math.cos(1) ** 2)
