# String comparison, membership and ordering.
print("apple" < "banana", "apple" < "Apple", "a" < "aa", "abc" == "abc", "abc" != "abd")
print("Z" < "a", "10" < "9", "" < "a", "abc" >= "abc", "b" > "abc")
print("ell" in "hello", "xyz" in "hello", "" in "abc", "h" not in "hello")
words = ["pear", "Apple", "banana", "cherry", "apple", "Banana"]
print(sorted(words))
print(sorted(words, key=lambda w: w.lower()))
print(sorted(words, key=len), sorted(words, key=lambda w: (len(w), w)))
print(max(words), min(words), max(words, key=len))
print(ord("a"), ord("A"), ord("0"), ord(" "), ord("\n"), chr(97), chr(65), chr(48))
print([chr(c) for c in range(ord("a"), ord("a") + 6)])
print("".join(chr(ord(c) + 1) for c in "HAL"))
def compare(a, b):
    if a < b:
        return -1
    elif a > b:
        return 1
    return 0
for a, b in [("a", "b"), ("b", "a"), ("same", "same"), ("abc", "ab")]:
    print(a, b, compare(a, b))
print(["b", "a"] < ["b", "c"], ("x", 1) < ("x", 2))
