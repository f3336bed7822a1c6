# Benchmark: generator pipelines.  Numbers flow through a chain of
# generators (source, filter, map, window, running total), as in PyPy's
# "generators" and "sieve"-style benchmarks.

COUNT = 300               # size parameter: how many numbers enter the pipeline


def source(n):
    i = 0
    while i < n:
        yield i
        i += 1


def only_odd_or_seven(numbers):
    for x in numbers:
        if x % 2 == 1 or x % 7 == 0:
            yield x


def scaled(numbers, factor):
    for x in numbers:
        yield x * factor + 1


def windows(numbers, size):
    window = []
    for x in numbers:
        window.append(x)
        if len(window) == size:
            yield tuple(window)
            window.pop(0)


def running_total(numbers):
    total = 0
    for x in numbers:
        total += x
        yield total


def primes():
    found = []
    candidate = 2
    while True:
        if all(candidate % p != 0 for p in found if p * p <= candidate):
            found.append(candidate)
            yield candidate
        candidate += 1


def main():
    sums = running_total(sum(w) for w in windows(scaled(only_odd_or_seven(source(COUNT)), 3), 4))
    last = 0
    steps = 0
    for last in sums:
        steps += 1
    print("windows", steps, "total", last)
    gen = primes()
    print("primes", [next(gen) for _ in range(COUNT // 10)][-3:])


main()
