# Decorators with parameters, stacking, and decorators returning the original.
def repeat(n):
    def deco(f):
        def wrapper(*a):
            return [f(*a) for _ in range(n)]
        return wrapper
    return deco

def tag(name):
    def deco(f):
        def wrapper(*a):
            return "<" + name + ">" + str(f(*a)) + "</" + name + ">"
        return wrapper
    return deco

registry = {}
def register(name):
    def deco(f):
        registry[name] = f
        return f
    return deco

@repeat(3)
def hello(who):
    return "hi " + who

@tag("b")
@tag("i")
def text(s):
    return s.upper()

@register("double")
def double(x):
    return 2 * x

@register("negate")
def negate(x):
    return -x

print(hello("bob"))
print(text("bold italic"))
print(sorted(registry), [registry[k](21) for k in sorted(registry)])
def validate(fname, *types):
    def deco(f):
        def wrapper(*args):
            for a, t in zip(args, types):
                if not isinstance(a, t):
                    return "bad argument " + repr(a) + " for " + fname
            return f(*args)
        return wrapper
    return deco
@validate("label", int, str)
def label(n, s):
    return s * n
print(label(3, "ab"), label("3", "ab"), label(2, 5))
