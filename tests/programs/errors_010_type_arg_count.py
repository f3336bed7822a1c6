# Uncaught TypeError: too many positional arguments.
def area(width, height):
    return width * height

print(area(3, 4))
print(area(width=2, height=5))
dims = [(1, 2), (3, 4, 5)]
for d in dims:
    print("dims", d)
    print(area(*d))
