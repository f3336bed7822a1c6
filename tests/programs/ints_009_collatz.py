# Collatz sequences, memoised lengths and a few statistics.
def collatz(n):
    seq = [n]
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        seq.append(n)
    return seq

print(collatz(6))
print(collatz(27)[:12], len(collatz(27)), max(collatz(27)))
cache = {1: 1}
def length(n):
    if n in cache:
        return cache[n]
    nxt = n // 2 if n % 2 == 0 else 3 * n + 1
    r = 1 + length(nxt)
    cache[n] = r
    return r
best = max(range(1, 60), key=length)
print("longest below 60:", best, length(best))
print([length(n) for n in range(1, 16)])
print(len(cache) > 50, length(97))
