# Dict mutation patterns: pop in loops over a copy of keys, nested updates, del.
d = {i: i * i for i in range(10)}
for k in list(d):
    if d[k] % 2:
        del d[k]
print(d)
print(d.pop(4), d)
d.update({100: "x"})
print(d)
cfg = {"db": {"host": "localhost", "port": 5432}, "debug": False}
override = {"db": {"port": 6543}, "debug": True, "name": "app"}
def deep_merge(base, extra):
    out = {}
    for k, v in base.items():
        out[k] = v
    for k, v in extra.items():
        if k in out and isinstance(out[k], dict) and isinstance(v, dict):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = v
    return out
merged = deep_merge(cfg, override)
print(merged)
print(cfg)
keys = []
while merged:
    k = list(merged)[-1]
    keys.append(k)
    merged.pop(k)
print(keys, merged)
x = {"a": 1}
y = x
y["b"] = 2
print(x, x is y)
z = dict(x)
z["c"] = 3
print(x, z)
