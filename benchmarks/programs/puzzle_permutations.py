# Benchmark: a permutation puzzle.  Generates permutations in lexicographic
# order (next_permutation), counts those that are derangements and solves
# a small cryptarithm-like sum over digit permutations.
# Written for pypyteach's benchmarks in the style of PyPy's "fannkuch".

N = 5                     # size parameter: permutation length


def next_permutation(items):
    i = len(items) - 2
    while i >= 0 and items[i] >= items[i + 1]:
        i -= 1
    if i < 0:
        return False
    j = len(items) - 1
    while items[j] <= items[i]:
        j -= 1
    items[i], items[j] = items[j], items[i]
    items[i + 1:] = items[i + 1:][::-1]
    return True


def is_derangement(perm):
    for index, value in enumerate(perm):
        if index == value:
            return False
    return True


def weighted(perm):
    total = 0
    for index, value in enumerate(perm):
        total += (index + 1) * value
    return total


def main():
    perm = list(range(N))
    count = derangements = 0
    best = -1
    best_perm = None
    while True:
        count += 1
        if is_derangement(perm):
            derangements += 1
            score = weighted(perm) % (N + 3)
            if score > best:
                best = score
                best_perm = tuple(perm)
        if not next_permutation(perm):
            break
    print("permutations", count, "derangements", derangements)
    print("best", best, best_perm)


main()
