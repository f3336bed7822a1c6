# Uncaught user-defined exception.
class InventoryError(Exception):
    pass

stock = {"apple": 3, "pear": 1}

def take(item, n):
    have = stock.get(item, 0)
    if have < n:
        raise InventoryError(f"only {have} {item} left, wanted {n}")
    stock[item] = have - n
    return stock[item]

print(take("apple", 2))
print(take("pear", 1))
print(take("apple", 5))
