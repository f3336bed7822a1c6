# Uncaught ValueError from list.index of a missing item.
colours = ["red", "green", "blue"]
for c in ["blue", "red"]:
    print(c, "at", colours.index(c))
print("purple at", colours.index("purple"))
