# Set comprehensions and set algebra used for real questions.
multiples3 = {n for n in range(30) if n % 3 == 0}
multiples5 = {n for n in range(30) if n % 5 == 0}
print(multiples3)
print(multiples5)
print(multiples3 & multiples5, sorted(multiples3 | multiples5))
print(sum(multiples3 | multiples5))
squares = {n * n % 10 for n in range(100)}
print(squares)
students = {"ann": {1, 2, 5}, "bob": {2, 3}, "cyd": {1, 2, 3, 4}}
common = None
for name in students:
    common = students[name] if common is None else common & students[name]
print("in every class:", common)
everything = set()
for courses in students.values():
    everything |= courses
print("all classes:", everything)
for name in sorted(students):
    others = set()
    for o in students:
        if o != name:
            others |= students[o]
    print(name, "only", students[name] - others)
pairs = {(a, b) for a in range(4) for b in range(4) if a < b}
print(sorted(pairs), len(pairs))
