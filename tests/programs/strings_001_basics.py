# String literals, concatenation, repetition, len, indexing.
s = "hello"
t = 'world'
print(s + " " + t, len(s), len(s + t))
print(s * 3, "-" * 20, 3 * "ab", "x" * 0 == "")
print(s[0], s[4], s[-1], s[-5], t[1:3])
print("abc" "def", 'it\'s', "say \"hi\"", 'tab\there', "new\nline")
print(repr("it's"), repr('say "hi"'), repr("both ' and \""), repr("a\nb\tc\\"))
print(repr(""), repr("x"), str("x"), len(""))
triple = """line one
line two
  indented"""
print(triple)
print(len(triple), triple.count("\n"))
raw = r"C:\new\table"
print(raw, len(raw), repr(raw))
word = "Mississippi"
for i in range(0, len(word), 3):
    print(i, word[i], word[i:i + 3])
acc = ""
for ch in "abc":
    acc = acc + ch.upper() + ch
print(acc)
print("caf\u00e9", len("caf\u00e9"), "\u00e9" in "caf\u00e9")
