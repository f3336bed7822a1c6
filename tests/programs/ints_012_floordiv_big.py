# Negative floor division and modulo, including values beyond 64 bits.
nums = [7, -7, 2 ** 65 + 3, -(2 ** 65 + 3), 10 ** 30 + 1, -(10 ** 30) - 1]
divs = [3, -3, 2 ** 33 + 1, -(10 ** 10)]
for n in nums:
    for d in divs:
        q = n // d
        r = n % d
        assert q * d + r == n
        print(n, d, q, r)
print(divmod(-(2 ** 100), 7), divmod(2 ** 100, -7))
print(-(2 ** 64) // 2 ** 32, -(2 ** 64) % (2 ** 32 + 5))
