# Stack and Queue classes with an exception for underflow; a two-stack queue.
class EmptyError(Exception):
    pass

class Stack:
    def __init__(self):
        self.items = []
    def push(self, x):
        self.items.append(x)
    def pop(self):
        if not self.items:
            raise EmptyError("pop from empty stack")
        return self.items.pop()
    def peek(self):
        return self.items[-1] if self.items else None
    def __len__(self):
        return len(self.items)
    def __repr__(self):
        return "Stack(" + repr(self.items) + ")"

class Queue:
    def __init__(self):
        self.inbox = Stack()
        self.outbox = Stack()
    def enqueue(self, x):
        self.inbox.push(x)
    def dequeue(self):
        if not len(self.outbox):
            while len(self.inbox):
                self.outbox.push(self.inbox.pop())
        if not len(self.outbox):
            raise EmptyError("dequeue from empty queue")
        return self.outbox.pop()
    def __len__(self):
        return len(self.inbox) + len(self.outbox)

s = Stack()
for ch in "abc":
    s.push(ch)
print(s, len(s), s.peek(), s.pop(), s.pop(), s)
q = Queue()
for i in range(4):
    q.enqueue(i)
print(q.dequeue(), q.dequeue(), len(q))
q.enqueue(10)
print([q.dequeue() for _ in range(len(q))])
for obj, op in ((Stack(), "pop"), (q, "dequeue")):
    try:
        if op == "pop":
            obj.pop()
        else:
            obj.dequeue()
    except EmptyError as e:
        print(type(e).__name__, e, e.args)
def rpn(expr):
    st = Stack()
    for tok in expr.split():
        if tok in "+-*/":
            b, a = st.pop(), st.pop()
            st.push({"+": a + b, "-": a - b, "*": a * b, "/": a / b}[tok])
        else:
            st.push(int(tok))
    return st.pop()
print(rpn("3 4 + 2 *"), rpn("5 1 2 + 4 * + 3 -"), rpn("2 3 4 * +"), rpn("7 2 /"))
