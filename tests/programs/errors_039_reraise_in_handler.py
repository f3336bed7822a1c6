# An exception caught, logged, and re-raised with a bare raise.
def risky(n):
    return [10, 20, 30][n]

for n in (0, 2, 5):
    try:
        print("value", risky(n))
    except IndexError as e:
        print("logging:", e)
        raise
