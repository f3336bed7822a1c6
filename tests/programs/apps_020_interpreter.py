# An interpreter for a tiny line-based language with variables, loops and printing.
program = """
let n = 10
let a = 0
let b = 1
let i = 0
label loop
if i >= n goto end
print a
let t = a + b
let a = b
let b = t
let i = i + 1
goto loop
label end
print done
"""

def value(tok, env):
    try:
        return int(tok)
    except ValueError:
        return env.get(tok, tok)

def run(src):
    lines = [l.split() for l in src.strip().split("\n")]
    labels = {l[1]: i for i, l in enumerate(lines) if l[0] == "label"}
    env = {}
    out = []
    pc = 0
    steps = 0
    while pc < len(lines):
        steps += 1
        words = lines[pc]
        pc += 1
        cmd = words[0]
        if cmd == "let":
            name = words[1]
            if len(words) == 4:
                env[name] = value(words[3], env)
            else:
                a, op, b = value(words[3], env), words[4], value(words[5], env)
                env[name] = a + b if op == "+" else a - b if op == "-" else a * b
        elif cmd == "print":
            out.append(str(value(words[1], env)))
        elif cmd == "goto":
            pc = labels[words[1]]
        elif cmd == "if":
            a, op, b = value(words[1], env), words[2], value(words[3], env)
            ok = {"<": a < b, ">=": a >= b, "==": a == b}[op]
            if ok:
                pc = labels[words[5]]
    return out, steps, env

out, steps, env = run(program)
print(" ".join(out))
print(steps, sorted(env.items()))
out2, steps2, env2 = run("let x = 3\nlet y = x * x\nlet z = y - 10\nprint z\nprint y\nprint unknown")
print(out2, steps2, env2)
