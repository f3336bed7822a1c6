# Lists as stacks and queues; balanced brackets checker.
stack = []
for i in range(5):
    stack.append(i)
    print("push", i, stack)
while stack:
    print("pop", stack.pop(), stack)
queue = []
for name in ["ann", "bob", "cyd"]:
    queue.append(name)
queue.append("dee")
while queue:
    print("serve", queue.pop(0), "waiting", len(queue))
def balanced(s):
    pairs = {")": "(", "]": "[", "}": "{"}
    st = []
    for ch in s:
        if ch in "([{":
            st.append(ch)
        elif ch in pairs:
            if not st or st.pop() != pairs[ch]:
                return False
    return not st
for s in ["()", "([]{})", "(]", "((", "{[()()]}", "", "a(b)c]"]:
    print(repr(s), balanced(s))
