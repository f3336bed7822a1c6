# Uncaught AttributeError on an int.
values = ["abc", [1, 2], 7]
for v in values:
    print(type(v).__name__, len(str(v)))
n = values[2]
print(n + 1)
print(n.append)
