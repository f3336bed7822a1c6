# Uncaught KeyError with a tuple key.
grid = {(0, 0): "start", (0, 1): "wall", (1, 1): "goal"}
pos = (0, 0)
for step in [(0, 1), (1, 0), (0, 1)]:
    pos = (pos[0] + step[0], pos[1] + step[1])
    print("moved to", pos)
    print("found", grid[pos])
