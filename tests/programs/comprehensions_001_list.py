# List comprehensions: filters, nested loops, nested comprehensions, conditionals.
print([x * x for x in range(10)])
print([x for x in range(30) if x % 3 == 0 if x % 2 == 0])
print([(x, y) for x in range(3) for y in range(3) if x != y])
print([[x * y for y in range(1, 5)] for x in range(1, 4)])
print(["even" if n % 2 == 0 else "odd" for n in range(5)])
matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([n for row in matrix for n in row])
print([[row[i] for row in matrix] for i in range(3)])
print([sum(row) for row in matrix], [max(col) for col in zip(*matrix)])
words = ["apple", "bob", "kayak", "level", "python"]
print([w for w in words if w == w[::-1]], [w.upper() for w in words if len(w) > 4])
print([len(w) for w in words], [w[0] + w[-1] for w in words])
x = "outer"
squares = [x * 2 for x in range(3)]
print(x, squares)
print([i for i in range(5) for _ in range(i)])
triples = [(a, b, c) for c in range(1, 14) for b in range(1, c) for a in range(1, b) if a * a + b * b == c * c]
print(triples)
print([[c for c in w] for w in ["ab", "cd"]], [[]for _ in range(2)])
