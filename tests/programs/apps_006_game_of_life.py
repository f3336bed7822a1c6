# Conway's game of life on a small torus, printing generations.
W, H = 10, 8

def parse(rows):
    return {(x, y) for y, row in enumerate(rows) for x, ch in enumerate(row) if ch == "#"}

def step(live):
    counts = {}
    for (x, y) in live:
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                if dx or dy:
                    key = ((x + dx) % W, (y + dy) % H)
                    counts[key] = counts.get(key, 0) + 1
    return {c for c, n in counts.items() if n == 3 or (n == 2 and c in live)}

def show(live):
    for y in range(H):
        print("".join("#" if (x, y) in live else "." for x in range(W)))

board = parse([
    ".#........",
    "..#.......",
    "###.......",
    "..........",
    "......###.",
    "..........",
    "..........",
    "..........",
])
for gen in range(4):
    print("generation", gen, "population", len(board))
    show(board)
    board = step(board)
print("final population", len(board), sorted(board))
