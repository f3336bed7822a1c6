# NameError and UnboundLocalError caught and inspected.
def uses_before_assign():
    try:
        print(value)
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    value = 1
    return value

print(uses_before_assign())
try:
    print(not_defined_anywhere)
except NameError as e:
    print("NameError:", e)
def deleted():
    x = 10
    del x
    try:
        return x
    except UnboundLocalError as e:
        return "after del: " + str(e)
print(deleted())
counter = 0
def bad_increment():
    counter += 1
try:
    bad_increment()
except UnboundLocalError as e:
    print("UnboundLocalError:", e, isinstance(e, NameError))
g = 1
del g
try:
    g
except NameError as e:
    print("after global del:", e)
