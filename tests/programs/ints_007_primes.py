# Prime numbers: trial division and the sieve of Eratosthenes.
def is_prime(n):
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True

def sieve(limit):
    flags = [True] * (limit + 1)
    flags[0] = flags[1] = False
    p = 2
    while p * p <= limit:
        if flags[p]:
            for m in range(p * p, limit + 1, p):
                flags[m] = False
        p += 1
    return [i for i, f in enumerate(flags) if f]

primes = sieve(120)
print(len(primes), primes[:15], primes[-5:])
print([n for n in range(50) if is_prime(n)] == sieve(49))
def factorize(n):
    out = []
    d = 2
    while d * d <= n:
        while n % d == 0:
            out.append(d)
            n //= d
        d += 1
    if n > 1:
        out.append(n)
    return out
for n in (12, 97, 360, 1001, 65536, 9973, 2 ** 20 + 1):
    print(n, factorize(n), is_prime(n))
twins = [(p, p + 2) for p in primes if p + 2 in primes]
print("twin primes:", twins)
