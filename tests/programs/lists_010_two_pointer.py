# Array algorithms: two-sum, max subarray (Kadane), prefix sums, merge of sorted lists.
def two_sum(nums, target):
    idx = {}
    for i, n in enumerate(nums):
        if target - n in idx:
            return idx[target - n], i
        idx[n] = i
    return None

def kadane(a):
    best = cur = a[0]
    start = best_start = best_end = 0
    for i in range(1, len(a)):
        if cur < 0:
            cur = a[i]
            start = i
        else:
            cur += a[i]
        if cur > best:
            best, best_start, best_end = cur, start, i
    return best, a[best_start:best_end + 1]

def merge(a, b):
    i = j = 0
    out = []
    while i < len(a) and j < len(b):
        if a[i] <= b[j]:
            out.append(a[i]); i += 1
        else:
            out.append(b[j]); j += 1
    return out + a[i:] + b[j:]

print(two_sum([2, 7, 11, 15], 9), two_sum([3, 2, 4], 6), two_sum([1, 2], 10))
print(kadane([-2, 1, -3, 4, -1, 2, 1, -5, 4]), kadane([-3, -1, -2]))
prefix = [0]
for v in [3, 1, 4, 1, 5, 9, 2, 6]:
    prefix.append(prefix[-1] + v)
print(prefix, prefix[6] - prefix[2])
print(merge([1, 4, 9], [2, 3, 10, 11]), merge([], [1]))
