# finally with return, break and continue.
def ret_in_finally():
    try:
        return "from try"
    finally:
        print("  finally runs before return")

def override():
    try:
        return 1
    finally:
        return 2

def swallow():
    try:
        raise ValueError("lost")
    finally:
        return "swallowed"

def loop_break():
    out = []
    for i in range(5):
        try:
            if i == 3:
                break
            out.append(i)
        finally:
            out.append("f" + str(i))
    return out

def loop_continue():
    out = []
    for i in range(4):
        try:
            if i % 2:
                continue
            out.append(i)
        finally:
            out.append("f")
    return out

def continue_in_finally():
    out = []
    for i in range(3):
        try:
            out.append(i)
            raise KeyError(i)
        finally:
            out.append("c")
            continue
    return out

def nested():
    log = []
    try:
        try:
            log.append("inner try")
            return log
        finally:
            log.append("inner finally")
    finally:
        log.append("outer finally")

print(ret_in_finally())
print(override(), swallow())
print(loop_break())
print(loop_continue())
print(continue_in_finally())
print(nested())
def count_finally(n):
    c = 0
    while True:
        try:
            c += 1
            if c >= n:
                return c
        finally:
            c += 10
print(count_finally(1), count_finally(3))
