# A generator pipeline: squares filtered by a second generator, summed by a
# for loop.  pypyteach used to abort traces that create or resume generators
# (issue 15: compiled since, each generator's loop ending with finish at its yield).
def squares(n):
    for i in range(n):
        yield i * i

def evens(items):
    for x in items:
        if x % 2 == 0:
            yield x

def run(n):
    total = 0
    for x in evens(squares(n)):
        total += x
    return total


n = 100000
print(run(n))
