"""str: immutable code point arrays in the heap (W_UnicodeObject).

Each code point is a 4-byte item in the heap's byte order; ``hash`` caches the
hash (0 until computed, as in PyPy's rstr).  The string methods operate on the heap contents
through host str operations: the host plays the role of PyPy's RPython
string library, and the JIT sees them as residual calls.

The methods are StrMethods: BuiltinFunctions that check their arguments the
way CPython 3.11 does for each kind of method (METH_NOARGS, METH_O, argument
clinic, METH_VARARGS, slot wrappers), so that even arity errors carry
CPython's exact messages.  Printf-style and ``str.format`` formatting live in
formatting.py.
"""

import sys

from ...memory import layout as L
from ..gateway import MethodTable, BuiltinFunction
from . import formatting, iterobject
from .sliceobject import slice_indices     # (start, stop, step, slicelength), shared with list/tuple
from .formatting import host_call, index_w, ssize_w, check_size
from ..operationerror import OperationError
from ...memory.lloperation import (OS_NONE, OS_UNI_CONCAT, OS_UNI_SLICE, OS_UNI_EQUAL, OS_UNIEQ_SLICE_NONNULL,
                                   OS_UNIEQ_SLICE_CHAR, OS_UNIEQ_NONNULL_CHAR, oopspec)

S = L.W_UnicodeObject
S_LENGTH, S_HASH = S.field("length"), S.field("hash")
CHARS = S.array
STR = S.tid
INTEGRAL = frozenset([L.W_IntObject.tid, L.W_BoolObject.tid, L.W_LongObject.tid])
INT_LIKE = frozenset([L.W_IntObject.tid, L.W_BoolObject.tid])       # a machine word in intval
INTVAL = L.W_IntObject.field("intval")
SLICE = L.W_SliceObject
SLICE_START, SLICE_STOP, SLICE_STEP = SLICE.field("start"), SLICE.field("stop"), SLICE.field("step")

str_methods = MethodTable("str")

_FNV_OFFSET = 0xcbf29ce484222325
_FNV_PRIME = 0x100000001b3
_MASK64 = (1 << 64) - 1


# -- the representation --------------------------------------------------------------------

def hash_text(text):
    """The (deterministic) hash of a str: FNV-1a over code points, as a signed
    non-negative word (CPython randomizes str hashes; ours are fixed so that
    runs are reproducible).  Short texts (names, mostly) are memoized."""
    h = _SHORT_HASHES.get(text)
    if h is not None:
        return h
    h = _FNV_OFFSET
    for ch in text:
        h = ((h ^ ord(ch)) * _FNV_PRIME) & _MASK64
    h &= (1 << 62) - 1
    if h == 0:
        h = 29872897        # 0 means "not computed yet" (PyPy's ll_strhash does the same)
    if len(text) <= 40 and len(_SHORT_HASHES) < 100000:
        _SHORT_HASHES[text] = h
    return h


_SHORT_HASHES = {}


def newstr(space, text):
    """A new W_UnicodeObject holding the host str ``text``."""
    n = len(text)
    w_str = space.direct_ll.new_array(S, n)
    heap = space.heap
    heap.write_int(w_str + S_HASH.offset, 0)
    if n:
        heap.write_bytes(w_str + CHARS.items_offset, text.encode(heap.utf32, "surrogatepass"))
    return w_str


def str_value(space, w_str):
    """The host str held by a W_UnicodeObject."""
    heap = space.heap
    n = heap.read_int(w_str + S_LENGTH.offset)
    if n == 0:
        return ""
    return heap.read_bytes(w_str + CHARS.items_offset, 4 * n).decode(heap.utf32, "surrogatepass")


def str_length(space, w_str):
    return space.heap.read_int(w_str + S_LENGTH.offset)


def char_at(space, w_str, index):
    """The host character at ``index`` (0 <= index < length), read alone."""
    heap = space.heap
    data = heap.read_bytes(w_str + CHARS.items_offset + 4 * index, 4)
    return data.decode(heap.utf32, "surrogatepass")


def str_hash(space, w_str):
    heap = space.heap
    h = heap.read_int(w_str + S_HASH.offset)
    if h == 0:
        h = hash_text(str_value(space, w_str))
        heap.write_int(w_str + S_HASH.offset, h)
    return h


def str_eq(space, w_a, w_b):
    if w_a == w_b:
        return True
    heap = space.heap
    n = heap.read_int(w_a + S_LENGTH.offset)
    if n != heap.read_int(w_b + S_LENGTH.offset):
        return False
    base_a, base_b = w_a + CHARS.items_offset, w_b + CHARS.items_offset
    return heap.read_bytes(base_a, 4 * n) == heap.read_bytes(base_b, 4 * n)


def str_concat(space, w_a, w_b):
    return newstr(space, str_value(space, w_a) + str_value(space, w_b))


# -- what the JIT sees: RPython's unicode operations (lloperation.py) ---------------------------
# In PyPy 3 a str is utf8 and these are the ``str*`` operations on its
# bytes; pypyteach's heap holds code points, so its traces show RPython's
# ``unicode*`` family.

def ll_str_add(space, w_a, w_b):
    """``a + b`` for two exact strs, as the interpreter runs (and the JIT
    traces) it: CPython returns an operand when the other is empty (the
    identity shows through ``is``), else a call of ll_strconcat, whose
    oopspec lets the optimizer's string pass keep the result virtual."""
    ll = space.ll
    if ll.is_true(ll.int_is_zero(ll.unicodelen(w_b))):
        return w_a
    if ll.is_true(ll.int_is_zero(ll.unicodelen(w_a))):
        return w_b
    return ll.call_r(ll_strconcat, space, w_a, w_b)


@oopspec(OS_UNI_CONCAT)
def ll_strconcat(space, w_a, w_b):
    """A new str, ``a`` then ``b`` (PyPy's rstr.ll_strconcat, oopspec
    "stroruni.concat(s1, s2)"): newunicode and two copyunicodecontent."""
    ll = space.ll
    len1, len2 = ll.unicodelen(w_a), ll.unicodelen(w_b)
    w_result = ll.newunicode(ll.int_add(len1, len2))
    ll.copyunicodecontent(w_a, w_result, 0, 0, len1)
    ll.copyunicodecontent(w_b, w_result, 0, len1, len2)
    return w_result


def ll_char(space, w_str, index):
    """``s[index]`` for 0 <= index < len(s): a new one-character str, as
    PyPy's traces make it (``unicodegetitem``, ``newunicode(1)``,
    ``unicodesetitem``; virtual when only consumed by string ops)."""
    ll = space.ll
    code = ll.unicodegetitem(w_str, index)
    w_char = ll.newunicode(ll.const(1))
    ll.unicodesetitem(w_char, ll.const(0), code)
    return w_char


@oopspec(OS_UNI_SLICE)
def ll_stringslice(space, w_str, start, stop):
    """A new str, ``s[start:stop]`` with 0 <= start <= stop <= len(s) (PyPy's
    rstr.ll_stringslice_startstop, oopspec "stroruni.slice(s1, start, stop)")."""
    ll = space.ll
    length = ll.int_sub(stop, start)
    w_result = ll.newunicode(length)
    ll.copyunicodecontent(w_str, w_result, start, 0, length)
    return w_result


def ll_subscr(space, w_str, w_index):
    """``s[x]`` of an exact str as the JIT sees it, for a machine-int index
    or a slice of step 1; None for the rest (the generic path)."""
    ll = space.ll
    tid = ll.classof(w_index)
    if tid in INT_LIKE:
        return ll_getitem(space, w_str, ll.getfield_gc_i(w_index, INTVAL))
    if tid == SLICE.tid:
        return ll_getslice(space, w_str, w_index)
    return None


def ll_getitem(space, w_str, index):
    """``s[index]`` for an exact str and a machine-int index, as the
    interpreter runs (and the JIT traces) it: the length check on
    ``unicodelen``, a negative index counted from the end, the code point
    (``unicodegetitem``) and a new 1-char string (``newunicode(1)`` and
    ``unicodesetitem``), which the string pass keeps virtual.  None when
    the index is out of range: the generic path raises CPython's
    IndexError.

    In PyPy 3 (utf8), ``s[i]`` of an ascii str checks ``i`` against the
    length and slices the utf8 bytes ``[i:i+1]`` (a virtual slice of
    OS_STR_SLICE); forced, it is the same ``newstr(1)``, ``strgetitem``,
    ``strsetitem(p, 0, c)``.  CPython returns a cached object for code
    points < 256; neither PyPy nor pypyteach do."""
    ll = space.ll
    length = ll.unicodelen(w_str)
    if ll.is_true(ll.int_lt(index, ll.const(0))):
        index = ll.int_add(index, length)
        if ll.is_true(ll.int_lt(index, ll.const(0))):
            return None
    if ll.is_true(ll.int_ge(index, length)):
        return None
    return ll_char(space, w_str, index)


def ll_getslice(space, w_str, w_slice):
    """``s[start:stop]`` for an exact str, a slice whose step is None or 1
    and whose bounds are None or machine ints: the bounds clamped to the
    length as CPython's PySlice_AdjustIndices, then a call of
    ll_stringslice (oopspec OS_UNI_SLICE), which the string pass keeps
    virtual.  The whole string is the string itself (CPython returns an
    exact str unchanged).  None for any other slice: the generic path.

    In PyPy 3 the slice is one of the utf8 bytes, ``OS_STR_SLICE``
    (ll_stringslice_startstop on the rpython string)."""
    ll = space.ll
    w_step = ll.getfield_gc_r(w_slice, SLICE_STEP)
    if not _ll_is_none(space, w_step):
        if ll.classof(w_step) not in INT_LIKE or \
                not ll.is_true(ll.int_eq(ll.getfield_gc_i(w_step, INTVAL), ll.const(1))):
            return None
    length = ll.unicodelen(w_str)
    start = _ll_bound(space, ll.getfield_gc_r(w_slice, SLICE_START), length, ll.const(0))
    if start is None:
        return None
    stop = _ll_bound(space, ll.getfield_gc_r(w_slice, SLICE_STOP), length, length)
    if stop is None:
        return None
    if ll.is_true(ll.int_lt(stop, start)):
        stop = start
    if ll.is_true(ll.int_eq(start, ll.const(0))) and ll.is_true(ll.int_eq(stop, length)):
        return w_str
    return ll.call_r(ll_stringslice, space, w_str, start, stop)


def _ll_bound(space, w_bound, length, default):
    """A slice bound clamped into [0, length] (CPython's
    PySlice_AdjustIndices for step 1); None if it is not a machine int."""
    ll = space.ll
    if _ll_is_none(space, w_bound):
        return default
    if ll.classof(w_bound) not in INT_LIKE:
        return None
    bound = ll.getfield_gc_i(w_bound, INTVAL)
    if ll.is_true(ll.int_lt(bound, ll.const(0))):
        bound = ll.int_add(bound, length)
        if ll.is_true(ll.int_lt(bound, ll.const(0))):
            return ll.const(0)
        return bound
    if ll.is_true(ll.int_gt(bound, length)):
        return length
    return bound


def _ll_is_none(space, w_obj):
    ll = space.ll
    return ll.is_true(ll.ptr_eq(w_obj, ll.const(space.w_None)))


def ll_str_eq(space, w_a, w_b, negate=False):
    """``a == b`` (``a != b`` if ``negate``) for two exact strs: a call of
    ll_streq, whose oopspec OS_UNI_EQUAL lets the string pass fold it
    (lengths known to differ, single characters, an empty side)."""
    ll = space.ll
    equal = ll.is_true(ll.call_i(ll_streq, space, w_a, w_b))
    return space.newbool(equal != negate)


def ll_str_compare(space, w_a, w_b, symbol):
    """``a < b`` (``<=``, ``>``, ``>=``) for two exact strs: a call of
    ll_strcmp, then the sign of its result compared with 0, as PyPy's
    traces do (rstr.ll_strcmp is elidable: a residual call there too)."""
    ll = space.ll
    order = ll.call_i(ll_strcmp, space, w_a, w_b)
    return space.newbool(ll.is_true(getattr(ll, _ORDER_TESTS[symbol])(order, ll.const(0))))


_ORDER_TESTS = {"<": "int_lt", "<=": "int_le", ">": "int_gt", ">=": "int_ge"}


@oopspec(OS_NONE, elidable=True, can_raise=False)
def ll_strcmp(space, w_a, w_b):
    """-1, 0 or 1 as ``a`` sorts before, with or after ``b`` by code
    points (PyPy's rstr.ll_strcmp; elidable, cannot raise)."""
    if w_a == w_b:
        return 0
    a, b = str_value(space, w_a), str_value(space, w_b)
    return (a > b) - (a < b)


@oopspec(OS_NONE, elidable=True, can_raise=False)
def ll_strcontains(space, w_str, w_sub):
    """1 if ``sub in str`` for two exact strs, else 0 (PyPy's
    ``descr_contains``: rstr's find, elidable, cannot raise)."""
    return int(str_value(space, w_sub) in str_value(space, w_str))


@oopspec(OS_UNI_EQUAL, elidable=True)
def ll_streq(space, w_a, w_b):
    """1 if the two strs hold the same code points, else 0 (PyPy's
    rstr.ll_streq, oopspec "stroruni.equal(s1, s2)", elidable and cannot
    raise: PyPy's descr is EF_ELIDABLE_CANNOT_RAISE)."""
    return int(str_eq(space, w_a, w_b))


@oopspec(OS_UNIEQ_SLICE_NONNULL, elidable=True)
def ll_streq_slice_nonnull(space, w_str, start, length, w_other):
    """1 if ``s[start:start+length] == other`` (PyPy's
    rstr.ll_streq_slice_nonnull): what the string pass calls instead of
    forcing a virtual slice to compare it."""
    if str_length(space, w_other) != length:
        return 0
    heap = space.heap
    base = CHARS.items_offset
    return int(heap.read_bytes(w_str + base + 4 * start, 4 * length) == heap.read_bytes(w_other + base, 4 * length))


@oopspec(OS_UNIEQ_SLICE_CHAR, elidable=True)
def ll_streq_slice_char(space, w_str, start, length, code):
    """1 if ``s[start:start+length]`` is the one code point ``code``
    (PyPy's rstr.ll_streq_slice_char)."""
    return int(length == 1 and space.heap.read_u32(w_str + CHARS.items_offset + 4 * start) == code)


@oopspec(OS_UNIEQ_NONNULL_CHAR, elidable=True)
def ll_streq_nonnull_char(space, w_str, code):
    """1 if ``s`` is the one code point ``code`` (PyPy's
    rstr.ll_streq_nonnull_char)."""
    return int(str_length(space, w_str) == 1 and space.heap.read_u32(w_str + CHARS.items_offset) == code)


def ll_int_str(space, w_int):
    """``str(i)`` of an exact int: a residual call of ll_int2dec on its
    machine word; the result is a str (no guard_class on it)."""
    ll = space.ll
    w_result = ll.call_r(ll_int2dec, space, ll.getfield_gc_i(w_int, INTVAL))
    ll.record_exact_class(w_result, STR)
    return w_result


def ll_int2dec(space, i):
    """``str(i)`` of a machine int: a new str of its decimal digits (PyPy's
    rarithmetic/ll_str.ll_int2dec, which PyPy's traces call as
    ``ll_str__IntegerR_SignedConst_Signed``, a residual call without
    oopspec).  In PyPy it is elidable (EF=3); here it is not, as two calls
    make two objects and ``is`` tells them apart (PyPy's ``is`` compares
    strs by value)."""
    return newstr(space, str(i))


def str_repr(space, w_str):
    return repr(str_value(space, w_str))


# -- methods with CPython's argument checking ------------------------------------------------

class StrMethod(BuiltinFunction):
    """A str method.  ``style`` is how CPython declares it, which decides the
    messages: "noargs", "o" (one argument), "clinic" (positional-only),
    "varargs" (PyArg_ParseTuple), "kw" (keywords accepted), "slot" (a slot
    wrapper such as __len__) or "format" (any arguments)."""

    def __init__(self, name, impl, style, slot_prefix=""):
        BuiltinFunction.__init__(self, name, impl, qualname="str." + name)
        self.style = style
        self.slot_prefix = slot_prefix       # CPython's " expected..." quirk of __mul__
        self.lo = self.min_args - 1          # arguments after self
        self.hi = None if self.max_args is None else self.max_args - 1
        self.kwnames = [p.name[2:] if p.name.startswith("w_") else p.name
                        for p in self.positional[1:]]

    def call(self, space, args_w, kwargs_w=None):
        self._check_self(space, args_w)
        if self.style == "format":
            return self.impl(space, args_w[0], list(args_w[1:]), dict(kwargs_w or {}))
        nargs = len(args_w) - 1
        if kwargs_w:
            return self._call_kw(space, args_w, kwargs_w)
        if nargs < self.lo or (self.hi is not None and nargs > self.hi):
            raise space.type_error(self._arity(nargs))
        return self.impl(space, *args_w)

    def _check_self(self, space, args_w):
        slot = self.style == "slot"
        if not args_w:
            if slot:
                raise space.type_error("descriptor '%s' of 'str' object needs an argument" % self.name)
            raise space.type_error("unbound method str.%s() needs an argument" % self.name)
        if space.tid(args_w[0]) != STR:
            if slot:
                raise space.type_error("descriptor '%s' requires a 'str' object but received a '%s'"
                                       % (self.name, space.type_name(args_w[0])))
            raise space.type_error("descriptor '%s' for 'str' objects doesn't apply to a '%s' object"
                                   % (self.name, space.type_name(args_w[0])))

    def _call_kw(self, space, args_w, kwargs_w):
        if self.style != "kw":
            if self.style == "slot":
                raise space.type_error("wrapper %s() takes no keyword arguments" % self.name)
            raise space.type_error("str.%s() takes no keyword arguments" % self.name)
        nargs = len(args_w) - 1
        if nargs + len(kwargs_w) > self.hi:
            raise space.type_error("%s() takes at most %d %sargument%s (%d given)" % (
                self.name, self.hi, "" if nargs else "keyword ", _s(self.hi), nargs + len(kwargs_w)))
        values = list(args_w) + [None] * (self.hi - nargs)
        for name, w_value in kwargs_w.items():
            if name not in self.kwnames:
                raise space.type_error("'%s' is an invalid keyword argument for %s()" % (name, self.name))
            position = self.kwnames.index(name)
            if position < nargs:
                raise space.type_error("argument for %s() given by name ('%s') and position (%d)"
                                       % (self.name, name, position + 1))
            values[position + 1] = w_value
        return self.impl(space, *values)

    def _arity(self, given):
        lo, hi, name = self.lo, self.hi, self.name
        style = self.style
        if style == "noargs":
            return "str.%s() takes no arguments (%d given)" % (name, given)
        if style == "o":
            return "str.%s() takes exactly one argument (%d given)" % (name, given)
        if style == "slot":
            return "%sexpected %d argument%s, got %d" % (self.slot_prefix, lo, _s(lo), given)
        if style == "clinic":
            bound, limit = ("least", lo) if given < lo else ("most", hi)
            return "%s expected at %s %d argument%s, got %d" % (name, bound, limit, _s(limit), given)
        bound, limit = ("least", lo) if given < lo else ("most", hi)
        return "%s() takes at %s %d argument%s (%d given)" % (name, bound, limit, _s(limit), given)


def _s(n):
    return "" if n == 1 else "s"


def method(name, style, slot_prefix=""):
    def register(impl):
        assert name not in str_methods.methods, "str.%s declared twice" % name
        str_methods.methods[name] = StrMethod(name, impl, style, slot_prefix)
        return impl
    return register


# -- argument helpers ----------------------------------------------------------------------

def str_arg(space, w_obj, message="must be str, not %s", clinic=False):
    """The host str of a str argument, else TypeError(message % type name);
    argument clinic's messages (``clinic``) call None "None"."""
    if space.tid(w_obj) != STR:
        raise space.type_error(message % _clinic_name(space, w_obj, clinic))
    return str_value(space, w_obj)


def _clinic_name(space, w_obj, clinic=True):
    return "None" if clinic and w_obj == space.w_None else space.type_name(w_obj)


def _optional_str(space, w_obj, message):
    if w_obj is None or w_obj == space.w_None:
        return None
    if space.tid(w_obj) != STR:
        raise space.type_error(message % space.type_name(w_obj) if "%s" in message else message)
    return str_value(space, w_obj)


def slice_index(space, w_obj):
    """A slice bound: a host int, or None for None / not given."""
    if w_obj is None or not w_obj or w_obj == space.w_None:
        return None
    if space.tid(w_obj) in INTEGRAL:
        return space.int_w(w_obj)
    if space.lookup_special(w_obj, "__index__"):
        return index_w(space, w_obj)
    raise space.type_error("slice indices must be integers or None or have an __index__ method")


def _wrap_strs(space, pieces):
    return [newstr(space, piece) for piece in pieces]


# -- dunders -----------------------------------------------------------------------------

@method("__len__", "slot")
def str_len(space, w_self):
    return space.newint(str_length(space, w_self))


@method("__getitem__", "slot")
def str_getitem(space, w_self, w_index):
    tid = space.tid(w_index)
    if tid == SLICE.tid:
        n = str_length(space, w_self)
        start, stop, step, count = slice_indices(space, w_index, n)
        if step == 1 and start == 0 and count == n:
            return w_self
        if count == 0:
            return newstr(space, "")
        # the normalized stop is -1 for a slice running to the start: not a host index
        return newstr(space, str_value(space, w_self)[start:stop if stop >= 0 else None:step])
    if tid in INTEGRAL or (tid == L.W_InstanceObject.tid and space.lookup_special(w_index, "__index__")):
        return _char(space, w_self, index_w(space, w_index))
    raise space.type_error("string indices must be integers, not '%s'" % space.type_name(w_index))


def _char(space, w_self, index):
    if not -sys.maxsize - 1 <= index <= sys.maxsize:
        raise space.error(space.w_IndexError, "cannot fit 'int' into an index-sized integer")
    n = str_length(space, w_self)
    if index < 0:
        index += n
    if not 0 <= index < n:
        raise space.error(space.w_IndexError, "string index out of range")
    return newstr(space, char_at(space, w_self, index))


@method("__contains__", "slot")
def str_contains(space, w_self, w_item):
    if space.tid(w_item) != STR:
        raise space.type_error("'in <string>' requires string as left operand, not %s"
                               % space.type_name(w_item))
    return space.newbool(str_value(space, w_item) in str_value(space, w_self))


@method("__iter__", "slot")
def str_iter(space, w_self):
    return iterobject.new_seq_iter(space, w_self)


def _user_reflected(space, w_other, name):
    """Does a user-class operand define the reflected operator ``name``?"""
    return space.tid(w_other) == L.W_InstanceObject.tid and bool(space.lookup_special(w_other, name))


@method("__add__", "slot")
def str_add(space, w_self, w_other):
    if space.tid(w_other) != STR:
        if _user_reflected(space, w_other, "__radd__"):
            return space.w_NotImplemented
        raise space.type_error('can only concatenate str (not "%s") to str' % space.type_name(w_other))
    if not str_length(space, w_other):
        return w_self
    if not str_length(space, w_self):
        return w_other
    return str_concat(space, w_self, w_other)


def _repeat(space, w_self, w_times):
    if space.tid(w_times) in INTEGRAL:
        times = space.int_w(w_times)
    elif space.lookup_special(w_times, "__index__"):
        times = index_w(space, w_times)
    else:
        raise space.type_error("can't multiply sequence by non-int of type '%s'" % space.type_name(w_times))
    if not -sys.maxsize - 1 <= times <= sys.maxsize:
        raise space.error(space.w_OverflowError, "cannot fit 'int' into an index-sized integer")
    n = str_length(space, w_self)
    if times == 1 or n == 0:
        return w_self
    if times > 0 and n > sys.maxsize // times:
        raise space.error(space.w_OverflowError, "repeated string is too long")
    check_size(space, n * max(times, 0))
    return newstr(space, str_value(space, w_self) * times)


@method("__mul__", "slot", slot_prefix=" ")
def str_mul(space, w_self, w_times):
    if _user_reflected(space, w_times, "__rmul__"):
        return space.w_NotImplemented
    return _repeat(space, w_self, w_times)


@method("__rmul__", "slot", slot_prefix=" ")
def str_rmul(space, w_self, w_times):
    return _repeat(space, w_self, w_times)


@method("__mod__", "slot")
def str_mod(space, w_self, w_values):
    return newstr(space, formatting.percent_format(space, str_value(space, w_self), w_values))


@method("__rmod__", "slot")
def str_rmod(space, w_self, w_other):
    if space.tid(w_other) != STR:
        return space.w_NotImplemented
    return newstr(space, formatting.percent_format(space, str_value(space, w_other), w_self))


def _compare(name, op):
    def impl(space, w_self, w_other):
        if space.tid(w_other) != STR:
            return space.w_NotImplemented
        return space.newbool(op(str_value(space, w_self), str_value(space, w_other)))
    method(name, "slot")(impl)


_compare("__lt__", lambda a, b: a < b)
_compare("__le__", lambda a, b: a <= b)
_compare("__gt__", lambda a, b: a > b)
_compare("__ge__", lambda a, b: a >= b)


@method("__eq__", "slot")
def str_eq_method(space, w_self, w_other):
    if space.tid(w_other) != STR:
        return space.w_NotImplemented
    return space.newbool(str_eq(space, w_self, w_other))


@method("__ne__", "slot")
def str_ne_method(space, w_self, w_other):
    if space.tid(w_other) != STR:
        return space.w_NotImplemented
    return space.newbool(not str_eq(space, w_self, w_other))


@method("__hash__", "slot")
def str_hash_method(space, w_self):
    return space.newint(str_hash(space, w_self))


@method("__repr__", "slot")
def str_repr_method(space, w_self):
    return newstr(space, repr(str_value(space, w_self)))


@method("__str__", "slot")
def str_str(space, w_self):
    return w_self


@method("__format__", "o")
def str_format_spec(space, w_self, w_spec):
    spec = str_arg(space, w_spec, "__format__() argument must be str, not %s", clinic=True)
    return newstr(space, formatting.format_str(space, str_value(space, w_self), spec))


# -- case and classification -------------------------------------------------------------

def _transform(name, fn):
    def impl(space, w_self):
        return newstr(space, fn(str_value(space, w_self)))
    method(name, "noargs")(impl)


def _predicate(name, fn):
    def impl(space, w_self):
        return space.newbool(fn(str_value(space, w_self)))
    method(name, "noargs")(impl)


for _name in ("upper", "lower", "capitalize", "title", "swapcase", "casefold"):
    _transform(_name, getattr(str, _name))
for _name in ("isdigit", "isalpha", "isalnum", "isspace", "isupper", "islower", "isdecimal",
              "isnumeric", "isidentifier", "isprintable", "istitle", "isascii"):
    _predicate(_name, getattr(str, _name))


# -- joining and splitting ----------------------------------------------------------------

@method("join", "o")
def str_join(space, w_self, w_iterable):
    if space.tid(w_iterable) == STR:
        pieces = list(str_value(space, w_iterable))
    else:
        pieces = [_join_item(space, i, w_item) for i, w_item in enumerate(_join_items(space, w_iterable))]
    check_size(space, sum(map(len, pieces)) + len(pieces) * str_length(space, w_self))
    return newstr(space, str_value(space, w_self).join(pieces))


def _join_items(space, w_iterable):
    if space.tid(w_iterable) == L.W_ListObject.tid or space.tid(w_iterable) in L.TUPLE_TIDS:
        return space.unpack_iterable(w_iterable, ())      # a list or tuple: no guest code runs
    try:
        w_iter = space.iter(w_iterable)
    except OperationError as operr:
        if space.isinstance_w(operr.w_value, space.w_TypeError):
            raise space.type_error("can only join an iterable")
        raise
    return space.drain(w_iter)


def _join_item(space, index, w_item):
    if space.tid(w_item) != STR:
        raise space.type_error("sequence item %d: expected str instance, %s found"
                               % (index, space.type_name(w_item)))
    return str_value(space, w_item)


def _split_args(space, w_sep, w_maxsplit):
    maxsplit = -1 if w_maxsplit is None else ssize_w(space, w_maxsplit)   # clinic converts it first
    sep = _optional_str(space, w_sep, "must be str or None, not %s")
    return sep, maxsplit


@method("split", "kw")
def str_split(space, w_self, w_sep=None, w_maxsplit=None):
    sep, maxsplit = _split_args(space, w_sep, w_maxsplit)
    pieces = host_call(space, str_value(space, w_self).split, sep, maxsplit)
    return space.newlist(_wrap_strs(space, pieces))


@method("rsplit", "kw")
def str_rsplit(space, w_self, w_sep=None, w_maxsplit=None):
    sep, maxsplit = _split_args(space, w_sep, w_maxsplit)
    pieces = host_call(space, str_value(space, w_self).rsplit, sep, maxsplit)
    return space.newlist(_wrap_strs(space, pieces))


@method("splitlines", "kw")
def str_splitlines(space, w_self, w_keepends=None):
    keepends = False if w_keepends is None else ssize_w(space, w_keepends, c_int=True) != 0
    return space.newlist(_wrap_strs(space, str_value(space, w_self).splitlines(keepends)))


def _partition(name, right):
    def impl(space, w_self, w_sep):
        sep = str_arg(space, w_sep)
        if not sep:
            raise space.value_error("empty separator")
        text = str_value(space, w_self)
        parts = text.rpartition(sep) if right else text.partition(sep)
        return space.newtuple(_wrap_strs(space, parts))
    method(name, "o")(impl)


_partition("partition", False)
_partition("rpartition", True)


# -- stripping, replacing, padding ----------------------------------------------------------

def _strip(name):
    def impl(space, w_self, w_chars=None):
        chars = _optional_str(space, w_chars, "%s arg must be None or str" % name)
        return newstr(space, getattr(str_value(space, w_self), name)(chars))
    method(name, "clinic")(impl)


for _name in ("strip", "lstrip", "rstrip"):
    _strip(_name)


@method("replace", "clinic")
def str_replace(space, w_self, w_old, w_new, w_count=None, /):
    old = str_arg(space, w_old, "replace() argument 1 must be str, not %s", clinic=True)
    new = str_arg(space, w_new, "replace() argument 2 must be str, not %s", clinic=True)
    count = -1 if w_count is None else ssize_w(space, w_count)
    text = str_value(space, w_self)
    if new and len(new) > len(old):
        matches = text.count(old) if old else len(text) + 1
        check_size(space, len(text) + (len(new) - len(old)) * matches)
    return newstr(space, host_call(space, text.replace, old, new, count))


def _affix(name):
    def impl(space, w_self, w_affix):
        affix = str_arg(space, w_affix, name + "() argument must be str, not %s", clinic=True)
        return newstr(space, getattr(str_value(space, w_self), name)(affix))
    method(name, "o")(impl)


_affix("removeprefix")
_affix("removesuffix")


def _fill_char(space, w_fill):
    if w_fill is None:
        return " "
    if space.tid(w_fill) != STR:
        raise space.type_error("The fill character must be a unicode character, not %s"
                               % space.type_name(w_fill))
    if str_length(space, w_fill) != 1:
        raise space.type_error("The fill character must be exactly one character long")
    return str_value(space, w_fill)


def _pad(name):
    def impl(space, w_self, w_width, w_fill=None, /):
        width = ssize_w(space, w_width)
        fill = _fill_char(space, w_fill)
        check_size(space, width)
        return newstr(space, host_call(space, getattr(str_value(space, w_self), name), width, fill))
    method(name, "clinic")(impl)


for _name in ("center", "ljust", "rjust"):
    _pad(_name)


@method("zfill", "o")
def str_zfill(space, w_self, w_width):
    width = ssize_w(space, w_width)
    check_size(space, width)
    return newstr(space, host_call(space, str_value(space, w_self).zfill, width))


@method("expandtabs", "kw")
def str_expandtabs(space, w_self, w_tabsize=None):
    tabsize = 8 if w_tabsize is None else ssize_w(space, w_tabsize, c_int=True)
    text = str_value(space, w_self)
    check_size(space, len(text) + text.count("\t") * max(tabsize, 0))
    return newstr(space, host_call(space, text.expandtabs, tabsize))


# -- searching ---------------------------------------------------------------------------------

def _search_args(space, w_start, w_end):
    return slice_index(space, w_start), slice_index(space, w_end)


HOST_SEARCH = {"find": "find", "rfind": "rfind", "index": "find", "rindex": "rfind", "count": "count"}


def _search(name):
    def impl(space, w_self, w_sub, w_start=None, w_end=None, /):
        start, end = _search_args(space, w_start, w_end)
        sub = str_arg(space, w_sub)
        result = getattr(str_value(space, w_self), HOST_SEARCH[name])(sub, start, end)
        if result < 0 and name in ("index", "rindex"):
            raise space.value_error("substring not found")
        return space.newint(result)
    method(name, "varargs")(impl)


for _name in ("find", "rfind", "index", "rindex", "count"):
    _search(_name)


def _affix_test(name):
    def impl(space, w_self, w_prefix, w_start=None, w_end=None, /):
        start, end = _search_args(space, w_start, w_end)
        text = str_value(space, w_self)
        if space.tid(w_prefix) not in L.TUPLE_TIDS:
            prefix = str_arg(space, w_prefix, "%s first arg must be str or a tuple of str, not %%s" % name)
            return space.newbool(getattr(text, name)(prefix, start, end))
        for w_item in space.tuple_w(w_prefix):       # checked one by one, as CPython
            prefix = str_arg(space, w_item, "tuple for %s must only contain str, not %%s" % name)
            if getattr(text, name)(prefix, start, end):
                return space.w_True
        return space.w_False
    method(name, "varargs")(impl)


_affix_test("startswith")
_affix_test("endswith")


# -- formatting ----------------------------------------------------------------------------------

@method("format", "format")
def str_format(space, w_self, args_w, kwargs_w):
    return newstr(space, formatting.format_method(space, str_value(space, w_self), args_w, kwargs_w))


@method("format_map", "o")
def str_format_map(space, w_self, w_mapping):
    return newstr(space, formatting.format_method(space, str_value(space, w_self), None, w_mapping))


# -- the constructor ---------------------------------------------------------------------------

def str_new(space, w_object=None, w_encoding=None, w_errors=None):
    if w_object is None:
        return newstr(space, "")
    if w_encoding is None and w_errors is None:
        if space.tid(w_object) == STR:
            return w_object
        return newstr(space, space.str_of(w_object))
    for label, w_arg in (("encoding", w_encoding), ("errors", w_errors)):
        if w_arg is not None and space.tid(w_arg) != STR:
            raise space.type_error("str() argument '%s' must be str, not %s"
                                   % (label, _clinic_name(space, w_arg)))
    if space.tid(w_object) == STR:
        raise space.type_error("decoding str is not supported")
    raise space.type_error("decoding to str: need a bytes-like object, %s found" % space.type_name(w_object))


TYPE_TABLES = [("str", str_methods)]
TYPE_CONSTRUCTORS = {"str": BuiltinFunction("str", str_new)}
