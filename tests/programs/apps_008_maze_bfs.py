# Shortest path through a text maze with breadth-first search.
maze = [
    "##########",
    "#S.....#.#",
    "#.##.#.#.#",
    "#.#..#...#",
    "#.#.####.#",
    "#...#..#.#",
    "###.#.##.#",
    "#.....#.E#",
    "##########",
]
grid = [list(row) for row in maze]
start = end = None
for r, row in enumerate(grid):
    for c, ch in enumerate(row):
        if ch == "S":
            start = (r, c)
        elif ch == "E":
            end = (r, c)
print("start", start, "end", end)
prev = {start: None}
queue = [start]
head = 0
while head < len(queue):
    cur = queue[head]
    head += 1
    if cur == end:
        break
    r, c = cur
    for dr, dc in ((0, 1), (1, 0), (0, -1), (-1, 0)):
        nxt = (r + dr, c + dc)
        if grid[nxt[0]][nxt[1]] != "#" and nxt not in prev:
            prev[nxt] = cur
            queue.append(nxt)
path = []
node = end
while node is not None:
    path.append(node)
    node = prev[node]
path.reverse()
print("length", len(path) - 1, "explored", len(prev))
for r, c in path[1:-1]:
    grid[r][c] = "o"
for row in grid:
    print("".join(row))
