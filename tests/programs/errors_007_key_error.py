# Uncaught KeyError with a string key.
ages = {"ann": 31, "bob": 25}
print(ages["ann"], ages.get("cyd"), "bob" in ages)
for name in ["bob", "ann", "cyd"]:
    print(name, ages[name])
