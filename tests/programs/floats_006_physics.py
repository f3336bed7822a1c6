# A falling-ball simulation with explicit Euler steps.
g = -9.81
dt = 0.05
y = 20.0
v = 0.0
t = 0.0
bounces = 0
history = []
while bounces < 3 and t < 10:
    v += g * dt
    y += v * dt
    t += dt
    if y < 0:
        y = -y
        v = -v * 0.8
        bounces += 1
        print("bounce", bounces, "t =", t, "v =", v)
    history.append(y)
print(len(history), max(history), min(history))
print(history[:5])
print(history[-3:])
print("final", t, y, v)
