# pow with two and three arguments, modular arithmetic, fast exponentiation.
def fast_pow(base, exp, mod):
    result = 1
    base %= mod
    while exp > 0:
        if exp & 1:
            result = result * base % mod
        base = base * base % mod
        exp >>= 1
    return result

for b, e, m in [(2, 10, 1000), (3, 200, 13), (7, 12345, 1000003), (10, 100, 7), (12345678901, 98765, 10 ** 9 + 9)]:
    print(b, e, m, pow(b, e, m), fast_pow(b, e, m))
print(pow(2, 10), pow(2, -1), pow(-2, 3), pow(5, 0))
print(pow(2, 0.5), pow(4, 0.5), 2 ** -2, 10 ** -3)
print(pow(-8, 1, 5), pow(-3, 3, 7), -7 % 5, 7 % -5)
# Fermat test on a few numbers
for n in (91, 97, 561, 1009, 1105):
    witness = all(pow(a, n - 1, n) == 1 for a in (2, 3, 5, 7) if n % a)
    print(n, witness)
print(pow(3, 4, 1), pow(0, 0), 0 ** 0)
print((-1) ** 101, (-1) ** 100)
