# Employee records: grouping, aggregation and a formatted report.
employees = [
    ("Alice", "eng", 125000, 2015), ("Bob", "eng", 98000, 2019), ("Carol", "sales", 67000, 2018),
    ("Dan", "sales", 72000, 2012), ("Eve", "eng", 143000, 2010), ("Frank", "ops", 54000, 2021),
    ("Grace", "ops", 61000, 2016), ("Heidi", "sales", 88000, 2014),
]
by_dept = {}
for name, dept, salary, year in employees:
    by_dept.setdefault(dept, []).append((name, salary, year))
print(f"{'dept':<6}{'n':>3}{'total':>10}{'avg':>11}{'max':>9}  senior")
for dept in sorted(by_dept):
    staff = by_dept[dept]
    total = sum(s for _, s, _ in staff)
    avg = total / len(staff)
    top = max(staff, key=lambda r: r[1])
    senior = min(staff, key=lambda r: r[2])[0]
    print(f"{dept:<6}{len(staff):>3}{total:>10,}{avg:>11,.1f}{top[1]:>9}  {senior}")
raise_pct = {"eng": 0.05, "sales": 0.03, "ops": 0.04}
new_total = 0
for name, dept, salary, year in employees:
    new = round(salary * (1 + raise_pct[dept]))
    new_total += new
    print("%-6s %-5s %7d -> %7d (+%d)" % (name, dept, salary, new, new - salary))
print("payroll %d -> %d (%.2f%%)" % (sum(e[2] for e in employees), new_total,
                                      100 * (new_total / sum(e[2] for e in employees) - 1)))
tenure = sorted(employees, key=lambda e: (e[3], e[0]))
print([e[0] for e in tenure])
