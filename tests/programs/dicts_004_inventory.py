# An inventory system built on nested dicts.
inventory = {}

def add_item(name, qty, price):
    if name in inventory:
        inventory[name]["qty"] += qty
        inventory[name]["price"] = price
    else:
        inventory[name] = {"qty": qty, "price": price}

def remove_item(name, qty):
    item = inventory.get(name)
    if item is None:
        return "no such item: " + name
    if item["qty"] < qty:
        return "insufficient " + name + ": have " + str(item["qty"])
    item["qty"] -= qty
    if item["qty"] == 0:
        del inventory[name]
    return "ok"

add_item("bolt", 100, 0.05)
add_item("nut", 250, 0.03)
add_item("gear", 7, 4.5)
add_item("bolt", 50, 0.06)
print(inventory)
print(remove_item("nut", 50), remove_item("gear", 10), remove_item("cog", 1), remove_item("gear", 7))
print(inventory)
total = 0.0
for name in sorted(inventory):
    item = inventory[name]
    value = item["qty"] * item["price"]
    total += value
    print(f"{name:6} {item['qty']:5d} @ {item['price']:.2f} = {value:8.2f}")
print(f"total value {total:.2f}")
low = [n for n, it in inventory.items() if it["qty"] < 180]
print("low stock:", low)
