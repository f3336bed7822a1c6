# Nested loops: multiplication table, pattern printing, pair search.
for i in range(1, 6):
    row = ""
    for j in range(1, 6):
        row += f"{i * j:4}"
    print(row)
for i in range(5):
    print(" " * (4 - i) + "*" * (2 * i + 1))
for i in range(3, 0, -1):
    print(" " * (3 - i) + "#" * i)
target = 12
pairs = []
nums = [1, 3, 5, 7, 9, 11]
for i in range(len(nums)):
    for j in range(i + 1, len(nums)):
        if nums[i] + nums[j] == target:
            pairs.append((nums[i], nums[j]))
print(pairs)
count = 0
for a in range(1, 10):
    for b in range(a, 10):
        for c in range(b, 10):
            if a + b + c == 15 and a * b * c % 2 == 0:
                count += 1
print("triples", count)
board = [["." for _ in range(5)] for _ in range(5)]
for k in range(5):
    board[k][k] = "\\"
    board[k][4 - k] = "/"
board[2][2] = "X"
for row in board:
    print("".join(row))
