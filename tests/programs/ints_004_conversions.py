# int() with strings and bases, str() of ints, and float -> int.
print(int("42"), int("-17"), int("  8  "), int("+5"))
print(int("ff", 16), int("FF", 16), int("777", 8), int("1010", 2))
print(int("z", 36), int("10", 36), int("0x1f", 16), int("0b101", 2))
print(int("0o17", 8), int("1_000"), int("0", 2))
print(int(3.9), int(-3.9), int(0.5), int(-0.5), int(1e20))
print(int(True), int(False), int())
print(str(123), str(-456), str(0), repr(789))
print(str(10 ** 25), len(str(10 ** 25)))
print(int(str(2 ** 70)) == 2 ** 70)
digits = [int(c) for c in "9081726354"]
print(digits, sum(digits))
def to_base(n, base):
    if n == 0:
        return "0"
    chars = "0123456789abcdefghijklmnopqrstuvwxyz"
    sign = ""
    if n < 0:
        sign = "-"
        n = -n
    out = ""
    while n:
        n, r = divmod(n, base)
        out = chars[r] + out
    return sign + out
for n in (0, 5, 255, -255, 1000, 2 ** 40):
    print(n, to_base(n, 2), to_base(n, 7), to_base(n, 16), to_base(n, 36))
    assert int(to_base(n, 36), 36) == n
print(bool(0), bool(7), bool(-1))
print(float(7), float(-3), float(2 ** 60))
print(round(7.5), round(8.5), round(-2.5), round(123, -1), round(125, -1), round(135, -1))
