# Uncaught TypeError: unsupported operand types for +.
def total(items):
    t = 0
    for x in items:
        t = t + x
        print("running total", t)
    return t

print(total([1, 2, 3]))
print(total([10, "20", 30]))
