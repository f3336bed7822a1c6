# Case methods, strip family, replace, startswith/endswith, find and count.
s = "  Hello, World!  "
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()))
print("xxhixx".strip("x"), "xyhiyx".strip("xy"), "--a--".lstrip("-"), "--a--".rstrip("-"))
print("www.example.com".strip("cmowz."), "abcba".strip("ab"))
print("hello".upper(), "HeLLo".lower(), "hello world".capitalize(), "hELLO".capitalize())
print("aaa".replace("a", "b"), "banana".replace("an", "AN"), "banana".replace("a", "", 2))
print("abc".replace("", "-"), "x".replace("y", "z"))
t = "banana"
print(t.find("an"), t.find("an", 2), t.find("an", 4), t.find("x"), t.find(""), t.find("a", -2))
print(t.count("a"), t.count("an"), t.count("x"), t.count(""), "aaaa".count("aa"))
print(t.startswith("ban"), t.startswith("nan"), t.endswith("na"), t.endswith(""))
print(t.startswith(("x", "b")), t.endswith(("q", "z")))
url = "https://example.org/page"
if url.startswith("https://"):
    print("secure:", url[len("https://"):])
files = ["a.py", "b.txt", "c.py", "d.PY"]
print([f for f in files if f.endswith(".py")], [f for f in files if f.lower().endswith(".py")])
print("MiXeD cAsE".lower().upper(), "123abc".upper(), "".upper())
i = t.find("n")
while i != -1:
    print("n at", i)
    i = t.find("n", i + 1)
