# Benchmark: the N-queens puzzle as PyPy's benchmark suite writes it
# (unladen-swallow's bm_nqueens): every permutation of the columns comes
# from a generator, and a board is kept when two set() of generator
# expressions show no shared diagonal.  Each board makes a tuple, two
# sets and four generators of garbage, all inside list(n_queens(...)).

QUEENS = 5                # size parameter: the board size (the benchmark: 8)


def permutations(iterable, r=None):
    """itertools.permutations, in Python (as the benchmark carries it)."""
    pool = tuple(iterable)
    n = len(pool)
    r = n if r is None else r
    indices = list(range(n))
    cycles = list(range(n - r + 1, n + 1))[::-1]
    yield tuple(pool[i] for i in indices[:r])
    while n:
        for i in reversed(range(r)):
            cycles[i] -= 1
            if cycles[i] == 0:
                indices[i:] = indices[i + 1:] + indices[i:i + 1]
                cycles[i] = n - i
            else:
                j = cycles[i]
                indices[i], indices[-j] = indices[-j], indices[i]
                yield tuple(pool[i] for i in indices[:r])
                break
        else:
            return


def n_queens(queen_count):
    """Every solution, as a tuple of column positions, one per row."""
    cols = range(queen_count)
    for vec in permutations(cols):
        if (queen_count == len(set(vec[i] + i for i in cols))
                == len(set(vec[i] - i for i in cols))):
            yield vec


solutions = list(n_queens(QUEENS))
print(len(solutions), "solutions for", QUEENS, "queens")
print("first", solutions[0], "last", solutions[-1])
