# A Date class with a property, ordering, arithmetic by days and formatting.
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MDAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

def leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)

class Date:
    def __init__(self, y, m, d):
        if not 1 <= m <= 12:
            raise ValueError(f"bad month {m}")
        dim = 29 if m == 2 and leap(y) else MDAYS[m - 1]
        if not 1 <= d <= dim:
            raise ValueError(f"bad day {d} for {MONTHS[m - 1]} {y}")
        self.y, self.m, self.d = y, m, d

    @property
    def day_of_year(self):
        n = sum(MDAYS[:self.m - 1]) + self.d
        if self.m > 2 and leap(self.y):
            n += 1
        return n

    def __lt__(self, other):
        return (self.y, self.m, self.d) < (other.y, other.m, other.d)

    def __eq__(self, other):
        return (self.y, self.m, self.d) == (other.y, other.m, other.d)

    def __hash__(self):
        return hash((self.y, self.m, self.d))

    def __add__(self, days):
        y, m, d = self.y, self.m, self.d
        while days > 0:
            dim = 29 if m == 2 and leap(y) else MDAYS[m - 1]
            if d + days <= dim:
                d += days
                days = 0
            else:
                days -= dim - d + 1
                d = 1
                m += 1
                if m > 12:
                    m, y = 1, y + 1
        return Date(y, m, d)

    def __str__(self):
        return f"{self.d:02d} {MONTHS[self.m - 1]} {self.y}"

    def __repr__(self):
        return f"Date({self.y}, {self.m}, {self.d})"

dates = [Date(2024, 3, 1), Date(2023, 12, 31), Date(2024, 2, 29), Date(2000, 1, 1)]
for dt in dates:
    print(dt, repr(dt), dt.day_of_year)
print(sorted(dates), min(dates), max(dates))
print(Date(2023, 12, 31) + 1, Date(2024, 2, 28) + 1, Date(2023, 2, 28) + 1, Date(2024, 1, 1) + 365, Date(2024, 1, 31) + 30)
print(Date(2024, 1, 1) + 100 == Date(2024, 4, 10), len({Date(2024, 1, 1), Date(2024, 1, 1) + 0}))
for args in [(2023, 2, 29), (2024, 13, 1), (2024, 4, 31)]:
    try:
        Date(*args)
    except ValueError as e:
        print("ValueError:", e)
