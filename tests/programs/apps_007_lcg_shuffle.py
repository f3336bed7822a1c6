# A linear congruential generator used for shuffling, sampling and a Monte Carlo estimate.
class LCG:
    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (self.state * 1103515245 + 12345) % 2 ** 31
        return self.state

    def random(self):
        return (self.next() >> 7) / 2 ** 24

    def randint(self, lo, hi):
        return lo + (self.next() >> 16) % (hi - lo + 1)

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.randint(0, i)
            items[i], items[j] = items[j], items[i]

    def choice(self, items):
        return items[self.randint(0, len(items) - 1)]

rng = LCG(42)
print([rng.next() for _ in range(5)])
print([rng.randint(1, 6) for _ in range(20)])
deck = list(range(1, 14))
rng.shuffle(deck)
print(deck, sorted(deck) == list(range(1, 14)))
print([rng.choice("abcde") for _ in range(10)])
rng2 = LCG(2024)
inside = 0
n = 100
for _ in range(n):
    x, y = rng.random(), rng2.random()
    if x * x + y * y <= 1.0:
        inside += 1
print("pi estimate", 4 * inside / n)
rolls = {}
for _ in range(80):
    s = rng.randint(1, 6) + rng.randint(1, 6)
    rolls[s] = rolls.get(s, 0) + 1
for total in sorted(rolls):
    print(f"{total:2} {'*' * (rolls[total])}")
