# Sets used for membership tests: seen-before detection and cycle finding.
def first_repeat(seq):
    seen = set()
    for i, x in enumerate(seq):
        if x in seen:
            return i, x
        seen.add(x)
    return None

print(first_repeat([3, 1, 4, 1, 5]), first_repeat("abcdefga"), first_repeat([]))
def cycle_len(f, x0):
    seen = {}
    x = x0
    step = 0
    while x not in seen:
        seen[x] = step
        x = f(x)
        step += 1
    return step - seen[x], seen[x]
print(cycle_len(lambda x: (x * x + 1) % 255, 3))
print(cycle_len(lambda x: (7 * x) % 11, 1))
happy = set()
for n in range(1, 25):
    seen = set()
    x = n
    while x != 1 and x not in seen:
        seen.add(x)
        x = sum(int(d) ** 2 for d in str(x))
    if x == 1:
        happy.add(n)
print(sorted(happy))
print(len(happy), 1 in happy and 7 in happy, 4 in happy)
