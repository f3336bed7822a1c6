# Uncaught ValueError: not enough values to unpack.
records = ["ann,31,nyc", "bob,25,sf", "cyd,47"]
for rec in records:
    name, age, city = rec.split(",")
    print(name, int(age) + 1, city.upper())
