# sum (with start), abs, any and all over various inputs.
print(sum([1, 2, 3]), sum([]), sum([1, 2], 10), sum((0.5, 0.25)), sum(range(10), -45), sum([[1], [2, 3]], []))
print(sum(x * x for x in range(5)), sum([True, True, False]), sum([1, 2.5]), sum([10 ** 20, 1]))
print(abs(-5), abs(5), abs(-2.5), abs(0), abs(-0.0), abs(-(10 ** 30)), abs(True))
print(any([]), all([]), any([0, 0]), any([0, 1]), all([1, 1]), all([1, 0]), any("abc"), all(""))
print(any(x > 3 for x in [1, 2, 5]), all(x > 0 for x in [1, 2, -5]), all(isinstance(x, int) for x in (1, 2)))
rows = [[1, 2], [3, 0], [5, 6]]
print([all(r) for r in rows], any(all(r) for r in rows), all(any(r) for r in rows))
def first_false(items):
    seen = []
    def check(x):
        seen.append(x)
        return x
    result = all(check(x) for x in items)
    return result, seen
print(first_false([1, 2, 0, 3, 4]), first_false([1, 1]))
nums = [-3, 7, -1, 4]
print(sum(abs(n) for n in nums), max(nums, key=abs), sorted(nums, key=abs))
