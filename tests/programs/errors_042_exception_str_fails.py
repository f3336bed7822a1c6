# An uncaught exception whose __str__ raises: reported as CPython does.
class Broken(Exception):
    def __str__(self):
        raise ValueError("no")


try:
    raise Broken(1)
except Broken as e:
    print("caught", repr(e))
raise Broken(2)
