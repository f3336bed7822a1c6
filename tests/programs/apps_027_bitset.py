# A bitset class built on a Python int, with set-like operators.
class BitSet:
    def __init__(self, items=(), bits=0):
        self.bits = bits
        for i in items:
            self.bits |= 1 << i

    def add(self, i):
        self.bits |= 1 << i

    def discard(self, i):
        self.bits &= ~(1 << i)

    def __contains__(self, i):
        return (self.bits >> i) & 1 == 1

    def __len__(self):
        return bin(self.bits).count("1")

    def __iter__(self):
        b, i = self.bits, 0
        while b:
            if b & 1:
                yield i
            b >>= 1
            i += 1

    def __add__(self, other):
        return BitSet(bits=self.bits | other.bits)

    def __sub__(self, other):
        return BitSet(bits=self.bits & ~other.bits)

    def __mul__(self, other):
        return BitSet(bits=self.bits & other.bits)

    def __eq__(self, other):
        return self.bits == other.bits

    def __repr__(self):
        return "BitSet(" + str(list(self)) + ")"

a = BitSet([1, 3, 5, 7, 64, 100])
b = BitSet(range(0, 10, 2))
print(a, b, len(a), len(b), 64 in a, 65 in a)
print(a + b, a - b, a * b, a * BitSet([100, 3]))
a.add(200)
a.discard(1)
a.discard(2)
print(a, len(a), a.bits > 2 ** 199)
evens = BitSet(range(0, 50, 2))
threes = BitSet(range(0, 50, 3))
print(evens * threes, len(evens + threes), (evens - threes) == BitSet(i for i in range(0, 50, 2) if i % 3))
