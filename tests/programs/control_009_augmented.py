# Augmented assignment on all kinds of targets: names, items, attributes, slices.
n = 5
n += 2; n -= 1; n *= 3; n //= 4; n **= 2; n %= 7
print(n)
f = 1.5
f += 1; f *= 2; f /= 4; f -= 0.25
print(f)
s = "ab"
s += "cd"
s *= 2
print(s)
lst = [1, 2]
alias = lst
lst += [3]
lst *= 2
print(lst, alias is lst)
t = (1,)
t_alias = t
t += (2,)
print(t, t_alias)
d = {"k": 1}
d["k"] += 10
d["new"] = d.get("new", 0) + 1
print(d)
grid = [[0, 0], [0, 0]]
grid[1][0] += 5
grid[0][1] -= 2
print(grid)
class P:
    pass
p = P()
p.v = 3
p.v *= 7
p.v += 1
print(p.v)
bits = 0b1010
bits |= 0b0101
bits &= 0b1100
bits ^= 0b0110
bits <<= 2
bits >>= 1
print(bits, bin(bits))
counts = [0] * 3
for i in range(10):
    counts[i % 3] += i
print(counts)
