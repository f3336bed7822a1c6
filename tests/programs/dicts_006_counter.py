# Counting with dicts: histograms, top-k, merging counts.
text = "she sells sea shells by the sea shore the shells she sells are surely seashells"
words = text.split()
counts = {}
for w in words:
    if w in counts:
        counts[w] += 1
    else:
        counts[w] = 1
print(counts)
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:4]
print(top)
letters = {}
for ch in text:
    if ch != " ":
        letters[ch] = letters.get(ch, 0) + 1
for ch in sorted(letters, key=lambda c: (-letters[c], c))[:5]:
    print(ch, "#" * letters[ch])
def merge_counts(a, b):
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0) + v
    return out
print(merge_counts({"x": 1, "y": 2}, {"y": 10, "z": 5}))
by_len = {}
for w in counts:
    by_len.setdefault(len(w), []).append(w)
for n in sorted(by_len):
    print(n, sorted(by_len[n]))
print(sum(counts.values()) == len(words), len(counts))
