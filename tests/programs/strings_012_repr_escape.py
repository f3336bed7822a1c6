# repr() of strings: quote selection and escapes.
samples = ["plain", "it's", 'he said "no"', "both ' \"", "tab\t", "nl\n", "back\\slash",
           "\x00\x07", "\x7f", "caf\u00e9", "", " ", "\r\n"]
for s in samples:
    print(len(s), repr(s))
print(["a", "b'c", 'd"e'])
print(("x",), {"k": "v'"})
print(str(["\n"]), str("\n") == "\n")
print(repr(repr("a")), repr(str(5)))
