# Infinite generators combined with islice-like helpers written by hand.
def naturals(start=1):
    n = start
    while True:
        yield n
        n += 1

def take(n, it):
    it = iter(it)
    return [next(it) for _ in range(n)]

def filtered(pred, it):
    for x in it:
        if pred(x):
            yield x

def mapped(f, it):
    for x in it:
        yield f(x)

def primes():
    found = []
    for n in naturals(2):
        if all(n % p for p in found if p * p <= n):
            found.append(n)
            yield n

print(take(10, naturals()))
print(take(8, filtered(lambda n: n % 3 == 0, naturals())))
print(take(6, mapped(lambda n: n * n, filtered(lambda n: n % 2, naturals()))))
print(take(15, primes()))
def cycle(items):
    while True:
        for x in items:
            yield x
c = cycle("ab")
print("".join(take(7, c)), next(c))
def pairwise(it):
    it = iter(it)
    prev = next(it)
    for x in it:
        yield prev, x
        prev = x
print(list(pairwise([1, 4, 9, 16, 25])), [b - a for a, b in pairwise(take(6, primes()))])
