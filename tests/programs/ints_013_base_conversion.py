# Number bases: hex/bin output, int() parsing with bases, manual conversions, two's complement.
for n in (0, 1, 10, 255, 256, 4095, 65535, 2 ** 32, -42):
    print(n, hex(n), bin(n), int(hex(n), 16), int(bin(n), 2))
print(int("zz", 36), int("-101", 2), int("7fffffff", 16), int("Z", 36), int("10", 8))
def twos_complement(n, bits):
    return n & ((1 << bits) - 1)
def from_twos(u, bits):
    return u - (1 << bits) if u >> (bits - 1) else u
for n in (5, -5, -128, 127, -1):
    u = twos_complement(n, 8)
    print(n, u, bin(u), from_twos(u, 8))
def gray(n):
    return n ^ (n >> 1)
print([bin(gray(i))[2:] for i in range(8)])
def reverse_bits(n, width):
    r = 0
    for _ in range(width):
        r = (r << 1) | (n & 1)
        n >>= 1
    return r
print([reverse_bits(i, 4) for i in range(8)], reverse_bits(0b1011, 8))
print(f"{3735928559:x} {3735928559:#X} {0o755:o} {0b1010:b} {255:08b}")
