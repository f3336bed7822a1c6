# expect: bytes
# line: 6 col: 9
# Bytes literals are outside the subset.
text = "abc"
size = len(text)
header = b"\x89PNG"
print(text, size, header)
