# Uncaught UnboundLocalError: a local read before assignment.
counter = 10

def bump():
    print("bumping")
    counter += 1
    return counter

print("counter is", counter)
bump()
