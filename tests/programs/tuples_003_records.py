# Tuples as records: sorting, grouping, comparisons and tuple keys in dicts.
people = [("Smith", "John", 1980), ("Doe", "Jane", 1992), ("Smith", "Anna", 1975), ("Brown", "Bob", 1992)]
print(sorted(people))
print(sorted(people, key=lambda p: (p[2], p[0])))
print(max(people, key=lambda p: p[2]), min(people)[1])
by_year = {}
for last, first, year in people:
    by_year.setdefault(year, []).append((first, last))
print(by_year)
coords = {(0, 0): "origin", (1, 0): "east", (0, 1): "north"}
for (x, y), name in sorted(coords.items()):
    print(x, y, name)
moves = [(1, 0), (0, 1), (-1, 0), (1, 1)]
pos = (0, 0)
for dx, dy in moves:
    pos = (pos[0] + dx, pos[1] + dy)
    print(pos, coords.get(pos, "?"))
a = (1, 2, 3)
b = a + (4,)
print(a, b, a < b, b[1:3], 2 in b, b[-1], len(b), b * 2)
nested = ((1, 2), (3, 4))
print([x for pair in nested for x in pair], tuple(sum(p) for p in nested))
version = (3, 11, 7)
print(version >= (3, 8), version < (3, 12), version > (3, 11), ".".join(str(v) for v in version))
