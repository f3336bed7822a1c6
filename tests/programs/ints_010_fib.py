# Fibonacci numbers: iterative, recursive, memoised and big ones.
def fib_iter(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a

def fib_rec(n):
    if n < 2:
        return n
    return fib_rec(n - 1) + fib_rec(n - 2)

memo = {}
def fib_memo(n):
    if n < 2:
        return n
    if n not in memo:
        memo[n] = fib_memo(n - 1) + fib_memo(n - 2)
    return memo[n]

print([fib_iter(i) for i in range(15)])
print(fib_rec(10), fib_iter(10), fib_memo(10))
print(fib_iter(90), fib_iter(100))
print(fib_memo(150))
print(len(memo))
def fibs(n):
    a, b = 0, 1
    for _ in range(n):
        yield a
        a, b = b, a + b
evens = [f for f in fibs(40) if f % 2 == 0]
print(evens)
print(sum(evens))
a, b = fib_iter(200), fib_iter(201)
print(b * b - a * b - a * a)
