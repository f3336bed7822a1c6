# Uncaught OverflowError from float exponentiation.
base = 10.0
for e in (10, 100, 300):
    print(e, base ** e)
print(2 ** 1000 > 0, len(str(2 ** 1000)))
print(base ** 400)
