"""The builtin exception classes and their methods.

Exception instances are ordinary instances (W_InstanceObject) whose class
derives from BaseException; ``args`` is an attribute set when the exception
is created, as CPython's BaseException.__new__ does.
"""

from ..gateway import MethodTable
from . import typeobject

exception_methods = MethodTable("BaseException")

# (name, base) in creation order: CPython's hierarchy for what the subset uses.
HIERARCHY = [
    ("BaseException", None),
    ("Exception", "BaseException"),
    ("SystemExit", "BaseException"),
    ("KeyboardInterrupt", "BaseException"),
    ("GeneratorExit", "BaseException"),
    ("ArithmeticError", "Exception"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("FloatingPointError", "ArithmeticError"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("LookupError", "Exception"),
    ("IndexError", "LookupError"),
    ("KeyError", "LookupError"),
    ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("RuntimeError", "Exception"),
    ("NotImplementedError", "RuntimeError"),
    ("RecursionError", "RuntimeError"),
    ("StopIteration", "Exception"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("UnicodeError", "ValueError"),
    ("UnicodeEncodeError", "UnicodeError"),
    ("MemoryError", "Exception"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
    ("OSError", "Exception"),
    ("EOFError", "Exception"),
]


def new_exception(space, w_type, args_w):
    w_exc = typeobject.new_instance(space, w_type)
    set_args(space, w_exc, args_w)
    return w_exc


def set_args(space, w_exc, args_w):
    typeobject.instance_setattr(space, w_exc, typeobject.instance_map(space, w_exc), "args",
                                space.newtuple(args_w))


def get_args(space, w_exc):
    m = typeobject.instance_map(space, w_exc)
    w_args = typeobject.instance_getattr(space, w_exc, m, "args")
    return space.tuple_w(w_args) if w_args else []


@exception_methods.method("__init__")
def exc_init(space, w_self, *args_w):
    set_args(space, w_self, list(args_w))
    return space.w_None


@exception_methods.method("__str__")
def exc_str(space, w_self):
    args_w = get_args(space, w_self)
    if not args_w:
        return space.newstr("")
    if len(args_w) == 1:
        if space.isinstance_w(w_self, space.w_KeyError):
            return space.newstr(space.repr_w(args_w[0]))
        return space.newstr(space.str_of(args_w[0]))
    return space.newstr(space.repr_w(space.newtuple(args_w)))


@exception_methods.method("__repr__")
def exc_repr(space, w_self):
    args_w = get_args(space, w_self)
    name = space.type_name(w_self)
    if len(args_w) == 1:
        return space.newstr("%s(%s)" % (name, space.repr_w(args_w[0])))
    return space.newstr("%s%s" % (name, space.repr_w(space.newtuple(args_w)) if args_w else "()"))


def exception_message(space, w_exc):
    """(type name, str(exc)) for reporting an uncaught exception.  As in
    CPython, a ``__str__`` that raises is reported, not propagated; and a
    full heap (an uncaught MemoryError) leaves the message empty."""
    from ...memory.gc import HeapExhausted
    from ..objspace import OperationError
    try:
        return space.type_name(w_exc), space.str_of(w_exc)
    except OperationError:
        return space.type_name(w_exc), "<exception str() failed>"
    except HeapExhausted:
        return space.type_name(w_exc), ""


def stop_iteration_value(space, w_exc):
    args_w = get_args(space, w_exc)
    return args_w[0] if args_w else space.w_None


TYPE_TABLES = [("BaseException", exception_methods)]
