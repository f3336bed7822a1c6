# repr, ord, chr, hex, bin, str on assorted values.
vals = [1, -2.5, "s", 'q"uote', "it's", None, True, [1, "a"], (1,), {"k": (1, 2)}, 10 ** 20]
for v in vals:
    print(repr(v), str(v))
print([ord(c) for c in "AZaz09 ~"], [chr(n) for n in (72, 105, 33, 32, 126)])
print(chr(ord("a") + 25), ord(chr(1000)), chr(233), repr(chr(10)), repr(chr(9)), repr(chr(0)))
print(hex(0), hex(15), hex(16), hex(-1), hex(2 ** 64), bin(0), bin(1), bin(-7), bin(255))
print(int(hex(12345), 16), int(bin(12345), 2), int(bin(12345)[2:], 2))
def hexdump(s):
    return " ".join(hex(ord(c))[2:] for c in s)
print(hexdump("Hi!"), hexdump("\n\t"))
print(repr("\\"), repr("a\tb"), repr("\u00e9t\u00e9"), len(repr("\n")))
