# Benchmark: a small ray tracer.  Vector class with operator dunders, spheres
# and a checkered plane, diffuse + specular shading, shadows and one level of
# reflection; renders a tiny image as ASCII art and prints checksums.
# Written from scratch for pypyteach's test corpus.
import math

WIDTH = 20                # size parameter: image width in characters
HEIGHT = 9


class Vec:
    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y, self.z + o.z)

    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y, self.z - o.z)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k, self.z * k)

    def dot(self, o):
        return self.x * o.x + self.y * o.y + self.z * o.z

    def length(self):
        return math.sqrt(self.dot(self))

    def norm(self):
        n = self.length()
        return Vec(self.x / n, self.y / n, self.z / n)

    def __repr__(self):
        return "Vec(%.3f, %.3f, %.3f)" % (self.x, self.y, self.z)


class Ray:
    def __init__(self, origin, direction):
        self.origin = origin
        self.direction = direction.norm()

    def at(self, t):
        return self.origin + self.direction * t


class Thing:
    reflect = 0.0

    def intersect(self, ray):
        raise NotImplementedError

    def normal(self, point):
        raise NotImplementedError

    def colour(self, point):
        raise NotImplementedError


class Sphere(Thing):
    def __init__(self, centre, radius, colour, reflect=0.0):
        self.centre = centre
        self.radius = radius
        self.base = colour
        self.reflect = reflect

    def intersect(self, ray):
        oc = ray.origin - self.centre
        b = oc.dot(ray.direction)
        c = oc.dot(oc) - self.radius * self.radius
        disc = b * b - c
        if disc < 0:
            return None
        root = math.sqrt(disc)
        t = -b - root
        if t > 1e-6:
            return t
        t = -b + root
        return t if t > 1e-6 else None

    def normal(self, point):
        return (point - self.centre).norm()

    def colour(self, point):
        return self.base


class Plane(Thing):
    def __init__(self, height):
        self.height = height
        self.reflect = 0.25

    def intersect(self, ray):
        dy = ray.direction.y
        if abs(dy) < 1e-9:
            return None
        t = (self.height - ray.origin.y) / dy
        return t if t > 1e-6 else None

    def normal(self, point):
        return Vec(0.0, 1.0, 0.0)

    def colour(self, point):
        if (math.floor(point.x) + math.floor(point.z)) % 2 == 0:
            return 0.9
        return 0.2


class Scene:
    def __init__(self):
        self.things = [
            Sphere(Vec(0.0, 1.0, 4.0), 1.0, 0.8, 0.3),
            Sphere(Vec(-1.9, 0.6, 4.6), 0.6, 0.5),
            Sphere(Vec(1.5, 0.4, 3.2), 0.4, 1.0, 0.5),
            Plane(0.0),
        ]
        self.light = Vec(-2.0, 4.0, 0.5)
        self.eye = Vec(0.0, 1.2, 0.0)
        self.rays = 0
        self.shadow_rays = 0

    def hit(self, ray):
        best = None
        best_t = 1e30
        for thing in self.things:
            t = thing.intersect(ray)
            if t is not None and t < best_t:
                best, best_t = thing, t
        return best, best_t

    def trace(self, ray, depth):
        self.rays += 1
        thing, t = self.hit(ray)
        if thing is None:
            return 0.05 + 0.1 * max(ray.direction.y, 0.0)
        point = ray.at(t)
        n = thing.normal(point)
        to_light = self.light - point
        dist = to_light.length()
        l = to_light.norm()
        brightness = 0.1
        self.shadow_rays += 1
        blocker, bt = self.hit(Ray(point, l))
        if blocker is None or bt > dist:
            diffuse = n.dot(l)
            if diffuse > 0:
                brightness += 0.9 * diffuse
            reflected = ray.direction - n * (2 * ray.direction.dot(n))
            spec = reflected.dot(l)
            if spec > 0:
                brightness += 0.4 * spec ** 12
        value = brightness * thing.colour(point)
        if thing.reflect > 0 and depth < 1:
            r = ray.direction - n * (2 * ray.direction.dot(n))
            value = value * (1 - thing.reflect) + self.trace(Ray(point, r), depth + 1) * thing.reflect
        return value


def render(scene, width, height):
    shades = " .:-=+*#%@"
    rows = []
    values = []
    for j in range(height):
        y = 1.0 - 2.0 * (j + 0.5) / height
        row = ""
        for i in range(width):
            x = (2.0 * (i + 0.5) / width - 1.0) * 0.8
            v = scene.trace(Ray(scene.eye, Vec(x, y * 0.4, 1.0)), 0)
            values.append(v)
            k = int(min(v, 0.999) * len(shades))
            row += shades[k]
        rows.append(row)
    return rows, values


scene = Scene()
rows, values = render(scene, WIDTH, HEIGHT)
print("+" + "-" * WIDTH + "+")
for row in rows:
    print("|" + row + "|")
print("+" + "-" * WIDTH + "+")
print("rays", scene.rays, "shadow rays", scene.shadow_rays)
print("mean brightness", sum(values) / len(values))
print("max", max(values), "min", min(values))
checksum = 0
for v in values:
    checksum = (checksum * 131 + int(v * 1000)) % 1000000007
print("checksum", checksum)
print("centre pixel", values[(HEIGHT // 2) * WIDTH + WIDTH // 2], repr(Vec(1, 2, 3) + Vec(0.5, 0.25, 0.125) * 2))
