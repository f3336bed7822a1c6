# A global (and a class attribute) read and written in a hot loop: the trace
# folds the value it read as a constant, so the trace's own write must make
# it invalid (a loop compiled from it would start again from a stale value).
C = 0
TOTAL = 0


class Counter:
    n = 0


def bump_global():
    global C
    for i in range(1500):
        C += 1


def bump_two():
    global C, TOTAL
    for i in range(300):
        TOTAL = TOTAL + C
        C = C + 2


def bump_class():
    for i in range(400):
        Counter.n += 3


def read_after_write():
    global C
    seen = 0
    for i in range(300):
        C = i
        seen += C
    return seen


bump_global()
print(C)
bump_two()
print(C, TOTAL)
bump_class()
print(Counter.n)
print(read_after_write(), C)
