# Uncaught IndexError: tuple index out of range.
point = (3, 4)
print(point[0], point[1], point[-1])
def third(t):
    return t[2]
print(third((1, 2, 3)))
print(third(point))
