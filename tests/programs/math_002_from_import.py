# from math import sqrt: distances, the quadratic formula, Heron's formula.
from math import sqrt

def dist(p, q):
    return sqrt((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2)

def quadratic(a, b, c):
    d = b * b - 4 * a * c
    if d < 0:
        return ()
    if d == 0:
        return (-b / (2 * a),)
    r = sqrt(d)
    return ((-b - r) / (2 * a), (-b + r) / (2 * a))

def heron(a, b, c):
    s = (a + b + c) / 2
    return sqrt(s * (s - a) * (s - b) * (s - c))

pts = [(0, 0), (3, 4), (-1, 7), (2.5, -1.5)]
for i in range(len(pts)):
    for j in range(i + 1, len(pts)):
        print(pts[i], pts[j], dist(pts[i], pts[j]))
print(quadratic(1, -3, 2), quadratic(1, 2, 1), quadratic(1, 0, 1), quadratic(2, 5, -3))
print(heron(3, 4, 5), heron(1, 1, 1), heron(5, 5, 8))
perimeter = 0.0
for i in range(len(pts)):
    perimeter += dist(pts[i], pts[(i + 1) % len(pts)])
print(perimeter)
print(sqrt(2) * sqrt(2) == 2, abs(sqrt(2) * sqrt(2) - 2) < 1e-12)
