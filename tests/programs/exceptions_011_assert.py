# assert statements: passing, failing with and without messages.
def checked_sqrt(x):
    assert x >= 0, "x must be non-negative, got " + str(x)
    return x ** 0.5

print(checked_sqrt(16), checked_sqrt(2))
try:
    checked_sqrt(-4)
except AssertionError as e:
    print("AssertionError:", e, e.args)
try:
    assert 1 == 2
except AssertionError as e:
    print("bare assert:", repr(str(e)), e.args)
def invariant(stack):
    assert isinstance(stack, list)
    assert len(stack) < 3, f"stack too deep: {len(stack)}"
    return "ok"
for s in ([], [1, 2], [1, 2, 3], "not a list"):
    try:
        print(invariant(s))
    except AssertionError as e:
        print("failed:", str(e) or "<no message>")
assert True, "never shown"
assert [1], "non-empty list is true"
x = 5
assert 0 < x < 10
print("all asserts passed")
