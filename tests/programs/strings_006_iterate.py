# Iterating over strings: character classes by hand, counting, building.
text = "Hello World 2024, from Python 3!"
letters = digits = spaces = others = 0
for ch in text:
    if "a" <= ch <= "z" or "A" <= ch <= "Z":
        letters += 1
    elif "0" <= ch <= "9":
        digits += 1
    elif ch == " ":
        spaces += 1
    else:
        others += 1
print(letters, digits, spaces, others)
vowels = "aeiouAEIOU"
print(sum(1 for ch in text if ch in vowels))
print("".join(ch for ch in text if ch not in vowels))
counts = {}
for ch in text.lower():
    if ch.strip() and "a" <= ch <= "z":
        counts[ch] = counts.get(ch, 0) + 1
for k in sorted(counts):
    print(k, counts[k], end="; ")
print()
swapped = ""
for ch in text:
    if ch == ch.upper():
        swapped += ch.lower()
    else:
        swapped += ch.upper()
print(swapped)
for i, ch in enumerate("abc"):
    print(i, ch, ord(ch) - ord("a"))
print(list("hey"), tuple("hi"), [c * 2 for c in "xyz"])
