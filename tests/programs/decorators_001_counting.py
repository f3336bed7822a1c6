# Decorators that count calls and log arguments.
call_counts = {}
def count_calls(name):
    def deco(f):
        call_counts[name] = 0
        def wrapper(*args, **kwargs):
            call_counts[name] += 1
            return f(*args, **kwargs)
        return wrapper
    return deco

@count_calls("square")
def square(x):
    return x * x

@count_calls("fib")
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

print([square(i) for i in range(5)], call_counts["square"])
print(fib(10), call_counts["fib"], call_counts)
log = []
def logged(name):
  def deco(f):
    def wrapper(*args, **kwargs):
        result = f(*args, **kwargs)
        log.append(f"{name}{args}{kwargs if kwargs else ''} -> {result!r}")
        return result
    return wrapper
  return deco

@logged("join")
def join(*parts, sep=" "):
    return sep.join(parts)

@logged("add")
def add(a, b):
    return a + b
join("a", "b")
join("x", "y", "z", sep="-")
add(2, 3)
add("p", "q")
for line in log:
    print(line)
