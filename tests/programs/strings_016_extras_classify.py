# extra: isdigit, isalpha, title
# Character classification and title case (outside the core subset).
for s in ["123", "12a", "", "abc", "ABC", "a b", "Hello"]:
    print(repr(s), s.isdigit(), s.isalpha())
print("hello wide world".title(), "they're here".title(), "ALL CAPS".title())
def parse(src):
    out = []
    for tok in src.split():
        if tok.isdigit():
            out.append(int(tok))
        elif tok.isalpha():
            out.append(tok.title())
        else:
            out.append(tok)
    return out
print(parse("buy 12 eggs and 3 apples at 5pm"))
