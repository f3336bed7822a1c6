# Dict methods: get, setdefault, pop, update, keys/values/items, iteration.
stock = {"apple": 5, "pear": 0, "plum": 12}
print(stock.get("apple"), stock.get("kiwi"), stock.get("kiwi", 0), stock.get("pear", 99))
print(stock.setdefault("apple", 1), stock.setdefault("kiwi", 7), stock)
print(stock.pop("pear"), stock.pop("nothing", "default"), stock)
stock.update({"plum": 1, "fig": 3})
print(stock)
stock.update([("date", 9)])
stock.update(lime=4)
print(stock)
print(sorted(stock.keys()), sorted(stock.values()), sorted(stock.items()))
print(sum(stock.values()), max(stock, key=stock.get), min(stock.items(), key=lambda kv: kv[1]))
for name, qty in stock.items():
    if qty > 4:
        print("plenty of", name)
keys = stock.keys()
stock["zucchini"] = 0
print(len(keys), "zucchini" in keys)
inv = {v: k for k, v in stock.items()}
print(inv)
groups = {}
for word in ["ant", "bee", "cat", "ape", "bat", "cow", "auk"]:
    groups.setdefault(word[0], []).append(word)
print(groups)
counts = {}
for ch in "abracadabra":
    counts[ch] = counts.get(ch, 0) + 1
print(counts, sorted(counts.items(), key=lambda kv: -kv[1]))
print(list(counts.items())[0], list(counts)[-1])
