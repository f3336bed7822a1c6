"""The low-level operations, recording (PyPy's pyjitpl in small).

While a trace is recorded, ``space.ll`` is a TracingOps.  The interpreter
runs its ordinary code; every low-level operation it performs computes its
concrete result (so the program runs on, exactly as before) and, unless all
its arguments are constants, is also recorded as a resop.  A Python branch on
a recorded value goes through ``is_true``/``classof``/``promote``/``is_null``,
which record the matching guard.

ll values while tracing are either plain Python values (constants: the
tracer folds operations on them) or trace values (InputArg, ResOperation)
carrying the concrete value seen now in ``.value``.
"""

import os
import sys

from ..vm.memory.lloperation import DirectOps, MAXINT, MININT
from .descr import CallDescr
from .executor import PURE_INT
from ..vm.memory.layout import W_UnicodeObject
from ..vm.interpreter.jithints import is_elidable
from .resoperation import AbstractValue, Const, ConstInt, const_of_kind, by_kind

STR_TID = W_UnicodeObject.tid



_JIT_DIR = os.path.dirname(os.path.abspath(__file__))


def interpreter_frame():
    """The innermost host frame outside the JIT: the interpreter code whose
    low-level operation is being recorded (for provenance)."""
    frame = sys._getframe(1)
    while os.path.dirname(os.path.abspath(frame.f_code.co_filename)) == _JIT_DIR:
        frame = frame.f_back
    return frame


def value_of(v):
    return v.value if isinstance(v, AbstractValue) else v


class ReplayedCall:
    """A residual call's outcome, already known: returned by call_* instead of
    calling again (the blackhole step re-enters the bytecode that made the call)."""

    def __init__(self, value=None, operr=None):
        self.value = value
        self.operr = operr


class TracingOps(DirectOps):
    tracing = True

    def __init__(self, tracer, space):
        DirectOps.__init__(self, space.heap, space.gc)
        self.tracer = tracer
        self.space = space

    # -- helpers -----------------------------------------------------------------

    def _arg(self, v, kind):
        return v if isinstance(v, AbstractValue) else const_of_kind(kind, v)

    def _record(self, name, args, descr=None, value=None):
        return self.tracer.record(name, args, descr, value, interpreter_frame())

    def _pure(self, name, kinds, args):
        values = [value_of(a) for a in args]
        result = PURE_INT[name](*values)
        if not any(isinstance(a, AbstractValue) for a in args):
            return result
        boxes = [self._arg(a, k) for a, k in zip(args, kinds)]
        return self._record(name, boxes, None, result)

    # -- hints -----------------------------------------------------------------------

    def classof(self, ptr):
        if not isinstance(ptr, AbstractValue):
            return self._read_int(ptr)
        tid = self._read_int(ptr.value)
        known = self.tracer.known_class.get(ptr)
        if known is None:
            self.tracer.record_guard("guard_class", [ptr, ConstInt(tid)], interpreter_frame())
            self.tracer.known_class[ptr] = tid
        return tid

    def record_exact_class(self, ptr, tid):
        if isinstance(ptr, AbstractValue) and not isinstance(ptr, Const):
            self.tracer.known_class[ptr] = tid
            self.tracer.known_nonnull.add(ptr)

    def promote(self, value):
        if not isinstance(value, AbstractValue):
            return value
        concrete = value.value
        if value not in self.tracer.known_constant:
            self.tracer.record_guard("guard_value", [value, const_of_kind(value.type, concrete)],
                                     interpreter_frame())
            self.tracer.known_constant.add(value)
        return concrete

    def is_constant(self, value):
        return not isinstance(value, AbstractValue) or isinstance(value, Const) \
            or value in self.tracer.known_constant

    def host_value(self, value):
        return value_of(value)

    def is_true(self, value):
        if not isinstance(value, AbstractValue):
            return bool(value)
        flag = bool(value.value)
        self.tracer.record_guard("guard_true" if flag else "guard_false", [value], interpreter_frame())
        return flag

    def is_null(self, ptr):
        if not isinstance(ptr, AbstractValue):
            return not ptr
        null = not ptr.value
        if not null and ptr in self.tracer.known_nonnull:
            return False
        self.tracer.record_guard("guard_isnull" if null else "guard_nonnull", [ptr], interpreter_frame())
        if not null:
            self.tracer.known_nonnull.add(ptr)
        return null

    def quasi_immutable(self, key):
        self.tracer.depend_on(key, interpreter_frame())

    # -- memory ----------------------------------------------------------------------------

    def _getfield(self, kind, ptr, descr):
        concrete = (DirectOps.getfield_gc_f if kind == "f" else DirectOps.getfield_gc_i)(self, value_of(ptr), descr)
        if not isinstance(ptr, AbstractValue) and descr.immutable:
            return concrete          # a pure field of a constant object: a constant
        return self._record(by_kind("getfield_gc_", kind), [self._arg(ptr, "r")], descr, concrete)

    def getfield_gc_i(self, ptr, descr):
        return self._getfield("i", ptr, descr)

    def getfield_gc_r(self, ptr, descr):
        return self._getfield("r", ptr, descr)

    def getfield_gc_f(self, ptr, descr):
        return self._getfield("f", ptr, descr)

    def setfield_gc(self, ptr, value, descr):
        DirectOps.setfield_gc(self, value_of(ptr), value_of(value), descr)
        self.tracer.note_heap_write(ptr)
        self._record("setfield_gc", [self._arg(ptr, "r"), self._arg(value, descr.kind)], descr)

    def _getitem(self, kind, ptr, index, descr):
        read = DirectOps.getarrayitem_gc_f if kind == "f" else DirectOps.getarrayitem_gc_i
        concrete = read(self, value_of(ptr), value_of(index), descr)
        return self._record(by_kind("getarrayitem_gc_", kind), [self._arg(ptr, "r"), self._arg(index, "i")],
                            descr, concrete)

    def getarrayitem_gc_i(self, ptr, index, descr):
        return self._getitem("i", ptr, index, descr)

    def getarrayitem_gc_r(self, ptr, index, descr):
        return self._getitem("r", ptr, index, descr)

    def getarrayitem_gc_f(self, ptr, index, descr):
        return self._getitem("f", ptr, index, descr)

    def setarrayitem_gc(self, ptr, index, value, descr):
        DirectOps.setarrayitem_gc(self, value_of(ptr), value_of(index), value_of(value), descr)
        self.tracer.note_heap_write(ptr)
        self._record("setarrayitem_gc", [self._arg(ptr, "r"), self._arg(index, "i"),
                                         self._arg(value, descr.kind)], descr)

    def arraylen_gc(self, ptr, descr):
        concrete = DirectOps.arraylen_gc(self, value_of(ptr), descr)
        if not isinstance(ptr, AbstractValue):
            return concrete          # lengths never change after allocation
        return self._record("arraylen_gc", [ptr], descr, concrete)

    # -- strings (PyPy's unicode family, see lloperation.py) -------------------------------

    def newunicode(self, length):
        ptr = DirectOps.newunicode(self, value_of(length))
        op = self.tracer.record_alloc("newunicode", [self._arg(length, "i")], None, ptr, interpreter_frame())
        self.tracer.known_class[op] = STR_TID
        self.tracer.known_nonnull.add(op)
        return op

    def unicodelen(self, ptr):
        concrete = DirectOps.unicodelen(self, value_of(ptr))
        if not isinstance(ptr, AbstractValue):
            return concrete          # a constant string's length is a constant
        return self._record("unicodelen", [ptr], None, concrete)

    def unicodegetitem(self, ptr, index):
        concrete = DirectOps.unicodegetitem(self, value_of(ptr), value_of(index))
        if not isinstance(ptr, AbstractValue) and not isinstance(index, AbstractValue):
            return concrete
        return self._record("unicodegetitem", [self._arg(ptr, "r"), self._arg(index, "i")], None, concrete)

    def unicodesetitem(self, ptr, index, value):
        DirectOps.unicodesetitem(self, value_of(ptr), value_of(index), value_of(value))
        self.tracer.note_heap_write(ptr)
        self._record("unicodesetitem", [self._arg(ptr, "r"), self._arg(index, "i"), self._arg(value, "i")])

    def copyunicodecontent(self, src, dst, srcstart, dststart, length):
        DirectOps.copyunicodecontent(self, value_of(src), value_of(dst), value_of(srcstart),
                                     value_of(dststart), value_of(length))
        self.tracer.note_heap_write(dst)
        self._record("copyunicodecontent", [self._arg(src, "r"), self._arg(dst, "r"), self._arg(srcstart, "i"),
                                            self._arg(dststart, "i"), self._arg(length, "i")])

    def new_with_vtable(self, size_descr):
        ptr = DirectOps.new_with_vtable(self, size_descr)
        op = self.tracer.record_alloc("new_with_vtable", [], size_descr, ptr, interpreter_frame())
        self.tracer.known_class[op] = size_descr.tid      # a fresh object: its class and
        self.tracer.known_nonnull.add(op)                 # non-nullness need no guard
        return op

    def new_array(self, layout, length):
        ptr = DirectOps.new_array(self, layout, value_of(length))
        op = self.tracer.record_alloc("new_array", [self._arg(length, "i")], layout.array, ptr,
                                      interpreter_frame())
        self.tracer.known_class[op] = layout.tid
        self.tracer.known_nonnull.add(op)
        return op

    # -- arithmetic --------------------------------------------------------------------------

    def _ovf(self, name, a, b):
        concrete = PURE_INT[name[:-4]](value_of(a), value_of(b))
        exact = {"int_add_ovf": value_of(a) + value_of(b), "int_sub_ovf": value_of(a) - value_of(b),
                 "int_mul_ovf": value_of(a) * value_of(b)}[name]
        overflowed = not (MININT <= exact <= MAXINT)
        if not isinstance(a, AbstractValue) and not isinstance(b, AbstractValue):
            if overflowed:
                raise OverflowError
            return concrete
        op = self._record(name, [self._arg(a, "i"), self._arg(b, "i")], None, concrete)
        guard = self.tracer.record_guard("guard_overflow" if overflowed else "guard_no_overflow", [],
                                         interpreter_frame())
        guard.overflow_source = op
        if overflowed:
            raise OverflowError
        return op

    def int_add_ovf(self, a, b):
        return self._ovf("int_add_ovf", a, b)

    def int_sub_ovf(self, a, b):
        return self._ovf("int_sub_ovf", a, b)

    def int_mul_ovf(self, a, b):
        return self._ovf("int_mul_ovf", a, b)

    # -- pure operations: folded on constants, recorded otherwise ----------------------------
    def int_add(self, a, b):
        return self._pure('int_add', 'ii', [a, b])

    def int_sub(self, a, b):
        return self._pure('int_sub', 'ii', [a, b])

    def int_mul(self, a, b):
        return self._pure('int_mul', 'ii', [a, b])

    def int_floordiv(self, a, b):
        return self._pure('int_floordiv', 'ii', [a, b])

    def int_mod(self, a, b):
        return self._pure('int_mod', 'ii', [a, b])

    def int_and(self, a, b):
        return self._pure('int_and', 'ii', [a, b])

    def int_or(self, a, b):
        return self._pure('int_or', 'ii', [a, b])

    def int_xor(self, a, b):
        return self._pure('int_xor', 'ii', [a, b])

    def int_lshift(self, a, b):
        return self._pure('int_lshift', 'ii', [a, b])

    def int_rshift(self, a, b):
        return self._pure('int_rshift', 'ii', [a, b])

    def int_lt(self, a, b):
        return self._pure('int_lt', 'ii', [a, b])

    def int_le(self, a, b):
        return self._pure('int_le', 'ii', [a, b])

    def int_eq(self, a, b):
        return self._pure('int_eq', 'ii', [a, b])

    def int_ne(self, a, b):
        return self._pure('int_ne', 'ii', [a, b])

    def int_gt(self, a, b):
        return self._pure('int_gt', 'ii', [a, b])

    def int_ge(self, a, b):
        return self._pure('int_ge', 'ii', [a, b])

    def int_neg(self, a):
        return self._pure('int_neg', 'i', [a])

    def int_invert(self, a):
        return self._pure('int_invert', 'i', [a])

    def uint_lt(self, a, b):
        return self._pure('uint_lt', 'ii', [a, b])

    def int_is_true(self, a):
        return self._pure('int_is_true', 'i', [a])

    def int_is_zero(self, a):
        return self._pure('int_is_zero', 'i', [a])

    def float_add(self, a, b):
        return self._pure('float_add', 'ff', [a, b])

    def float_sub(self, a, b):
        return self._pure('float_sub', 'ff', [a, b])

    def float_mul(self, a, b):
        return self._pure('float_mul', 'ff', [a, b])

    def float_truediv(self, a, b):
        return self._pure('float_truediv', 'ff', [a, b])

    def float_lt(self, a, b):
        return self._pure('float_lt', 'ff', [a, b])

    def float_le(self, a, b):
        return self._pure('float_le', 'ff', [a, b])

    def float_eq(self, a, b):
        return self._pure('float_eq', 'ff', [a, b])

    def float_ne(self, a, b):
        return self._pure('float_ne', 'ff', [a, b])

    def float_gt(self, a, b):
        return self._pure('float_gt', 'ff', [a, b])

    def float_ge(self, a, b):
        return self._pure('float_ge', 'ff', [a, b])

    def float_neg(self, a):
        return self._pure('float_neg', 'f', [a])

    def float_abs(self, a):
        return self._pure('float_abs', 'f', [a])

    def cast_int_to_float(self, a):
        return self._pure("cast_int_to_float", "i", [a])

    def cast_float_to_int(self, a):
        return self._pure("cast_float_to_int", "f", [a])

    def ptr_eq(self, a, b):
        return self._pure("ptr_eq", "rr", [a, b])

    def ptr_ne(self, a, b):
        return self._pure("ptr_ne", "rr", [a, b])

    def float_is_finite(self, a):
        return self.call_i(_float_is_finite, a)

    # -- residual calls --------------------------------------------------------------------------

    def _call(self, kind, func, args):
        tracer = self.tracer
        replayed = tracer.next_replayed_call()
        flat, pattern = _flatten(args)
        if replayed is not None:
            if replayed.operr is not None:
                raise replayed.operr
            tracer.note_call_result(replayed.value)
            return replayed.value
        descr = CallDescr(func, pattern, kind, self.space)
        boxes = [self._arg(v, "f" if isinstance(value_of(v), float) else _int_kind(self.heap, v))
                 for v in flat]
        # an elidable function's call is recorded as call_pure_*, as PyPy's
        # metainterp records it; the optimizer folds it, shares it, or emits
        # it as a plain call_*
        name = ("call_pure_" if kind != "n" and is_elidable(func) else "call_") + kind
        op = self._record(name, [ConstInt(tracer.function_number(func))] + boxes, descr)
        if not getattr(func, "_jit_cannot_raise_", False):     # (PyPy: EF_ELIDABLE_CANNOT_RAISE)
            # guard_no_exception's resume data holds the calls made *before* this one
            tracer.record_guard("guard_no_exception", [], interpreter_frame())
        op.value = result = tracer.call_host(descr, [value_of(v) for v in flat])
        tracer.note_call_result(op if kind != "n" else None)
        return result if kind == "n" else op

    def call_assembler_r(self, descr, values):
        """A call to a function's compiled code (runtime.portal_call decided
        it): recorded as ``call_assembler_r(frame values..., descr=<LoopN>)``
        and guard_no_exception, run now by the portal runner (the tracer
        does not follow it, as for a residual call)."""
        tracer = self.tracer
        replayed = tracer.next_replayed_call()
        if replayed is not None:
            if replayed.operr is not None:
                raise replayed.operr
            tracer.note_call_result(replayed.value)
            return replayed.value
        boxes = [self._arg(v, "r") for v in values]
        op = self._record("call_assembler_r", boxes, descr)
        tracer.record_guard("guard_no_exception", [], interpreter_frame())
        op.value = tracer.call_host(descr, [value_of(v) for v in values])
        tracer.note_call_result(op)
        return op

    def call_i(self, func, *args):
        return self._call("i", func, args)

    def call_r(self, func, *args):
        return self._call("r", func, args)

    def call_f(self, func, *args):
        return self._call("f", func, args)

    def call_n(self, func, *args):
        return self._call("n", func, args)


def _int_kind(heap, v):
    if isinstance(v, AbstractValue):
        return v.type
    return "r" if heap.contains(v) else "i"


def _is_ll(value):
    return isinstance(value, AbstractValue) or type(value) in (int, float)


def _flatten(args):
    """Split a host call's arguments into flat ll values and a rebuild pattern
    (lists and keyword dicts of ll values are spread out)."""
    flat, pattern = [], []
    for arg in args:
        if _is_ll(arg):
            flat.append(arg)
            pattern.append(("arg",))
        elif isinstance(arg, list) and all(_is_ll(a) for a in arg):
            flat.extend(arg)
            pattern.append(("list", len(arg)))
        elif isinstance(arg, dict) and all(_is_ll(v) for v in arg.values()):
            flat.extend(arg.values())
            pattern.append(("dict", tuple(arg)))
        else:
            pattern.append(("const", arg))
    return flat, pattern


def _float_is_finite(x):
    return int(x - x == 0.0)


class ReplayOps(DirectOps):
    """Direct operations that return known call outcomes instead of calling:
    used by the blackhole step (blackhole.py), which re-enters the bytecode a
    guard interrupted from its start (in PyPy the blackhole interpreter
    resumes at the guard's position: nothing to replay)."""

    def __init__(self, space, replayed):
        DirectOps.__init__(self, space.heap, space.gc)
        self.replayed = list(replayed)

    def _next(self, func, args):
        if not self.replayed:
            return func(*args)
        outcome = self.replayed.pop(0)
        if outcome.operr is not None:
            raise outcome.operr
        return outcome.value

    def call_i(self, func, *args):
        return self._next(func, args)

    def call_assembler_r(self, descr, values):
        return self._next(descr.call, (values,))

    call_r = call_f = call_n = call_i
