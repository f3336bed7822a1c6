# Sliding windows, grouping and batching with generators.
def windows(seq, n):
    window = []
    for x in seq:
        window.append(x)
        if len(window) > n:
            window.pop(0)
        if len(window) == n:
            yield tuple(window)

def batches(seq, n):
    batch = []
    for x in seq:
        batch.append(x)
        if len(batch) == n:
            yield batch
            batch = []
    if batch:
        yield batch

def group_runs(seq):
    it = iter(seq)
    try:
        cur = next(it)
    except StopIteration:
        return
    run = [cur]
    for x in it:
        if x == cur:
            run.append(x)
        else:
            yield cur, len(run)
            cur, run = x, [x]
    yield cur, len(run)

data = [1, 3, 5, 2, 8, 6, 4]
print(list(windows(data, 3)))
print([sum(w) / 3 for w in windows(data, 3)])
print(list(batches(range(10), 4)), list(batches([], 3)))
print(list(group_runs("aaabccdddda")), list(group_runs([])), list(group_runs([7])))
print(max(windows(data, 2), key=lambda w: w[0] + w[1]))
def moving_max(seq, n):
    for w in windows(seq, n):
        yield max(w)
print(list(moving_max(data, 2)), list(moving_max(data, 4)))
