"""The generic operations of the object space (PyPy's DescrOperation).

Two tiers, as in PyPy:
- *fast paths* written in ll style (see lloperation.py) for what hot loops do
  with ints, floats, bools and ranges: the tracer records them as resops;
- *generic paths*: host code that follows Python's full protocol (special
  methods, reflected operands, NotImplemented...).  The interpreter reaches
  them through ``ll.call_r``, so a trace shows them as residual calls.
"""

import math
import struct

from ..memory import layout as L
from ..memory.heap import NULL
from .std import typeobject, strobject, functionobject

INT = L.W_IntObject.tid
BOOL = L.W_BoolObject.tid
LONG = L.W_LongObject.tid
FLOAT = L.W_FloatObject.tid
STR = L.W_UnicodeObject.tid
TUPLE = L.W_TupleObject.tid
LIST = L.W_ListObject.tid
INSTANCE = L.W_InstanceObject.tid
TYPE = L.W_TypeObject.tid
INT_LIKE = frozenset([INT, BOOL])
NUMBER = frozenset([INT, BOOL, LONG, FLOAT])

INTVAL = L.W_IntObject.field("intval")
FLOATVAL = L.W_FloatObject.field("floatval")
NONE = L.W_NoneObject.tid
DICT = L.W_DictObject.tid
SET = L.W_SetObject.tid
SPECIALISED_TUPLES = L.TUPLE_TIDS - {TUPLE}
TUPLE_ARRAY = L.W_TupleObject.array
LIST_LENGTH = L.W_ListObject.field("length")
DICT_USED = L.W_DictObject.field("used")
SET_USED = L.W_SetObject.field("used")
I_MAP = L.W_InstanceObject.field("map")
LENGTH_KNOWN = frozenset([LIST, TUPLE, STR, DICT, SET]) | SPECIALISED_TUPLES

# name, reflected name, symbol: the binary operators
BINARY_OPS = {
    "add": ("__add__", "__radd__", "+"),
    "sub": ("__sub__", "__rsub__", "-"),
    "mul": ("__mul__", "__rmul__", "*"),
    "truediv": ("__truediv__", "__rtruediv__", "/"),
    "floordiv": ("__floordiv__", "__rfloordiv__", "//"),
    "mod": ("__mod__", "__rmod__", "%"),
    "pow": ("__pow__", "__rpow__", "** or pow()"),
    "lshift": ("__lshift__", "__rlshift__", "<<"),
    "rshift": ("__rshift__", "__rrshift__", ">>"),
    "and_": ("__and__", "__rand__", "&"),
    "or_": ("__or__", "__ror__", "|"),
    "xor": ("__xor__", "__rxor__", "^"),
}
INPLACE_NAMES = {op: "__i" + names[0][2:] for op, names in BINARY_OPS.items()}
INPLACE_SYMBOLS = {op: names[2] + "=" if op != "pow" else "**=" for op, names in BINARY_OPS.items()}

COMPARE_OPS = {
    "<": ("__lt__", "__gt__"), "<=": ("__le__", "__ge__"), "==": ("__eq__", "__eq__"),
    "!=": ("__ne__", "__ne__"), ">": ("__gt__", "__lt__"), ">=": ("__ge__", "__le__"),
}


class DescrOperation:
    """Mixed into ObjSpace."""

    # -- host <-> guest ------------------------------------------------------------

    def wrap(self, value):
        """A guest object for a simple host value."""
        if value is None:
            return self.w_None
        if value is True:
            return self.w_True
        if value is False:
            return self.w_False
        if isinstance(value, int):
            return self.wrap_int(value)
        if isinstance(value, float):
            return self.newfloat(value)
        if isinstance(value, str):
            return self.newstr(value)
        if isinstance(value, tuple):
            return self.newtuple([self.wrap(item) for item in value])
        if isinstance(value, list):
            return self.newlist([self.wrap(item) for item in value])
        if value is Ellipsis:
            return self.w_Ellipsis
        raise TypeError("cannot wrap %r" % (value,))

    def number_value(self, w_obj):
        """Host number for an int/bool/long/float, else None."""
        tid = self.tid(w_obj)
        if tid == FLOAT:
            return self.heap.read_float(w_obj + FLOATVAL.offset)
        if tid == BOOL:
            return w_obj == self.w_True
        if tid in (INT, LONG):
            return self.int_w(w_obj)
        return None

    # -- truth -------------------------------------------------------------------

    def is_true(self, w_obj):
        """Truth of a guest object as a host bool (ll style: a branch).

        As PyPy's traces show it: an int or bool tests its value, a float
        ``float_ne`` 0.0, a container its length word (``getfield_gc_i``
        of a list's or dict's length, ``arraylen_gc`` of a tuple,
        ``unicodelen`` of a str) with ``int_is_true``; None is false and a
        big int true without a test.  An instance's class comes with its
        promoted map: if the class (quasi-immutable) has neither
        ``__bool__`` nor ``__len__``, the instance is true, with no op
        at all.  Only an instance whose class defines them, and the rarer
        kinds, take the generic path (a residual call)."""
        ll = self.ll
        tid = ll.classof(w_obj)
        if tid in INT_LIKE:
            return ll.is_true(ll.getfield_gc_i(w_obj, INTVAL))
        if tid == NONE:
            return False
        if tid == INSTANCE:
            m = self.maps[ll.promote(ll.getfield_gc_i(w_obj, I_MAP))]
            ll.quasi_immutable(("type",))
            if not typeobject.lookup(self, m.w_class, "__bool__") and \
                    not typeobject.lookup(self, m.w_class, "__len__"):
                return True
        elif tid in LENGTH_KNOWN:
            return ll.is_true(ll.int_is_true(self.ll_len(w_obj, tid)))
        elif tid == LONG:
            return True         # a big int is never 0
        elif tid == FLOAT:
            return ll.is_true(ll.float_ne(ll.getfield_gc_f(w_obj, FLOATVAL), ll.const(0.0)))
        return ll.is_true(ll.call_i(self.generic_is_true, w_obj))

    def ll_len(self, w_obj, tid):
        """The length of a builtin container of class ``tid`` (in
        LENGTH_KNOWN) as an ll int, read as PyPy's traces read it: a list's
        or dict's length field (``getfield_gc_i``), a tuple's
        ``arraylen_gc``, a str's ``unicodelen``; a specialised tuple has
        2 items."""
        ll = self.ll
        if tid == LIST:
            return ll.getfield_gc_i(w_obj, LIST_LENGTH)
        if tid == TUPLE:
            return ll.arraylen_gc(w_obj, TUPLE_ARRAY)
        if tid == STR:
            return ll.unicodelen(w_obj)
        if tid == DICT:
            return ll.getfield_gc_i(w_obj, DICT_USED)
        if tid == SET:
            return ll.getfield_gc_i(w_obj, SET_USED)
        assert tid in SPECIALISED_TUPLES
        return ll.const(2)

    def generic_is_true(self, w_obj):
        tid = self.tid(w_obj)
        if tid == FLOAT:
            return int(self.heap.read_float(w_obj + FLOATVAL.offset) != 0.0)
        if tid == LONG:
            return 1
        w_type = self.type(w_obj)
        w_bool = typeobject.lookup(self, w_type, "__bool__")
        if w_bool:
            w_result = self.call_function(w_bool, w_obj)
            if self.tid(w_result) != BOOL:
                raise self.type_error("__bool__ should return bool, returned %s" % self.type_name(w_result))
            return int(w_result == self.w_True)
        w_len = typeobject.lookup(self, w_type, "__len__")
        if w_len:
            return int(self.len_w(w_obj) != 0)
        return 1

    # -- arithmetic: fast paths ---------------------------------------------------------

    def add(self, w_a, w_b):
        return self.arithmetic(w_a, w_b, "add", self.ll.int_add_ovf, self.ll.float_add)

    def sub(self, w_a, w_b):
        return self.arithmetic(w_a, w_b, "sub", self.ll.int_sub_ovf, self.ll.float_sub)

    def mul(self, w_a, w_b):
        return self.arithmetic(w_a, w_b, "mul", self.ll.int_mul_ovf, self.ll.float_mul)

    def arithmetic(self, w_a, w_b, op, int_op_ovf, float_op):
        """``a op b`` for +, - and *: machine ints (overflow checked, as
        PyPy's ``ovfcheck``), floats and int/float mixes inline; the rest,
        and overflow into big ints, by the generic protocol."""
        ll = self.ll
        ta, tb = ll.classof(w_a), ll.classof(w_b)
        if ta in INT_LIKE and tb in INT_LIKE:
            a, b = ll.getfield_gc_i(w_a, INTVAL), ll.getfield_gc_i(w_b, INTVAL)
            try:
                return self.newint(int_op_ovf(a, b))
            except OverflowError:
                pass
        elif ta == FLOAT or tb == FLOAT:
            w_result = self._float_binop(w_a, w_b, ta, tb, float_op)
            if w_result:
                return w_result
        elif ta == STR and tb == STR and op == "add":
            return strobject.ll_str_add(self, w_a, w_b)
        return ll.call_r(self.binop, w_a, w_b, op)

    def truediv(self, w_a, w_b):
        ll = self.ll
        ta, tb = ll.classof(w_a), ll.classof(w_b)
        if ta == FLOAT or tb == FLOAT:
            a, b = self._float_operands(w_a, w_b, ta, tb)
            if a is not None and not ll.is_true(ll.float_eq(b, ll.const(0.0))):
                return self.newfloat(ll.float_truediv(a, b))
        return ll.call_r(self.binop, w_a, w_b, "truediv")

    def floordiv(self, w_a, w_b):
        ll = self.ll
        ta, tb = ll.classof(w_a), ll.classof(w_b)
        if ta in INT_LIKE and tb in INT_LIKE:
            b = ll.getfield_gc_i(w_b, INTVAL)
            if ll.is_true(ll.int_gt(b, ll.const(0))):
                a = ll.getfield_gc_i(w_a, INTVAL)
                return self.newint(self._ll_py_div(a, b))
        return ll.call_r(self.binop, w_a, w_b, "floordiv")

    def mod(self, w_a, w_b):
        ll = self.ll
        ta, tb = ll.classof(w_a), ll.classof(w_b)
        if ta in INT_LIKE and tb in INT_LIKE:
            b = ll.getfield_gc_i(w_b, INTVAL)
            if ll.is_true(ll.int_gt(b, ll.const(0))):
                a = ll.getfield_gc_i(w_a, INTVAL)
                q = self._ll_py_div(a, b)
                return self.newint(ll.int_sub(a, ll.int_mul(q, b)))
        return ll.call_r(self.binop, w_a, w_b, "mod")

    # -- int bit operations: fast paths (PyPy's intobject.py _and, _lshift...) ----------------

    def and_(self, w_a, w_b):
        return self._bitop(w_a, w_b, "and_", self.ll.int_and)

    def or_(self, w_a, w_b):
        return self._bitop(w_a, w_b, "or_", self.ll.int_or)

    def xor(self, w_a, w_b):
        return self._bitop(w_a, w_b, "xor", self.ll.int_xor)

    def _bitop(self, w_a, w_b, op, int_op):
        """``a & b``, ``a | b``, ``a ^ b`` of two machine ints: one
        ``int_and``/``int_or``/``int_xor`` (no overflow possible).  Two bools
        give a bool, as ``bool.__and__``; the rest is generic."""
        ll = self.ll
        ta, tb = ll.classof(w_a), ll.classof(w_b)
        if ta in INT_LIKE and tb in INT_LIKE:
            result = int_op(ll.getfield_gc_i(w_a, INTVAL), ll.getfield_gc_i(w_b, INTVAL))
            if ta == BOOL and tb == BOOL:
                return self.newbool(ll.is_true(result))
            return self.newint(result)
        return ll.call_r(self.binop, w_a, w_b, op)

    def lshift(self, w_a, w_b):
        """``a << b`` as PyPy's intobject ``_lshift``: for 0 <= b < 64 (one
        ``uint_lt``, folded when b is a constant) ``int_lshift``, checked
        for overflow as RPython's ``ovfcheck(a << b)`` is: shifted back by
        ``int_rshift``, it must give ``a``.  Overflow (into a big int), a
        negative count (ValueError) and b >= 64 go generic."""
        ll = self.ll
        ta, tb = ll.classof(w_a), ll.classof(w_b)
        if ta in INT_LIKE and tb in INT_LIKE:
            a, b = ll.getfield_gc_i(w_a, INTVAL), ll.getfield_gc_i(w_b, INTVAL)
            if ll.is_true(ll.uint_lt(b, ll.const(SHIFT_BITS))):
                result = ll.int_lshift(a, b)
                if not ll.is_true(ll.int_ne(ll.int_rshift(result, b), a)):
                    return self.newint(result)
        return ll.call_r(self.binop, w_a, w_b, "lshift")

    def rshift(self, w_a, w_b):
        """``a >> b`` as PyPy's intobject ``_rshift``: for 0 <= b < 64
        (``uint_lt``) one ``int_rshift``; a negative count (ValueError)
        and b >= 64 go generic."""
        ll = self.ll
        ta, tb = ll.classof(w_a), ll.classof(w_b)
        if ta in INT_LIKE and tb in INT_LIKE:
            a, b = ll.getfield_gc_i(w_a, INTVAL), ll.getfield_gc_i(w_b, INTVAL)
            if ll.is_true(ll.uint_lt(b, ll.const(SHIFT_BITS))):
                return self.newint(ll.int_rshift(a, b))
        return ll.call_r(self.binop, w_a, w_b, "rshift")

    def _ll_py_div(self, a, b):
        """Python floor division for b > 0 from C division, in ll ops."""
        ll = self.ll
        q = ll.int_floordiv(a, b)
        # C truncates towards zero; Python floors: adjust when a is negative and inexact
        r = ll.int_sub(a, ll.int_mul(q, b))
        if ll.is_true(ll.int_lt(r, ll.const(0))):
            q = ll.int_sub(q, ll.const(1))
        return q

    def _float_operands(self, w_a, w_b, ta, tb):
        """(a, b) as ll floats when both are float or int/bool, else (None, None)."""
        ll = self.ll
        if ta == FLOAT:
            a = ll.getfield_gc_f(w_a, FLOATVAL)
        elif ta in INT_LIKE:
            a = ll.cast_int_to_float(ll.getfield_gc_i(w_a, INTVAL))
        else:
            return None, None
        if tb == FLOAT:
            b = ll.getfield_gc_f(w_b, FLOATVAL)
        elif tb in INT_LIKE:
            b = ll.cast_int_to_float(ll.getfield_gc_i(w_b, INTVAL))
        else:
            return None, None
        return a, b

    def _float_binop(self, w_a, w_b, ta, tb, op):
        a, b = self._float_operands(w_a, w_b, ta, tb)
        if a is None:
            return NULL
        return self.newfloat(op(a, b))

    def inplace(self, op, w_a, w_b):
        """``a op= b``: numbers take the fast paths, others __iop__ then the binop."""
        ll = self.ll
        ta = ll.classof(w_a)
        if ta in NUMBER and ll.classof(w_b) in NUMBER:
            return getattr(self, op)(w_a, w_b) if op in FAST_BINOPS else ll.call_r(self.binop, w_a, w_b, op)
        if ta == STR and op == "add" and ll.classof(w_b) == STR:       # str has no __iadd__: a + b
            return strobject.ll_str_add(self, w_a, w_b)
        # (not only for speed: a failure must name the operator as written, "-=")
        return ll.call_r(self.inplace_generic, w_a, w_b, op)

    # -- comparisons: fast paths -----------------------------------------------------------

    def compare(self, w_a, w_b, symbol):
        """``a <symbol> b`` as a guest object."""
        ll = self.ll
        ta, tb = ll.classof(w_a), ll.classof(w_b)
        if ta in INT_LIKE and tb in INT_LIKE:
            a, b = ll.getfield_gc_i(w_a, INTVAL), ll.getfield_gc_i(w_b, INTVAL)
            return self.newbool(ll.is_true(INT_COMPARE[symbol](ll, a, b)))
        if (ta == FLOAT or tb == FLOAT) and ta in NUMBER and tb in NUMBER and LONG not in (ta, tb) \
                and self._exactly_a_float(w_a, ta) and self._exactly_a_float(w_b, tb):
            a, b = self._float_operands(w_a, w_b, ta, tb)
            return self.newbool(ll.is_true(FLOAT_COMPARE[symbol](ll, a, b)))
        if ta == STR and tb == STR:
            if symbol in ("==", "!="):
                return strobject.ll_str_eq(self, w_a, w_b, symbol == "!=")
            if symbol in ("<", "<=", ">", ">="):
                return strobject.ll_str_compare(self, w_a, w_b, symbol)
        return ll.call_r(self.rich_compare, w_a, w_b, symbol)

    def _exactly_a_float(self, w_obj, tid):
        """A float, or an int a float holds exactly (|i| <= 2**53).  Python
        compares a float with any other int exactly, not as two floats:
        ``2.0**62 != 2**62 + 3`` (PyPy's floatobject compares such pairs
        the slow way too)."""
        if tid == FLOAT:
            return True
        ll = self.ll
        i = ll.getfield_gc_i(w_obj, INTVAL)
        return ll.is_true(ll.int_le(i, ll.const(EXACT_FLOAT_INT))) and \
            ll.is_true(ll.int_ge(i, ll.const(-EXACT_FLOAT_INT)))

    # -- generic paths (host code) ------------------------------------------------------------

    # The guest methods the next four reach (``__add__``, ``__iadd__``,
    # ``__neg__``, ``__lt__``...) run with collections allowed (call_held pins
    # the operands and the looked-up methods): their callers hold no other
    # heap reference, or pin theirs (the interpreter's bytecodes pop their
    # operands; sum, math.prod, min and max keep a ``held`` list).  A method
    # that makes much garbage is then no reason for a MemoryError.

    def binop(self, w_a, w_b, op):
        name, rname, symbol = BINARY_OPS[op]
        w_result = self._try_binop(w_a, w_b, name, rname)
        if w_result != self.w_NotImplemented:
            return w_result
        raise self.type_error("unsupported operand type(s) for %s: '%s' and '%s'"
                              % (symbol, self.type_name(w_a), self.type_name(w_b)))

    def inplace_generic(self, w_a, w_b, op):
        w_iop = typeobject.lookup(self, self.type(w_a), INPLACE_NAMES[op])
        if w_iop:
            w_result = self.call_held(w_iop, [w_a, w_b])
            if w_result != self.w_NotImplemented:
                return w_result
        name, rname, _ = BINARY_OPS[op]
        w_result = self._try_binop(w_a, w_b, name, rname)
        if w_result != self.w_NotImplemented:
            return w_result
        raise self.type_error("unsupported operand type(s) for %s: '%s' and '%s'"
                              % (INPLACE_SYMBOLS[op], self.type_name(w_a), self.type_name(w_b)))

    def _try_binop(self, w_a, w_b, name, rname):
        """Python's binary operator protocol; w_NotImplemented if nobody handles it."""
        w_ta, w_tb = self.type(w_a), self.type(w_b)
        w_left = typeobject.lookup(self, w_ta, name)
        w_right = typeobject.lookup(self, w_tb, rname) if w_ta != w_tb else NULL
        if w_right and self.is_subtype(w_tb, w_ta) and w_right != typeobject.lookup(self, w_ta, rname):
            w_result = self.call_held(w_right, [w_b, w_a])
            if w_result != self.w_NotImplemented:
                return w_result
            w_right = NULL
        if w_left:
            w_result = self._call_special(w_ta, name, w_a, w_b, self.call_held)
            if w_result != self.w_NotImplemented:
                return w_result
        if w_right:
            return self._call_special(w_tb, rname, w_b, w_a, self.call_held)
        return self.w_NotImplemented

    def _call_special(self, w_type, name, w_self, w_other, call):
        """Call ``w_type.name(w_self, w_other)`` as looked up now: as CPython's
        slot functions, the operator decides which sides to try before the
        first call, and each call finds its method when it runs (a call may
        delete the other side's method: then it is NotImplemented)."""
        w_method = typeobject.lookup(self, w_type, name)
        if not w_method:
            return self.w_NotImplemented
        return call(w_method, [w_self, w_other])

    def rich_compare(self, w_a, w_b, symbol):
        """The comparison operators' generic path (COMPARE_OP, min, max)."""
        return self.compare_generic(w_a, w_b, symbol, gc_safe=True)

    def compare_generic(self, w_a, w_b, symbol, gc_safe=False):
        """``gc_safe``: the caller pinned every reference it holds but the
        operands, so the guest's comparison method may collect (call_held
        pins the operands): the interpreter's COMPARE_OP, min, max and
        list.sort."""
        call = self.call_held if gc_safe else self.call_args
        name, rname = COMPARE_OPS[symbol]
        w_ta, w_tb = self.type(w_a), self.type(w_b)
        w_left = typeobject.lookup(self, w_ta, name)
        w_right = typeobject.lookup(self, w_tb, rname)
        checked_reflected = False
        if w_ta != w_tb and w_right and self.is_subtype(w_tb, w_ta):
            checked_reflected = True
            w_result = call(w_right, [w_b, w_a])
            if w_result != self.w_NotImplemented:
                return w_result
        if w_left:
            w_result = self._call_special(w_ta, name, w_a, w_b, call)
            if w_result != self.w_NotImplemented:
                return w_result
        if w_right and not checked_reflected:
            w_result = self._call_special(w_tb, rname, w_b, w_a, call)
            if w_result != self.w_NotImplemented:
                return w_result
        if symbol == "==":
            return self.newbool(w_a == w_b)
        if symbol == "!=":
            return self.newbool(w_a != w_b)
        raise self.type_error("'%s' not supported between instances of '%s' and '%s'"
                              % (symbol, self.type_name(w_a), self.type_name(w_b)))

    def is_w(self, w_a, w_b):
        """Host bool of ``w_a is w_b`` (ll style).  As in PyPy, exact ints are
        the same object when their values are equal, and floats when their
        bits are: an unboxed attribute gives a fresh box at every read, yet
        ``p.x is p.x`` (vm/objspace/std/typeobject.py)."""
        ll = self.ll
        if ll.is_true(ll.ptr_eq(w_a, w_b)):
            return True
        tid = ll.classof(w_b)           # usually a constant (None...): no guard
        if (tid != INT and tid != FLOAT) or ll.classof(w_a) != tid:
            return False
        if tid == INT:
            return ll.is_true(ll.int_eq(ll.getfield_gc_i(w_a, INTVAL), ll.getfield_gc_i(w_b, INTVAL)))
        a, b = ll.getfield_gc_f(w_a, FLOATVAL), ll.getfield_gc_f(w_b, FLOATVAL)
        return ll.is_true(ll.call_i(_same_bits, a, b))

    def eq_w(self, w_a, w_b, gc_safe=False):
        """Host bool of a == b (dict keys, list.index, in...).  ``gc_safe``
        as for compare_generic (dict and set probes that pinned what they
        hold)."""
        if w_a == w_b:
            return True
        ta, tb = self.tid(w_a), self.tid(w_b)
        if ta == STR and tb == STR:
            return strobject.str_eq(self, w_a, w_b)
        if ta in INT_LIKE and tb in INT_LIKE:
            return self.heap.read_int(w_a + 8) == self.heap.read_int(w_b + 8)
        return self.generic_is_true(self.compare_generic(w_a, w_b, "==", gc_safe)) == 1

    def lt_w(self, w_a, w_b, gc_safe=False):
        return self.generic_is_true(self.compare_generic(w_a, w_b, "<", gc_safe)) == 1

    # -- unary -------------------------------------------------------------------------------

    def neg(self, w_obj):
        ll = self.ll
        tid = ll.classof(w_obj)
        if tid in INT_LIKE:
            try:
                return self.newint(ll.int_sub_ovf(ll.const(0), ll.getfield_gc_i(w_obj, INTVAL)))
            except OverflowError:
                pass
        elif tid == FLOAT:
            return self.newfloat(ll.float_neg(ll.getfield_gc_f(w_obj, FLOATVAL)))
        return ll.call_r(self.unary_generic, w_obj, "__neg__", "-")

    def unary_generic(self, w_obj, name, symbol):
        """``-x``, ``+x``, ``~x`` on other objects: the method runs with
        collections allowed (the interpreter holds nothing else)."""
        w_method = typeobject.lookup(self, self.type(w_obj), name)
        if w_method:
            return self.call_held(w_method, [w_obj])
        raise self.type_error("bad operand type for unary %s: '%s'" % (symbol, self.type_name(w_obj)))

    def not_(self, w_obj):
        return self.newbool(not self.is_true(w_obj))

    # -- hashing ------------------------------------------------------------------------------

    def hash_w(self, w_obj, gc_safe=False):
        """The host int hash of a guest object (CPython's for numbers).
        ``gc_safe``: the caller holds no heap reference but ``w_obj``, or
        has pinned them (the builtin ``hash``; dict and set probes, which
        pin the container and the key), so a guest ``__hash__`` runs with
        collections allowed."""
        tid = self.tid(w_obj)
        if tid == STR:
            return strobject.str_hash(self, w_obj)
        if tid in NUMBER:
            value = self.number_value(w_obj)
            if value != value:
                # a NaN hashes by identity, as in CPython 3.10+: the guest
                # object's, not the host float's (a host address)
                return (w_obj >> 4) & ((1 << 62) - 1)
            return hash(value)
        if tid in L.TUPLE_TIDS:
            if not gc_safe:
                return tuple_hash([self.hash_w(w_item) for w_item in self.tuple_w(w_obj)])
            # the items are reachable from the tuple (a specialised tuple's
            # boxes are ints or floats: their hash runs no guest code)
            with self.gc.pinning([w_obj]):
                return tuple_hash([self.hash_w(w_item, True) for w_item in self.tuple_w(w_obj)])
        w_hash = typeobject.lookup(self, self.type(w_obj), "__hash__")
        if w_hash == self.w_None:
            raise self.type_error("unhashable type: '%s'" % self.type_name(w_obj))
        if w_hash and w_hash != self.w_object_hash:
            w_result = self.call_held(w_hash, [w_obj]) if gc_safe else self.call_function(w_hash, w_obj)
            if self.tid(w_result) not in (INT, BOOL, LONG):
                raise self.type_error("__hash__ method should return an integer")
            # CPython's slot_tp_hash: a result within Py_hash_t is the hash
            # itself (so returning hash(y) hashes as y), a bigger one is
            # hashed as an int; -1 is reserved for errors
            value = self.int_w(w_result)
            h = value if -2 ** 63 <= value < 2 ** 63 else hash(value)
            return -2 if h == -1 else h
        return (w_obj >> 4) & ((1 << 62) - 1)

    # -- repr and str -------------------------------------------------------------------------

    def repr_w(self, w_obj):
        """repr() as a host str."""
        w_repr = typeobject.lookup(self, self.type(w_obj), "__repr__")
        w_result = self.call_function(w_repr, w_obj)
        if self.tid(w_result) != STR:
            raise self.type_error("__repr__ returned non-string (type %s)" % self.type_name(w_result))
        return strobject.str_value(self, w_result)

    def str_of(self, w_obj):
        """str() as a host str."""
        if self.tid(w_obj) == STR:
            return strobject.str_value(self, w_obj)
        w_str = typeobject.lookup(self, self.type(w_obj), "__str__")
        w_result = self.call_function(w_str, w_obj)
        if self.tid(w_result) != STR:
            raise self.type_error("__str__ returned non-string (type %s)" % self.type_name(w_result))
        return strobject.str_value(self, w_result)

    # -- calls (host code calling guest callables) ----------------------------------------------

    def call_function(self, w_callable, *args_w):
        return self.call_args(w_callable, list(args_w))

    def call_args(self, w_callable, args_w, kwargs_w=None):
        return functionobject.call_args(self, w_callable, args_w, kwargs_w)

    def call_held(self, w_callable, args_w, kwargs_w=None, held=()):
        """Call guest code from a host loop with collections allowed, so a
        key function or map's function that makes garbage has it freed as
        it goes.  Pinned while it runs: the callable, the arguments (the
        callee may drop them: ``del x``) and ``held``, the list in which the
        caller keeps every other heap reference it needs after the call (in
        PyPy, the GC finds them on the shadow stack).  Without this, host
        calls (``call_args``) make collections wait until they return."""
        roots = [w_callable, *args_w, *(kwargs_w.values() if kwargs_w else ())]
        pinned = self.gc.pinned
        pinned.append(roots)
        if held:
            pinned.append(held)         # by reference: the caller's list, however long
        try:
            return functionobject.call_args(self, w_callable, args_w, kwargs_w, gc_safe=True)
        finally:
            if held:
                self.gc.unpin(held)
            self.gc.unpin(roots)

    def lookup_special(self, w_obj, name):
        return typeobject.lookup(self, self.type(w_obj), name)

    def call_method(self, w_obj, name, *args_w):
        """Call the special method ``name`` of w_obj's type, or raise AttributeError."""
        w_method = self.lookup_special(w_obj, name)
        if not w_method:
            raise self.error(self.w_AttributeError,
                             "'%s' object has no attribute '%s'" % (self.type_name(w_obj), name))
        return self.call_function(w_method, w_obj, *args_w)

    def len_w(self, w_obj):
        w_len = self.lookup_special(w_obj, "__len__")
        if not w_len:
            raise self.type_error("object of type '%s' has no len()" % self.type_name(w_obj))
        w_result = self.call_function(w_len, w_obj)
        if self.tid(w_result) not in (INT, BOOL, LONG):
            raise self.type_error("'%s' object cannot be interpreted as an integer" % self.type_name(w_result))
        n = self.int_w(w_result)
        if n < 0:
            raise self.value_error("__len__() should return >= 0")
        return n


FAST_BINOPS = frozenset(["add", "sub", "mul", "truediv", "floordiv", "mod", "and_", "or_", "xor", "lshift",
                         "rshift"])
SHIFT_BITS = 64             # LONG_BIT: a machine word shifts by 0..63
EXACT_FLOAT_INT = 1 << 53       # every int of at most this size is exactly a float


def _int_cmp(name):
    return lambda ll, a, b: getattr(ll, name)(a, b)


INT_COMPARE = {"<": _int_cmp("int_lt"), "<=": _int_cmp("int_le"), "==": _int_cmp("int_eq"),
               "!=": _int_cmp("int_ne"), ">": _int_cmp("int_gt"), ">=": _int_cmp("int_ge")}
FLOAT_COMPARE = {"<": _int_cmp("float_lt"), "<=": _int_cmp("float_le"), "==": _int_cmp("float_eq"),
                 "!=": _int_cmp("float_ne"), ">": _int_cmp("float_gt"), ">=": _int_cmp("float_ge")}

_XXPRIME_1 = 11400714785074694791
_XXPRIME_2 = 14029467366897019727
_XXPRIME_5 = 2870177450012600261
_M64 = (1 << 64) - 1


def tuple_hash(item_hashes):
    """CPython's tuple hash (xxHash-based, 3.8+) over the items' hashes."""
    acc = _XXPRIME_5
    for h in item_hashes:
        acc = (acc + (h & _M64) * _XXPRIME_2) & _M64
        acc = ((acc << 31) | (acc >> 33)) & _M64
        acc = (acc * _XXPRIME_1) & _M64
    acc = (acc + (len(item_hashes) ^ (_XXPRIME_5 ^ 3527539))) & _M64
    if acc == _M64:
        return 1546275796
    return acc - (1 << 64) if acc >= (1 << 63) else acc


def _same_bits(a, b):
    return int(struct.pack("<d", a) == struct.pack("<d", b))


def float_is_integer(value):
    return math.isfinite(value) and value == int(value)
