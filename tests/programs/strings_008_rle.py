# Run-length encoding and decoding.
def rle_encode(s):
    if not s:
        return ""
    out = []
    prev = s[0]
    n = 1
    for ch in s[1:]:
        if ch == prev:
            n += 1
        else:
            out.append(str(n) + prev)
            prev = ch
            n = 1
    out.append(str(n) + prev)
    return "".join(out)

def rle_decode(s):
    out = ""
    num = ""
    for ch in s:
        if "0" <= ch <= "9":
            num += ch
        else:
            out += ch * int(num)
            num = ""
    return out

for s in ["aaabccdddd", "abc", "", "zzzzzzzzzzzz", "aabbaa", "W" * 12 + "B" + "W" * 3]:
    e = rle_encode(s)
    print(repr(s), "->", repr(e), rle_decode(e) == s)
def rle_pairs(s):
    res = []
    for ch in s:
        if res and res[-1][0] == ch:
            res[-1][1] += 1
        else:
            res.append([ch, 1])
    return [tuple(p) for p in res]
print(rle_pairs("mississippi"))
