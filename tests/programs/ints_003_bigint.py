# Arbitrary precision integers: factorials, powers, big products.
def fact(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r

for n in (5, 10, 20, 21, 25, 30):
    print(n, fact(n))
print(2 ** 63, 2 ** 64, 2 ** 100)
print(2 ** 63 - 1 + 1, -(2 ** 63) - 1)
big = 123456789012345678901234567890
print(big * big)
print(big * -987654321)
print(big + 1, big - big, big // 7, big % 7)
print(-big // 7, -big % 7, big // -13, big % -13)
print(divmod(-big, 1000000007))
print(len(str(fact(50))), str(fact(50))[:20])
print(int('123456789012345678901234567890') == big)
print(int('-99999999999999999999') + 1)
print(10 ** 20 // 3, 10 ** 20 % 3)
print(3 ** 50, (3 ** 50) % 1000)
print(pow(2, 200, 10 ** 9 + 7), pow(3, 1000, 97))
print(abs(-(10 ** 30)), -(10 ** 30) < -(10 ** 29))
x = 1
for i in range(70):
    x = x * 2 + 1
print(x, len(bin(x)) - 2)
print(hex(2 ** 80), bin(2 ** 65))
print(big == 123456789012345678901234567890, big > 2 ** 64, big < 2 ** 100)
