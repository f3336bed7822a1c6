# List operators: +, *, +=, comparisons, membership, min/max/sum, nested lists.
a = [1, 2, 3]
b = [4, 5]
c = a + b
print(c, a, b, a * 2, [0] * 5, [] * 3, 2 * [[]])
alias = a
a += [10]
print(alias, alias is a)
a = a + [11]
print(alias, a, alias is a)
print([1, 2] == [1, 2], [1, 2] != [2, 1], [1, 2] < [1, 3], [1, 2] < [1, 2, 0], [2] > [1, 100])
print([] == [], [[1]] == [[1]], [1, [2, 3]] < [1, [2, 4]])
print(3 in c, 9 in c, [1] in [[1], [2]], "a" not in ["b"])
print(len(c), sum(c), min(c), max(c), sorted(c, reverse=True))
grid = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print(grid[1], grid[1][1], grid[-1][-1], [row[0] for row in grid])
print([grid[i][i] for i in range(3)], sum(sum(row) for row in grid))
t = [[r[i] for r in grid] for i in range(3)]
print(t)
x = [1, 2, 3]
x *= 2
print(x)
lst = list("hello")
print(lst, list(range(3)), list((1, 2)), list({"a": 1, "b": 2}))
