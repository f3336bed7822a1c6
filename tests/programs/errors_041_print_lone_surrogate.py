print("ok")
try:
    print("a\ud800b")
except UnicodeError as e:
    print(type(e).__name__, e)
print("\ud800")
