# except (A, B) as e, handler order, catching base classes.
def risky(kind):
    if kind == "zero":
        return 1 / 0
    if kind == "index":
        return [][0]
    if kind == "key":
        return {}["k"]
    if kind == "type":
        return len(None)
    if kind == "value":
        return int("v")
    if kind == "attr":
        return None.attr
    return "fine"

for kind in ["zero", "index", "key", "type", "value", "attr", "none"]:
    try:
        result = risky(kind)
    except (IndexError, KeyError) as e:
        print(kind, "-> lookup problem:", type(e).__name__, e)
    except (ZeroDivisionError, ValueError) as e:
        print(kind, "-> arithmetic/value problem:", type(e).__name__, e)
    except Exception as e:
        print(kind, "-> other:", type(e).__name__, e)
    else:
        print(kind, "-> result", result)
for kind in ["index", "key"]:
    try:
        risky(kind)
    except LookupError as e:
        print("LookupError catches", type(e).__name__, isinstance(e, LookupError))
try:
    risky("zero")
except ArithmeticError as e:
    print("ArithmeticError catches", type(e).__name__)
handlers = (TypeError, AttributeError)
for kind in ("type", "attr"):
    try:
        risky(kind)
    except handlers as e:
        print("tuple variable caught", type(e).__name__)
try:
    try:
        risky("value")
    except (KeyError, IndexError):
        print("not here")
except ValueError as e:
    print("fell through to outer:", e)
