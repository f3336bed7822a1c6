# Uncaught IndexError: string index out of range.
word = "python"
print(word[0], word[5], word[-6])
def initials(names):
    return [n[0] for n in names]
print(initials(["Guido", "van", "Rossum"]))
print(initials(["Ada", "", "Lovelace"]))
