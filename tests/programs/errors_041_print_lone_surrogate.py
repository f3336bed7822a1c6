print("ok")
try:
    print("a\ud800b")
except ValueError as e:          # UnicodeEncodeError is a ValueError
    print(type(e).__name__, e)
print("\ud800")
