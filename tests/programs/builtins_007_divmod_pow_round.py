# divmod, pow (two and three args), round (banker's rounding, ndigits).
for a, b in [(17, 5), (-17, 5), (17, -5), (-17, -5), (0, 3), (7.5, 2), (-7.5, 2), (10 ** 20, 7)]:
    print(a, b, divmod(a, b))
print(pow(2, 10), pow(2, -2), pow(2.0, 3), pow(-2, 3), pow(2, 100), pow(9, 0.5))
print(pow(2, 10, 1000), pow(7, 222, 1000), pow(-3, 3, 5), pow(12345, 6789, 10007))
print(round(2.5), round(3.5), round(-0.5), round(0.5), round(1.5), round(2.675, 2), round(0.125, 2))
print(round(3.14159, 3), round(3.14159, 0), round(1234, -2), round(1250, -2), round(-1250, -2), round(1251, -2))
print(round(5), round(5.0), round(-3.7), round(1e15 + 0.5), round(0.1 + 0.2, 1))
money = [2.345, 2.355, 1.005, 10.115]
print([round(m, 2) for m in money])
