"""string: virtual strings (PyPy's OptString, optimizeopt/vstring.py).

A str is built by allocating it (``newunicode``) and filling it in
(``unicodesetitem``, ``copyunicodecontent``).  As the virtualize pass does
with objects, this pass delays those operations and keeps what a string is
made of instead, as long as nothing needs the string itself:

- the result of a call whose descr carries ``OS_UNI_CONCAT`` (PyPy's
  ``stroruni.concat``, pypyteach's ``ll_strconcat``) becomes a *virtual
  concatenation* of its two operands (PyPy's VStringConcatInfo), and the
  call's ``guard_no_exception`` goes with it;
- an ``OS_UNI_SLICE`` call, a *virtual slice* (VStringSliceInfo);
- a ``newunicode`` of constant length, a *virtual plain string*
  (VStringPlainInfo) whose ``unicodesetitem`` writes are recorded.

``unicodelen`` of a virtual string becomes its length (the sum of its
parts', a constant for a plain one); ``unicodegetitem`` of a virtual plain
string at a constant index becomes the code point written there, of a
virtual slice a read of the string it slices, of a virtual concatenation
at a constant index (its left part's length known) a read of that part,
and of a constant string at a constant index a constant.

An ``OS_UNI_EQUAL`` call (``ll_streq``, ``a == b`` of two strs) is folded
where the lengths decide it, as PyPy's ``opt_call_stroruni_STR_EQUAL``
(handle_str_equal_level1): lengths known and different give 0, an empty
side is ``int_eq(len(other), 0)``, two strings of length 1 compare their
code points with ``int_eq``, and a string with itself is 1; nothing is
forced for it.  Otherwise the call stays (the pure pass folds it when both
sides are constants: it is elidable) and, as in PyPy, whose descr says
EF_ELIDABLE_CANNOT_RAISE, its ``guard_no_exception`` goes.  (PyPy also
turns the call into OS_UNIEQ_SLICE_CHAR, OS_UNIEQ_NONNULL... variants
that read a virtual slice in place; pypyteach has the two slice ones:
a virtual slice compared with a string of length 1 is a call with
OS_UNIEQ_SLICE_CHAR, with another string OS_UNIEQ_SLICE_NONNULL, and the
slice is not forced; any string compared with one of length 1 is
OS_UNIEQ_NONNULL_CHAR, and the 1-char string is not forced.)

A virtual string is *forced* where it escapes: passed to any other
operation, saved by a guard, or passed on a jump.  Forcing emits PyPy's
sequence: ``newunicode(total length)`` and, per part, ``copyunicodecontent``
(``unicodesetitem`` per code point for a plain part).  A concatenation of
concatenations is forced into one string: ``a + b + c`` allocates once and
copies each operand once, instead of building and copying ``a + b`` first.

Where pypyteach differs from PyPy:

- PyPy 3 stores str as utf8, and its traces use the ``str*`` family
  (``newstr``, ``strlen``, ``strgetitem``, ``copystrcontent``) on those bytes.
  pypyteach's heap keeps one 4-byte code point per item, which is what
  RPython's *unicode* family works on: the ops here are ``newunicode``,
  ``unicodelen``, ``unicodegetitem``, ``unicodesetitem``,
  ``copyunicodecontent``, and the oopspecs OS_UNI_CONCAT / OS_UNI_SLICE.

As in PyPy, a guard may save a virtual string without forcing it: its
resume data holds a recipe (VStrPlainInfo, VStrConcatInfo, VStrSliceInfo,
resume.py), and the string is built only if the guard fails.  (A guard
written as text with fail args and no resume data, in the tests, forces
the virtual strings it saves instead.)
"""

from ...vm.memory.layout import W_UnicodeObject
from ...vm.memory.lloperation import OS_UNI_CONCAT, OS_UNI_EQUAL, OS_UNI_SLICE
from ...vm.objspace.std import strobject
from ..descr import CallDescr
from ..resoperation import Const, ConstInt, ConstPtr, ResOperation
from ..resume import STRING_PART, VSTR_CONCAT, VSTR_PLAIN, VSTR_SLICE, VirtualInfo, fail_args_of
from .intutils import IntBound
from .optimizer import Optimization, replace

STR_TID = W_UnicodeObject.tid
# longer constant-length strings are allocated for real: forcing one costs a store per item
MAX_VIRTUAL_PLAIN = 32


class VAbstractString:
    """What a string not allocated yet is made of."""

    source = None           # the op it stands for
    length = None           # its length (a value), once computed

    def getlength(self, opt):
        if self.length is None:
            self.length = self.compute_length(opt)
        return self.length


class VStringPlain(VAbstractString):
    """newunicode(constant) and its unicodesetitems (PyPy's VStringPlainInfo)."""

    def __init__(self, source, n):
        self.source = source
        self.items = [None] * n
        self.length = ConstInt(n)

    def item(self, index):
        value = self.items[index]
        return ConstInt(0) if value is None else replace(value)


class VStringConcat(VAbstractString):
    """The result of an OS_UNI_CONCAT call (PyPy's VStringConcatInfo)."""

    def __init__(self, source, left, right):
        self.source = source
        self.left, self.right = left, right

    def compute_length(self, opt):
        return opt.int_add(opt.getstrlen(self.left), opt.getstrlen(self.right), self.source)


class VStringSlice(VAbstractString):
    """The result of an OS_UNI_SLICE call (PyPy's VStringSliceInfo)."""

    def __init__(self, source, string, start, length):
        self.source = source
        self.string, self.start, self.length = string, start, length


class OptString(Optimization):
    name = "string"

    def setup(self):
        self.vstrings = {}              # value -> VAbstractString
        self.lengths = {}               # a real string -> its length, where known
        self.dropped_call = None        # a call made virtual: its guard_no_exception goes
        self.optimizer.string_recipe = self.resume_recipe
        self.optimizer.string_force = self.force_if_virtual

    def force_if_virtual(self, value, into):
        return self.force(value, into) if self.get(value) is not None else replace(value)

    def resume_recipe(self, value, memo, resume_value):
        """A virtual string as resume data holds it: a VirtualInfo recipe
        (PyPy's VStrPlainInfo / VStrConcatInfo / VStrSliceInfo)."""
        info = self.vstrings.get(value)
        if info is None:
            return None
        if isinstance(info, VStringPlain):
            recipe = memo[value] = VirtualInfo(VSTR_PLAIN, [], None)
            recipe.array = [resume_value(info.item(i)) for i in range(len(info.items))]
        elif isinstance(info, VStringConcat):
            recipe = memo[value] = VirtualInfo(VSTR_CONCAT, [], None)
            recipe.array = [resume_value(info.left), resume_value(info.right)]
        else:
            recipe = memo[value] = VirtualInfo(VSTR_SLICE, [], None)
            recipe.fields = [(STRING_PART, resume_value(info.string))]
            recipe.array = [replace(info.start), replace(info.length)]
        return recipe

    def note(self, op, kind, code, *args):
        self.optimizer.note(op, kind, code, *args)

    def get(self, value):
        return self.vstrings.get(replace(value))

    # -- new ops this pass emits ---------------------------------------------------------------

    def add(self, name, args, origin, code, *note_args):
        op = ResOperation(name, args)
        if isinstance(origin, ResOperation):
            op.origin = origin.origin or origin
        self.note(op, "added", code, *note_args)
        self.emit(op)
        # a later pass may have made it equal to an earlier op (the pure
        # pass shares a repeated unicodegetitem or int_add): use that one
        return replace(op)

    def int_add(self, a, b, origin):
        a, b = replace(a), replace(b)
        if isinstance(a, ConstInt) and isinstance(b, ConstInt):
            return ConstInt(a.value + b.value)
        if isinstance(a, ConstInt) and a.value == 0:
            return b
        if isinstance(b, ConstInt) and b.value == 0:
            return a
        result = self.add("int_add", [a, b], origin, "string_length_add")
        # what intbounds (earlier in the chain) would know: a + b of lengths
        self.optimizer.setintbound(result, self.getintbound(a).add_bound(self.getintbound(b)))
        return result

    def getstrlen(self, value, origin=None):
        """The length of a string, virtual or not, as a value."""
        value = replace(value)
        info = self.vstrings.get(value)
        if info is not None:
            return replace(info.getlength(self))
        if isinstance(value, ConstPtr):
            ll = self.optimizer.direct_ll()
            if ll is not None and value.value:
                return ConstInt(ll.unicodelen(value.value))
        known = self.lengths.get(value)
        if known is not None:
            return replace(known)
        length = self.add("unicodelen", [value], origin or value, "string_length_read", value)
        self.optimizer.setintbound(length, IntBound(0))
        self.lengths[value] = length
        return length

    # -- forcing ------------------------------------------------------------------------------

    def force(self, value, into=None):
        """``value`` as a real string: a virtual one is allocated and filled in."""
        value = replace(value)
        info = self.vstrings.get(value)
        if info is None:
            return value
        length = info.getlength(self)
        del self.vstrings[value]
        source = info.source
        # no nursery exit (resume None): the allocation must complete, as
        # for any allocation the optimizer makes forcing a virtual
        alloc = self.add("newunicode", [replace(length)], source, "string_forced", value, into)
        value.set_forwarded(alloc)
        self.lengths[alloc] = length
        self.copy_parts(info, alloc, ConstInt(0), source)
        return alloc

    def copy_parts(self, info, dst, offset, origin):
        """Write the string ``info`` describes into ``dst`` from ``offset``
        (PyPy's string_copy_parts)."""
        if isinstance(info, VStringPlain):
            for index in range(len(info.items)):
                at = self.int_add(offset, ConstInt(index), origin)
                self.add("unicodesetitem", [dst, at, self.force(info.item(index), dst)], origin,
                         "string_copy_item", dst)
        elif isinstance(info, VStringConcat):
            self.copy_part(info.left, dst, offset, origin)
            self.copy_part(info.right, dst, self.int_add(offset, self.getstrlen(info.left, origin), origin), origin)
        else:
            self.copy_content(self.force(info.string, dst), info.start, dst, offset, info.length, origin)

    def copy_part(self, value, dst, offset, origin):
        value = replace(value)
        info = self.vstrings.get(value)
        if info is not None:
            self.copy_parts(info, dst, offset, origin)
            return
        self.copy_content(value, ConstInt(0), dst, offset, self.getstrlen(value, origin), origin)

    def copy_content(self, string, start, dst, offset, length, origin):
        """PyPy's copy_str_content: a copy of at most M code points whose
        count is known (M = 5 from a constant string at a constant start,
        else 2) is that many ``unicodegetitem``/``unicodesetitem`` pairs (a
        read of a constant string is its code point); a longer or unknown
        one is ``copyunicodecontent`` (PyPy's backends call memcpy)."""
        string, start, length = replace(string), replace(start), replace(length)
        limit = 5 if isinstance(string, ConstPtr) and isinstance(start, ConstInt) else 2
        count = length.value if isinstance(length, ConstInt) else None
        if count is None and self.getintbound(length).is_constant():
            count = self.getintbound(length).lower
        if count is None or count > limit:
            self.add("copyunicodecontent", [string, dst, start, offset, length], origin, "string_copy", dst)
            return
        ll = self.optimizer.direct_ll() if isinstance(string, ConstPtr) else None
        for i in range(count):
            at = self.int_add(start, ConstInt(i), origin)
            if ll is not None and isinstance(at, ConstInt):
                char = ConstInt(ll.unicodegetitem(string.value, at.value))
            else:
                char = self.add("unicodegetitem", [string, at], origin, "string_copy_read", dst)
            self.add("unicodesetitem", [dst, self.int_add(offset, ConstInt(i), origin), char], origin,
                     "string_copy_item", dst)

    def force_args(self, op):
        if self.vstrings:
            # replace(a): the same virtual twice in one op (``[s, s]``) is forced once
            op.args = [self.force(a, op) if self.get(a) is not None else replace(a) for a in op.args]

    # -- operations ---------------------------------------------------------------------------

    def optimize_default(self, op):
        self.dropped_call = None
        if not self.vstrings:
            self.emit(op)
            return
        self.force_args(op)
        if op.is_guard():
            values = fail_args_of(op.resume) if op.resume is not None else (op.fail_args or ())
            if any(self.get(v) is not None for v in values):
                for v in values:
                    if self.get(v) is not None:
                        self.force(v, op)
                if op.resume is not None:
                    op.resume = self.optimizer.map_resume(op.resume)
                else:
                    op.fail_args = [replace(v) for v in op.fail_args]
        self.emit(op)

    def optimize_GUARD_NO_EXCEPTION(self, op):
        call, self.dropped_call = self.dropped_call, None
        if call is not None:
            equal = call.name in ("call_i", "call_pure_i")
            self.note(op, "removed", "string_equal_no_exception" if equal else "string_no_exception", call)
            return
        self.optimize_default(op)

    def optimize_CALL_R(self, op):
        index = getattr(op.descr, "oopspecindex", 0)
        args = op.args[1:]
        if index == OS_UNI_CONCAT and len(args) == 2:
            self.make_virtual(op, VStringConcat(op, args[0], args[1]), "string_concat")
        elif index == OS_UNI_SLICE and len(args) == 3:
            string, start, stop = args
            self.dropped_call = None
            length = self.sub(stop, start, op)
            self.make_virtual(op, VStringSlice(op, string, start, length), "string_slice")
        else:
            self.optimize_default(op)

    def optimize_CALL_I(self, op):
        if getattr(op.descr, "oopspecindex", 0) == OS_UNI_EQUAL and len(op.args) == 3:
            self.optimize_str_equal(op)
        else:
            self.optimize_default(op)

    # an elidable call (ll_streq...) comes recorded as call_pure_*
    optimize_CALL_PURE_R = optimize_CALL_R
    optimize_CALL_PURE_I = optimize_CALL_I

    def optimize_str_equal(self, op):
        """PyPy's opt_call_stroruni_STR_EQUAL and handle_str_equal_level1."""
        a, b = replace(op.args[1]), replace(op.args[2])
        la, lb = self.known_length(a), self.known_length(b)
        result = None
        if a is b:
            result, why = ConstInt(1), "a string is equal to itself"
        elif la is not None and lb is not None and la != lb:
            result, why = ConstInt(0), "the lengths differ (%d and %d)" % (la, lb)
        elif la == 0 or lb == 0:
            other = b if la == 0 else a
            result = self.int_eq(self.getstrlen(other, op), ConstInt(0), op)
            why = "one side is empty: the other's length is 0"
        elif la == 1 and lb == 1:
            result = self.int_eq(self.char0(a, op), self.char0(b, op), op)
            why = "two strings of length 1: their code points are compared"
        if result is None:
            result, why = self.slice_equal(op, a, b, la, lb)
        if result is None and (la == 1 or lb == 1):
            # PyPy's handle_str_equal_level2: a string against a single character
            string, char = (b, a) if la == 1 else (a, b)
            result = self.call_i(strobject.ll_streq_nonnull_char, [self.force(string, op), self.char0(char, op)], op)
            why = "a string of length 1 on one side: compared with its code point"
        if result is None:
            self.optimize_default(op)
        else:
            self.note(op, "replaced", "string_equal", result, why)
            self.make_equal_to(op, result)
        self.dropped_call = op          # ll_streq cannot raise: its guard_no_exception goes

    def slice_equal(self, op, a, b, la, lb):
        """A virtual slice of a real string compared with a string: a call
        reading the slice in place (PyPy's handle_str_equal_level1/2)."""
        if not isinstance(self.get(a), VStringSlice):
            a, b, la, lb = b, a, lb, la
        info = self.get(a)
        if not isinstance(info, VStringSlice) or self.get(info.string) is not None:
            return None, None
        head = [replace(info.string), replace(info.start), replace(info.length)]
        if lb == 1:
            func, last = strobject.ll_streq_slice_char, self.char0(b, op)
        else:
            func, last = strobject.ll_streq_slice_nonnull, self.force(b, op)
        return self.call_i(func, head + [last], op), "%s compares the virtual slice in place" % func.__name__

    def call_i(self, func, args, origin):
        """A call the pass adds (its function cannot raise: no guard_no_exception)."""
        runtime = self.optimizer.runtime
        space = getattr(runtime, "space", None)
        number = getattr(runtime, "function_number", lambda f: 0)(func)
        op = ResOperation("call_i", [ConstInt(number)] + args,
                          CallDescr(func, [("const", space)] + [("arg",)] * len(args), "i", space))
        if isinstance(origin, ResOperation):
            op.origin = origin.origin or origin
        self.note(op, "added", "string_equal_new", origin)
        self.emit(op)
        return op

    def known_length(self, value):
        """The length of a string as a host int if it is a constant, else
        None; no operation is emitted (PyPy's getstrlen(create_ops=False))."""
        value = replace(value)
        info = self.vstrings.get(value)
        if isinstance(info, VStringConcat):
            left, right = self.known_length(info.left), self.known_length(info.right)
            return None if left is None or right is None else left + right
        if info is not None:
            length = replace(info.length)
            return length.value if isinstance(length, ConstInt) else None
        if isinstance(value, ConstPtr):
            ll = self.optimizer.direct_ll()
            return ll.unicodelen(value.value) if ll is not None and value.value else None
        known = self.lengths.get(value)
        if known is not None:
            known = replace(known)
            if isinstance(known, ConstInt):
                return known.value
            bound = self.getintbound(known)
            if bound.is_constant():
                return bound.lower
        return None

    def char0(self, value, origin):
        """The first code point of a string of length 1, as a value."""
        value = replace(value)
        info = self.vstrings.get(value)
        if isinstance(info, VStringPlain):
            return info.item(0)
        if isinstance(info, VStringConcat):
            return self.char0(info.left if self.known_length(info.left) == 1 else info.right, origin)
        if isinstance(info, VStringSlice):
            if self.get(info.string) is None:
                return self.add("unicodegetitem", [replace(info.string), replace(info.start)], origin,
                                "string_equal_new", origin)
            value = self.force(value, origin)
        elif isinstance(value, ConstPtr):
            ll = self.optimizer.direct_ll()
            if ll is not None:
                return ConstInt(ll.unicodegetitem(value.value, 0))
        return self.add("unicodegetitem", [value, ConstInt(0)], origin, "string_equal_new", origin)

    def int_eq(self, a, b, origin):
        a, b = replace(a), replace(b)
        if isinstance(a, ConstInt) and isinstance(b, ConstInt):
            return ConstInt(int(a.value == b.value))
        return self.add("int_eq", [a, b], origin, "string_equal_new", origin)

    def sub(self, a, b, origin):
        a, b = replace(a), replace(b)
        if isinstance(a, ConstInt) and isinstance(b, ConstInt):
            return ConstInt(a.value - b.value)
        if isinstance(b, ConstInt) and b.value == 0:
            return a
        if isinstance(a, ResOperation) and a.name == "int_add" and replace(a.args[0]) is b \
                and isinstance(replace(a.args[1]), ConstInt):
            return replace(a.args[1])          # s[i:i + c] has length c
        return self.add("int_sub", [a, b], origin, "string_length_sub")

    def make_virtual(self, op, info, code):
        self.note(op, "removed", code)
        self.vstrings[op] = info
        self.optimizer.known_class[op] = STR_TID     # guard_class and guard_nonnull on it go
        self.optimizer.nonnull.add(op)
        self.dropped_call = op

    def optimize_NEWUNICODE(self, op):
        length = replace(op.args[0])
        if isinstance(length, ConstInt) and 0 <= length.value <= MAX_VIRTUAL_PLAIN:
            self.make_virtual(op, VStringPlain(op, length.value), "string_newunicode")
            self.dropped_call = None
        else:
            self.optimize_default(op)
            self.lengths[op] = length

    def optimize_UNICODESETITEM(self, op):
        string, index, value = op.args
        info = self.get(string)
        index = replace(index)
        if isinstance(info, VStringPlain) and isinstance(index, ConstInt) and 0 <= index.value < len(info.items):
            self.dropped_call = None
            self.note(op, "removed", "string_setitem")
            info.items[index.value] = value
            return
        self.optimize_default(op)

    def optimize_UNICODELEN(self, op):
        self.dropped_call = None
        value = replace(op.args[0])
        info = self.vstrings.get(value)
        known = self.lengths.get(value)
        if info is not None or isinstance(value, Const) or known is not None:
            length = self.getstrlen(value, op)
            self.note(op, "replaced", "string_length", length)
            self.make_equal_to(op, length)
            return
        self.emit(op)
        self.lengths[value] = op

    def _read_instead(self, op, string, index, reason):
        """A new ``unicodegetitem(string, index)`` that ``op`` now stands for
        (the caller emits or optimizes it)."""
        read = ResOperation("unicodegetitem", [replace(string), index])
        read.origin = op.origin or op
        self.note(op, "replaced", reason, read)
        self.note(read, "added", "string_getitem_slice_new", op)
        self.make_equal_to(op, read)
        return read

    def optimize_UNICODEGETITEM(self, op):
        string, index = replace(op.args[0]), replace(op.args[1])
        info = self.vstrings.get(string)
        if isinstance(info, VStringPlain) and isinstance(index, ConstInt) and 0 <= index.value < len(info.items):
            self.dropped_call = None
            value = info.item(index.value)
            self.note(op, "replaced", "string_getitem", value)
            self.make_equal_to(op, value)
            return
        if isinstance(info, VStringSlice) and self.get(info.string) is None:
            self.dropped_call = None
            # a code point of a slice is one of the string it slices
            self.emit(self._read_instead(op, info.string, self.int_add(info.start, index, op),
                                         "string_getitem_slice"))
            return
        if isinstance(info, VStringConcat) and isinstance(index, ConstInt):
            left = self.known_length(info.left)
            if left is not None:
                self.dropped_call = None
                # a code point of a concatenation at a constant index: one of a part's
                part, at = (info.left, index.value) if index.value < left else (info.right, index.value - left)
                self.optimize_UNICODEGETITEM(self._read_instead(op, part, ConstInt(at), "string_getitem_concat"))
                return
        if info is None and isinstance(string, ConstPtr) and isinstance(index, ConstInt):
            ll = self.optimizer.direct_ll()
            if ll is not None and string.value and 0 <= index.value < ll.unicodelen(string.value):
                self.dropped_call = None
                value = ConstInt(ll.unicodegetitem(string.value, index.value))
                self.note(op, "replaced", "string_getitem_const", value)
                self.make_equal_to(op, value)
                return
        self.optimize_default(op)

    # -- the end of a trace ---------------------------------------------------------------------

    def force_at_jump(self, jump):
        """Virtual strings passed on a jump are forced: the loop's label
        takes real strings (PyPy's virtual state can keep them virtual)."""
        if not self.vstrings:
            return
        jump.args = [self.force(a, jump) if self.get(a) is not None else a for a in jump.args]
        # the virtualize pass's objects may stay virtual across the label,
        # their fields passed as label arguments: those must be real too
        for info in list(self.optimizer.virtuals.values()):
            for _, value in info.leaves():
                if self.get(value) is not None:
                    self.force(value, jump)
