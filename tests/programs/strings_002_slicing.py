# String slicing with negative indices and steps.
s = "abcdefghijklmnop"
print(s[2:5], s[:4], s[10:], s[:], s[-3:], s[:-3], s[-5:-2])
print(s[::2], s[1::2], s[::-1], s[::-2], s[10:2:-1], s[10:2:-3])
print(s[100:], s[5:100], s[-100:3], repr(s[7:3]), s[-1:-4:-1])
print(s[3:3] == "", s[0:0], len(s[::3]), s[::5])
def is_palindrome(w):
    w = w.lower()
    return w == w[::-1]
for w in ("Racecar", "level", "python", "Noon", "a", ""):
    print(repr(w), is_palindrome(w))
def rotate(text, k):
    k = k % len(text)
    return text[k:] + text[:k]
for k in range(-2, 5):
    print(k, rotate("rotate", k))
chunks = [s[i:i + 5] for i in range(0, len(s), 5)]
print(chunks)
print("".join(reversed("stressed")), "stressed"[::-1])
n = "1234567890"
print(n[1:-1:2], n[-2::-2], n[len(n) // 2:])
