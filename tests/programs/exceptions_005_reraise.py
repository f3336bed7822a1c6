# Re-raising: bare raise, raise from, exception replacement in handlers.
class ParseError(Exception):
    pass

def parse_int(s):
    try:
        return int(s)
    except ValueError as e:
        raise ParseError("bad number: " + repr(s)) from e

def log_and_reraise(f, *args):
    try:
        return f(*args)
    except Exception as e:
        print("  logging", type(e).__name__, e)
        raise

for s in ["12", "zz"]:
    try:
        print(log_and_reraise(parse_int, s))
    except ParseError as e:
        print("caught ParseError:", e)
try:
    try:
        {}["missing"]
    except KeyError:
        raise RuntimeError("lookup failed")
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    try:
        raise TypeError("first")
    except TypeError as e:
        saved = e
        raise ValueError("second") from None
except ValueError as e:
    print("ValueError:", e, "| saved:", saved)
def cleanup():
    try:
        raise IndexError("original")
    except IndexError:
        try:
            raise KeyError("during handling")
        except KeyError as inner:
            print("handled inner", inner)
        raise
try:
    cleanup()
except IndexError as e:
    print("outer got original:", e)
err = ValueError("stored", 1, 2)
try:
    raise err
except ValueError as e:
    print(e is err, e.args, str(e))
