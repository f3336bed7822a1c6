# Uncaught AssertionError with a message.
def withdraw(balance, amount):
    assert amount <= balance, f"cannot withdraw {amount} from {balance}"
    return balance - amount

b = 100
for amount in (30, 50, 40):
    b = withdraw(b, amount)
    print("balance", b)
