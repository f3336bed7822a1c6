# An invoice formatted with f-strings.
items = [("Widget", 4, 3.5), ("Gadget", 1, 12.99), ("Doohickey", 10, 0.45), ("Thingamajig", 2, 7.0)]
print(f"{'Item':<12}{'Qty':>5}{'Price':>9}{'Total':>10}")
print("-" * 36)
grand = 0.0
for name, qty, price in items:
    total = qty * price
    grand += total
    print(f"{name:<12}{qty:>5}{price:>9.2f}{total:>10.2f}")
print("-" * 36)
tax = grand * 0.07
print(f"{'Subtotal':<26}{grand:>10.2f}")
print(f"{'Tax (7%)':<26}{tax:>10.2f}")
print(f"{'TOTAL':<26}{grand + tax:>10.2f}")
print(f"{'Items:':<10}{len(items):>3} | avg {grand / len(items):.3f} | max {max(q for _, q, _ in items)}")
print(f"Big total: {grand * 1000000:,.2f} | hex of qty sum {sum(q for _, q, _ in items):#06x}")
