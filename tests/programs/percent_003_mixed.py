# Mixing % formatting, f-strings and str() conversions for the same values.
vals = [0, 7, -7, 3.5, -0.25, 1e10, 12345678901234567890, "txt", None, True, [1, "a"], (2,)]
for v in vals:
    a = "%s" % (v,)
    b = f"{v}"
    c = str(v)
    d = "%r" % (v,)
    print(a == b == c, d == repr(v), a, d)
for n in (1, 12, 123, 1234):
    print("%6d|%-6d|%06d|" % (n, n, n), f"{n:6d}|{n:<6d}|{n:06d}|")
for f in (1.0, 2.25, -3.125):
    print("%8.3f %-8.2f| %e" % (f, f, f), f"{f:8.3f} {f:<8.2f}| {f:e}")
