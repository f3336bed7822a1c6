# Function factories: adders, validators, pipelines built from closures.
def adder(n):
    return lambda x: x + n

def between(lo, hi):
    def check(x):
        return lo <= x <= hi
    return check

def pipeline(*steps):
    def run(value):
        trace = [value]
        for step in steps:
            value = step(value)
            trace.append(value)
        return value, trace
    return run

add5 = adder(5)
print(add5(1), adder(-1)(0), [adder(i)(10) for i in range(3)])
teen = between(13, 19)
print([a for a in range(10, 22) if teen(a)])
p = pipeline(adder(1), lambda v: v * 3, str, lambda s: s + s, len)
print(p(4), p(32))
def make_formatter(prefix, width):
    def fmt(value):
        return f"{prefix}{value:>{width}}"
    return fmt
money = make_formatter("$", 8)
pct = make_formatter("%", 5)
print(money(12.5), money("abc"), pct(7))
def once(f):
    done = False
    result = None
    def wrapper(*a):
        nonlocal done, result
        if not done:
            result = f(*a)
            done = True
        return result
    return wrapper
init = once(lambda x: x * 100)
print(init(1), init(2), init(3))
