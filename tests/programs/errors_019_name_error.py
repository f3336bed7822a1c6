# Uncaught NameError for a name that was never defined.
def compute(x):
    y = x * 2
    print("y is", y)
    return y + never_defined_anywhere

print("start")
print(compute(3))
