# Container protocol: __len__, __getitem__, __contains__, __iter__.
class Deck:
    ranks = "A23456789TJQK"
    suits = "SHDC"

    def __init__(self):
        self.cards = [r + s for s in self.suits for r in self.ranks]

    def __len__(self):
        return len(self.cards)

    def __getitem__(self, i):
        return self.cards[i]

    def __contains__(self, card):
        return card in self.cards

    def __iter__(self):
        return iter(self.cards)

d = Deck()
print(len(d), d[0], d[-1], d[12], d[10:15])
print("QH" in d, "ZZ" in d, "ZZ" not in d)
print([c for c in d if c[0] == "A"])
count = 0
for card in d:
    if card[1] == "H":
        count += 1
print(count, list(d)[:3], sorted(d)[:3])
class Squares:
    def __init__(self, n):
        self.n = n
    def __len__(self):
        return self.n
    def __getitem__(self, i):
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError("Squares index out of range")
        return i * i
sq = Squares(6)
print(len(sq), sq[2], sq[-1], list(sq), 16 in sq, 17 in sq, bool(Squares(0)))
try:
    sq[10]
except IndexError as e:
    print("IndexError:", e)
for i, v in enumerate(sq):
    print(i, v, end="; ")
print()
