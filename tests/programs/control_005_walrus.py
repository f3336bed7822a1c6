# The walrus operator (assignment expressions) in a while condition and a comprehension.
data = [3, 8, 1, 9, 4, 7]
it = iter(data)
total = 0
while (x := next(it, None)) is not None:
    total += x
    print("read", x, "total", total)
values = [y for v in data if (y := v * v) > 20]
print(values, y)
def chunks(text, n):
    pos = 0
    out = []
    while pos < len(text):
        out.append(text[pos:pos + n])
        pos += n
    return out
print(chunks("abcdefghij", 3))
count = len(data)
if count > 5:
    print("long list of", count)
