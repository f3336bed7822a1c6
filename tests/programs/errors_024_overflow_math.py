# Uncaught OverflowError from math.exp.
import math

for x in [1, 10, 100, 700]:
    print(x, math.exp(x))
print(math.exp(1000))
