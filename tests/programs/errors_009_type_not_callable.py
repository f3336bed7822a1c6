# Uncaught TypeError: an int is not callable.
handlers = {"double": lambda x: x * 2, "count": 3}
print(handlers["double"](21))
for name in ["double", "count"]:
    h = handlers[name]
    print("calling", name)
    print(h(5))
