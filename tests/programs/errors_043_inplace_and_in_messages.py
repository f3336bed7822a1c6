# Messages of a failed augmented assignment and of ``in`` on a non-iterable.
for a, b in ((2 ** 63, "x"), (5, "x"), (2.5, [1]), (True, None)):
    try:
        a -= b
    except TypeError as e:
        print(e)
    try:
        a *= {}
    except TypeError as e:
        print(e)
for container in (3, 2.5, 2 ** 70, None):
    try:
        print(1 in container)
    except TypeError as e:
        print(e)
x = 7
x += "no"
