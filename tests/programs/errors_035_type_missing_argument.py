# Uncaught TypeError: missing required positional argument.
def describe(name, kind, colour="plain"):
    return f"{name} is a {colour} {kind}"

print(describe("rex", "dog"))
print(describe("tom", "cat", colour="grey"))
print(describe("nemo"))
