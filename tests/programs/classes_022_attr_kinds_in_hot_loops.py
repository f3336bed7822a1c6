# Hot loops over instance attributes whose kind changes while the loop runs:
# compiled code guards on the instance's map, and deoptimizing must rebuild
# the right objects (boxes of unboxed values, instances that were virtual).
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


def count_then_float(n):
    p = Point(0, 0)
    for i in range(n):
        p.x += 1
        if i == n // 2:
            p.x = p.x + 0.5          # int attribute becomes a float
    return p.x


def count_then_str(n):
    p = Point(0, 0.0)
    out = []
    for i in range(n):
        if i == 50:
            p.x = "x"                # int attribute becomes a str: boxed
        if i >= 50:
            out.append(p.x)
        else:
            p.x += 2
        p.y += 0.25
    return p.x, p.y, len(out), out[:2]


def overflow(n):
    p = Point(1, 1)
    for i in range(n):
        p.x *= 3                     # leaves the machine word: a big int
        p.y += 1
    return p.x, p.y


def float_attrs(n):
    p = Point(0.0, 1.0)
    for i in range(n):
        p.x += p.y * 0.5
        p.y = -p.y
        if i == 50:
            p.y = 2                  # float attribute gets an int
    return p.x, p.y


def virtual_points(n):
    total = 0.0
    kept = []
    for i in range(n):
        q = Point(i, i * 0.5)        # stays virtual in the loop
        if i % 7 == 0:
            total += q.y             # a guard fails while q is virtual
        if i % 25 == 0:
            kept.append(q)           # q escapes
        total += q.x
    return total, [(k.x, k.y) for k in kept]


def mixed_values(values):
    p = Point(0, 0)
    seen = []
    for v in values:
        p.x = v
        p.y += 1
        seen.append(type(p.x).__name__)
    return p.x, p.y, seen.count("int"), seen.count("float"), seen.count("str"), seen.count("bool")


def new_objects_with_changing_kinds(n):
    pts = []
    for i in range(n):
        if i < n // 3:
            pts.append(Point(i, i))
        elif i < 2 * n // 3:
            pts.append(Point(i * 1.0, str(i)))
        else:
            pts.append(Point(i > n - 5, None))
    s = 0
    for pt in pts:
        s += pt.x
    return s, pts[-1].x, pts[n // 2].y


def delete_in_loop(n):
    p = Point(0, 0)
    for i in range(n):
        p.x += i
        if i % 20 == 19:
            del p.y
            p.y = i * 0.5 if i % 40 == 39 else i
        p.y += 1
    return p.x, p.y


print(count_then_float(100))
print(count_then_str(90))
print(overflow(60))
print(float_attrs(100))
print(virtual_points(100))
print(mixed_values(list(range(30)) + [1.5, 2.5] * 10 + ["a", True, 3] * 8))
print(new_objects_with_changing_kinds(60))
print(delete_in_loop(100))
