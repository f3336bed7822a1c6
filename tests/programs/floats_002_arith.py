# Mixed int/float arithmetic, comparisons and accumulation.
total = 0.0
for i in range(1, 21):
    total += 1 / i
print("harmonic 20:", total)
s = 0.0
for i in range(10):
    s += 0.1
print(s, s == 1.0, abs(s - 1.0) < 1e-9)
print(3 * 0.5, 3 + 0.5, 3 - 0.5, 3 / 0.5, 7 // 0.5)
print(1 == 1.0, 1 < 1.5, 2.0 > 1, -0.0 == 0.0, 0.1 + 0.2 > 0.3)
print(abs(-2.5), abs(2.5), -(-1.5), +1.5)
print(int(2.999), int(-2.999), float(7) / 2)
print(max(1.5, 2, 0.5), min(-1.5, -2, 3.25), sum([0.1] * 10), sum([0.5, 0.25, 0.125]))
x = 1.0
for i in range(8):
    x = x * 1.5 - 0.25
    print(i, x)
y = 100.0
y /= 3
print(y)
y *= 3
print(y)
y -= 0.1
print(y)
y **= 0.5
print(y)
print(1e16 + 1, 1e16 + 2, 2 ** 53 + 1.0)
def mean(xs):
    return sum(xs) / len(xs)
def variance(xs):
    m = mean(xs)
    return sum((v - m) ** 2 for v in xs) / len(xs)
data = [2.5, 3.1, 4.7, 1.2, 9.9, 5.5]
print(mean(data), variance(data), variance(data) ** 0.5)
