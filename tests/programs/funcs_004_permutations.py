# Permutations and combinations via recursion.
def permutations(items):
    if len(items) <= 1:
        return [items[:]]
    out = []
    for i in range(len(items)):
        rest = items[:i] + items[i + 1:]
        for p in permutations(rest):
            out.append([items[i]] + p)
    return out

def combinations(items, k):
    if k == 0:
        return [[]]
    if len(items) < k:
        return []
    first, rest = items[0], items[1:]
    return [[first] + c for c in combinations(rest, k - 1)] + combinations(rest, k)

perms = permutations([1, 2, 3])
print(len(perms), perms)
print(len(permutations(list("abcd"))), ["".join(p) for p in permutations(list("abc"))])
print(combinations([1, 2, 3, 4], 2))
print(len(combinations(list(range(7)), 3)), combinations([1, 2], 3))
def subsets_sum(nums, target):
    res = []
    def go(i, chosen, total):
        if total == target:
            res.append(chosen[:])
        if i == len(nums) or total >= target:
            return
        for j in range(i, len(nums)):
            chosen.append(nums[j])
            go(j + 1, chosen, total + nums[j])
            chosen.pop()
    go(0, [], 0)
    return res
print(subsets_sum([2, 3, 5, 6, 8, 10], 10))
