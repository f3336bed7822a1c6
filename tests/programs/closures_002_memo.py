# Memoization with closures and a memoizing decorator.
caches = []
def memoize(f):
    cache = {}
    caches.append(cache)
    def wrapper(*args):
        if args not in cache:
            cache[args] = f(*args)
        return cache[args]
    return wrapper

@memoize
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

print(fib(30), fib(80), len(caches[0]))

@memoize
def grid_paths(r, c):
    if r == 0 or c == 0:
        return 1
    return grid_paths(r - 1, c) + grid_paths(r, c - 1)
print(grid_paths(3, 3), grid_paths(8, 8), len(caches[1]))

@memoize
def lcs(a, b):
    if not a or not b:
        return ""
    if a[0] == b[0]:
        return a[0] + lcs(a[1:], b[1:])
    x, y = lcs(a[1:], b), lcs(a, b[1:])
    return x if len(x) >= len(y) else y
print(lcs("AGGTAB", "GXTXAYB"), lcs("abc", "def"))

def coin_ways(coins, amount):
    memo = {}
    def go(i, rest):
        if rest == 0:
            return 1
        if rest < 0 or i == len(coins):
            return 0
        key = (i, rest)
        if key not in memo:
            memo[key] = go(i, rest - coins[i]) + go(i + 1, rest)
        return memo[key]
    return go(0, amount)
print(coin_ways([1, 2, 5], 11), coin_ways([2], 3), coin_ways([1, 5, 10, 25], 26))
