# A NaN kept in an attribute is found again by the containers that hold it
# (they test identity before equality), even though NaN != NaN.
class Sample:
    def __init__(self, value):
        self.value = value


s = Sample(float("nan"))
print(s.value == s.value, s.value != s.value)
print(s.value in [s.value], [s.value].count(s.value))
values = [1.0, s.value, 2.0]
print(values.index(s.value), s.value in values, values.count(s.value))
print(s.value in (0.5, s.value), s.value in {s.value}, len({s.value, s.value}))
table = {s.value: "nan"}
print(s.value in table, table.get(s.value))
other = Sample(float("nan"))
print(other.value in [other.value], [s.value, other.value].count(other.value))
total = 0
for i in range(300):
    probe = Sample(float("nan") if i % 7 == 0 else i * 0.5)
    if probe.value in [probe.value]:
        total += 1
print(total)
later = Sample(1.5)
later.value = float("nan")          # a float attribute that becomes NaN
print(later.value in [later.value], later.value is later.value)
later.value = 2.5
print(later.value in [later.value], later.value)
