# A tokenizer for arithmetic expressions, written with index scanning.
def tokenize(src):
    tokens = []
    i = 0
    while i < len(src):
        ch = src[i]
        if ch == " ":
            i += 1
        elif "0" <= ch <= "9" or ch == ".":
            j = i
            while j < len(src) and ("0" <= src[j] <= "9" or src[j] == "."):
                j += 1
            text = src[i:j]
            tokens.append(("NUM", float(text) if "." in text else int(text)))
            i = j
        elif "a" <= ch.lower() <= "z" or ch == "_":
            j = i
            while j < len(src) and ("a" <= src[j].lower() <= "z" or src[j] == "_" or "0" <= src[j] <= "9"):
                j += 1
            tokens.append(("NAME", src[i:j]))
            i = j
        elif src.startswith("**", i):
            tokens.append(("OP", "**"))
            i += 2
        elif ch in "+-*/()=":
            tokens.append(("OP", ch))
            i += 1
        else:
            tokens.append(("ERR", ch))
            i += 1
    return tokens

for src in ["1 + 2", "x_1 = 3.5 * (y - 42)", "2**10", "a $ b"]:
    toks = tokenize(src)
    print(src, "->", len(toks))
    for t in toks:
        print("   ", t)
