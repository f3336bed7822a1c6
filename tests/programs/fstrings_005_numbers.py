# Number formatting through f-strings over a range of values.
values = [0, 1, -1, 7, 255, 1000, -4096, 123456789, 2 ** 40]
for v in values:
    print(f"{v:>14,} {v:>12x} {v:+8d} {v:e}")
floats = [0.0, -0.0, 1.0, 0.5, 1 / 3, 2.675, 1e-7, 123456.789, -98.7654]
for f in floats:
    print(f"{f!r:>22} {f:10.3f} {f:12.4e} {f:g} {f:.1%}")
print(f"{12:03d} {12:3d} {12:<3d}| {-12:04d}")
print(f"{1e16:f} {1.5:10.2f} {float('inf'):f} {float('-inf'):>6}")
