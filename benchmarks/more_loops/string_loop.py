# Strings built in a loop: two concatenations per iteration whose result
# only has its length taken.  PyPy's string pass keeps the concatenations
# virtual (issue 17); so does pypyteach's, with the unicode* ops.
def run(n):
    a, b, c = "py", "py", "!"
    total = 0
    for i in range(n):
        t = a + b + c
        total += len(t)
    return total


n = 100000
print(run(n))
