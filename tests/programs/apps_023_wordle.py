# Wordle-style scoring of guesses against a secret word, and candidate filtering.
def score(guess, secret):
    result = ["."] * len(guess)
    remaining = {}
    for g, s in zip(guess, secret):
        if g != s:
            remaining[s] = remaining.get(s, 0) + 1
    for i, (g, s) in enumerate(zip(guess, secret)):
        if g == s:
            result[i] = "G"
        elif remaining.get(g, 0) > 0:
            result[i] = "Y"
            remaining[g] -= 1
    return "".join(result)

words = ["crane", "slate", "trace", "crate", "react", "caret", "cater", "stare", "tears", "other", "eerie", "speed"]
secret = "cater"
for g in ["slate", "crane", "react", "eerie", "cater"]:
    print(g, score(g, secret))
print(score("speed", "abide"), score("eerie", "speed"), score("aaaaa", "abaca"))
candidates = words[:]
for guess in ["slate", "crane"]:
    pattern = score(guess, secret)
    candidates = [w for w in candidates if score(guess, w) == pattern]
    print(guess, pattern, candidates)
