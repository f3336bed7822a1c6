# del of names, list items, dict entries and attributes; global declarations.
x = 10
y = [1, 2, 3, 4]
z = {"a": 1, "b": 2}
del x
print("x" in ["x"], y, z)
del y[0], z["a"]
print(y, z)
a, b = 1, 2
del a, b
try:
    print(a)
except NameError as e:
    print("NameError:", e)
class Box:
    pass
bx = Box()
bx.v = 5
bx.w = 6
del bx.v
print(hasattr(bx, "v"), hasattr(bx, "w"))
config = {}
def set_option(k, v):
    global last_key
    config[k] = v
    last_key = k
set_option("a", 1)
set_option("b", 2)
print(config, last_key)
level = 0
def enter():
    global level
    level += 1
    return level
def leave():
    global level
    level -= 1
    return level
print(enter(), enter(), leave(), enter(), level)
def local_del():
    items = [1, 2, 3]
    first = items[0]
    del items[0]
    del first
    return items
print(local_del())
