# Uncaught ValueError: too many values to unpack.
line = "key=value=extra"
print(line.split("="))
k, v = "name=ada".split("=")
print(k, v)
k, v = line.split("=")
print(k, v)
