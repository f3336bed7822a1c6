# Generator pipelines: read -> parse -> filter -> aggregate.
log_lines = """INFO 12 start
WARN 7 disk low
INFO 3 tick
ERROR 42 crash
INFO 8 tick
WARN 1 fan
ERROR 5 retry
INFO 2 stop"""

def lines(text):
    for line in text.split("\n"):
        yield line

def parse(src):
    for line in src:
        level, num, *msg = line.split()
        yield level, int(num), " ".join(msg)

def only(levels, src):
    for rec in src:
        if rec[0] in levels:
            yield rec

def running_total(src):
    total = 0
    for level, n, msg in src:
        total += n
        yield level, n, msg, total

for rec in running_total(only(("WARN", "ERROR"), parse(lines(log_lines)))):
    print(rec)
print(sum(n for _, n, _ in parse(lines(log_lines))))
print(max(parse(lines(log_lines)), key=lambda r: r[1]))
levels = {}
for level, n, _ in parse(lines(log_lines)):
    levels[level] = levels.get(level, 0) + n
print(levels)
squares = (x * x for x in range(10))
evens = (s for s in squares if s % 2 == 0)
print(list(evens), list(evens))
print(sum(x for x in range(100) if x % 7 == 0), any(x > 8 for x in range(10)), all(x < 5 for x in range(10)))
print(sorted((c for c in "generator"), reverse=True), tuple(i for i in "ab"))
