# Exception-driven parsing of a small config format.
source = """name = demo
port = 8080
ratio = 0.75
debug = yes
timeout = ten
= orphan
limit = -3
tags = a,b,c"""

class ConfigError(Exception):
    def __init__(self, lineno, msg):
        super().__init__(f"line {lineno}: {msg}")
        self.lineno = lineno

def convert(value):
    for conv in (int, float):
        try:
            return conv(value)
        except ValueError:
            pass
    if value in ("yes", "no"):
        return value == "yes"
    if "," in value:
        return value.split(",")
    return value

def parse_line(lineno, line):
    if "=" not in line:
        raise ConfigError(lineno, "no '='")
    key, value = line.split("=", 1)
    key = key.strip()
    value = value.strip()
    if not key:
        raise ConfigError(lineno, "empty key")
    return key, convert(value)

config = {}
errors = []
for i, line in enumerate(source.split("\n"), 1):
    try:
        k, v = parse_line(i, line)
    except ConfigError as e:
        errors.append(e)
        continue
    config[k] = v
print(config)
for e in errors:
    print("error:", e, e.lineno)
def require(cfg, key, kind, kind_name):
    try:
        v = cfg[key]
    except KeyError:
        return f"{key}: missing"
    if not isinstance(v, kind):
        return f"{key}: expected {kind_name}, got {type(v).__name__}"
    return f"{key}: ok ({v!r})"
for key, kind, kname in [("port", int, "int"), ("timeout", int, "int"), ("host", str, "str"), ("debug", bool, "bool")]:
    print(require(config, key, kind, kname))
