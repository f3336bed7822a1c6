# A bank account simulation with inheritance and custom exceptions.
class InsufficientFunds(Exception):
    def __init__(self, account, amount):
        super().__init__(f"{account.owner}: cannot withdraw {amount}, balance {account.balance}")
        self.amount = amount

class Account:
    next_id = 1

    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.id = Account.next_id
        Account.next_id += 1
        self.history = []

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("deposit must be positive")
        self.balance += amount
        self.history.append(("dep", amount))

    def withdraw(self, amount):
        if amount > self.balance:
            raise InsufficientFunds(self, amount)
        self.balance -= amount
        self.history.append(("wd", amount))

    def __repr__(self):
        return f"{type(self).__name__}#{self.id}({self.owner}, {self.balance})"

class Savings(Account):
    rate = 0.02

    def add_interest(self):
        interest = round(self.balance * self.rate, 2)
        self.deposit(interest)
        return interest

class Checking(Account):
    overdraft = 100

    def withdraw(self, amount):
        if amount > self.balance + self.overdraft:
            raise InsufficientFunds(self, amount)
        self.balance -= amount
        self.history.append(("wd", amount))

def transfer(src, dst, amount):
    src.withdraw(amount)
    dst.deposit(amount)

accts = [Savings("ann", 1000), Checking("bob", 50), Account("cyd")]
print(accts)
ops = [(0, 1, 200), (1, 2, 300), (1, 2, 200), (2, 0, 0), (2, 0, 150), (0, 2, 5000)]
for s, d, amt in ops:
    try:
        transfer(accts[s], accts[d], amt)
        print("ok  ", s, "->", d, amt, accts)
    except InsufficientFunds as e:
        print("fail", e, e.amount)
    except ValueError as e:
        print("bad ", e)
print(accts[0].add_interest(), accts[0].balance)
for a in accts:
    print(a.owner, a.history)
print(sum(a.balance for a in accts))
