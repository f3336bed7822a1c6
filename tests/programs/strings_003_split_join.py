# split (with/without sep, maxsplit) and join.
line = "  the quick  brown fox   jumps  "
print(line.split())
print(line.split(" "))
print(line.split(None, 2))
csv = "a,b,,c,d,"
print(csv.split(","), len(csv.split(",")))
print(csv.split(",", 2), csv.split(",", maxsplit=1))
print("a--b--c".split("--"), "abc".split("x"), "".split(), "".split(","))
print("1 2 3".split(" ", 0), "x=1=2".split("=", 1))
words = ["alpha", "beta", "gamma"]
print(", ".join(words), "".join(words), "-".join("abc"), " | ".join([]))
print("\n".join(w.upper() for w in words))
record = "name=Ada;age=36;lang=Python"
fields = {}
for part in record.split(";"):
    k, v = part.split("=")
    fields[k] = v
print(fields)
path = "/usr/local/lib/python3/site.py"
parts = path.split("/")
print(parts, parts[-1], "/".join(parts[:-1]))
sentence = "one two three four five"
print(sentence.split(" ", 2), sentence.split(maxsplit=3))
nums = "10 20 30 40"
print(sum(int(x) for x in nums.split()), "+".join(nums.split()))
print("a\tb\nc  d".split())
