# Dates by hand: day of week (Zeller), days between dates, a printed month calendar.
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

def is_leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)

def days_in_month(y, m):
    return 29 if m == 2 and is_leap(y) else MONTH_DAYS[m - 1]

def weekday(y, m, d):
    if m < 3:
        m += 12
        y -= 1
    k, j = y % 100, y // 100
    h = (d + 13 * (m + 1) // 5 + k + k // 4 + j // 4 + 5 * j) % 7
    return (h + 5) % 7

def ordinal(y, m, d):
    days = 365 * (y - 1) + (y - 1) // 4 - (y - 1) // 100 + (y - 1) // 400
    for mm in range(1, m):
        days += days_in_month(y, mm)
    return days + d

for date in [(2000, 1, 1), (1969, 7, 20), (2024, 2, 29), (1999, 12, 31), (2023, 10, 15)]:
    print(date, DAYS[weekday(*date)], ordinal(*date))
print(ordinal(2024, 12, 25) - ordinal(2024, 1, 1), ordinal(2000, 3, 1) - ordinal(2000, 2, 1))
def month_calendar(y, m):
    lines = [" " * 6 + f"{y}-{m:02d}", " ".join(d[:2] for d in DAYS)]
    first = weekday(y, m, 1)
    cells = ["  "] * first + [f"{d:2}" for d in range(1, days_in_month(y, m) + 1)]
    for i in range(0, len(cells), 7):
        lines.append(" ".join(cells[i:i + 7]))
    return lines
for line in month_calendar(2024, 2):
    print(line)
print(sum(1 for y in range(1900, 2101) if is_leap(y)))
