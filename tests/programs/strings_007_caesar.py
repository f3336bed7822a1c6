# Caesar cipher and ROT13 with round trips.
def shift_char(ch, k):
    if "a" <= ch <= "z":
        return chr((ord(ch) - ord("a") + k) % 26 + ord("a"))
    if "A" <= ch <= "Z":
        return chr((ord(ch) - ord("A") + k) % 26 + ord("A"))
    return ch

def caesar(text, k):
    return "".join(shift_char(c, k) for c in text)

msg = "Attack, Zebra!"
for k in (1, 13, -3):
    enc = caesar(msg, k)
    print(k, enc, caesar(enc, -k) == msg)
print(caesar(caesar("Hello", 13), 13))
def crack(cipher):
    best = None
    for k in range(26):
        cand = caesar(cipher, -k)
        score = sum(cand.lower().count(c) for c in "etaoin")
        if best is None or score > best[0]:
            best = (score, k, cand)
    return best
print(crack(caesar("see a tree", 7)))
