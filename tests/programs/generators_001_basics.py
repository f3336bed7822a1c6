# Generators: yield, next(), exhaustion, generators in for loops.
def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1

g = count_up(3)
print(next(g), next(g), next(g), next(g, "done"), next(g, None))
print(list(count_up(5)), sum(count_up(101)), list(count_up(0)))
def trace_gen():
    print("  start")
    yield 1
    print("  after first")
    yield 2
    print("  finishing")
t = trace_gen()
print("created")
for v in t:
    print("got", v)
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(12)])
def take(n, it):
    out = []
    for x in it:
        if len(out) >= n:
            break
        out.append(x)
    return out
print(take(5, fib()), take(3, "abcdef"), take(10, count_up(4)))
def with_return():
    yield "a"
    return "result"
    yield "never"
print(list(with_return()))
g1 = count_up(2)
g2 = count_up(2)
print(next(g1), next(g2), next(g1), list(g2), list(g1))
