# An attribute read twice is the same object, whatever its kind; identity of
# other values is unchanged.
class Node:
    def __init__(self, value, weight, next=None):
        self.value = value
        self.weight = weight
        self.next = next


a = Node(10 ** 6, 2.5)
b = Node(-7, -0.0, a)
v = a.value
w = a.weight
print(v is a.value, w is a.weight, a.value is a.value, a.weight is not a.weight)
print(b.next is a, b.next.value is a.value, a.next is None, b.next is not None)
print(a.value is a.weight, b.weight is a.weight, a.value is b.value)
big = 2 ** 100
a.value = big
print(a.value is big, a.value is a.value)
a.value = "text"
print(a.value is a.value, a.value is not None)

total = 0
node = b
for i in range(200):
    node.value += 1
    if node.value is node.value and node.next is not None:
        total += 1
    if node.weight is node.weight:
        total += 2
print(total, node.value)
seen = [b.value, b.weight]
print(seen[0] is b.value, seen[1] is b.weight, b.value in seen, b.weight in seen)
