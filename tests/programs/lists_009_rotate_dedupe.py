# List utilities: rotation, dedupe preserving order, chunking, flattening.
def rotate(lst, k):
    if not lst:
        return lst
    k %= len(lst)
    return lst[-k:] + lst[:-k]

def dedupe(lst):
    seen = set()
    out = []
    for x in lst:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out

def chunks(lst, n):
    return [lst[i:i + n] for i in range(0, len(lst), n)]

def flatten(x):
    out = []
    for item in x:
        if isinstance(item, list):
            out.extend(flatten(item))
        else:
            out.append(item)
    return out

print([rotate([1, 2, 3, 4, 5], k) for k in range(-1, 3)], rotate([], 3))
print(dedupe([3, 1, 3, 2, 1, 5, 3]), dedupe("mississippi"))
print(chunks(list(range(10)), 3), chunks([], 2))
print(flatten([1, [2, [3, [4, []]], 5], [[6]]]))
def running_max(xs):
    out = []
    for x in xs:
        out.append(x if not out else max(out[-1], x))
    return out
print(running_max([3, 1, 4, 1, 5, 9, 2, 6]))
pairs = list(zip([1, 2, 3], "abc"))
print(pairs, [list(p) for p in pairs])
