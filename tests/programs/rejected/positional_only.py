# expect: positional-only parameters
# line: 7 col: 10
# Positional-only parameters (the / marker) are outside the subset; the
# position is that of the first positional-only parameter.
def ok(a, b=2, *rest, c, **kw):
    return a
def clamp(value, lo, /, hi=10):
    return max(lo, min(value, hi))

print(ok(1, c=3), clamp(15, 0))
