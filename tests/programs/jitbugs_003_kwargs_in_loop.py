# **kwargs collected in a traced loop: the dict is made by a residual call,
# a new one each call, holding the trace's values (was a host struct.error).
def h(*a, **kw):
    return len(a) + len(kw) + sum(kw.values())
def g(x, **kw):
    kw["seen"] = x
    return kw
t = 0
keep = []
for i in range(100):
    t += h(1, k=i)
    t += h(k=i, j=2)
    keep.append(g(i, z=i))
print(t)
print(keep[0], keep[-1])
print("a fresh dict each call:", keep[0] is not keep[1] and keep[1] is not keep[2])
