# A float and an int compare exactly, not as two floats: ints beyond 2**53
# are not all floats, so 2.0**62 and 2**62 + 3 differ (found by the fuzzer).

ints = [2**53, 2**53 + 1, -2**53 - 1, 2**62 + 3, -(2**63), 2**63 - 1, 0, 7, -7, 1 << 60]
floats = [float(2**53), 2.0**53 + 2, 2.0**62, -2.0**63, 9.2e18, 0.5, -0.0, float("inf"), 1.5e300]

table = []
for i in ints:
    row = ""
    for f in floats:
        row += "<" if i < f else ("=" if i == f else ">")
        assert (i != f) == (not i == f) and (f >= i) == (i <= f)
    table.append(row)
print("\n".join(table))


def count(n):
    c = 2**62 + 3
    t = 0
    for i in range(n):
        if (0.5 + c) != c:
            t += 1
        if c == float(c):
            t += 100
        if i + 0.5 > 2**53 + 1:
            t += 1000
    return t


print(count(600))
