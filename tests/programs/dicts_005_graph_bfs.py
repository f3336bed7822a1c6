# Graphs as dicts of lists: BFS, DFS, shortest paths, topological sort.
graph = {
    "a": ["b", "c"],
    "b": ["d"],
    "c": ["d", "e"],
    "d": ["f"],
    "e": ["f"],
    "f": [],
}

def bfs(start):
    order = [start]
    dist = {start: 0}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in graph[node]:
            if nxt not in dist:
                dist[nxt] = dist[node] + 1
                order.append(nxt)
                queue.append(nxt)
    return order, dist

def dfs(node, seen=None):
    if seen is None:
        seen = []
    seen.append(node)
    for nxt in graph[node]:
        if nxt not in seen:
            dfs(nxt, seen)
    return seen

def topo():
    indeg = {n: 0 for n in graph}
    for n in graph:
        for m in graph[n]:
            indeg[m] += 1
    ready = [n for n in graph if indeg[n] == 0]
    out = []
    while ready:
        n = ready.pop(0)
        out.append(n)
        for m in graph[n]:
            indeg[m] -= 1
            if indeg[m] == 0:
                ready.append(m)
    return out

print(bfs("a"))
print(dfs("a"), dfs("c"))
print(topo())
def all_paths(src, dst, path=()):
    path = path + (src,)
    if src == dst:
        return [path]
    res = []
    for n in graph[src]:
        res.extend(all_paths(n, dst, path))
    return res
for p in all_paths("a", "f"):
    print("->".join(p))
