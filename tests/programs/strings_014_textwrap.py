# A greedy text wrapper and a justifier, written by hand.
text = ("Python is an interpreted high-level general-purpose programming language. "
        "Its design philosophy emphasizes code readability with the use of significant indentation.")

def wrap(text, width):
    lines = []
    cur = ""
    for w in text.split():
        if not cur:
            cur = w
        elif len(cur) + 1 + len(w) <= width:
            cur += " " + w
        else:
            lines.append(cur)
            cur = w
    if cur:
        lines.append(cur)
    return lines

def justify(line, width):
    words = line.split()
    if len(words) == 1:
        return line
    gaps = len(words) - 1
    spaces = width - sum(len(w) for w in words)
    out = ""
    for i, w in enumerate(words[:-1]):
        n = spaces // gaps + (1 if i < spaces % gaps else 0)
        out += w + " " * n
    return out + words[-1]

for width in (30, 45):
    lines = wrap(text, width)
    print("width", width, "lines", len(lines))
    for l in lines[:-1]:
        print("|" + justify(l, width) + "|")
    print("|" + lines[-1] + " " * (width - len(lines[-1])) + "|")
