# Digit manipulation: sums, reversal, palindromes, Armstrong numbers.
def digit_sum(n):
    s = 0
    while n > 0:
        s += n % 10
        n //= 10
    return s

def reverse_num(n):
    r = 0
    while n:
        r = r * 10 + n % 10
        n //= 10
    return r

print(digit_sum(12345), digit_sum(2 ** 100), sum(int(c) for c in str(2 ** 100)))
print(reverse_num(12345), reverse_num(1200), reverse_num(9))
pals = [n for n in range(100, 200) if n == reverse_num(n)]
print(pals)
arm = []
for n in list(range(1, 12)) + list(range(150, 160)) + [370, 371, 372, 407, 408]:
    k = len(str(n))
    if sum(int(d) ** k for d in str(n)) == n:
        arm.append(n)
print("armstrong:", arm)
def digital_root(n):
    while n >= 10:
        n = digit_sum(n)
    return n
print([digital_root(n) for n in (0, 9, 38, 99999, 123456789)])
n = 196
for step in range(5):
    n = n + reverse_num(n)
    print(step, n)
print(str(3 ** 40)[::-1], int(str(3 ** 40)[::-1]) % 1000)
