# round(): banker's rounding, ndigits, negative ndigits.
for v in (0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 0.49999999999999994):
    print(v, round(v))
for v in (2.675, 1.005, 3.14159, 2.5, 0.125, 0.375, -1.2345):
    print(v, round(v, 2), round(v, 1), round(v, 0), round(v, 3))
print(round(1234.5678, -2), round(1250.0, -2), round(1350.0, -2), round(-1250, -2))
print(round(7), round(7, 2), round(-7), type(round(7.4)).__name__, type(round(7.4, 1)).__name__)
print(round(1e20), round(123456.7), round(0.1 + 0.2, 10))
items = [19.99, 5.01, 3.335, 100.0]
tax = [round(p * 0.0825, 2) for p in items]
print(tax, round(sum(tax), 2))
