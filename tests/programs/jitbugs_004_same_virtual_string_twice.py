# A 1-char string from iterating a str is virtual in the string pass; one op
# using it twice (print(c, c), [c, c]) forced it once and left the second
# argument naming the unforced op: a host KeyError/BackendError in every JIT
# mode (fuzz seed 3800777).
def run():
    total = []
    for j in range(20):
        for c in 'hello'[:3]:
            print(c, c)
            pair = [c, c]
            total.append(pair[1])
    return "".join(total)


print(run())
