# Benchmark: comprehension-heavy code.  List, dict and set comprehensions
# and generator expressions build, filter and join tables of records.
# Written for pypyteach's benchmarks in the style of PyPy's "deltablue"/"json".

ROUNDS = 3                # size parameter: how many times the tables are rebuilt


def make_records(n):
    return [{"id": i, "group": i % 7, "score": (i * 37) % 101} for i in range(n)]


def summarize(records):
    groups = sorted({r["group"] for r in records})
    by_group = {g: [r["score"] for r in records if r["group"] == g] for g in groups}
    means = {g: sum(scores) // len(scores) for g, scores in by_group.items()}
    top = [r["id"] for r in records if r["score"] > means[r["group"]]]
    pairs = [(a, b) for a in groups for b in groups if a < b and (a + b) % 3 == 0]
    return means, len(top), pairs, sum(x * x for x in top if x % 2 == 0)


def main():
    checksum = 0
    for i in range(ROUNDS):
        records = make_records(60 + 10 * i)
        means, ntop, pairs, squares = summarize(records)
        checksum += ntop + len(pairs) + squares % 1000
    print("means", means)
    print("checksum", checksum, "pairs", pairs)


main()
