# Uncaught exception raised inside a generator.
def readings(raw):
    for i, r in enumerate(raw):
        if r < 0:
            raise ValueError(f"negative reading {r} at position {i}")
        yield r * 1.5

total = 0.0
for v in readings([2, 4, 6, -1, 8]):
    total += v
    print("reading", v, "total", total)
