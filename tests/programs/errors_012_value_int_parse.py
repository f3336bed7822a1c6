# Uncaught ValueError from int() on a non-numeric string.
fields = "10 20 x30 40".split()
total = 0
for f in fields:
    print("parsing", repr(f))
    total += int(f)
    print("total", total)
