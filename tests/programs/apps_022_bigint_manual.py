# Schoolbook arithmetic on digit lists, checked against Python's big ints.
def to_digits(n):
    return [int(c) for c in reversed(str(n))]

def from_digits(d):
    return int("".join(str(x) for x in reversed(d)))

def add(a, b):
    out = []
    carry = 0
    for i in range(max(len(a), len(b))):
        s = carry + (a[i] if i < len(a) else 0) + (b[i] if i < len(b) else 0)
        out.append(s % 10)
        carry = s // 10
    if carry:
        out.append(carry)
    return out

def mul(a, b):
    out = [0] * (len(a) + len(b))
    for i, x in enumerate(a):
        carry = 0
        for j, y in enumerate(b):
            cur = out[i + j] + x * y + carry
            out[i + j] = cur % 10
            carry = cur // 10
        out[i + len(b)] += carry
    while len(out) > 1 and out[-1] == 0:
        out.pop()
    return out

pairs = [(99, 1), (12345, 67890), (2 ** 40, 3 ** 7), (10 ** 9 - 1, 10 ** 9 - 1)]
for x, y in pairs:
    s = from_digits(add(to_digits(x), to_digits(y)))
    p = from_digits(mul(to_digits(x), to_digits(y)))
    print(x, y, s, p, s == x + y, p == x * y)
f = [1]
for k in range(2, 16):
    f = mul(f, to_digits(k))
print(from_digits(f))
