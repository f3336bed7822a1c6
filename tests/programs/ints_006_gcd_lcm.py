# GCD and LCM, recursive and iterative, and extended Euclid.
def gcd(a, b):
    while b:
        a, b = b, a % b
    return abs(a)

def gcd_rec(a, b):
    if b == 0:
        return a
    return gcd_rec(b, a % b)

def lcm(a, b):
    return a // gcd(a, b) * b

def egcd(a, b):
    if b == 0:
        return a, 1, 0
    g, x, y = egcd(b, a % b)
    return g, y, x - (a // b) * y

pairs = [(12, 18), (17, 5), (100, 75), (0, 9), (270, 192), (2 ** 40, 6 ** 20)]
for a, b in pairs:
    print(a, b, gcd(a, b), gcd_rec(a, b), lcm(a, b) if a and b else 0)
for a, b in [(240, 46), (35, 15), (99, 78)]:
    g, x, y = egcd(a, b)
    print("egcd", a, b, "->", g, x, y, a * x + b * y == g)
l = 1
for k in range(1, 21):
    l = lcm(l, k)
print("lcm 1..20 =", l)
def modinv(a, m):
    g, x, _ = egcd(a, m)
    if g != 1:
        return None
    return x % m
print(modinv(3, 11), modinv(10, 17), modinv(6, 9))
print(gcd(-12, 18), gcd(12, -18))
