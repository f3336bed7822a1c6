# A discrete-event simulation of a bank queue with two tellers.
class Event:
    def __init__(self, time, kind, customer):
        self.time = time
        self.kind = kind
        self.customer = customer

    def __lt__(self, other):
        return (self.time, self.customer) < (other.time, other.customer)

arrivals = [(0, 5), (1, 3), (2, 8), (3, 2), (4, 4), (10, 1), (11, 6), (12, 2)]
events = [Event(t, "arrive", i) for i, (t, _) in enumerate(arrivals)]
service = {i: s for i, (_, s) in enumerate(arrivals)}
free_tellers = 2
waiting = []
waits = {}
clock = 0
log = []
while events:
    events.sort()
    ev = events.pop(0)
    clock = ev.time
    if ev.kind == "arrive":
        if free_tellers:
            free_tellers -= 1
            waits[ev.customer] = 0
            events.append(Event(clock + service[ev.customer], "leave", ev.customer))
            log.append(f"t={clock:2} customer {ev.customer} served immediately")
        else:
            waiting.append((ev.customer, clock))
            log.append(f"t={clock:2} customer {ev.customer} waits (queue {len(waiting)})")
    else:
        log.append(f"t={clock:2} customer {ev.customer} leaves")
        if waiting:
            c, since = waiting.pop(0)
            waits[c] = clock - since
            events.append(Event(clock + service[c], "leave", c))
            log.append(f"t={clock:2} customer {c} starts after waiting {clock - since}")
        else:
            free_tellers += 1
for line in log:
    print(line)
print("waits", [waits[c] for c in sorted(waits)], "mean", sum(waits.values()) / len(waits), "end", clock)
