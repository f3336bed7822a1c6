# Validate sudoku grids: rows, columns, boxes; find the first conflict.
solved = [
    "534678912", "672195348", "198342567",
    "859761423", "426853791", "713924856",
    "961537284", "287419635", "345286179",
]

def grid_of(rows):
    return [[int(ch) for ch in r] for r in rows]

def units(g):
    for i in range(9):
        yield "row", i, g[i]
        yield "col", i, [g[r][i] for r in range(9)]
    for br in range(3):
        for bc in range(3):
            yield "box", br * 3 + bc, [g[r][c] for r in range(br * 3, br * 3 + 3) for c in range(bc * 3, bc * 3 + 3)]

def check(g):
    for kind, idx, cells in units(g):
        if sorted(cells) != list(range(1, 10)):
            dup = [v for v in range(1, 10) if cells.count(v) != 1]
            return f"bad {kind} {idx}: {dup}"
    return "valid"

g = grid_of(solved)
print(check(g))
g[4][4], g[4][5] = g[4][5], g[4][4]
print(check(g))
g2 = grid_of(solved)
g2[0][0] = 9
print(check(g2))
print([sum(r) for r in grid_of(solved)], sum(sum(r) for r in grid_of(solved)))
