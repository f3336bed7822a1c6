# f-strings: interpolation, expressions, conversions.
name = "Ada"
age = 36
print(f"{name} is {age} years old")
print(f"{name!r} {name!s} {age!r}", f"{'quoted'!r}")
print(f"{age + 4} {age * 2} {age // 5} {age / 8}")
print(f"{name.upper()} {name[0]} {len(name)} {name * 2}")
items = [1, 2, 3]
d = {"k": 10}
print(f"{items} {items[-1]} {d} {d['k']} {(1, 'a')}")
print(f"{{literal braces}} {{{age}}}")
print(f"{3 > 2} {None} {1.5} {0.1 + 0.2} {-0.0}")
x = 7
print(f"{x if x > 5 else -x} {'big' if x > 100 else 'small'}")
print(f"{'nested ' + f'{x}'}")
def greet(n):
    return f"Hello, {n}!"
print(greet("World"), f"{greet('you')}")
for i in range(3):
    print(f"row {i}: {'#' * i}{'.' * (3 - i)}|")
print(f"{2 ** 70} {-(10 ** 20)}")
s = "multi"
print(f"{s}"
      f"-{s}"
      "-plain")
