# Decorators keeping state: a cache with hit counting, a retry wrapper, call tracing with depth.
def cached(f):
    store = {}
    stats = {"hits": 0, "misses": 0}
    def wrapper(*args):
        if args in store:
            stats["hits"] += 1
        else:
            stats["misses"] += 1
            store[args] = f(*args)
        return store[args]
    return wrapper, stats

def slow_square(x):
    return x * x
fast_square, sq_stats = cached(slow_square)
print([fast_square(i % 4) for i in range(10)], sq_stats)

def retry(times):
    def deco(f):
        def wrapper(*args):
            last = None
            for attempt in range(1, times + 1):
                try:
                    return attempt, f(*args)
                except ValueError as e:
                    last = e
            return times, "failed: " + str(last)
        return wrapper
    return deco

state = {"calls": 0}
@retry(3)
def flaky(n):
    state["calls"] += 1
    if state["calls"] < n:
        raise ValueError("call " + str(state["calls"]))
    return "ok at call " + str(state["calls"])
print(flaky(2))
state["calls"] = 0
print(flaky(5))

depth = [0]
def traced(label):
    def deco(f):
        def wrapper(n):
            print("  " * depth[0] + f"{label}({n})")
            depth[0] += 1
            try:
                return f(n)
            finally:
                depth[0] -= 1
        return wrapper
    return deco

@traced("fib")
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(4))
