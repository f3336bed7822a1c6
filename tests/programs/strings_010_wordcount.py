# Word counting over a small built-in text.
text = """It was the best of times, it was the worst of times,
it was the age of wisdom, it was the age of foolishness,
it was the epoch of belief, it was the epoch of incredulity."""
words = []
for raw in text.split():
    w = raw.strip(",.;").lower()
    if w:
        words.append(w)
print(len(words), words[:8])
freq = {}
for w in words:
    freq[w] = freq.get(w, 0) + 1
ranked = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))
for w, n in ranked[:6]:
    print(w + " " * (8 - len(w)), n)
print(len(freq), sorted(freq)[:5])
longest = max(words, key=len)
print("longest:", longest, len(longest))
lines = text.split("\n")
for i, l in enumerate(lines, 1):
    print(i, len(l.split()), l[:20])
print(sorted({len(w) for w in words}))
