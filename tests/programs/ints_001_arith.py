# Basic integer arithmetic and operator precedence.
a = 17
b = 5
print(a + b, a - b, a * b)
print(a / b, a // b, a % b)
print(-a // b, -a % b, a // -b, a % -b)
print(-a // -b, -a % -b)
print(a ** 2, 2 ** 10, (-3) ** 3)
print(2 + 3 * 4 - 1, (2 + 3) * (4 - 1))
print(2 ** 3 ** 2, (2 ** 3) ** 2)
print(-2 ** 2, (-2) ** 2)
print(7 - 3 - 2, 100 // 10 // 3)
print(divmod(a, b), divmod(-a, b), divmod(a, -b))
x = 10
x += 3
print(x)
x -= 1
print(x)
x *= 4
print(x)
x //= 5
print(x)
x %= 7
print(x)
x **= 3
print(x)
print(0 * 12345, 12345 // 12345, 0 // 7)
print(+a, -a, -(-a), abs(-a))
print(10 / 4, 9 / 3, 1 / 8, -7 / 2)
print(type(9 / 3).__name__, type(9 // 3).__name__)
total = 0
for i in range(1, 11):
    total += i * i
print("sum of squares:", total)
