"""What each resop computes, on concrete values (PyPy's executor.py).

One function per resop family, shared by the tracer (to know the value an op
produces), the llgraph backend (to run traces) and the optimizer (to fold
constants).  Heap operations act on the VM's heap through its DirectOps, so
they mean exactly what the interpreter's low-level operations mean.

Guards are not executed here: ``guard_holds`` says whether one passes.
"""

import math

from ..vm.memory.lloperation import wrap_int, MAXINT, MININT
from .resoperation import OPSPECS

STRING_OPS = frozenset(["newunicode", "unicodelen", "unicodegetitem", "unicodesetitem",
                        "copyunicodecontent"])

U64 = (1 << 64) - 1


def _unsigned(value):
    return value & U64


def overflows(name, a, b):
    """Does the ``_ovf`` op ``name`` overflow a machine word on a, b?"""
    exact = {"int_add_ovf": a + b, "int_sub_ovf": a - b, "int_mul_ovf": a * b}[name]
    return not (MININT <= exact <= MAXINT)


def _floordiv(a, b):
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


PURE_INT = {
    "int_add": lambda a, b: wrap_int(a + b),
    "int_sub": lambda a, b: wrap_int(a - b),
    "int_mul": lambda a, b: wrap_int(a * b),
    "int_floordiv": lambda a, b: wrap_int(_floordiv(a, b)),
    "int_mod": lambda a, b: wrap_int(a - _floordiv(a, b) * b),
    "int_and": lambda a, b: a & b,
    "int_or": lambda a, b: a | b,
    "int_xor": lambda a, b: a ^ b,
    "int_lshift": lambda a, b: wrap_int(a << b),
    "int_rshift": lambda a, b: a >> b,
    "uint_rshift": lambda a, b: wrap_int(_unsigned(a) >> b),
    "uint_mul_high": lambda a, b: wrap_int((_unsigned(a) * _unsigned(b)) >> 64),
    "int_lt": lambda a, b: int(a < b),
    "int_le": lambda a, b: int(a <= b),
    "int_eq": lambda a, b: int(a == b),
    "int_ne": lambda a, b: int(a != b),
    "int_gt": lambda a, b: int(a > b),
    "int_ge": lambda a, b: int(a >= b),
    "uint_lt": lambda a, b: int(_unsigned(a) < _unsigned(b)),
    "uint_le": lambda a, b: int(_unsigned(a) <= _unsigned(b)),
    "uint_gt": lambda a, b: int(_unsigned(a) > _unsigned(b)),
    "uint_ge": lambda a, b: int(_unsigned(a) >= _unsigned(b)),
    "int_neg": lambda a: wrap_int(-a),
    "int_invert": lambda a: ~a,
    "int_is_true": lambda a: int(a != 0),
    "int_is_zero": lambda a: int(a == 0),
    "int_signext": lambda a, nbytes: wrap_int(((a & ((1 << (8 * nbytes)) - 1)) ^ (1 << (8 * nbytes - 1)))
                                              - (1 << (8 * nbytes - 1))),
    # the _ovf ops give the wrapped result; the guard_(no_)overflow after them decides
    "int_add_ovf": lambda a, b: wrap_int(a + b),
    "int_sub_ovf": lambda a, b: wrap_int(a - b),
    "int_mul_ovf": lambda a, b: wrap_int(a * b),
    "float_add": lambda a, b: a + b,
    "float_sub": lambda a, b: a - b,
    "float_mul": lambda a, b: a * b,
    "float_truediv": lambda a, b: a / b,
    "float_neg": lambda a: -a,
    "float_abs": lambda a: abs(a),
    "float_lt": lambda a, b: int(a < b),
    "float_le": lambda a, b: int(a <= b),
    "float_eq": lambda a, b: int(a == b),
    "float_ne": lambda a, b: int(a != b),
    "float_gt": lambda a, b: int(a > b),
    "float_ge": lambda a, b: int(a >= b),
    "cast_int_to_float": lambda a: float(a),
    "cast_float_to_int": lambda a: wrap_int(int(a)) if math.isfinite(a) else MININT,
    "ptr_eq": lambda a, b: int(a == b),
    "ptr_ne": lambda a, b: int(a != b),
    "same_as_i": lambda a: a,
    "same_as_r": lambda a: a,
    "same_as_f": lambda a: a,
}


def execute(ll, name, args, descr):
    """The result of resop ``name`` on concrete ``args`` (None for no result).

    ``ll`` is the VM's DirectOps.  An array item of 4 bytes (the code points
    of a str: the machine backends lower unicodegetitem/unicodesetitem to
    these ops) is read unsigned and written as its low 32 bits, in the
    heap's byte order, as PyPy's array descr of itemsize 4 with
    is_item_signed False means."""
    fn = PURE_INT.get(name)
    if fn is not None:
        return fn(*args)
    if name.startswith("getfield_gc_"):
        return ll.getfield_gc_f(args[0], descr) if name.endswith("_f") else ll.getfield_gc_i(args[0], descr)
    if name == "setfield_gc":
        return ll.setfield_gc(args[0], args[1], descr)
    if name.startswith("getarrayitem_gc_"):
        if name.endswith("_f"):
            return ll.getarrayitem_gc_f(args[0], args[1], descr)
        if descr.itemsize == 4:
            return ll.heap.read_u32(descr.item_address(args[0], args[1]))
        return ll.getarrayitem_gc_i(args[0], args[1], descr)
    if name == "setarrayitem_gc":
        if descr.itemsize == 4:
            return ll.heap.write_u32(descr.item_address(args[0], args[1]), args[2] & 0xFFFFFFFF)
        return ll.setarrayitem_gc(args[0], args[1], args[2], descr)
    if name == "arraylen_gc":
        return ll.arraylen_gc(args[0], descr)
    if name == "new_with_vtable":
        return ll.new_with_vtable(descr)
    if name == "new_array":
        return ll.new_array(descr.layout, args[0])
    if name in STRING_OPS:
        return getattr(ll, name)(*args)
    if OPSPECS[name].is_call:
        return descr.call(args)
    if name in ("debug_merge_point", "enter_portal_frame", "leave_portal_frame", "label", "jump",
                "finish", "quasiimmut_field"):
        return None
    raise NotImplementedError("executor: no semantics for %s" % name)


def guard_holds(name, args, exception_pending=False, invalidated=False):
    """Does a guard with these concrete arguments pass?  (guard_class and
    guard_nonnull_class take the class read from the object as args[0].)"""
    if name == "guard_true":
        return bool(args[0])
    if name == "guard_false":
        return not args[0]
    if name == "guard_value":
        return args[0] == args[1]
    if name in ("guard_class", "guard_nonnull_class"):
        return args[0] == args[1]
    if name == "guard_nonnull":
        return bool(args[0])
    if name == "guard_isnull":
        return not args[0]
    if name == "guard_no_exception":
        return not exception_pending
    if name == "guard_not_invalidated":
        return not invalidated
    raise NotImplementedError("guard_holds: %s is decided by its executor" % name)
