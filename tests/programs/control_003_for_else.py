# for loops with break, continue and else; nested loops with flags.
for n in range(2, 20):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        print(n, "is prime")
for word in ["alpha", "beta", "gamma"]:
    if "z" in word:
        print("found z")
        break
else:
    print("no word contains z")
evens = []
for i in range(10):
    if i % 2:
        continue
    evens.append(i)
print(evens)
grid = [[1, 2, 3], [4, 0, 6], [7, 8, 9]]
found = None
for r, row in enumerate(grid):
    for c, v in enumerate(row):
        if v == 0:
            found = (r, c)
            break
    if found:
        break
print("zero at", found)
for i in range(3):
    pass
else:
    print("loop over range(3) completed, i =", i)
for x in []:
    print("never")
else:
    print("empty loop else")
total = 0
for i in range(1, 100):
    if i % 3 and i % 5:
        continue
    if total > 200:
        break
    total += i
print("total", total, "stopped at", i)
for i, ch in enumerate("hello", start=1):
    print(i, ch, end=" ")
print()
for a, b in zip(range(3), range(10, 13)):
    print(a + b, end=",")
print()
