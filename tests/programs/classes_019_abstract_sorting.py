# An abstract base class with NotImplementedError, subclasses ordered with __lt__.
class Employee:
    def __init__(self, name, base):
        self.name = name
        self.base = base

    def pay(self):
        raise NotImplementedError(type(self).__name__ + ".pay")

    def __lt__(self, other):
        return (self.pay(), self.name) < (other.pay(), other.name)

    def __repr__(self):
        return f"{type(self).__name__}({self.name}, {self.pay()})"

class Salaried(Employee):
    def pay(self):
        return self.base // 12

class Hourly(Employee):
    def __init__(self, name, rate, hours):
        super().__init__(name, rate)
        self.hours = hours

    def pay(self):
        overtime = max(0, self.hours - 160)
        return self.base * (self.hours - overtime) + self.base * 3 // 2 * overtime

class Commissioned(Salaried):
    def __init__(self, name, base, sales):
        super().__init__(name, base)
        self.sales = sales

    def pay(self):
        return super().pay() + self.sales // 10

staff = [Salaried("ann", 60000), Hourly("bob", 20, 170), Commissioned("cyd", 36000, 25000),
         Hourly("dee", 30, 100), Salaried("eve", 48000)]
for s in sorted(staff):
    print(s)
print(max(staff), min(staff), sum(s.pay() for s in staff))
try:
    Employee("x", 1).pay()
except NotImplementedError as e:
    print("NotImplementedError:", e)
print([isinstance(s, Salaried) for s in staff])
