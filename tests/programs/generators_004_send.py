# Generator send(): a running averager and a simple coroutine-style consumer.
def averager():
    total = 0.0
    count = 0
    avg = None
    while True:
        value = yield avg
        total += value
        count += 1
        avg = total / count

a = averager()
print(next(a))
for v in (10, 20, 60, 5):
    print("sent", v, "avg", a.send(v))
def accumulate():
    items = []
    while True:
        item = yield len(items)
        if item is None:
            break
        items.append(item)
    yield items
acc = accumulate()
next(acc)
print(acc.send("a"), acc.send("b"))
print(acc.send(None))
def echo():
    received = yield "ready"
    while True:
        received = yield "echo:" + str(received)
e = echo()
print(next(e), e.send(1), e.send("two"), next(e))
