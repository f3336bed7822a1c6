# Nested try blocks and handlers that raise; exceptions in else and finally.
def stage(n):
    log = []
    try:
        log.append("outer try")
        try:
            log.append("inner try")
            if n == 1:
                raise KeyError("inner")
        except KeyError:
            log.append("inner except")
            if n == 1:
                raise ValueError("from handler")
        else:
            log.append("inner else")
            if n == 2:
                raise IndexError("from else")
        finally:
            log.append("inner finally")
        log.append("after inner")
    except ValueError as e:
        log.append("outer caught ValueError " + str(e))
    except IndexError as e:
        log.append("outer caught IndexError " + str(e))
    finally:
        log.append("outer finally")
    return log

for n in (0, 1, 2):
    print(n, stage(n))
def finally_raises():
    try:
        raise KeyError("original")
    finally:
        raise RuntimeError("replacement")
try:
    finally_raises()
except RuntimeError as e:
    print("got", type(e).__name__, e)
except KeyError:
    print("never")
results = []
for i in range(4):
    try:
        try:
            if i % 2:
                raise TypeError(i)
            results.append(i)
        finally:
            results.append("f")
    except TypeError as e:
        results.append("T" + str(e))
print(results)
