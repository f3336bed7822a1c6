# expect: except*
# line: 6 col: 0
# Exception groups (try/except*) are outside the subset.
values = [1, 2, 3]
print(values)
try:
    print(values[5])
except* IndexError as group:
    print("caught", group)
