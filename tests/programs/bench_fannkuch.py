# Benchmark: fannkuch ("pancake flipping") over all permutations of 0..N-1.
# For each permutation, repeatedly reverse the first p[0]+1 elements until the
# first element is 0; track the maximum number of flips and a signed checksum.
# Written from scratch for pypyteach's test corpus.

N = 6                     # size parameter: permutation length


def permutations_in_order(n):
    # Heap-free iterative generation by "rotation counting": yields each
    # permutation once, with its index.
    perm = list(range(n))
    count = [0] * n
    index = 0
    yield index, perm[:]
    r = 1
    while r < n:
        # rotate the first r+1 elements left by one
        first = perm[0]
        for i in range(r):
            perm[i] = perm[i + 1]
        perm[r] = first
        count[r] += 1
        if count[r] <= r:
            index += 1
            yield index, perm[:]
            r = 1
        else:
            count[r] = 0
            r += 1


def flips(p):
    p = p[:]
    n = 0
    k = p[0]
    while k:
        p[:k + 1] = p[k::-1]
        n += 1
        k = p[0]
    return n


def fannkuch(n):
    max_flips = 0
    checksum = 0
    worst = None
    total = 0
    histogram = [0] * 20
    for index, perm in permutations_in_order(n):
        f = flips(perm)
        total += 1
        histogram[f] += 1
        if f > max_flips:
            max_flips = f
            worst = perm
        checksum += f if index % 2 == 0 else -f
    return max_flips, checksum, worst, total, histogram


max_flips, checksum, worst, total, histogram = fannkuch(N)
print("permutations", total)
print("checksum", checksum)
print("Pfannkuchen(%d) = %d" % (N, max_flips))
print("first worst permutation", worst)
print("flip histogram", [(i, c) for i, c in enumerate(histogram) if c])
small = [fannkuch(k)[:2] for k in range(1, 5)]
print("small cases", small)
