# Order processing: stock reservation, back orders, invoices with discounts.
stock = {"apple": 50, "pear": 10, "plum": 0, "kiwi": 25}
prices = {"apple": 0.4, "pear": 0.75, "plum": 1.2, "kiwi": 0.3}
orders = [
    ("o1", {"apple": 20, "pear": 5}),
    ("o2", {"pear": 8, "kiwi": 10}),
    ("o3", {"plum": 3, "apple": 40}),
    ("o4", {"kiwi": 15, "banana": 2}),
]
backorders = []
for oid, lines in orders:
    invoice = []
    for item, qty in lines.items():
        if item not in prices:
            invoice.append((item, 0, 0.0, "unknown item"))
            continue
        have = stock[item]
        ship = min(have, qty)
        stock[item] = have - ship
        if ship < qty:
            backorders.append((oid, item, qty - ship))
        cost = ship * prices[item]
        invoice.append((item, ship, cost, "partial" if ship < qty else ""))
    subtotal = sum(c for _, _, c, _ in invoice)
    discount = 0.1 * subtotal if subtotal > 10 else 0.0
    print(f"order {oid}:")
    for item, ship, cost, note in invoice:
        print(f"   {item:<7}{ship:>4} {cost:>7.2f} {note}")
    print(f"   subtotal {subtotal:.2f} discount {discount:.2f} total {subtotal - discount:.2f}")
print("stock", stock)
print("backorders", backorders)
