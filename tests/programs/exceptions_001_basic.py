# try/except/else/finally control flow in all combinations.
def attempt(x):
    log = []
    try:
        log.append("try")
        r = 10 // x
        log.append("computed")
    except ZeroDivisionError:
        log.append("except")
        r = None
    else:
        log.append("else")
    finally:
        log.append("finally")
    return r, log

print(attempt(2))
print(attempt(0))
def parse(s):
    try:
        return int(s)
    except ValueError:
        return -1
print([parse(s) for s in ["1", "x", "42", "", " 7 "]])
try:
    raise ValueError("custom message")
except ValueError as e:
    print("caught:", e, "| args:", e.args, "| type:", type(e).__name__)
try:
    [1, 2, 3][10]
except IndexError as err:
    print("IndexError:", err)
try:
    {"a": 1}["b"]
except KeyError as err:
    print("KeyError:", err, err.args, repr(str(err)))
try:
    try:
        1 / 0
    finally:
        print("inner finally runs")
except ZeroDivisionError as e:
    print("outer caught:", e)
x = 0
try:
    x = 1
except Exception:
    x = 2
else:
    x += 10
finally:
    x += 100
print(x)
