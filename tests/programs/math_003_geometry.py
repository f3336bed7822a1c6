# Geometry with math: polygon areas, angles, rotations, circle points.
import math

def polygon_area(pts):
    s = 0.0
    for i in range(len(pts)):
        x1, y1 = pts[i]
        x2, y2 = pts[(i + 1) % len(pts)]
        s += x1 * y2 - x2 * y1
    return abs(s) / 2

def rotate(p, angle):
    c, s = math.cos(angle), math.sin(angle)
    return (p[0] * c - p[1] * s, p[0] * s + p[1] * c)

def regular_polygon(n, r=1.0):
    return [(r * math.cos(2 * math.pi * k / n), r * math.sin(2 * math.pi * k / n)) for k in range(n)]

print(polygon_area([(0, 0), (4, 0), (4, 3), (0, 3)]), polygon_area([(0, 0), (2, 0), (1, 5)]))
for n in (3, 4, 6, 12, 48):
    a = polygon_area(regular_polygon(n))
    print(n, a, math.pi - a)
p = (1.0, 0.0)
for k in range(4):
    p = rotate(p, math.pi / 2)
    print(k, round(p[0], 12), round(p[1], 12))
print(rotate((3, 4), math.pi / 4))
def angle_deg(v):
    # angle from the x axis via the dot product; acos is built from sqrt-free pieces
    c = v[0] / math.sqrt(v[0] ** 2 + v[1] ** 2)
    lo, hi = 0.0, math.pi
    for _ in range(50):
        mid = (lo + hi) / 2
        if math.cos(mid) > c:
            lo = mid
        else:
            hi = mid
    return round(lo * 180 / math.pi, 6)
print(angle_deg((1, 1)), angle_deg((0, 5)), angle_deg((-1, 0)))
print(math.ceil(2 * math.pi * 10), math.floor(math.e * 100), math.sqrt(math.pi))
