# min and max: several arguments, iterables, key=, default=.
print(max(3, 7, 5), min(3, 7, 5), max([2, 9, 4]), min((8, -1, 3)), max("hello"), min("hello"))
print(max([1, 5, 3], key=lambda x: -x), min(["aaa", "b", "cc"], key=len), max(["aaa", "b", "cc"], key=len))
print(max([], default=None), min([], default="empty"), max([4], default=0), max((), default=-1))
print(max([(1, "b"), (1, "a"), (0, "z")]), min({"x": 3, "y": 1}), max({"x": 3, "y": 1}.values()))
d = {"ann": 31, "bob": 25, "cyd": 47}
print(max(d, key=d.get), min(d, key=lambda k: d[k]), max(d.items(), key=lambda kv: kv[1]))
print(max(1, 2.5), min(-0.5, 0), max(True, 0), max([1, 1.0]), min([1.0, 1]))
print(max(["b", "a", "c"], key=lambda s: 0), min([3, 1, 2], key=lambda x: 0))
pts = [(1, 5), (4, 2), (3, 3), (-2, 6)]
print(max(pts, key=lambda p: p[0]), min(pts, key=lambda p: p[1]), max(pts, key=lambda p: p[0] + p[1]))
print(max(range(10), key=lambda x: (x % 4, x)), min(range(1, 10), key=lambda x: abs(x - 5.4)))
