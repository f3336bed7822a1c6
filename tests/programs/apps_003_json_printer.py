# A JSON-like pretty printer and a matching tiny parser (round trip).
def dumps(value, indent=0, step=2):
    pad = " " * indent
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = [" " * (indent + step) + dumps(v, indent + step, step) for v in value]
        return "[\n" + ",\n".join(inner) + "\n" + pad + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = [" " * (indent + step) + dumps(str(k)) + ": " + dumps(v, indent + step, step) for k, v in value.items()]
        return "{\n" + ",\n".join(inner) + "\n" + pad + "}"
    raise TypeError("cannot serialize " + type(value).__name__)

def loads(text):
    pos = 0
    def skip():
        nonlocal pos
        while pos < len(text) and text[pos] in " \n\t":
            pos += 1
    def value():
        nonlocal pos
        skip()
        c = text[pos]
        if c == "{":
            pos += 1
            out = {}
            skip()
            if text[pos] == "}":
                pos += 1
                return out
            while True:
                skip()
                k = value()
                skip()
                pos += 1  # ':'
                out[k] = value()
                skip()
                if text[pos] == ",":
                    pos += 1
                else:
                    pos += 1
                    return out
        if c == "[":
            pos += 1
            out = []
            skip()
            if text[pos] == "]":
                pos += 1
                return out
            while True:
                out.append(value())
                skip()
                if text[pos] == ",":
                    pos += 1
                else:
                    pos += 1
                    return out
        if c == '"':
            pos += 1
            s = ""
            while text[pos] != '"':
                if text[pos] == "\\":
                    pos += 1
                s += text[pos]
                pos += 1
            pos += 1
            return s
        for word, val in (("null", None), ("true", True), ("false", False)):
            if text.startswith(word, pos):
                pos += len(word)
                return val
        start = pos
        while pos < len(text) and text[pos] in "-+.0123456789e":
            pos += 1
        num = text[start:pos]
        return float(num) if "." in num or "e" in num else int(num)
    return value()

doc = {"name": "pypyteach", "version": 1, "ratio": 0.75, "tags": ["vm", "jit", 'say "hi"'],
       "nested": {"empty_list": [], "empty_dict": {}, "flags": [True, False, None]}, "big": 2 ** 70}
text = dumps(doc)
print(text)
back = loads(text)
print(back == doc)
print(dumps([1, [2, [3, []]]], step=1))
print(loads('{"a": [1, 2.5, -3], "b": {"c": null}}'))
try:
    dumps({"s": {1, 2}})
except TypeError as e:
    print("TypeError:", e)
