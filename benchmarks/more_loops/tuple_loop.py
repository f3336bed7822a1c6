# A pair of ints made and unpacked per iteration: a specialised tuple in
# PyPy (W_SpecialisedTupleObject_ii) and in pypyteach, virtual in the loop.
def pair(i):
    return (i, i + 1)


def run(n):
    total = 0
    for i in range(n):
        a, b = pair(i)
        total += a * b - a
    return total


n = 100000
print(run(n))
