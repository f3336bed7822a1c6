# while loops with break, continue and else.
n = 0
while n < 5:
    n += 1
    if n == 2:
        continue
    print("n =", n)
else:
    print("while finished normally")
i = 0
while True:
    i += 3
    if i > 10:
        break
print("broke at", i)
def find_divisor(n):
    d = 2
    while d * d <= n:
        if n % d == 0:
            break
        d += 1
    else:
        return None
    return d
print([find_divisor(n) for n in (15, 17, 49, 97, 100)])
a, b = 1071, 462
steps = 0
while b:
    a, b = b, a % b
    steps += 1
print("gcd", a, "in", steps, "steps")
digits = []
x = 90210
while x:
    x, d = divmod(x, 10)
    digits.append(d)
print(digits[::-1])
count = 0
while count < 3:
    count += 1
else:
    print("else after while, count =", count)
k = 10
while k > 0:
    k -= 4
else:
    print("k ended at", k)
