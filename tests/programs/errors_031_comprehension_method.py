# Uncaught exception raised in a method called from a list comprehension.
class Parser:
    def __init__(self, base):
        self.base = base

    def parse(self, text):
        if not text:
            raise ValueError("empty field")
        return int(text, self.base)

p = Parser(16)
print([p.parse(t) for t in ["ff", "10", "7"]])
fields = "1a,2b,,3c".split(",")
print(fields)
print([p.parse(t) for t in fields])
