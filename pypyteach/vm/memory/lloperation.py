"""The low-level operations the interpreter is written against.

DESIGN decision 1: the interpreter never touches the heap or computes on
guest values directly.  It calls these operations, each named after the PyPy
resop it becomes (``getfield_gc_i``, ``int_add_ovf``, ``new_with_vtable``...).
Run normally (``DirectOps``, this module) they just compute.  While tracing,
the JIT swaps in an object with the same methods that also records each
operation as a resop and turns each branch on a non-constant value into a
guard.  The interpreter code that runs is the same in both cases.

The rules for interpreter code, so that tracing sees everything:
- values read from the heap ("ll values") are only combined through these
  operations, never with Python operators;
- a Python ``if`` may only test constants: a green, a descr, a result of
  ``classof`` or ``promote``, or the bool returned by ``is_true``;
- work the tracer should not look into is called through ``call_i``/``call_r``
  /``call_f``/``call_n`` (a residual call in the trace).

Integers are machine words: every result is wrapped to 64 bits, and the
``_ovf`` variants raise OverflowError instead, as RPython's ``ovfcheck``.
"""

import math

MAXINT = (1 << 63) - 1
MININT = -(1 << 63)


def wrap_int(value):
    """Wrap a host int to a signed 64-bit machine word."""
    value &= (1 << 64) - 1
    return value - (1 << 64) if value > MAXINT else value


def _check_ovf(value):
    if MININT <= value <= MAXINT:
        return value
    raise OverflowError


# PyPy's EffectInfo.OS_* (rpython/jit/codewriter/effectinfo.py): the calls
# the optimizer recognises, with PyPy's numbers
OS_NONE = 0
OS_UNI_CONCAT = 42          # "stroruni.concat" on unicode
OS_UNI_SLICE = 43           # "stroruni.slice" on unicode
OS_UNI_EQUAL = 44           # "stroruni.equal" on unicode
OS_UNIEQ_SLICE_NONNULL = 46  # s1[start:start+length] == s2, s2 not NULL
OS_UNIEQ_SLICE_CHAR = 47    # s1[start:start+length] == char
OS_UNIEQ_NONNULL_CHAR = 49  # s1 == char, s1 not NULL
OS_MATH_SQRT = 100          # "math.sqrt" (rpython's sqrt_nonneg): the backends emit sqrtsd / fsqrt / sqdbr


def oopspec(index, elidable=False, can_raise=True):
    """Decorator: a host function (called through ``call_*``) the optimizer knows by its effect (PyPy's
    ``@oopspec("stroruni.concat(s1, s2)")``, which the codewriter turns into
    the call descr's EffectInfo.oopspecindex).  ``elidable``: also PyPy's
    ``@jit.elidable`` (the mark interpreter/jithints.py's ``elidable`` sets,
    for the object space, which does not import the interpreter).
    ``can_raise=False``: PyPy's EF_ELIDABLE_CANNOT_RAISE (EF=0); the tracer
    records no ``guard_no_exception`` after the call, as PyPy's metainterp
    does for a call whose effect info says it cannot raise."""
    def mark(func):
        func.oopspecindex = index
        if elidable:
            func._jit_elidable_ = True
        if not can_raise:
            func._jit_cannot_raise_ = True
        return func
    return mark


class DirectOps:
    """Low-level operations executed directly on the heap."""

    tracing = False

    def __init__(self, heap, gc):
        self.heap = heap
        self.gc = gc
        self._read_int = heap.read_int
        self._write_int = heap.write_int
        self._read_float = heap.read_float
        self._write_float = heap.write_float
        if type(self) is DirectOps and getattr(heap, "words", None) is not None:
            _install_word_closures(self, heap)

    # -- hints ---------------------------------------------------------------
    # Each returns a value the interpreter may branch on with a Python ``if``.

    def classof(self, ptr):
        """The type id in the header of ``ptr`` (guard_class when tracing)."""
        return self._read_int(ptr)

    def promote(self, value):
        """``value`` as a constant (guard_value when tracing)."""
        return value

    def is_constant(self, value):
        """Is ``value`` a constant of the trace being recorded (PyPy's
        ``jit.isconstant`` hint)?  Not tracing, every value is concrete:
        True, so interpreter paths that ask take their plain branch (PyPy's
        hint answers False outside traces)."""
        return True

    def record_exact_class(self, ptr, tid):
        """``ptr`` (non-null) is known to be of the class ``tid``: no
        guard_class on it when tracing (PyPy's ``jit.record_exact_class``,
        which PyPy records as an op the optimizer consumes; pypyteach's
        tracer just remembers it)."""

    def host_value(self, value):
        """The concrete value of ``value``, for host bookkeeping that traces
        never see and compiled code never needs (a generator's host Frame,
        found by the handle in its object: deoptimization finds it again
        through the object).  Records nothing, guards nothing; nothing in
        PyPy needs it (its frames are heap objects)."""
        return value

    def is_true(self, value):
        """Branch on an int condition (guard_true / guard_false when tracing)."""
        return bool(value)

    def is_null(self, ptr):
        """Branch on a NULL test (guard_isnull / guard_nonnull when tracing)."""
        return not ptr

    def const(self, value):
        """A host constant entering ll values (ConstInt / ConstPtr / ConstFloat)."""
        return value

    def quasi_immutable(self, key):
        """The code that follows relies on ``key`` not changing: a class's
        attributes (``("type",)``) or one global (``("global", w_dict, name)``).
        Tracing records guard_not_invalidated; compiled code that relied on it
        is invalidated when it changes."""

    # -- fields and arrays -----------------------------------------------------

    def getfield_gc_i(self, ptr, descr):
        return self._read_int(ptr + descr.offset)

    getfield_gc_r = getfield_gc_i

    def getfield_gc_f(self, ptr, descr):
        return self._read_float(ptr + descr.offset)

    def setfield_gc(self, ptr, value, descr):
        if descr.kind == "f":
            self._write_float(ptr + descr.offset, value)
        else:
            self._write_int(ptr + descr.offset, value)

    def getarrayitem_gc_i(self, ptr, index, descr):
        return self._read_int(ptr + descr.items_offset + index * descr.itemsize)

    getarrayitem_gc_r = getarrayitem_gc_i

    def getarrayitem_gc_f(self, ptr, index, descr):
        return self._read_float(ptr + descr.items_offset + index * descr.itemsize)

    def setarrayitem_gc(self, ptr, index, value, descr):
        addr = ptr + descr.items_offset + index * descr.itemsize
        if descr.kind == "f":
            self._write_float(addr, value)
        else:
            self._write_int(addr, value)

    def arraylen_gc(self, ptr, descr):
        return self._read_int(ptr + descr.length_offset)

    # -- allocation --------------------------------------------------------------

    def new_with_vtable(self, size_descr):
        ptr = self.gc.malloc(size_descr.size)
        self._write_int(ptr, size_descr.tid)
        return ptr

    def new_array(self, layout, length):
        """A zero-filled variable-sized object with ``length`` items."""
        ptr = self.gc.malloc(layout.total_size(length))
        self._write_int(ptr, layout.tid)
        self._write_int(ptr + layout.array.length_offset, length)
        return ptr

    # -- strings (PyPy's unicode family) -----------------------------------------
    # A str is a W_UnicodeObject: length, hash (0: not computed yet, as in
    # PyPy's rstr), then one 4-byte code point per item in the heap's byte
    # order.  In PyPy 3, str is stored as utf8 and traces use the ``str*``
    # family on its bytes; pypyteach's heap stores code points, so its
    # traces use RPython's ``unicode*`` family, whose items are code points.

    def newunicode(self, length):
        from .layout import W_UnicodeObject
        return DirectOps.new_array(self, W_UnicodeObject, length)

    def unicodelen(self, ptr):
        from .layout import W_UnicodeObject
        return self._read_int(ptr + W_UnicodeObject.array.length_offset)

    def unicodegetitem(self, ptr, index):
        from .layout import W_UnicodeObject
        return self.heap.read_u32(ptr + W_UnicodeObject.array.items_offset + 4 * index)

    def unicodesetitem(self, ptr, index, value):
        from .layout import W_UnicodeObject
        self.heap.write_u32(ptr + W_UnicodeObject.array.items_offset + 4 * index, value & 0xffffffff)

    def copyunicodecontent(self, src, dst, srcstart, dststart, length):
        """dst[dststart:dststart+length] = src[srcstart:srcstart+length]
        (PyPy's backends call memcpy for it)."""
        if length <= 0:
            return
        from .layout import W_UnicodeObject
        items = W_UnicodeObject.array.items_offset
        data = self.heap.read_bytes(src + items + 4 * srcstart, 4 * length)
        self.heap.write_bytes(dst + items + 4 * dststart, data)

    # -- integers ----------------------------------------------------------------

    def int_add(self, a, b):
        return wrap_int(a + b)

    def int_sub(self, a, b):
        return wrap_int(a - b)

    def int_mul(self, a, b):
        return wrap_int(a * b)

    def int_add_ovf(self, a, b):
        return _check_ovf(a + b)

    def int_sub_ovf(self, a, b):
        return _check_ovf(a - b)

    def int_mul_ovf(self, a, b):
        return _check_ovf(a * b)

    def int_floordiv(self, a, b):
        """C division: truncates towards zero (b != 0, no overflow)."""
        q = abs(a) // abs(b)
        return wrap_int(q if (a < 0) == (b < 0) else -q)

    def int_mod(self, a, b):
        """C remainder: has the sign of a."""
        return wrap_int(a - self.int_floordiv(a, b) * b)

    def int_and(self, a, b):
        return a & b

    def int_or(self, a, b):
        return a | b

    def int_xor(self, a, b):
        return a ^ b

    def int_lshift(self, a, b):
        return wrap_int(a << b)

    def int_rshift(self, a, b):
        return a >> b

    def int_neg(self, a):
        return wrap_int(-a)

    def int_invert(self, a):
        return ~a

    def int_lt(self, a, b):
        return int(a < b)

    def int_le(self, a, b):
        return int(a <= b)

    def int_eq(self, a, b):
        return int(a == b)

    def int_ne(self, a, b):
        return int(a != b)

    def int_gt(self, a, b):
        return int(a > b)

    def int_ge(self, a, b):
        return int(a >= b)

    def uint_lt(self, a, b):
        """Unsigned <: ``0 <= a < b`` in one test when b >= 0 (RPython's
        ``r_uint(a) < b``)."""
        return int((a & ((1 << 64) - 1)) < (b & ((1 << 64) - 1)))

    def int_is_true(self, a):
        return int(a != 0)

    def int_is_zero(self, a):
        return int(a == 0)

    def ptr_eq(self, a, b):
        return int(a == b)

    def ptr_ne(self, a, b):
        return int(a != b)

    # -- floats ------------------------------------------------------------------

    def float_add(self, a, b):
        return a + b

    def float_sub(self, a, b):
        return a - b

    def float_mul(self, a, b):
        return a * b

    def float_truediv(self, a, b):
        return a / b

    def float_neg(self, a):
        return -a

    def float_abs(self, a):
        return abs(a)

    def float_lt(self, a, b):
        return int(a < b)

    def float_le(self, a, b):
        return int(a <= b)

    def float_eq(self, a, b):
        return int(a == b)

    def float_ne(self, a, b):
        return int(a != b)

    def float_gt(self, a, b):
        return int(a > b)

    def float_ge(self, a, b):
        return int(a >= b)

    def cast_int_to_float(self, a):
        return float(a)

    def cast_float_to_int(self, a):
        """Truncate towards zero; the caller has checked the range."""
        return int(a)

    def float_is_finite(self, a):
        return int(math.isfinite(a))

    # -- residual calls ------------------------------------------------------------
    # ``func`` is host code the tracer does not look into.  Arguments and the
    # result are ll values of the kind the suffix names.

    def call_i(self, func, *args):
        return func(*args)

    call_r = call_f = call_n = call_i


def _install_word_closures(ops, heap):
    """The hottest field and array reads of a DirectOps (not of its tracing
    or replaying subclasses) as closures reading the heap's word view
    directly: one host call per operation instead of two.  The results are
    those of the methods; an unaligned or out-of-range address takes the
    heap's own read_int, as the methods do."""
    words, base, read_int = heap.words, heap.base, heap.read_int

    def read(addr):
        off = addr - base
        if off & 7 or off < 0:
            return read_int(addr)
        return words[off >> 3]

    def getfield_gc_i(ptr, descr):
        off = ptr + descr.offset - base
        if off & 7 or off < 0:
            return read_int(ptr + descr.offset)
        return words[off >> 3]

    def getarrayitem_gc_i(ptr, index, descr):
        addr = ptr + descr.items_offset + index * descr.itemsize
        off = addr - base
        if off & 7 or off < 0:
            return read_int(addr)
        return words[off >> 3]

    def arraylen_gc(ptr, descr):
        return read(ptr + descr.length_offset)

    ops.classof = read
    ops.getfield_gc_i = ops.getfield_gc_r = getfield_gc_i
    ops.getarrayitem_gc_i = ops.getarrayitem_gc_r = getarrayitem_gc_i
    ops.arraylen_gc = arraylen_gc
