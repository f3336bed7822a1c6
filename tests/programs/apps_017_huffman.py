# Huffman coding with deterministic tie-breaking; encode and decode a message.
def build_codes(text):
    freq = {}
    for ch in text:
        freq[ch] = freq.get(ch, 0) + 1
    nodes = [(n, i, ch) for i, (ch, n) in enumerate(sorted(freq.items()))]
    counter = len(nodes)
    while len(nodes) > 1:
        nodes.sort(key=lambda t: (t[0], t[1]))
        a = nodes.pop(0)
        b = nodes.pop(0)
        nodes.append((a[0] + b[0], counter, (a, b)))
        counter += 1
    codes = {}
    def walk(node, prefix):
        payload = node[2]
        if isinstance(payload, str):
            codes[payload] = prefix or "0"
        else:
            walk(payload[0], prefix + "0")
            walk(payload[1], prefix + "1")
    walk(nodes[0], "")
    return freq, codes

def encode(text, codes):
    return "".join(codes[ch] for ch in text)

def decode(bits, codes):
    rev = {v: k for k, v in codes.items()}
    out = []
    cur = ""
    for b in bits:
        cur += b
        if cur in rev:
            out.append(rev[cur])
            cur = ""
    return "".join(out)

msg = "abracadabra alakazam"
freq, codes = build_codes(msg)
for ch in sorted(codes, key=lambda c: (len(codes[c]), codes[c])):
    print(repr(ch), freq[ch], codes[ch])
bits = encode(msg, codes)
print(bits, len(bits), "bits vs", 8 * len(msg))
print(decode(bits, codes) == msg, decode(bits[:20], codes))
