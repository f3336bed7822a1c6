# Uncaught IndexError: list index out of range.
items = ["a", "b", "c"]
for i in range(len(items)):
    print(i, items[i])
print("last", items[-1], "first", items[-3])
i = 0
while True:
    print("visiting", items[i])
    i += 2
