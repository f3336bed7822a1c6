# Truthiness of builtin values, bool(), and/or/not returning operands.
values = [0, 1, -1, 0.0, 0.5, "", "a", [], [0], (), (0,), {}, {1: 2}, None, True, False, set(), {0}]
for v in values:
    print(repr(v), bool(v), not v)
print(0 or 5, 3 or 5, 0 and 5, 3 and 5, None or "default", "" or [] or 0)
print(1 and 2 and 3, 1 and 0 and 3, 0 or 0.0 or None)
print(True + True, True * 10, False - 1, sum([True, True, False, True]))
print(True and "yes" or "no", False and "yes" or "no")
print(isinstance(True, int), type(True).__name__, str(False), repr(True))
print(True == 1, True is True, None is None, None == 0, not None)
def check(x):
    if x:
        return "truthy"
    else:
        return "falsy"
print([check(v) for v in (0, "0", [[]], 0.0, -0.0, " ")])
print(bool("False"), bool(0.0000001), int(True), 5 > 3 == True)
print(all([]), any([]), all([1, 2, 0]), any([0, "", None, 3]))
