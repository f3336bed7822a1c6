# Indexing, slicing and comparing strings in a loop (issue 17): s[i] and
# s[a:b] of an exact str, == against constants and str(int).  PyPy keeps the
# 1-char string and the slice virtual and compares them in place
# (OS_STREQ_SLICE_CHAR / _NONNULL; pypyteach's unicode ones, OS_UNIEQ_*).
def run(n):
    s = "hello world, abcdefg"
    total = 0
    for i in range(n):
        c = s[i % 20]
        if c == "o":
            total += 1
        if s[2:7] == "llo w":
            total += 2
        total += len(str(i))
    return total


n = 100000
print(run(n))
