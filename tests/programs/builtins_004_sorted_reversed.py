# sorted() with key and reverse, stability, reversed() on sequences.
data = [("bob", 25, "nyc"), ("ann", 31, "sf"), ("cyd", 25, "la"), ("dee", 31, "nyc"), ("eve", 19, "sf")]
print(sorted(data))
print(sorted(data, key=lambda r: r[1]))
print(sorted(data, key=lambda r: r[1], reverse=True))
print(sorted(data, key=lambda r: (r[2], -r[1])))
by_city = sorted(sorted(data, key=lambda r: r[0]), key=lambda r: r[2])
print([r[0] for r in by_city])
print(sorted("banana"), sorted("banana", reverse=True), sorted({3: "a", 1: "b"}), sorted((3, 1, 2)))
print(sorted([3.5, -1, 2, 0.0]), sorted([[2, 1], [1, 2], [1]]), sorted([], reverse=True))
print(sorted(["b", "A", "c", "B"]), sorted(["b", "A", "c", "B"], key=lambda s: s.lower()))
print(list(reversed([1, 2, 3])), list(reversed("abc")), list(reversed((1, 2))), list(reversed(range(3))))
print("".join(reversed("stressed")), [x for x in reversed(sorted([5, 2, 8]))])
nums = [5, 2, 8, 1]
s = sorted(nums)
print(nums, s, s is nums)
print(sorted(nums, key=lambda n: -n) == sorted(nums, reverse=True))
words = ["kiwi", "fig", "apple", "date", "banana", "plum"]
print(sorted(words, key=len), sorted(words, key=lambda w: (-len(w), w)))
