# expect: with
# line: 7 col: 0
# The with statement is outside the subset.
lines = []
print("before")

with open("data.txt") as f:
    lines = f.read().split()
print(lines)
