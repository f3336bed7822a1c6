# An exception propagates through several finally blocks before ending the program.
def inner(x):
    try:
        print("inner start", x)
        return 100 // x
    finally:
        print("inner finally")

def outer(x):
    try:
        return inner(x) + 1
    finally:
        print("outer finally")

print(outer(5))
print(outer(0))
