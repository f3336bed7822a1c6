# Text statistics: sentences, words, syllable estimate, readability score.
text = ("The quick brown fox jumps over the lazy dog. It was not amused! "
        "Foxes, however, are rarely bothered by dogs. Why would they be? "
        "Readability formulas estimate how hard a passage is to read.")

def sentences(t):
    out = []
    cur = ""
    for ch in t:
        cur += ch
        if ch in ".!?":
            out.append(cur.strip())
            cur = ""
    if cur.strip():
        out.append(cur.strip())
    return out

def words(t):
    return [w.strip(".,!?;:").lower() for w in t.split() if w.strip(".,!?;:")]

def syllables(word):
    vowels = "aeiouy"
    count = 0
    prev = False
    for ch in word:
        v = ch in vowels
        if v and not prev:
            count += 1
        prev = v
    if word.endswith("e") and count > 1:
        count -= 1
    return max(count, 1)

sents = sentences(text)
ws = words(text)
syl = [syllables(w) for w in ws]
print(len(sents), len(ws), sum(syl))
for s in sents:
    print(f"{len(words(s)):2} words | {s}")
score = 206.835 - 1.015 * (len(ws) / len(sents)) - 84.6 * (sum(syl) / len(ws))
print("Flesch reading ease: %.2f" % score)
print(sorted(set(w for w in ws if len(w) > 6)))
print([(w, syllables(w)) for w in ws[:8]])
print("avg word length", round(sum(len(w) for w in ws) / len(ws), 3))
