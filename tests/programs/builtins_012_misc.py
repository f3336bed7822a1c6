# A mix of builtins used together in small computations.
data = "3 1 4 1 5 9 2 6 5 3 5"
nums = list(map(int, data.split()))
print(nums, len(nums), sum(nums), min(nums), max(nums))
print(sorted(set(nums)), len(set(nums)), nums.count(5), nums.index(9))
print(list(enumerate(sorted(nums)))[:3], list(zip(nums, reversed(nums)))[:3])
print(divmod(sum(nums), len(nums)), round(sum(nums) / len(nums), 3))
print(abs(min(nums) - max(nums)), pow(max(nums), 2), any(n > 8 for n in nums), all(n > 0 for n in nums))
hist = {}
for n in nums:
    hist[n] = hist.get(n, 0) + 1
print(sorted(hist.items()), max(hist, key=lambda k: (hist[k], k)))
print(list(filter(lambda n: n % 2, nums)), list(map(lambda n: n * n, nums[:4])))
print(str(nums)[:10], repr(str(nums[0])), int(str(nums[0]) * 3), float(nums[1]))
print(hex(sum(nums)), bin(len(nums)), chr(ord("a") + nums[2]), bool(nums), tuple(nums[:2]))
print(isinstance(nums, list), type(nums[0]).__name__, list(reversed(nums[:3])), list(range(len(nums)))[-1])
