# Benchmark: an n-body gravity simulation with floats (symplectic Euler steps).
# A made-up planetary system in units where G = 1.  Written from scratch for
# pypyteach's test corpus.
import math

STEPS = 160               # size parameter: number of time steps
DT = 0.01


class Body:
    def __init__(self, name, x, y, z, vx, vy, vz, mass):
        self.name = name
        self.x, self.y, self.z = x, y, z
        self.vx, self.vy, self.vz = vx, vy, vz
        self.mass = mass


def make_system():
    bodies = [
        Body("star", 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1000.0),
        Body("rocky", 4.0, 0.0, 0.1, 0.0, 15.8, 0.0, 0.5),
        Body("ocean", -7.5, 1.0, 0.0, -1.5, -11.4, 0.2, 1.2),
        Body("giant", 0.0, 12.0, -0.3, -9.1, 0.0, 0.05, 9.5),
        Body("ice", -1.0, -18.0, 0.6, 7.4, -0.4, -0.1, 2.25),
    ]
    px = py = pz = 0.0
    for b in bodies:
        px += b.vx * b.mass
        py += b.vy * b.mass
        pz += b.vz * b.mass
    star = bodies[0]
    star.vx = -px / star.mass
    star.vy = -py / star.mass
    star.vz = -pz / star.mass
    return bodies


def energy(bodies):
    e = 0.0
    n = len(bodies)
    for i in range(n):
        b = bodies[i]
        e += 0.5 * b.mass * (b.vx * b.vx + b.vy * b.vy + b.vz * b.vz)
        for j in range(i + 1, n):
            o = bodies[j]
            dx = b.x - o.x
            dy = b.y - o.y
            dz = b.z - o.z
            e -= b.mass * o.mass / math.sqrt(dx * dx + dy * dy + dz * dz)
    return e


def advance(bodies, dt):
    n = len(bodies)
    for i in range(n):
        b = bodies[i]
        for j in range(i + 1, n):
            o = bodies[j]
            dx = b.x - o.x
            dy = b.y - o.y
            dz = b.z - o.z
            d2 = dx * dx + dy * dy + dz * dz
            mag = dt / (d2 * math.sqrt(d2))
            bm = b.mass * mag
            om = o.mass * mag
            b.vx -= dx * om
            b.vy -= dy * om
            b.vz -= dz * om
            o.vx += dx * bm
            o.vy += dy * bm
            o.vz += dz * bm
    for b in bodies:
        b.x += dt * b.vx
        b.y += dt * b.vy
        b.z += dt * b.vz


bodies = make_system()
e0 = energy(bodies)
print("initial energy", e0)
for step in range(1, STEPS + 1):
    advance(bodies, DT)
    if step % (STEPS // 4) == 0:
        print("step", step, "energy", energy(bodies))
e1 = energy(bodies)
print("final energy", e1, "relative drift", (e1 - e0) / abs(e0))
for b in bodies:
    print(f"{b.name:6} pos=({b.x:.6f}, {b.y:.6f}, {b.z:.6f}) speed={math.sqrt(b.vx ** 2 + b.vy ** 2 + b.vz ** 2):.6f}")
print("positions", [round(b.x, 9) for b in bodies])
print("raw", bodies[1].x, bodies[1].vy)
