# A Matrix class with operator overloading and a small Gaussian elimination.
class Matrix:
    def __init__(self, rows):
        self.rows = [list(r) for r in rows]
        self.n = len(rows)
        self.m = len(rows[0]) if rows else 0

    def __add__(self, other):
        return Matrix([[a + b for a, b in zip(r1, r2)] for r1, r2 in zip(self.rows, other.rows)])

    def __sub__(self, other):
        return Matrix([[a - b for a, b in zip(r1, r2)] for r1, r2 in zip(self.rows, other.rows)])

    def __mul__(self, other):
        if isinstance(other, Matrix):
            cols = list(zip(*other.rows))
            return Matrix([[sum(a * b for a, b in zip(r, c)) for c in cols] for r in self.rows])
        return Matrix([[a * other for a in r] for r in self.rows])

    def __eq__(self, other):
        return self.rows == other.rows

    def __getitem__(self, idx):
        i, j = idx
        return self.rows[i][j]

    def transpose(self):
        return Matrix(list(zip(*self.rows)))

    def __repr__(self):
        return "Matrix(" + repr(self.rows) + ")"

    def __str__(self):
        return "\n".join(" ".join(f"{v:6}" for v in r) for r in self.rows)

def solve(a, b):
    n = len(a)
    aug = [list(map(float, a[i])) + [float(b[i])] for i in range(n)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(aug[r][col]))
        aug[col], aug[piv] = aug[piv], aug[col]
        for r in range(n):
            if r != col:
                f = aug[r][col] / aug[col][col]
                aug[r] = [x - f * y for x, y in zip(aug[r], aug[col])]
    return [aug[i][n] / aug[i][i] for i in range(n)]

A = Matrix([[1, 2], [3, 4]])
B = Matrix([[0, 1], [1, 0]])
print(A + B)
print(A - B)
print(A * B)
print(A * 3)
print(repr(A.transpose()), A[1, 0], A == Matrix([[1, 2], [3, 4]]), A == B)
I = Matrix([[1, 0], [0, 1]])
print((A * I) == A, (B * B) == I)
print(solve([[2, 1, -1], [-3, -1, 2], [-2, 1, 2]], [8, -11, -3]))
print(solve([[4, 1], [1, 3]], [1, 2]))
