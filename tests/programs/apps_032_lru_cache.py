# An LRU cache built on dict insertion order (pop and re-insert to refresh).
class LRU:
    def __init__(self, capacity):
        self.capacity = capacity
        self.data = {}
        self.hits = 0
        self.misses = 0
        self.evicted = []

    def get(self, key):
        if key in self.data:
            value = self.data.pop(key)
            self.data[key] = value
            self.hits += 1
            return value
        self.misses += 1
        return None

    def put(self, key, value):
        if key in self.data:
            self.data.pop(key)
        elif len(self.data) >= self.capacity:
            oldest = next(iter(self.data))
            self.evicted.append(oldest)
            del self.data[oldest]
        self.data[key] = value

    def __repr__(self):
        return "LRU(" + ", ".join(f"{k}={v}" for k, v in self.data.items()) + ")"

cache = LRU(3)
for op in ["put a 1", "put b 2", "put c 3", "get a", "put d 4", "get b", "get c", "put e 5", "put a 10", "get d", "get a"]:
    parts = op.split()
    if parts[0] == "put":
        cache.put(parts[1], int(parts[2]))
        print(f"{op:10} -> {cache}")
    else:
        print(f"{op:10} -> {cache.get(parts[1])!r:5} {cache}")
print("hits", cache.hits, "misses", cache.misses, "evicted", cache.evicted)
def cached_fib(n, c):
    v = c.get(n)
    if v is not None:
        return v
    v = n if n < 2 else cached_fib(n - 1, c) + cached_fib(n - 2, c)
    c.put(n, v)
    return v
c2 = LRU(5)
print(cached_fib(40, c2), c2.hits, c2.misses, len(c2.evicted))
