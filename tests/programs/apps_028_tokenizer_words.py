# A word tokenizer with contractions, numbers and punctuation classes, then n-grams.
text = "Don't panic! It's 42, or maybe 3.14... Who knows? The answer isn't simple."
def tokenize(s):
    tokens = []
    cur = ""
    kind = None
    def flush():
        nonlocal cur, kind
        if cur:
            tokens.append((kind, cur))
        cur, kind = "", None
    i = 0
    while i < len(s):
        ch = s[i]
        if "a" <= ch.lower() <= "z" or (ch == "'" and kind == "word"):
            if kind not in (None, "word"):
                flush()
            kind = "word"
            cur += ch
        elif "0" <= ch <= "9" or (ch == "." and kind == "num" and i + 1 < len(s) and "0" <= s[i + 1] <= "9"):
            if kind not in (None, "num"):
                flush()
            kind = "num"
            cur += ch
        else:
            flush()
            if ch != " ":
                tokens.append(("punct", ch))
        i += 1
    flush()
    return tokens

toks = tokenize(text)
print(len(toks))
for kind in ("word", "num", "punct"):
    print(kind, [t for k, t in toks if k == kind])
words = [t.lower() for k, t in toks if k == "word"]
bigrams = list(zip(words, words[1:]))
print(bigrams[:5])
print(sorted(set(w for w in words if "'" in w)))
