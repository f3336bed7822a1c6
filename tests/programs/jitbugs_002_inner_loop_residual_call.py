# An inner for loop over each kind of iterable whose body makes a residual
# call (a dict store).  When the inner loop's "exhausted" guard fails after
# next() was called, the bridge traced from it must not jump straight back to
# the loop header: that would call next() again and drop an item.


def over_tuple():
    seen = {}
    count = 0
    for i in range(30):
        for x in (1, 2, 3):
            seen[x] = i
            count += 1
    print("tuple", count, sorted(seen))

def over_str():
    seen = {}
    count = 0
    for i in range(30):
        for x in "abc":
            seen[x] = i
            count += 1
    print("str", count, sorted(seen))

def over_dict():
    seen = {}
    count = 0
    for i in range(30):
        for x in {1: 2, 3: 4, 5: 6}:
            seen[x] = i
            count += 1
    print("dict", count, sorted(seen))

def over_items():
    seen = {}
    count = 0
    for i in range(30):
        for x in {1: 2, 3: 4}.items():
            seen[x] = i
            count += 1
    print("items", count, sorted(seen))

def over_enumerate():
    seen = {}
    count = 0
    for i in range(30):
        for x in enumerate([1, 2, 3]):
            seen[x] = i
            count += 1
    print("enumerate", count, sorted(seen))

def over_zip():
    seen = {}
    count = 0
    for i in range(30):
        for x in zip([1, 2, 3], "xyz"):
            seen[x] = i
            count += 1
    print("zip", count, sorted(seen))

def over_reversed():
    seen = {}
    count = 0
    for i in range(30):
        for x in reversed([1, 2, 3]):
            seen[x] = i
            count += 1
    print("reversed", count, sorted(seen))

def over_map():
    seen = {}
    count = 0
    for i in range(30):
        for x in map(abs, [1, -2, 3]):
            seen[x] = i
            count += 1
    print("map", count, sorted(seen))

def over_filter():
    seen = {}
    count = 0
    for i in range(30):
        for x in filter(None, [0, 1, 2, 3]):
            seen[x] = i
            count += 1
    print("filter", count, sorted(seen))

def over_set():
    seen = {}
    count = 0
    for i in range(30):
        for x in {7, 8, 9}:
            seen[x] = i
            count += 1
    print("set", count, sorted(seen))

def over_iter():
    seen = {}
    count = 0
    for i in range(30):
        for x in iter([4, 5, 6]):
            seen[x] = i
            count += 1
    print("iter", count, sorted(seen))

def over_list():
    seen = {}
    count = 0
    for i in range(30):
        for x in [1, 2, 3]:
            seen[x] = i
            count += 1
    print("list", count, sorted(seen))

def over_range():
    seen = {}
    count = 0
    for i in range(30):
        for x in range(3):
            seen[x] = i
            count += 1
    print("range", count, sorted(seen))


for test in (over_tuple, over_str, over_dict, over_items, over_enumerate, over_zip, over_reversed, over_map, over_filter, over_set, over_iter, over_list, over_range):
    test()

total = 0
out = []
for i in range(40):
    for ch in "hello":
        out.append(ch)
        total += len(str(i))
print(total, len(out), "".join(out[:12]))
