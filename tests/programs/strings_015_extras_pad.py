# extra: center, ljust, rjust, zfill
# Padding methods outside the core subset (flagged for the VM team).
print("[" + "hi".center(10) + "]", "[" + "hi".center(9, "*") + "]", "[" + "odd".center(8) + "]")
print("[" + "left".ljust(8) + "]", "[" + "right".rjust(8) + "]", "[" + "x".ljust(4, ".") + "]")
print("42".zfill(5), "-42".zfill(6), "+7".zfill(4), "abc".zfill(2), "3.14".zfill(8))
table = [("id", "name", "score"), (1, "Ada", 97.5), (22, "Grace", 88.25), (333, "Linus", 79)]
for row in table:
    print(str(row[0]).rjust(4), str(row[1]).ljust(7), str(row[2]).center(7, "."))
for n in (5, 50, 500):
    print(str(n).zfill(4), str(n).rjust(6, "0"))
