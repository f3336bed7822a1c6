# Benchmark: digits of pi as PyPy's benchmark suite computes them
# (bm_pidigits): an unbounded spigot over big ints, composing 2x2 matrices
# as tuples.  The terms come from map() with a lambda over a counting
# generator (itertools.count in the original), pulled by next(); the digits
# from a generator taken by zip(range(n), ...) (itertools.islice there).

DIGITS = 60               # size parameter: how many digits (the benchmark: 2000)


def count(start):
    while True:
        yield start
        start += 1


def gen_x():
    return map(lambda k: (k, 4 * k + 2, 0, 2 * k + 1), count(1))


def compose(a, b):
    aq, ar, as_, at = a
    bq, br, bs, bt = b
    return (aq * bq, aq * br + ar * bt, as_ * bq + at * bs, as_ * br + at * bt)


def extract(z, j):
    q, r, s, t = z
    return (q * j + r) // (s * j + t)


def gen_pi_digits():
    z = (1, 0, 0, 1)
    x = gen_x()
    while 1:
        y = extract(z, 3)
        while y != extract(z, 4):
            z = compose(z, next(x))
            y = extract(z, 3)
        z = compose((10, -10 * y, 0, 1), z)
        yield y


digits = [d for _, d in zip(range(DIGITS), gen_pi_digits())]
for start in range(0, DIGITS, 10):
    line = "".join(str(d) for d in digits[start:start + 10])
    print("%-10s\t:%d" % (line, min(start + 10, DIGITS)))
