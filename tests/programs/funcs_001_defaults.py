# Functions with default arguments and keyword arguments.
def greet(name, greeting="Hello", punct="!"):
    return greeting + ", " + name + punct

print(greet("Ann"))
print(greet("Bob", "Hi"))
print(greet("Cyd", punct="?"))
print(greet(greeting="Yo", name="Dee"))
print(greet("Eve", "Hey", "..."))
def power(base, exp=2):
    return base ** exp
print(power(3), power(3, 3), power(exp=0, base=9), power(2, exp=10))
def make_list(n, fill=0, step=0):
    return [fill + i * step for i in range(n)]
print(make_list(3), make_list(4, 1), make_list(4, step=2), make_list(fill=5, n=2, step=-1))
def bad_default(x, acc=[]):
    acc.append(x)
    return acc
print(bad_default(1), bad_default(2), bad_default(3, []), bad_default(4))
counter_default = 10
def uses_default(x=counter_default):
    return x
counter_default = 20
print(uses_default(), counter_default)
def describe(a, b=None, *, c=3):
    return (a, b, c)
print(describe(1), describe(1, 2), describe(1, c=5), describe(a=0, b=1, c=2))
