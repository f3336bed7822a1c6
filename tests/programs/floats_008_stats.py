# Descriptive statistics over a fixed data set.
data = [12.5, 7.25, 3.0, 19.75, 8.5, 14.0, 10.25, 6.0, 11.5, 9.75]
n = len(data)
mean = sum(data) / n
s = sorted(data)
median = (s[n // 2 - 1] + s[n // 2]) / 2 if n % 2 == 0 else s[n // 2]
var = sum((x - mean) ** 2 for x in data) / (n - 1)
sd = var ** 0.5
print("n", n, "mean", mean, "median", median)
print("var", var, "sd", sd)
print("range", max(data) - min(data), s[0], s[-1])
z = [(x - mean) / sd for x in data]
for x, zz in zip(data, z):
    print(x, round(zz, 4))
cum = 0.0
cums = []
for x in s:
    cum += x
    cums.append(cum)
print(cums)
xs = [1.0, 2.0, 3.0, 4.0, 5.0]
ys = [2.1, 3.9, 6.2, 7.8, 10.1]
mx = sum(xs) / 5
my = sum(ys) / 5
slope = sum((a - mx) * (b - my) for a, b in zip(xs, ys)) / sum((a - mx) ** 2 for a in xs)
print("slope", slope, "intercept", my - slope * mx)
