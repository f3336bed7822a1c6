# Building strings: accumulation, join of parts, repetition, padding by hand.
rows = [("apple", 3, 1.25), ("kiwi", 12, 0.5), ("watermelon", 1, 3.99)]
width = max(len(r[0]) for r in rows)
for name, qty, price in rows:
    pad = " " * (width - len(name))
    print(name + pad + " | " + str(qty) + " x " + str(price))
line = ""
for i in range(1, 6):
    line += str(i) * i + " "
print(line.rstrip())
parts = []
for i in range(5):
    parts.append("<" + "=" * i + ">")
print("".join(parts))
tri = []
for i in range(1, 5):
    tri.append(" " * (4 - i) + "*" * (2 * i - 1))
print("\n".join(tri))
def box(text):
    top = "+" + "-" * (len(text) + 2) + "+"
    return top + "\n| " + text + " |\n" + top
print(box("boxed"))
print(box(""))
csv_line = ",".join(str(x * x) for x in range(8))
print(csv_line, len(csv_line))
