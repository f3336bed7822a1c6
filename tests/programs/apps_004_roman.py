# Roman numerals: conversion both ways, validation by round trip.
VALUES = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
SINGLE = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}

def to_roman(n):
    if not 0 < n < 4000:
        raise ValueError(f"out of range: {n}")
    out = ""
    for v, sym in VALUES:
        while n >= v:
            out += sym
            n -= v
    return out

def from_roman(s):
    total = 0
    for i, ch in enumerate(s):
        v = SINGLE[ch]
        if i + 1 < len(s) and SINGLE[s[i + 1]] > v:
            total -= v
        else:
            total += v
    return total

for n in (1, 4, 9, 14, 40, 90, 400, 1994, 2024, 3999, 444, 1666):
    r = to_roman(n)
    print(n, r, from_roman(r))
print(all(from_roman(to_roman(n)) == n for n in range(1, 40)))
for bad in (0, 4000, -5):
    try:
        to_roman(bad)
    except ValueError as e:
        print("ValueError:", e)
def valid(s):
    try:
        return to_roman(from_roman(s)) == s
    except (KeyError, ValueError):
        return False
print([s for s in ["XIV", "IIII", "MCMXC", "IC", "ABC", "XLII", "VX"] if valid(s)])
