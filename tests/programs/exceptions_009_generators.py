# Exceptions and generators: raising inside, StopIteration, finally in generators.
def numbers(limit):
    try:
        for i in range(limit):
            if i == 3:
                raise ValueError("three is not allowed")
            yield i
    finally:
        print("  generator cleanup")

out = []
try:
    for n in numbers(10):
        out.append(n)
except ValueError as e:
    print("caught from generator:", e, out)
print(list(numbers(3)))
def safe_gen(items):
    for it in items:
        try:
            yield 10 // it
        except ZeroDivisionError:
            yield "div0"
print(list(safe_gen([1, 0, 5, 0, 2])))
it = iter([1, 2])
collected = []
while True:
    try:
        collected.append(next(it))
    except StopIteration:
        print("exhausted after", collected)
        break
def gen_with_return():
    yield 1
    return 99
g = gen_with_return()
next(g)
try:
    next(g)
except StopIteration as e:
    print("StopIteration value:", e.value, e.args)
def validate(rows):
    for i, r in enumerate(rows):
        if not isinstance(r, int):
            raise TypeError(f"row {i} is {type(r).__name__}")
        yield r * 2
try:
    print(sum(validate([1, 2, "3", 4])))
except TypeError as e:
    print("TypeError:", e)
