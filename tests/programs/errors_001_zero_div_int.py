# Uncaught ZeroDivisionError from integer division.
def average(values):
    return sum(values) // len(values)

print(average([4, 8, 15]))
print(average([1]))
groups = [[3, 3], [10, 20, 30], []]
for g in groups:
    print("group", g, "average", average(g))
