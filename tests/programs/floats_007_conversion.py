# float <-> int <-> str conversions and float formatting via str/repr.
vals = [0.0, 1.0, -1.5, 3.0e10, 1.23456789e-7, 99.99, 1 / 7, 2 ** 0.5]
for v in vals:
    print(repr(v), str(v), int(v), round(v, 3), float(str(v)) == v)
print(float(True), float(False), float(12), float(-0.0))
print(str(1.0) + "x", "%s|%r" % (2.5, 2.5))
print(int(float("12.9")), float(int("12")), int(-0.9))
print(float("  -3.75\n"), float("1E3"), float(".5"), float("5."))
nums = [1.25, 1.5, 1.75]
print(nums, tuple(nums), [int(n * 4) for n in nums])
print({1.5: "a", 2.0: "b"}, {2.0: 1}[2], 1.0 in [1, 2])
print(sum([1, 2.5, 3]), sum(range(5)) / 2)
