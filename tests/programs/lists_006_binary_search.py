# Binary search (iterative and recursive), bisect-style insertion points.
def bsearch(a, x):
    lo, hi = 0, len(a) - 1
    steps = 0
    while lo <= hi:
        steps += 1
        mid = (lo + hi) // 2
        if a[mid] == x:
            return mid, steps
        elif a[mid] < x:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1, steps

def bsearch_rec(a, x, lo=0, hi=None):
    if hi is None:
        hi = len(a)
    if lo >= hi:
        return -1
    mid = (lo + hi) // 2
    if a[mid] == x:
        return mid
    if a[mid] < x:
        return bsearch_rec(a, x, mid + 1, hi)
    return bsearch_rec(a, x, lo, mid)

def insertion_point(a, x):
    lo, hi = 0, len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo

arr = [i * 3 for i in range(40)]
for x in (0, 3, 57, 58, 117, 118, -1):
    print(x, bsearch(arr, x), bsearch_rec(arr, x), insertion_point(arr, x))
sorted_list = []
for v in [5, 1, 4, 1, 5, 9, 2, 6]:
    sorted_list.insert(insertion_point(sorted_list, v), v)
    print(sorted_list)
