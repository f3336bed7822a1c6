# Recursion: factorial, power set, hanoi, ackermann, flatten, sum of digits.
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)

def hanoi(n, src, dst, via, moves):
    if n == 0:
        return
    hanoi(n - 1, src, via, dst, moves)
    moves.append((n, src, dst))
    hanoi(n - 1, via, dst, src, moves)

def power_set(items):
    if not items:
        return [[]]
    rest = power_set(items[1:])
    return rest + [[items[0]] + r for r in rest]

def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))

def depth(x):
    if isinstance(x, list):
        return 1 + max([depth(i) for i in x], default=0)
    return 0

print([fact(i) for i in range(8)], fact(25))
moves = []
hanoi(4, "A", "C", "B", moves)
print(len(moves), moves[:5])
print(power_set([1, 2, 3]))
print(ackermann(2, 3), ackermann(1, 5))
print(depth([1, [2, [3, [4]]], []]), depth(5), depth([]))
def count_down(n):
    if n < 0:
        return []
    return [n] + count_down(n - 1)
print(count_down(10))
def is_even(n):
    return True if n == 0 else is_odd(n - 1)
def is_odd(n):
    return False if n == 0 else is_even(n - 1)
print(is_even(10), is_odd(7), is_even(7))
