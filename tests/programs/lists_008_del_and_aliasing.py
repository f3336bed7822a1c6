# del on list items and slices; aliasing versus copying by slicing.
a = [10, 20, 30, 40, 50, 60]
b = a
c = a[:]
del a[0]
print(a, b, c)
del b[-2:]
print(a, b, c)
del a[:]
print(a, b, len(c))
nums = list(range(20))
i = 0
while i < len(nums):
    if nums[i] % 3 == 0:
        del nums[i]
    else:
        i += 1
print(nums)
nums = [n for n in nums if n % 2]
print(nums)
def mutate(lst):
    lst.append("added")
    lst = ["rebound"]
    lst.append("lost")
    return lst
orig = ["o"]
ret = mutate(orig)
print(orig, ret)
rows = [[0] * 2 for _ in range(2)]
rows[0].append(1)
print(rows)
x = [1, 2, 3]
y = [x, x]
x.append(4)
print(y)
del y[0][0]
print(x, y)
