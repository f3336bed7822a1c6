# extra: str.format, partition, splitlines
# str.format and partition/splitlines (outside the core subset).
print("{} + {} = {}".format(2, 3, 5), "{1}{0}".format("a", "b"), "{name}!".format(name="hey"))
print("{:>6}|{:<6}|{:^6}".format("r", "l", "c"), "{:08.3f}".format(3.14159), "{:,}".format(1234567))
print("key=value=x".partition("="), "novalue".partition("="), "a.b.c".partition("."))
text = "first line\nsecond line\r\nthird\n\nfifth"
print(text.splitlines())
for i, line in enumerate(text.splitlines()):
    head, sep, tail = line.partition(" ")
    print("{0}: head={1!r} tail={2!r}".format(i, head, tail))
