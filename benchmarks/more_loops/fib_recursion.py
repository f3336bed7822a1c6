# Recursion: the JIT traces fib from its entry (function_threshold) and
# compiles the recursion past max_unroll_recursion levels as call_assembler.
def fib(k):
    if k < 2:
        return k
    return fib(k - 1) + fib(k - 2)

def run(n):
    total = 0
    for i in range(n // 1000):
        total += fib(15)
    return total


n = 100000
print(run(n))
