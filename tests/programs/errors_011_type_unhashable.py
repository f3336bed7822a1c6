# Uncaught TypeError: unhashable type used as a dict key.
seen = {}
for key in [(1, 2), "text", 3, [4, 5]]:
    print("adding", key)
    seen[key] = True
print(seen)
