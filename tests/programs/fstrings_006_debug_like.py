# f-strings inside loops and functions: a progress bar and a histogram.
def bar(frac, width=20):
    n = int(frac * width)
    return f"[{'#' * n}{' ' * (width - n)}] {frac:6.1%}"

for step in range(0, 11, 2):
    print(bar(step / 10))
data = {"mon": 3, "tue": 7, "wed": 1, "thu": 9, "fri": 5}
top = max(data.values())
for day, n in data.items():
    print(f"{day:>4} {n:2d} {'*' * n:<{top}} |")
total = sum(data.values())
print(f"total={total} mean={total / len(data):.2f} share_thu={data['thu'] / total:.3f}")
