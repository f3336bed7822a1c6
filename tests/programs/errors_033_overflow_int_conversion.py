# Uncaught OverflowError converting an infinite float to int.
vals = [1.5, 1e18, -2.75, float("inf")]
for v in vals:
    print(v, "->", int(v))
