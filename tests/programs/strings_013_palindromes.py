# Palindromes and anagrams with string methods.
def clean(s):
    return "".join(ch for ch in s.lower() if "a" <= ch <= "z")

phrases = ["A man, a plan, a canal: Panama", "Was it a car or a cat I saw?", "Not a palindrome", "No lemon, no melon"]
for p in phrases:
    c = clean(p)
    print(c == c[::-1], c)

def is_anagram(a, b):
    return sorted(clean(a)) == sorted(clean(b))

pairs = [("listen", "silent"), ("Dormitory", "dirty room"), ("hello", "world"), ("The eyes", "They see")]
for a, b in pairs:
    print(a, "/", b, is_anagram(a, b))

def longest_pal(s):
    best = ""
    for i in range(len(s)):
        for j in range(i + len(best) + 1, len(s) + 1):
            sub = s[i:j]
            if sub == sub[::-1]:
                best = sub
    return best
print(longest_pal("forgeeksskeegfor"), longest_pal("abacdfgdcaba"), longest_pal("x"))
groups = {}
for w in ["tea", "eat", "ate", "tan", "nat", "bat"]:
    key = "".join(sorted(w))
    groups.setdefault(key, []).append(w)
print(list(groups.values()))
