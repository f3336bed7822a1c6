# Connected components with union-find and with set merging (sets of small ints).
edges = [(0, 1), (1, 2), (3, 4), (5, 6), (6, 7), (7, 5), (8, 8), (2, 0), (9, 3)]
parent = list(range(10))

def find(x):
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x

def union(a, b):
    ra, rb = find(a), find(b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)
        return True
    return False

merged = [union(a, b) for a, b in edges]
print(merged)
groups = {}
for v in range(10):
    groups.setdefault(find(v), set()).add(v)
print(groups)
components = []
for a, b in edges:
    touching = [c for c in components if a in c or b in c]
    new = {a, b}
    for c in touching:
        new |= c
        components.remove(c)
    components.append(new)
print(sorted(sorted(c) for c in components))
print(len(components), sum(len(c) for c in components), {0, 1, 2} in components)
all_nodes = set(range(10))
covered = set()
for c in components:
    covered |= c
print(all_nodes - covered, covered == all_nodes - {x for x in all_nodes if x not in covered})
