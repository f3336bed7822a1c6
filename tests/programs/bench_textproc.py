# Benchmark: a text processor.  Tokenizes a built-in text, counts word
# frequencies, finds collocations, wraps and justifies paragraphs and formats a
# report with f-strings and % formatting.  Written for pypyteach's test corpus.

REPEAT = 4                # size parameter: how many times the base text is repeated

BASE_TEXT = """
The interpreter reads a program one instruction at a time. Each instruction
names an operation and, sometimes, an argument. A loop in the interpreter
fetches the next instruction, decodes it, and executes it; then it fetches
again. This loop is simple, and that is its strength: it is easy to read,
easy to change, and easy to trust.

A tracing compiler watches the same loop. When a loop in the user's program
runs often, the tracer records the operations it performs, one by one, along
the hot path. Guards remember the assumptions: this value was an integer, that
branch went left. If a guard fails, execution falls back to the interpreter.

Speed comes from the recorded trace. Types are known, so the arithmetic needs
no dispatch; temporary objects never escape, so they need no allocation.
What remains is a short, straight sequence of machine operations, and the
machine runs it again and again, quickly, until a guard says stop.
"""

STOP = {"a", "an", "the", "and", "is", "it", "to", "of", "in", "so", "no", "that", "this", "its",
        "then", "one", "by", "if", "was", "are", "what", "when", "each", "again"}


def tokenize(text):
    words = []
    sentences = 0
    cur = ""
    for ch in text:
        low = ch.lower()
        if "a" <= low <= "z" or (ch == "'" and cur):
            cur += low
        else:
            if cur:
                words.append(cur.strip("'"))
                cur = ""
            if ch in ".;:!?":
                sentences += 1
    if cur:
        words.append(cur)
    return words, sentences


def frequencies(words):
    freq = {}
    for w in words:
        if w in STOP:
            continue
        freq[w] = freq.get(w, 0) + 1
    return freq


def bigrams(words):
    counts = {}
    prev = None
    for w in words:
        if prev is not None and prev not in STOP and w not in STOP:
            key = prev + " " + w
            counts[key] = counts.get(key, 0) + 1
        prev = w
    return counts


def wrap(words, width):
    lines = []
    line = []
    length = 0
    for w in words:
        if line and length + 1 + len(w) > width:
            lines.append(line)
            line, length = [], 0
        length += len(w) + (1 if line else 0)
        line.append(w)
    if line:
        lines.append(line)
    return lines


def justify(line, width):
    if len(line) == 1:
        return line[0]
    gaps = len(line) - 1
    spaces = width - sum(len(w) for w in line)
    out = ""
    for i, w in enumerate(line[:-1]):
        out += w + " " * (spaces // gaps + (1 if i < spaces % gaps else 0))
    return out + line[-1]


text = BASE_TEXT * REPEAT
paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
words, sentence_count = tokenize(text)
freq = frequencies(words)
pairs = bigrams(words)
print("characters %d, words %d, sentences %d, paragraphs %d" % (len(text), len(words), sentence_count, len(paragraphs)))
print("distinct words %d, distinct content words %d" % (len(set(words)), len(freq)))
print(f"average word length {sum(len(w) for w in words) / len(words):.3f}")
ranked = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))
print(f"{'rank':>4} {'word':<12}{'count':>6}{'share':>8}")
for i, (w, n) in enumerate(ranked[:10], 1):
    print(f"{i:>4} {w:<12}{n:>6}{n / len(words):>8.2%}")
top_pairs = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
for pair, n in top_pairs:
    print("%-24s %3d" % (pair, n))
lengths = {}
for w in words:
    lengths[len(w)] = lengths.get(len(w), 0) + 1
for n in sorted(lengths):
    print("%2d letters: %-30s %d" % (n, "#" * (lengths[n] * 30 // max(lengths.values())), lengths[n]))
first = paragraphs[0].replace("\n", " ").split()
for line in wrap(first, 44):
    j = justify(line, 44)
    print("|" + j + " " * (44 - len(j)) + "|")
caps = [p.split()[0].upper() + " " + " ".join(p.split()[1:4]).capitalize() for p in paragraphs[:3]]
print(caps)
acronym = "".join(w[0] for w in words[:12]).upper()
print("acronym", acronym, "vowels", sum(text.lower().count(v) for v in "aeiou"), "the-count", words.count("the"))
longest = max(words, key=lambda w: (len(w), w))
last_guard = len(text) - len("guard") - text[::-1].find("draug")
print(f"longest word {longest!r} ({len(longest)}), first 'guard' at {text.find('guard')}, last at {last_guard}")
