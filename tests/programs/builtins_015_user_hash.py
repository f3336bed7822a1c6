# A user __hash__'s result is the hash itself when it fits a machine word
# (CPython's slot_tp_hash), so an object hashing as hash(y) finds y's dict
# and set entries, and y finds the object's.
class Twin:
    def __init__(self, like):
        self.like = like

    def __hash__(self):
        return hash(self.like)

    def __eq__(self, other):
        return other == self.like


for like in ['x', 'hello', 7, 2.5, (1, 'a'), -1, 2 ** 62, True]:
    t = Twin(like)
    d = {t: 'twin'}
    print(repr(like), t == like, d.get(like), like in d, d[like])
    print(t in {like}, like in {t}, {like: 1}.get(t))
