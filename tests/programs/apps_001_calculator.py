# A recursive-descent calculator: tokenizer, parser to tuples, evaluator with variables.
class ParseError(Exception):
    pass

def tokenize(src):
    toks = []
    i = 0
    while i < len(src):
        c = src[i]
        if c in " \t":
            i += 1
        elif c in "0123456789":
            j = i
            while j < len(src) and src[j] in "0123456789.":
                j += 1
            toks.append(("num", float(src[i:j]) if "." in src[i:j] else int(src[i:j])))
            i = j
        elif c.lower() in "abcdefghijklmnopqrstuvwxyz":
            j = i
            while j < len(src) and src[j].lower() in "abcdefghijklmnopqrstuvwxyz0123456789":
                j += 1
            toks.append(("name", src[i:j]))
            i = j
        elif c in "+-*/%()^=":
            toks.append(("op", c))
            i += 1
        else:
            raise ParseError("bad character " + repr(c))
    toks.append(("end", None))
    return toks

class Parser:
    def __init__(self, toks):
        self.toks = toks
        self.pos = 0
    def peek(self):
        return self.toks[self.pos]
    def take(self):
        t = self.toks[self.pos]
        self.pos += 1
        return t
    def expect(self, value):
        t = self.take()
        if t[1] != value:
            raise ParseError(f"expected {value!r}, got {t[1]!r}")
    def expr(self):
        node = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            node = (op, node, self.term())
        return node
    def term(self):
        node = self.factor()
        while self.peek()[1] in ("*", "/", "%"):
            op = self.take()[1]
            node = (op, node, self.factor())
        return node
    def factor(self):
        base = self.unary()
        if self.peek()[1] == "^":
            self.take()
            return ("^", base, self.factor())
        return base
    def unary(self):
        if self.peek()[1] == "-":
            self.take()
            return ("neg", self.unary())
        return self.atom()
    def atom(self):
        kind, val = self.take()
        if kind == "num":
            return ("num", val)
        if kind == "name":
            return ("var", val)
        if val == "(":
            node = self.expr()
            self.expect(")")
            return node
        raise ParseError("unexpected " + repr(val))

def evaluate(node, env):
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind == "var":
        if node[1] not in env:
            raise NameError("undefined variable " + node[1])
        return env[node[1]]
    if kind == "neg":
        return -evaluate(node[1], env)
    a = evaluate(node[1], env)
    b = evaluate(node[2], env)
    if kind == "+": return a + b
    if kind == "-": return a - b
    if kind == "*": return a * b
    if kind == "/": return a / b
    if kind == "%": return a % b
    return a ** b

env = {"pi": 3.14159}
lines = ["1 + 2 * 3", "(1 + 2) * 3", "2 ^ 3 ^ 2", "-2 ^ 2", "x = 7 % 4", "x * pi", "10 / (5 - 5)",
         "y + 1", "2 * (3 + ", "1.5 * 4 - 0.5", "3 $ 4", "big = 2 ^ 100", "big % 97"]
for line in lines:
    try:
        if "=" in line:
            name, rhs = line.split("=")
            p = Parser(tokenize(rhs))
            env[name.strip()] = evaluate(p.expr(), env)
            print(f"{line:16} => {name.strip()} := {env[name.strip()]}")
        else:
            p = Parser(tokenize(line))
            tree = p.expr()
            p.expect(None)
            print(f"{line:16} => {evaluate(tree, env)}   {tree}")
    except (ParseError, NameError, ZeroDivisionError) as e:
        print(f"{line:16} => {type(e).__name__}: {e}")
