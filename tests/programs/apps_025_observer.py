# An event bus with subscribers (observer pattern) using closures and classes.
class EventBus:
    def __init__(self):
        self.handlers = {}

    def subscribe(self, topic, handler):
        self.handlers.setdefault(topic, []).append(handler)
        return lambda: self.handlers[topic].remove(handler)

    def publish(self, topic, *payload):
        results = []
        for h in list(self.handlers.get(topic, [])):
            results.append(h(*payload))
        return results

bus = EventBus()
log = []
def logger(prefix):
    def handle(*payload):
        log.append(prefix + ":" + ",".join(str(p) for p in payload))
        return len(log)
    return handle

class Stats:
    def __init__(self):
        self.count = 0
        self.total = 0
    def on_sale(self, amount, item="?"):
        self.count += 1
        self.total += amount
        return self.total

stats = Stats()
bus.subscribe("sale", stats.on_sale)
unsub = bus.subscribe("sale", logger("L1"))
bus.subscribe("refund", logger("R"))
print(bus.publish("sale", 10, "pen"))
print(bus.publish("sale", 25))
unsub()
print(bus.publish("sale", 5, "ink"))
print(bus.publish("refund", 7), bus.publish("nobody", 1))
print(log)
print(stats.count, stats.total, {k: len(v) for k, v in bus.handlers.items()})
