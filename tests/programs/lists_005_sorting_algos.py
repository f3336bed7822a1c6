# Sorting algorithms written by hand: insertion, selection, quick, merge.
data = [38, 27, 43, 3, 9, 82, 10, 3, -5, 61, 0, 27]

def insertion_sort(a):
    a = a[:]
    for i in range(1, len(a)):
        key = a[i]
        j = i - 1
        while j >= 0 and a[j] > key:
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = key
    return a

def selection_sort(a):
    a = list(a)
    for i in range(len(a)):
        m = i
        for j in range(i + 1, len(a)):
            if a[j] < a[m]:
                m = j
        a[i], a[m] = a[m], a[i]
    return a

def quicksort(a):
    if len(a) <= 1:
        return a
    pivot = a[len(a) // 2]
    less = [x for x in a if x < pivot]
    equal = [x for x in a if x == pivot]
    more = [x for x in a if x > pivot]
    return quicksort(less) + equal + quicksort(more)

def merge_sort(a):
    if len(a) <= 1:
        return a
    mid = len(a) // 2
    left = merge_sort(a[:mid])
    right = merge_sort(a[mid:])
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    out.extend(left[i:])
    out.extend(right[j:])
    return out

print(insertion_sort(data))
print(selection_sort(data))
print(quicksort(data))
print(merge_sort(data))
print(sorted(data) == merge_sort(data) == quicksort(data), data[:3])
print(merge_sort(["pear", "fig", "apple"]), quicksort([]), merge_sort([1]))
