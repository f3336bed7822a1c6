# A binary heap priority queue class, heap sort, and a task scheduler using it.
class MinHeap:
    def __init__(self):
        self.a = []

    def __len__(self):
        return len(self.a)

    def push(self, item):
        a = self.a
        a.append(item)
        i = len(a) - 1
        while i > 0:
            parent = (i - 1) // 2
            if a[i] < a[parent]:
                a[i], a[parent] = a[parent], a[i]
                i = parent
            else:
                break

    def pop(self):
        a = self.a
        if not a:
            raise IndexError("pop from empty heap")
        top = a[0]
        last = a.pop()
        if a:
            a[0] = last
            i = 0
            n = len(a)
            while True:
                l, r = 2 * i + 1, 2 * i + 2
                m = i
                if l < n and a[l] < a[m]:
                    m = l
                if r < n and a[r] < a[m]:
                    m = r
                if m == i:
                    break
                a[i], a[m] = a[m], a[i]
                i = m
        return top

h = MinHeap()
for x in [5, 3, 8, 1, 9, 2, 7, 1, 0, 6]:
    h.push(x)
print(len(h), h.a)
print([h.pop() for _ in range(len(h))])
def heap_sort(items):
    hp = MinHeap()
    for it in items:
        hp.push(it)
    return [hp.pop() for _ in range(len(items))]
print(heap_sort(["pear", "apple", "fig", "kiwi", "banana"]))
print(heap_sort([(2, "b"), (1, "z"), (2, "a"), (0, "q")]))
tasks = MinHeap()
seq = 0
for prio, name in [(3, "write docs"), (1, "fix bug"), (2, "review"), (1, "deploy"), (5, "lunch")]:
    tasks.push((prio, seq, name))
    seq += 1
while len(tasks):
    prio, _, name = tasks.pop()
    print(f"[{prio}] {name}")
try:
    tasks.pop()
except IndexError as e:
    print("IndexError:", e)
