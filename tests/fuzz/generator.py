"""A random-program generator for differential fuzzing.

The generator draws every decision through a ``Draw`` object, so the same
code serves a fast ``random.Random`` run (``RandomDraw``) and Hypothesis
(``HypothesisDraw``, which lets Hypothesis shrink a failing program).

Programs are bounded by construction (loops over small ranges, no while
loops without a counter) and their output does not depend on the hash seed
(no sets or dicts of strings are iterated).  Each program exercises: ints
around 2**63 and big ints, floats with nan/inf/-0.0, strings, containers,
nested loops over every iterable kind, calls with *args/**kwargs, classes
whose attributes change type, exceptions and generators in loops, globals
written in loops; lists whose items change kind (PyPy's list strategies
switch: int, float, object, empty), strings indexed, sliced, joined,
compared and formatted in loops (the JIT's string pass), 2-tuples of ints
and floats built and unpacked (specialised tuples), and user classes
whose ``__getitem__``, ``__len__`` and ``__contains__`` run in loops.
"""

import random

INTS = ["0", "1", "-1", "7", "2**63 - 1", "-2**63", "2**63", "2**62 + 3", "2**64 + 5", "-(2**70)",
        "3037000499", "2147483647", "10**20"]
FLOATS = ["0.5", "-0.0", "float('inf')", "float('-inf')", "float('nan')", "1e308", "2.5", "-3.75"]
STRS = ["'abc'", "''", "'x y'", "'\u00e9t\u00e9'", "'12'"]
ITERABLES = ["range({n})", "range({n}, 0, -1)", "[1, 2, 3][:{n}]", "(4, 5, 6, 7)[:{n}]", "'hello'[:{n}]",
             "{{1: 'a', 2: 'b', 3: 'c'}}", "{{1: 2, 3: 4}}.items()", "{{5, 6, 7}}",
             "enumerate('abc')", "zip([1, 2, 3], 'xyz')", "reversed([1, 2, 3])", "map(abs, [-1, 2, -3])",
             "filter(None, [0, 1, 2])", "gen({n})", "iter([8, 9])", "sorted([3, 1, 2])",
             "enumerate([1, 'x', 2.5][:{n}], {n})", "enumerate(range({n}), 2**63 - 2)", "enumerate('ab' * {n})"]
BINOPS = ["+", "-", "*", "//", "%", "&", "|", "^", "<<", ">>", "**", "/"]
VARS = ["a", "b", "c"]


class RandomDraw:
    def __init__(self, seed):
        self.rng = random.Random(seed)

    def choice(self, options):
        return options[self.rng.randrange(len(options))]

    def integer(self, low, high):
        return self.rng.randint(low, high)


class HypothesisDraw:
    def __init__(self, data):
        from hypothesis import strategies as st
        self.data, self.st = data, st

    def choice(self, options):
        return options[self.data.draw(self.st.integers(0, len(options) - 1))]

    def integer(self, low, high):
        return self.data.draw(self.st.integers(low, high))


def atom(d):
    kind = d.choice(["var", "var", "int", "float", "str", "i"])
    if kind == "var":
        return d.choice(VARS)
    if kind == "int":
        return "(%s)" % d.choice(INTS)
    if kind == "float":
        return d.choice(FLOATS)
    if kind == "str":
        text = d.choice(STRS)
    return "i"


def expr(d, depth=0):
    if depth >= 2 or d.integer(0, 2) == 0:
        return atom(d)
    kind = d.choice(["bin", "bin", "bin", "call", "cmp", "cond", "builtin", "container", "str", "seq", "pair"])
    left, right = expr(d, depth + 1), expr(d, depth + 1)
    if kind == "bin":
        op = d.choice(BINOPS)
        if op in ("<<", ">>"):
            return "(%s %s %d)" % (left, op, d.integer(0, 70))
        if op == "**":
            return "(%s ** %d)" % (left, d.integer(0, 3))
        return "(%s %s %s)" % (left, op, right)
    if kind == "call":
        return d.choice(["h(%s, %s)", "h(%s, k=%s)", "h(*[%s], **{'k': %s})", "Box(%s).get() + %s",
                         "h(%s, *(%s,))"]) % (left, right)
    if kind == "cmp":
        return "(%s %s %s)" % (left, d.choice(["<", "==", "!=", ">=", "in"]), right)
    if kind == "cond":
        return "(%s if %s else %s)" % (left, expr(d, depth + 1), right)
    if kind == "str":
        text = d.choice(["str(%s)[%d]", "str(%s)[%d:]", "str(%s)[-%d:]", "(str(%s) + 'ab')[%d:%d]",
                         'f"{%s}-{%s}"', "'-'.join([str(%s), str(%s)])", "(str(%s) == str(%s))",
                         "len(str(%s) + str(%s))", "str(%s).find('1')", "(str(%s) < str(%s))",
                         "(str(%s)[:1] in str(%s))", "(str(%s)[:2] >= str(%s)[-2:])", "(str(%s) + ', ' + str(%s))"]
                        ).replace("%s", left, 1).replace("%s", right).replace("%d", str(d.integer(0, 4)))
        if 'f"' in left + right and text.startswith('f"'):
            # no f-string inside another with the same quotes (a SyntaxError before 3.12)
            text = "(str(%s) + '-' + str(%s))" % (left, right)
        return text
    if kind == "seq":
        return d.choice(["Seq(%s)[%d]", "(%s in Seq(%s))", "len(Seq(%s))", "Seq(%s)[-1]",
                         "lst[%d % len(lst)]", "(%s in lst)", "lst[-1]"]
                        ).replace("%s", left, 1).replace("%s", right).replace("%d", str(d.integer(0, 3)))
    if kind == "pair":
        return d.choice(["(%s, %s)[1]", "sum((%s, %s)[:1])", "((%s, %s) == (%s, %s))",
                         "((%s, %s) < (1, 2))"]).replace("%s", left, 1).replace("%s", right)
    if kind == "builtin":
        return d.choice(["abs(%s)", "str(%s)", "repr(%s)", "len(str(%s))", "fhash(%s)",
                         "int(%s)", "float(%s)", "bool(%s)", "min(%s, 3)", "max(-3, %s)",
                         "divmod(%s, 7)", "round(%s)", "math.sqrt(%s)", "math.sqrt(abs(%s) + 0.5)"]).replace("%s", left, 1).replace("%s", right)
    return d.choice(["[%s, %s]", "(%s, %s)", "{1: %s, 2: %s}", "[%s, %s][-1]", "(%s, %s)[0]"]) % (left, right)


def simple_statement(d, indent, loop_var):
    pad = "    " * indent
    kind = d.choice(["assign", "assign", "augment", "global", "attr", "append", "try", "print",
                     "list", "list", "unpack", "while"])
    target = d.choice(VARS)
    if kind == "assign":
        return [pad + "%s = %s" % (target, expr(d))]
    if kind == "augment":
        return [pad + "%s %s= %s" % (target, d.choice(["+", "-", "*", "//"]), expr(d))]
    if kind == "global":
        return [pad + "global_bump(%s)" % expr(d)]
    if kind == "attr":
        return [pad + "obj.%s = %s" % (d.choice(["x", "y"]), expr(d))]
    if kind == "append":
        return [pad + "out.append(%s)" % expr(d)]
    if kind == "print":
        return [pad + "print(%s, %s)" % (loop_var, expr(d))]
    if kind == "list":
        return [pad + d.choice(["lst.append(%s)", "lst[%d % len(lst)] = %s", "lst.extend([%s, %s])",
                                "lst.insert(%d, %s)", "lst.pop()", "lst = lst * 2", "lst.sort()",
                                "lst = [%s for _ in range(%d)]", "lst = lst[1:] or [%s]",
                                "lst = [x for x in lst if x == x] or [%s]", "lst.reverse()",
                                "lst += (%s,)", "del lst[0]", "lst.remove(lst[-1])"]
                               ).replace("%d", str(d.integer(0, 3)), 1).replace("%s", expr(d), 1)
                .replace("%s", expr(d)).replace("%d", str(d.integer(0, 3))),
                pad + "if len(lst) > 40 or not lst:",
                pad + "    lst = lst[-10:] or [0]"]
    if kind == "unpack":
        return [pad + "%s, %s = %s" % (target, d.choice(VARS), d.choice(["(%s, %s)", "[%s, %s]", "(b, a)"])
                                        .replace("%s", expr(d), 1).replace("%s", expr(d)))]
    if kind == "while":
        return [pad + "k = 0",
                pad + "while k < %d:" % d.integer(0, 5),
                pad + "    k += 1",
                pad + "    %s = clamp(%s)" % (target, expr(d))]     # bounded: no 50 * 2**20-char str
    return [pad + "try:",
            pad + "    %s = %s" % (target, expr(d)),
            pad + "except %s as e:" % d.choice(["Exception", "ArithmeticError", "TypeError", "ValueError"]),
            pad + "    out.append(type(e).__name__)"]


def block(d, indent, depth, loop_var):
    lines = []
    for _ in range(d.integer(1, 3)):
        if depth < 2 and d.integer(0, 3) == 0:
            var = "ij"[depth]
            iterable = d.choice(ITERABLES).format(n=d.integer(0, 6))
            lines.append("    " * indent + "for %s in %s:" % (var, iterable))
            lines += block(d, indent + 1, depth + 1, var)
        else:
            lines += simple_statement(d, indent, loop_var)
    return lines


PRELUDE = '''\
import math

G = 0


def global_bump(v):
    global G
    G = G + 1 if G < 10 ** 6 else 0


def fhash(v):
    f = float(v)
    return hash(f) if f == f else 0     # a NaN's hash is its object's (CPython 3.10+: not reproducible)


def h(*args, **kw):
    return len(args) + len(kw)


def gen(n):
    for k in range(n):
        yield k * 2


class Box:
    def __init__(self, v):
        self.v = v

    def get(self):
        return 3


class Obj:
    pass


class Seq:
    def __init__(self, v):
        self.items = [v, 1, 2.5]

    def __getitem__(self, k):
        return self.items[k]

    def __len__(self):
        return len(self.items)

    def __contains__(self, v):
        return v in self.items


def clamp(value):
    if isinstance(value, int) and abs(value) > 2 ** 200:
        return value % (2 ** 130)
    if isinstance(value, (str, list, tuple)) and len(value) > 50:
        return value[:50]
    return value


def show(value):
    if isinstance(value, float) and value != value:
        return "nan"
    return repr(value)
'''


def program(d):
    """A program as source text."""
    n = d.integer(5, 60)
    body = block(d, 2, 0, "i")
    first = [d.choice(INTS + FLOATS + STRS) for _ in VARS]
    lines = [PRELUDE, "", "def run():", "    a, b, c = %s, %s, %s" % tuple(first),
             "    out = []", "    lst = [%s, 2, 3]" % d.choice(INTS + FLOATS), "    obj = Obj()", "    obj.x = 1", "    obj.y = 0.5",
             "    for i in range(%d):" % n, "        try:"]
    lines += ["    " + line for line in body]
    lines += ["        except Exception as e:",
              "            out.append(type(e).__name__)",
              "            out.append(str(e)[:40])",
              "        a, b, c = clamp(a), clamp(b), clamp(c)",
              "        if len(out) > 50:",
              "            out = out[-20:]",
              "    print([show(v) for v in (a, b, c)])",
              "    print(len(out), [show(v) for v in out[-8:]])",
              "    print(G, show(obj.x), show(obj.y))",
              "    print([show(v) for v in lst])",
              "", "", "run()", ""]
    return "\n".join(lines)
