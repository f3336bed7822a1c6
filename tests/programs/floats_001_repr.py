# Float repr: shortest round-tripping output, as CPython prints it.
print(0.1 + 0.2, 0.1 + 0.7, 1 / 3, 2 / 3, 10 / 3)
print(1.0, 2.5, -0.0, 0.0, 100.0, 1e16, 1e15, 123456789012345678.0)
print(1e-4, 1e-5, 0.0001, 0.00001, 1.5e-7, 3e22)
print(1e300 * 10, -1e300 * 10, 1e300 * 1e10, -1e300 * 1e300)
print(float('inf'), float('-inf'), float('nan'))
print(repr(0.1), str(0.1), repr(1e100), str(-2.5e-10))
print(3.14159, 2.718281828459045, 1.7976931348623157e308, 5e-324)
print(0.1 * 3, 0.3, 0.1 * 3 == 0.3)
print(1.1 * 1.1, 2.2 + 1.1, 9.95 * 10)
print(float(10 ** 16), float(2 ** 53), float(2 ** 53 + 1))
print(1e22, 1e23, 12345.678e3)
values = [0.5, 0.25, 0.125, 0.1, 0.2, 0.3, 0.7, 1e-10, 123.456]
for v in values:
    print(v, v * 3, v / 7, -v)
print(float("3.5"), float("-1e3"), float(" 2.25 "), float("1_000.5"), float("inf"), float("-Infinity"))
print(7.0 // 2, -7.0 // 2, 7.5 % 2, -7.5 % 2, 7.5 % -2)
print(divmod(7.5, 2), divmod(-7.5, 2))
print(2.0 ** 0.5, 2 ** -1, 10.0 ** 20, 10.0 ** -20)
