# Exceptions propagating through several function calls with finally blocks.
trace = []

def level3(x):
    trace.append("enter 3")
    try:
        if x == 0:
            raise ZeroDivisionError("x is zero at level 3")
        return 100 // x
    finally:
        trace.append("leave 3")

def level2(x):
    trace.append("enter 2")
    try:
        return level3(x) + 1
    finally:
        trace.append("leave 2")

def level1(x):
    trace.append("enter 1")
    try:
        return level2(x) * 2
    except ZeroDivisionError as e:
        trace.append("caught in 1: " + str(e))
        return -1
    finally:
        trace.append("leave 1")

for x in (5, 0):
    trace = []
    print(x, level1(x))
    for t in trace:
        print("   ", t)
def deep(n):
    if n == 0:
        raise LookupError("bottom reached")
    return deep(n - 1)
try:
    deep(20)
except LookupError as e:
    print("from deep:", e)
def safe_div(a, b):
    try:
        return a / b
    except ZeroDivisionError:
        return float("inf")
print([safe_div(1, b) for b in (1, 2, 0, 4)])
