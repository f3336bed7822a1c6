# Exception objects: args, str, repr, attributes, storing and raising later.
errs = [ValueError(), ValueError("one"), ValueError("one", 2), KeyError("k"), KeyError(1, 2),
        IndexError(5), TypeError("t"), ZeroDivisionError("z"), Exception("base"), RuntimeError("")]
for e in errs:
    print(type(e).__name__, e.args, repr(str(e)), repr(e))
class Err(Exception):
    def __init__(self, code, msg="unknown"):
        super().__init__(code, msg)
        self.code = code
        self.msg = msg
e = Err(404)
print(e.args, str(e), repr(e), e.code, e.msg)
class Simple(Exception):
    pass
print(repr(Simple("x")), str(Simple()), Simple(1, 2).args)
caught = []
for i in range(3):
    try:
        raise Err(i, "code " + str(i))
    except Err as ex:
        caught.append(ex)
print([c.code for c in caught], [c.args for c in caught])
try:
    raise caught[1]
except Err as ex:
    print("re-raised stored:", ex.msg, ex is caught[1])
