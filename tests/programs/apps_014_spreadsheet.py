# A tiny spreadsheet: cells with formulas referencing other cells, with cycle detection.
class CycleError(Exception):
    pass

cells = {
    "A1": "10",
    "A2": "32",
    "A3": "=A1+A2",
    "B1": "=A3*2",
    "B2": "=B1-A1",
    "B3": "=SUM(A1:A3)",
    "C1": "=C2+1",
    "C2": "=C1+1",
    "C3": "=B3/A1",
    "D1": "=Z9+1",
}

def col_range(a, b):
    col = a[0]
    return [col + str(r) for r in range(int(a[1:]), int(b[1:]) + 1)]

def evaluate(name, visiting=None, cache=None):
    if visiting is None:
        visiting, cache = set(), {}
    if name in cache:
        return cache[name]
    if name in visiting:
        raise CycleError("cycle through " + name)
    if name not in cells:
        raise KeyError(name)
    visiting.add(name)
    text = cells[name]
    if not text.startswith("="):
        value = float(text) if "." in text else int(text)
    elif text.startswith("=SUM("):
        a, b = text[5:-1].split(":")
        value = sum(evaluate(n, visiting, cache) for n in col_range(a, b))
    else:
        expr = text[1:]
        for op in "+-*/":
            if op in expr:
                left, right = expr.split(op)
                x = evaluate(left, visiting, cache)
                y = evaluate(right, visiting, cache) if right[0] in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" else int(right)
                value = {"+": x + y, "-": x - y, "*": x * y, "/": x / y}[op]
                break
    visiting.discard(name)
    cache[name] = value
    return value

for name in sorted(cells):
    try:
        print(name, cells[name], "->", evaluate(name))
    except CycleError as e:
        print(name, cells[name], "-> #CYCLE", e)
    except KeyError as e:
        print(name, cells[name], "-> #REF", e)
