# type(), isinstance with class tuples and class objects printed (no addresses).
class A:
    pass

class B(A):
    pass

class C(B):
    pass

objs = [A(), B(), C(), 1, "s", 2.0, [1], (1,), {1: 2}, None, True]
for o in objs:
    print(type(o).__name__, isinstance(o, A), isinstance(o, (int, str)), isinstance(o, B))
print(type(C()) is C, type(C()) is B, type(1) is int, type(True) is bool, type(True) is int)
print(A, B, C, type(A()), int, str, type(None))
print(isinstance(True, int), isinstance(1, bool), isinstance(1.0, (int, float)))
print([type(x).__name__ for x in (1, 1.5, "", [], (), {}, set(), range(1), None)])
kinds = {}
for o in objs:
    kinds.setdefault(type(o).__name__, 0)
    kinds[type(o).__name__] += 1
print(kinds)
print(type(5)(3.9), type("x")(12), type([])((1, 2)), type(B()) == B)
