# Closures as counters, accumulators and nonlocal state.
def make_counter(start=0, step=1):
    n = start
    def counter():
        nonlocal n
        n += step
        return n
    return counter

c1 = make_counter()
c2 = make_counter(100, -10)
print(c1(), c1(), c1(), c2(), c2(), c1())
def make_accumulator():
    total = []
    def add(x):
        total.append(x)
        return sum(total)
    return add
acc = make_accumulator()
print(acc(5), acc(10), acc(-3))
def make_multipliers():
    return [lambda x, i=i: x * i for i in range(4)]
print([m(10) for m in make_multipliers()])
def late_binding():
    return [lambda x: x * i for i in range(4)]
print([m(10) for m in late_binding()])
def bank(balance):
    def deposit(x):
        nonlocal balance
        balance += x
        return balance
    def withdraw(x):
        nonlocal balance
        if x > balance:
            return "insufficient"
        balance -= x
        return balance
    def get():
        return balance
    return deposit, withdraw, get
dep, wd, get = bank(50)
print(dep(25), wd(100), wd(30), get())
def outer():
    x = 1
    def middle():
        def inner():
            nonlocal x
            x += 1
            return x
        return inner
    f = middle()
    return f(), f(), x
print(outer())
