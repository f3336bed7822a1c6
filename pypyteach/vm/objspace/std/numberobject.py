"""The methods of int, bool and float (the generic paths).

The interpreter's fast paths (descroperation.py) handle machine ints and
floats in ll style; these methods are what runs otherwise: overflow into big
ints, mixed operands, ``divmod``, ``**``, and calls such as ``(5).__add__(1)``.
Arithmetic is done on host numbers, the VM's "C library", so results and
error messages are exactly CPython's.
"""

import math
import operator

from ...memory import layout as L
from ..gateway import MethodTable, BuiltinFunction, INVALID_KEYWORD, clinic
from ...memory.heap import NULL
from . import formatting


int_methods = MethodTable("int")
float_methods = MethodTable("float")
bool_methods = MethodTable("bool")

HOST_BINARY = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul, "truediv": operator.truediv,
    "floordiv": operator.floordiv, "mod": operator.mod, "pow": pow, "lshift": operator.lshift,
    "rshift": operator.rshift, "and": operator.and_, "or": operator.or_, "xor": operator.xor,
    "divmod": divmod,
}
INT_ONLY = {"lshift", "rshift", "and", "or", "xor"}
HOST_COMPARE = {"lt": operator.lt, "le": operator.le, "eq": operator.eq, "ne": operator.ne,
                "gt": operator.gt, "ge": operator.ge}
HOST_ERRORS = ("ZeroDivisionError", "OverflowError", "ValueError")


def host_number(space, w_obj, allow_float=True):
    """The host int/bool/float of a guest number, or None."""
    tid = space.tid(w_obj)
    if tid == L.W_BoolObject.tid:
        return w_obj == space.w_True
    if tid in (L.W_IntObject.tid, L.W_LongObject.tid):
        return space.int_w(w_obj)
    if tid == L.W_FloatObject.tid and allow_float:
        return space.heap.read_float(w_obj + 8)
    return None


def wrap_number(space, value):
    if isinstance(value, complex):
        raise space.value_error("complex numbers are not part of pypyteach's Python subset")
    if isinstance(value, tuple):
        return space.newtuple([wrap_number(space, item) for item in value])
    return space.wrap(value)


def result_bits(fn, args):
    """An upper bound of the bits of an int result, for the operations whose
    result can be far larger than their operands (None: not such a case)."""
    if len(args) != 2 or not all(isinstance(a, int) for a in args):
        return None
    a, b = args
    if fn is operator.lshift and b > 0:
        return a.bit_length() + b
    if fn is pow and b > 0:
        return a.bit_length() * b if abs(a) > 1 else 1
    if fn is operator.mul:
        return a.bit_length() + b.bit_length()
    return None


def charge_big_int(space, bits):
    """Big ints are sized before the host computes them: a result larger
    than the heap is the guest's MemoryError (not gigabytes of host memory),
    and the work counts against --max-steps, one step per 64-bit word (PyPy
    computes them with rbigint, in the heap)."""
    from ..objspace import OperationError
    if bits > space.heap.size * 8:
        raise OperationError(space.w_memory_error)
    words = bits >> 6
    interp = space.interp
    if words > 64 and interp is not None:
        interp.charge_steps(words)


def host_call(space, fn, *args):
    """Run host arithmetic, turning its exceptions into guest ones (same messages)."""
    bits = result_bits(fn, args)
    if bits is not None and bits > 4096:
        charge_big_int(space, bits)
    try:
        return fn(*args)
    except ZeroDivisionError as exc:
        raise space.error(space.w_ZeroDivisionError, str(exc))
    except OverflowError as exc:
        message = str(exc)
        if message.startswith("(34,"):
            message = "(34, 'Numerical result out of range')"
        raise space.error(space.w_OverflowError, message)
    except ValueError as exc:
        raise space.error(space.w_ValueError, str(exc))


def _binary_method(op, reflected, is_float_type):
    fn = HOST_BINARY[op]

    def impl(space, w_self, w_other):
        a = host_number(space, w_self)
        b = host_number(space, w_other, allow_float=op not in INT_ONLY)
        if a is None or b is None:
            return space.w_NotImplemented
        if not is_float_type and isinstance(b, float):
            return space.w_NotImplemented    # as CPython: float's reflected method answers
        if reflected:
            a, b = b, a
        return wrap_number(space, host_call(space, fn, a, b))
    return impl


def _compare_method(op):
    fn = HOST_COMPARE[op]

    def impl(space, w_self, w_other):
        a = host_number(space, w_self)
        b = host_number(space, w_other)
        if a is None or b is None:
            return space.w_NotImplemented
        return space.newbool(fn(a, b))
    return impl


def _install_operators(table, is_float_type):
    for op in HOST_BINARY:
        if is_float_type and op in INT_ONLY:
            continue
        for reflected in (False, True):
            name = "__%s%s__" % ("r" if reflected else "", op)
            table.methods[name] = BuiltinFunction(name, _binary_method(op, reflected, is_float_type),
                                                  qualname="%s.%s" % (table.typename, name))
    for op in HOST_COMPARE:
        name = "__%s__" % op
        table.methods[name] = BuiltinFunction(name, _compare_method(op),
                                              qualname="%s.%s" % (table.typename, name))


_install_operators(int_methods, False)
_install_operators(float_methods, True)


def _unary(table, name, fn):
    def impl(space, w_self):
        return wrap_number(space, host_call(space, fn, host_number(space, w_self)))
    table.methods[name] = BuiltinFunction(name, impl, qualname="%s.%s" % (table.typename, name))


for _table in (int_methods, float_methods):
    _unary(_table, "__neg__", operator.neg)
    _unary(_table, "__pos__", operator.pos)
    _unary(_table, "__abs__", abs)
    _unary(_table, "__int__", int)
    _unary(_table, "__float__", float)
    _unary(_table, "__trunc__", math.trunc)
    _unary(_table, "__floor__", math.floor)
    _unary(_table, "__ceil__", math.ceil)
_unary(int_methods, "__invert__", operator.invert)
_unary(int_methods, "__index__", int)


@int_methods.method("__bool__")
def int_bool(space, w_self):
    return space.newbool(host_number(space, w_self) != 0)


@float_methods.method("__bool__")
def float_bool(space, w_self):
    return space.newbool(host_number(space, w_self) != 0.0)


@int_methods.method("__hash__")
def int_hash(space, w_self):
    return space.newint(hash(host_number(space, w_self)))


@float_methods.method("__hash__")
def float_hash(space, w_self):
    return space.wrap_int(space.hash_w(w_self))


@int_methods.method("__repr__")
def int_repr(space, w_self):
    # host_call: beyond 4300 digits CPython refuses, with its own ValueError
    return space.newstr(host_call(space, repr, int(host_number(space, w_self))))


@float_methods.method("__repr__")
def float_repr(space, w_self):
    return space.newstr(repr(host_number(space, w_self)))


@bool_methods.method("__repr__")
def bool_repr(space, w_self):
    return space.newstr("True" if w_self == space.w_True else "False")


@int_methods.method("__format__")
def int_format(space, w_self, w_spec):
    return _format(space, w_self, w_spec)


@float_methods.method("__format__")
def float_format(space, w_self, w_spec):
    return _format(space, w_self, w_spec)


def _format(space, w_self, w_spec):
    spec = space.str_w(w_spec)
    formatting.check_spec_width(space, spec)      # the host would build any width asked for
    value = host_number(space, w_self)
    if isinstance(value, bool) and spec == "":
        return space.newstr(str(value))
    return space.newstr(host_call(space, format, value, spec))


@int_methods.method("__round__")
def int_round(space, w_self, w_ndigits=None):
    value = host_number(space, w_self)
    if w_ndigits is None or w_ndigits == space.w_None:
        return space.wrap(int(value))
    return wrap_number(space, host_call(space, round, int(value), index_value(space, w_ndigits)))


@float_methods.method("__round__")
def float_round(space, w_self, w_ndigits=None):
    value = host_number(space, w_self)
    if w_ndigits is None or w_ndigits == space.w_None:
        return wrap_number(space, host_call(space, round, value))
    return space.newfloat(host_call(space, round, value, index_value(space, w_ndigits)))


@int_methods.method("bit_length")
def int_bit_length(space, w_self):
    return space.newint(int(host_number(space, w_self)).bit_length())


@float_methods.method("is_integer")
def float_is_integer(space, w_self):
    return space.newbool(host_number(space, w_self).is_integer())


def int_to_float(space, value):
    return host_call(space, float, value)


# -- more number methods ---------------------------------------------------------------------

@int_methods.method("bit_count")
def int_bit_count(space, w_self):
    return space.newint(bin(int(host_number(space, w_self))).count("1"))


@int_methods.method("as_integer_ratio")
def int_as_integer_ratio(space, w_self):
    return space.newtuple([space.wrap_int(int(host_number(space, w_self))), space.newint(1)])


@float_methods.method("as_integer_ratio")
def float_as_integer_ratio(space, w_self):
    return wrap_number(space, host_call(space, float.as_integer_ratio, host_number(space, w_self)))


@int_methods.method("conjugate")
def int_conjugate(space, w_self):
    return space.wrap_int(int(host_number(space, w_self)))


@float_methods.method("conjugate")
def float_conjugate(space, w_self):
    return space.newfloat(host_number(space, w_self))


# -- conversions: the number protocol as CPython's PyNumber_Index/Long/Float -----------------

INTEGRAL_TIDS = frozenset([L.W_IntObject.tid, L.W_BoolObject.tid, L.W_LongObject.tid])


def _call_special(space, w_obj, name):
    """Result of w_obj.<name>() looked up on its type, or NULL when absent."""
    w_method = space.lookup_special(w_obj, name)
    if not w_method:
        return NULL
    return space.call_function(w_method, w_obj)


def index_value(space, w_obj):
    """operator.index(w_obj) as a host int."""
    if space.tid(w_obj) in INTEGRAL_TIDS:
        return space.int_w(w_obj)
    w_result = _call_special(space, w_obj, "__index__")
    if not w_result:
        raise space.type_error("'%s' object cannot be interpreted as an integer" % space.type_name(w_obj))
    if space.tid(w_result) not in INTEGRAL_TIDS:
        raise space.type_error("__index__ returned non-int (type %s)" % space.type_name(w_result))
    return space.int_w(w_result)


def float_value(space, w_obj, message=None):
    """The host float of a real number (PyFloat_AsDouble): float, int, __float__, __index__.

    ``message``: the TypeError for other objects ("must be real number, not X" if None)."""
    tid = space.tid(w_obj)
    if tid == L.W_FloatObject.tid:
        return host_number(space, w_obj)
    if tid in INTEGRAL_TIDS:
        return host_call(space, float, space.int_w(w_obj))
    w_result = _call_special(space, w_obj, "__float__")
    if w_result:
        if space.tid(w_result) != L.W_FloatObject.tid:
            raise space.type_error("%s.__float__ returned non-float (type %s)"
                                   % (space.type_name(w_obj), space.type_name(w_result)))
        return host_number(space, w_result)
    if space.lookup_special(w_obj, "__index__"):
        return host_call(space, float, index_value(space, w_obj))
    raise space.type_error(message or "must be real number, not %s" % space.type_name(w_obj))


def int_value(space, w_obj):
    """int(w_obj) for a single argument, as a host int."""
    tid = space.tid(w_obj)
    if tid in INTEGRAL_TIDS:
        return space.int_w(w_obj)
    if tid == L.W_FloatObject.tid:
        return host_call(space, int, host_number(space, w_obj))
    if tid == L.W_UnicodeObject.tid:
        return host_call(space, int, space.str_w(w_obj))
    for name in ("__int__", "__index__"):
        w_result = _call_special(space, w_obj, name)
        if w_result:
            if space.tid(w_result) not in INTEGRAL_TIDS:
                raise space.type_error("%s returned non-int (type %s)" % (name, space.type_name(w_result)))
            return space.int_w(w_result)
    w_result = _call_special(space, w_obj, "__trunc__")
    if w_result:
        if space.tid(w_result) in INTEGRAL_TIDS:
            return space.int_w(w_result)
        if not space.lookup_special(w_result, "__index__"):
            raise space.type_error("__trunc__ returned non-Integral (type %s)" % space.type_name(w_result))
        return index_value(space, w_result)
    raise space.type_error("int() argument must be a string, a bytes-like object or a real number, not '%s'"
                           % space.type_name(w_obj))


# -- the constructors int(), float(), bool() ---------------------------------------------------

TYPE_TABLES = [("int", int_methods), ("float", float_methods), ("bool", bool_methods)]
TYPE_CONSTRUCTORS = {}


@clinic(TYPE_CONSTRUCTORS, "int", keywords=INVALID_KEYWORD, arity="missing")
def int_new(space, w_x=None, /, w_base=None):
    if w_x is None:
        if w_base is not None:
            raise space.type_error("int() missing string argument")
        return space.newint(0)
    if w_base is None:
        return space.wrap_int(int_value(space, w_x))
    base = index_value(space, w_base)
    if space.tid(w_x) != L.W_UnicodeObject.tid:
        raise space.type_error("int() can't convert non-string with explicit base")
    return space.wrap_int(host_call(space, int, space.str_w(w_x), base))


@clinic(TYPE_CONSTRUCTORS, "float")
def float_new(space, w_x=None):
    if w_x is None:
        return space.newfloat(0.0)
    if space.tid(w_x) == L.W_UnicodeObject.tid:
        return space.newfloat(host_call(space, float, space.str_w(w_x)))
    return space.newfloat(float_value(space, w_x, "float() argument must be a string or a real number, "
                                                  "not '%s'" % space.type_name(w_x)))


@clinic(TYPE_CONSTRUCTORS, "bool")
def bool_new(space, w_x=None):
    if w_x is None:
        return space.w_False
    return space.newbool(space.is_true(w_x))
