# range objects hold arbitrary ints: only len() of a range longer than
# sys.maxsize overflows; iteration, indexing, slicing, reversed, in, index,
# count, ==, hash and repr work beyond the machine words (iteration past 2**63
# takes the longrange_iterator).
r = range(10**30)
print(r, r.start, r.stop, r.step, bool(r), bool(range(10**30, 0)))
try:
    len(r)
except OverflowError as e:
    print('len:', type(e).__name__, e)
print(range(0, 10**30)[10**29], r[-1], r[-10**30])
print(10**29 in r, -1 in r, 10**30 in r, 10**29 + 0.0 in range(0, 10**30, 10**29))
print(r[::2], r[5:10**29:3], r[::-1], r[10**29:])
print(list(reversed(range(10**20, 10**20 + 3))))
print(list(range(2**63 - 2, 2**63 + 2)))
print(list(range(2**63 + 2, 2**63 - 2, -1)))
print(list(reversed(range(-2**63, -2**63 + 3))))
print(list(reversed(range(-2**63, -2**63 + 7, 3))))
print(list(reversed(range(2**63 - 3, 2**63 - 1))))
out = []
for i in range(0, 2**63 - 1, 2**62):
    out.append(i)
for i in range(2**63 - 2, -2**63 - 1, -2**62):
    out.append(i)
print(out)
print(r.index(10**29), r.count(10**29), r.count(-5), r == range(0, 10**30), r == range(10**30, 0))
print(range(0, 10**30, 1) in {r}, range(0) in {range(10**30, 0)}, range(2**64, 2**64 + 1, 5) in {range(2**64, 2**64 + 2, 7)})
print(type(iter(r)).__name__, type(iter(range(5))).__name__, type(reversed(range(10**20))).__name__)
print(type(iter(range(2**63 - 10, 2**63 - 1, 5))).__name__, type(reversed(range(-2**63, 0))).__name__)
print(type(r).__name__, isinstance(r, range), type(r) is type(range(3)))
s = 0
for i in range(2**63 - 5, 2**63 + 5):
    s += i
print(s)
it = iter(range(2**64, 2**64 + 2))
print(next(it), next(it), next(it, 'done'))
for bad in (10**31, -10**31 - 1):
    try:
        r[bad]
    except IndexError as e:
        print('index:', type(e).__name__, e)
try:
    r.index(-1)
except ValueError as e:
    print('index():', type(e).__name__, e)
try:
    list(range(10**30))
except OverflowError as e:
    print('list:', type(e).__name__, e)
print(range(-10**20, 10**20, 10**19)[3:7], repr(range(5, 10**20, 7)))
print(range(2**63 - 1)[-1], len(range(-2**63, 2**63 - 1, 3)))
print(sorted(range(2**63, 2**63 - 3, -1)), sum(range(2**64, 2**64 + 4)), max(range(10**20, 10**20 + 7)))
print(tuple(range(2**63 - 1, 2**63 + 1)), set(range(2**63, 2**63 + 2)) == {2**63, 2**63 + 1})
print(list(range(10**20, 10**20 - 20, -7)), range(1, 2**70, 2**69))
print(list(enumerate(range(2**63 - 1, 2**63 + 1))))
print(range(10) == range(10**30)[:10], range(3, 2**64)[-2**64 + 3], range(2**64)[2**63:2**63 + 3])
print({range(10**30): 1}[range(0, 10**30)], list(zip(range(2**63, 2**63 + 2), 'ab')))
