# A tiny stack virtual machine with jumps, running a few programs.
def run(program, trace=False):
    stack = []
    pc = 0
    steps = 0
    out = []
    env = {}
    while pc < len(program):
        op, *args = program[pc]
        pc += 1
        steps += 1
        if op == "push":
            stack.append(args[0])
        elif op == "pop":
            stack.pop()
        elif op == "dup":
            stack.append(stack[-1])
        elif op == "swap":
            stack[-1], stack[-2] = stack[-2], stack[-1]
        elif op in ("add", "sub", "mul", "mod", "lt"):
            b = stack.pop()
            a = stack.pop()
            if op == "add":
                stack.append(a + b)
            elif op == "sub":
                stack.append(a - b)
            elif op == "mul":
                stack.append(a * b)
            elif op == "mod":
                stack.append(a % b)
            else:
                stack.append(1 if a < b else 0)
        elif op == "store":
            env[args[0]] = stack.pop()
        elif op == "load":
            stack.append(env[args[0]])
        elif op == "jz":
            if stack.pop() == 0:
                pc = args[0]
        elif op == "jmp":
            pc = args[0]
        elif op == "print":
            out.append(stack.pop())
        elif op == "halt":
            break
        else:
            raise ValueError("unknown op " + op)
        if trace:
            print(f"  {pc:3} {op:6} {stack}")
    return out, steps, stack

print(run([("push", 2), ("push", 3), ("add",), ("push", 4), ("mul",), ("print",)], trace=True))
factorial = [
    ("push", 1), ("store", "acc"), ("push", 10), ("store", "n"),
    ("load", "n"), ("jz", 15),
    ("load", "acc"), ("load", "n"), ("mul",), ("store", "acc"),
    ("load", "n"), ("push", 1), ("sub",), ("store", "n"),
    ("jmp", 4),
    ("load", "acc"), ("print",), ("halt",),
]
print(run(factorial))
fizz = [
    ("push", 1), ("store", "i"),
    ("load", "i"), ("push", 10), ("lt",), ("jz", 17),
    ("load", "i"), ("push", 3), ("mod",), ("jz", 12),
    ("load", "i"), ("print",),
    ("load", "i"), ("push", 1), ("add",), ("store", "i"), ("jmp", 2),
    ("halt",),
]
out, steps, st = run(fizz)
print(out, steps, st)
try:
    run([("push", 1), ("frobnicate",)])
except ValueError as e:
    print("error:", e)
