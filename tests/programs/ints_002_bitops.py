# Bitwise operators, shifts and bin/hex/oct-ish conversions.
a = 0b1011_0110
b = 0x5A
print(a, b)
print(a & b, a | b, a ^ b)
print(~a, ~0, ~-1)
print(a << 3, a >> 2, 1 << 40, -16 >> 2, -1 >> 10)
print(bin(a), bin(b), hex(a), hex(255), hex(-255))
print(bin(0), bin(-5), hex(0))
print(0o777, 1_000_000)
n = 0
v = 0b1101101
while v:
    n += v & 1
    v >>= 1
print("popcount:", n)
mask = 0
for bit in (0, 3, 5, 9):
    mask |= 1 << bit
print(mask, bin(mask))
for bit in range(11):
    if mask & (1 << bit):
        print("bit", bit, "set")
mask &= ~(1 << 3)
print(bin(mask))
mask ^= 0xFF
print(bin(mask), mask)
x = 12345
x <<= 4
print(x)
x >>= 6
print(x)
print(1 << 100)
print((1 << 100) >> 99)
print(-(1 << 70) >> 3)
print((1 << 64) - 1 & 0xFFFF0000FFFF0000)
