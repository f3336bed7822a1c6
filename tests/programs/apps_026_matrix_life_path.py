# Grid dynamic programming: minimum path sum, unique paths with obstacles.
grid = [
    [3, 1, 4, 1, 5],
    [9, 2, 6, 5, 3],
    [5, 8, 9, 7, 9],
    [3, 2, 3, 8, 4],
]
R, C = len(grid), len(grid[0])
best = [[0] * C for _ in range(R)]
for r in range(R):
    for c in range(C):
        if r == 0 and c == 0:
            best[r][c] = grid[r][c]
        elif r == 0:
            best[r][c] = best[r][c - 1] + grid[r][c]
        elif c == 0:
            best[r][c] = best[r - 1][c] + grid[r][c]
        else:
            best[r][c] = min(best[r - 1][c], best[r][c - 1]) + grid[r][c]
for row in best:
    print(" ".join(f"{v:3}" for v in row))
path = []
r, c = R - 1, C - 1
while (r, c) != (0, 0):
    path.append((r, c))
    if r == 0:
        c -= 1
    elif c == 0:
        r -= 1
    elif best[r - 1][c] <= best[r][c - 1]:
        r -= 1
    else:
        c -= 1
path.append((0, 0))
print("min path sum", best[-1][-1], list(reversed(path)))
obstacles = {(1, 1), (2, 3)}
ways = [[0] * C for _ in range(R)]
for r in range(R):
    for c in range(C):
        if (r, c) in obstacles:
            continue
        if r == 0 and c == 0:
            ways[r][c] = 1
        else:
            ways[r][c] = (ways[r - 1][c] if r else 0) + (ways[r][c - 1] if c else 0)
print(ways)
