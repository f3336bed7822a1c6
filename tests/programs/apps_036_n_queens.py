# N-queens by backtracking: count solutions for small n and print one board.
def solve(n):
    cols = set()
    diag1 = set()
    diag2 = set()
    placement = []
    solutions = []
    def place(row):
        if row == n:
            solutions.append(placement[:])
            return
        for c in range(n):
            if c in cols or row - c in diag1 or row + c in diag2:
                continue
            cols.add(c)
            diag1.add(row - c)
            diag2.add(row + c)
            placement.append(c)
            place(row + 1)
            placement.pop()
            cols.discard(c)
            diag1.discard(row - c)
            diag2.discard(row + c)
    place(0)
    return solutions

for n in range(1, 6):
    sols = solve(n)
    print(n, len(sols), sols[0] if sols else None)
first = solve(5)[0]
for c in first:
    print(" ".join("Q" if i == c else "." for i in range(5)))
