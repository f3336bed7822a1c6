# Matrix operations written as comprehensions only.
A = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
B = [[9, 8, 7], [6, 5, 4], [3, 2, 1]]
print([[A[i][j] + B[i][j] for j in range(3)] for i in range(3)])
print([[sum(A[i][k] * B[k][j] for k in range(3)) for j in range(3)] for i in range(3)])
print([[A[j][i] for j in range(3)] for i in range(3)])
print([A[i][i] for i in range(3)], [A[i][2 - i] for i in range(3)])
print(sum(A[i][i] for i in range(3)), max(max(row) for row in B), [min(col) for col in zip(*B)])
print([[1 if i == j else 0 for j in range(4)] for i in range(4)])
print([[(i * j) % 5 for j in range(5)] for i in range(5)])
flat = [v for row in A for v in row]
print(flat, [flat[i:i + 3] for i in range(0, 9, 3)] == A)
print({(i, j): A[i][j] for i in range(3) for j in range(3) if A[i][j] % 2 == 0})
print([[row[i] * 2 for i in range(len(row)) if i != 1] for row in A])
print([" ".join(f"{v:2}" for v in row) for row in A])
