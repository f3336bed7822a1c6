# Nested format specs: {x:{w}}, {x:{w}.{p}f}, computed fill/alignment.
rows = [("apple", 1.5, 3), ("banana", 0.25, 12), ("cherry", 10.0, 7)]
w = max(len(r[0]) for r in rows) + 2
for name, price, qty in rows:
    print(f"{name:{w}}|{price:{w}.2f}|{qty:>{w}}|")
for p in range(4):
    print(f"pi to {p}: {3.14159265:.{p}f}")
for width in (4, 8, 12):
    print(f"[{'x':>{width}}] [{42:^{width}}] [{-1.5:<{width}.1f}]")
align = "^"
fill = "="
print(f"[{'mid':{fill}{align}15}]")
def table(data, cols):
    widths = [max(len(str(r[i])) for r in data) for i in range(cols)]
    for r in data:
        print(" | ".join(f"{str(r[i]):>{widths[i]}}" for i in range(cols)))
table([("x", 1, 200), ("long name", 22, 3), ("mid", 333, 4)], 3)
