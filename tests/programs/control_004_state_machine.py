# A vending machine state machine driven by a list of events.
transitions = {
    ("idle", "coin"): "paid",
    ("idle", "select"): "idle",
    ("paid", "coin"): "paid",
    ("paid", "select"): "vending",
    ("paid", "refund"): "idle",
    ("vending", "done"): "idle",
}

def run(events):
    state = "idle"
    credit = 0
    sold = 0
    for ev in events:
        nxt = transitions.get((state, ev))
        if nxt is None:
            print(f"  ignored {ev!r} in state {state}")
            continue
        if ev == "coin":
            credit += 25
        elif ev == "refund":
            print(f"  refunding {credit}")
            credit = 0
        elif ev == "select" and state == "paid":
            if credit < 50:
                print("  need more credit:", credit)
                continue
            credit -= 50
            sold += 1
        print(f"  {state:>7} --{ev}--> {nxt}")
        state = nxt
    return state, credit, sold

print(run(["coin", "select", "coin", "select", "done", "select", "done"]))
print(run(["coin", "coin", "coin", "refund", "done", "coin", "refund"]))
def traffic(n):
    seq = []
    state = "red"
    timers = {"red": 3, "green": 2, "yellow": 1}
    left = timers[state]
    nxt = {"red": "green", "green": "yellow", "yellow": "red"}
    for _ in range(n):
        seq.append(state[0])
        left -= 1
        if left == 0:
            state = nxt[state]
            left = timers[state]
    return "".join(seq)
print(traffic(14))
