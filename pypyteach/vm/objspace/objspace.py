"""The object space: creates, inspects and operates on guest objects.

Named after PyPy's ``ObjSpace``.  Every guest object is an address in the
heap (``w_`` prefix, as in PyPy).  The space owns the heap, the collector and
the low-level operations (``self.ll``) the interpreter is written against.

The generic operations (``add``, ``getattr``, ``call``...) live in
descroperation.py; each builtin type's own code lives in std/.
"""

import operator
import sys

from ..memory import layout as L
from ..memory.gc import GC, MIN_THRESHOLD
from ..memory.heap import Heap, DEFAULT_HEAP_SIZE, NULL
from ..memory.lloperation import DirectOps, MAXINT, MININT
from .gateway import BuiltinFunction
from .operationerror import OperationError
from .descroperation import DescrOperation
from .attributes import AttrOperations
from .containerops import ContainerOperations
from .std import (dictobject, exceptions, listobject, longobject, numberobject, setobject, strobject,
                  tupleobject, typeobject)
from . import typesetup
from ..compiler.code import Code, FrozenSetConst

INTVAL = L.W_IntObject.field("intval")
FLOATVAL = L.W_FloatObject.field("floatval")
STR_LENGTH = L.W_UnicodeObject.field("length")
STR_HASH = L.W_UnicodeObject.field("hash")
TUPLE_ITEMS = L.W_TupleObject.array
ARRAY_ITEMS = L.GcArray.array
LIST_LENGTH = L.W_ListObject.field("length")

INT_LIKE = frozenset([L.W_IntObject.tid, L.W_BoolObject.tid])
INTEGRAL = frozenset([L.W_IntObject.tid, L.W_BoolObject.tid, L.W_LongObject.tid])


class ObjSpace(DescrOperation, AttrOperations, ContainerOperations):
    def __init__(self, heap_size=DEFAULT_HEAP_SIZE, byteorder="little", recursion_limit=1000,
                 gc_threshold=None, gc_debug=False):
        self.heap = Heap(heap_size, byteorder)
        self.gc = GC(self.heap, gc_threshold or MIN_THRESHOLD, debug_poison=gc_debug)
        self.ll = DirectOps(self.heap, self.gc)
        self.direct_ll = self.ll
        # The hottest reads as the heap's own closures and C builtins, on this
        # instance only (TracingOps and ReplayOps keep their methods): the
        # same results as DirectOps.classof / is_null / is_true and tid().
        self.tid = self.heap.read_int
        self.ll.is_null = operator.not_
        self.ll.is_true = bool
        self.recursion_limit = recursion_limit
        self.builtin_functions = []      # index -> BuiltinFunction
        self.builtin_index = {}          # BuiltinFunction -> index
        self.code_table = []             # index -> (Code, w_code, consts_w)
        self.mutable_globals = set()     # (w_dict, name) rebound to another object: PyPy's cells
        self.code_index = {}             # Code -> index
        self.prebuilt = []               # addresses that live forever
        self.gc.root_providers.append(lambda: self.prebuilt)
        self.output = []                 # what the guest printed, in pieces
        self.interp = None               # set by the Interpreter
        typesetup.setup(self)

    # -- allocation helpers ------------------------------------------------------

    def prebuild(self, w_obj):
        """Keep ``w_obj`` alive forever (types, singletons, interned constants)."""
        self.prebuilt.append(w_obj)
        return w_obj

    def allocate(self, layout):
        return self.ll.new_with_vtable(layout.size_descr)

    # -- ints --------------------------------------------------------------------

    def newint(self, value):
        """Box an ll int (a machine word) as a W_IntObject."""
        ll = self.ll
        w_int = ll.new_with_vtable(L.W_IntObject.size_descr)
        ll.setfield_gc(w_int, value, INTVAL)
        return w_int

    def wrap_int(self, value):
        """Any host int: a W_IntObject if it fits a word, else a W_LongObject."""
        if MININT <= value <= MAXINT:
            return self.newint(value)
        return longobject.newlong(self, value)

    def newbool(self, flag):
        return self.w_True if flag else self.w_False

    def newfloat(self, value):
        ll = self.ll
        w_float = ll.new_with_vtable(L.W_FloatObject.size_descr)
        ll.setfield_gc(w_float, value, FLOATVAL)
        return w_float

    def int_w(self, w_obj):
        """The host int value of an int, bool or long (host code only)."""
        tid = self.heap.read_int(w_obj)
        if tid in INT_LIKE:
            return self.heap.read_int(w_obj + INTVAL.offset)
        if tid == L.W_LongObject.tid:
            return longobject.long_value(self, w_obj)
        raise self.type_error("'%s' object cannot be interpreted as an integer" % self.type_name(w_obj))

    def float_w(self, w_obj):
        tid = self.heap.read_int(w_obj)
        if tid == L.W_FloatObject.tid:
            return self.heap.read_float(w_obj + FLOATVAL.offset)
        if tid in INTEGRAL:
            return numberobject.int_to_float(self, self.int_w(w_obj))
        raise self.type_error("must be real number, not %s" % self.type_name(w_obj))

    # -- strings -------------------------------------------------------------------

    def newstr(self, text):
        return strobject.newstr(self, text)

    def str_w(self, w_obj):
        if self.heap.read_int(w_obj) != L.W_UnicodeObject.tid:
            raise self.type_error("expected str, got %s" % self.type_name(w_obj))
        return strobject.str_value(self, w_obj)

    # -- tuples and lists ------------------------------------------------------------

    def newtuple(self, items_w):
        """A tuple (ll style): specialised if it is a pair of ints or floats."""
        if len(items_w) == 2:
            w_tuple = tupleobject.ll_newtuple2(self, items_w[0], items_w[1])
            if w_tuple is not None:
                return w_tuple
        return self.newtuple_generic(items_w)

    def newtuple_generic(self, items_w):
        """A W_TupleObject, never specialised (ll style)."""
        ll = self.ll
        w_tuple = ll.new_array(L.W_TupleObject, len(items_w))
        for i, w_item in enumerate(items_w):
            ll.setarrayitem_gc(w_tuple, i, w_item, TUPLE_ITEMS)
        return w_tuple

    def tuple_w(self, w_tuple):
        if self.tid(w_tuple) in tupleobject.SPECIALISED:
            items_w = []            # a local: see liststrategy.list_items
            items_w.append(tupleobject.tuple_item(self, w_tuple, 0))
            items_w.append(tupleobject.tuple_item(self, w_tuple, 1))
            return items_w
        read = self.heap.read_int
        n = read(w_tuple + TUPLE_ITEMS.length_offset)
        base = w_tuple + TUPLE_ITEMS.items_offset
        return [read(base + 8 * i) for i in range(n)]

    def newlist(self, items_w):
        return listobject.newlist(self, items_w)

    def list_w(self, w_list):
        return listobject.list_items(self, w_list)

    def newdict(self):
        return dictobject.newdict(self)

    # -- types -------------------------------------------------------------------------

    def tid(self, w_obj):
        return self.heap.read_int(w_obj)

    def type(self, w_obj):
        """The guest type object of ``w_obj`` (host code)."""
        tid = self.heap.read_int(w_obj)
        if tid == L.W_InstanceObject.tid:
            return self.maps[self.heap.read_int(w_obj + L.W_InstanceObject.field("map").offset)].w_class
        return self.type_by_tid[tid]

    def type_name(self, w_obj):
        return self.type_name_of(self.type(w_obj))

    def type_name_of(self, w_type):
        return self.str_w(self.heap.read_int(w_type + L.W_TypeObject.field("name").offset))

    def is_subtype(self, w_type, w_base):
        return typeobject.is_subtype(self, w_type, w_base)

    def isinstance_w(self, w_obj, w_type):
        return self.is_subtype(self.type(w_obj), w_type)

    # -- errors ---------------------------------------------------------------------------

    def new_exception(self, w_type, *args_w):
        return exceptions.new_exception(self, w_type, list(args_w))

    def error(self, w_type, message=None):
        """An OperationError carrying a new ``w_type(message)``.  Host code:
        the exception is made with direct operations even while tracing."""
        saved, self.ll = self.ll, self.direct_ll
        try:
            args = [] if message is None else [self.newstr(message)]
            return OperationError(self.new_exception(w_type, *args))
        finally:
            self.ll = saved

    def type_error(self, message):
        return self.error(self.w_TypeError, message)

    def value_error(self, message):
        return self.error(self.w_ValueError, message)

    def exception_matches(self, w_exc, w_check):
        """``except w_check`` catches ``w_exc``? (w_check: a class or tuple of classes)."""
        if self.tid(w_check) in tupleobject.TUPLE_TIDS:
            return any(self.exception_matches(w_exc, w_item) for w_item in self.tuple_w(w_check))
        if self.tid(w_check) != L.W_TypeObject.tid or not self.is_subtype(w_check, self.w_BaseException):
            raise self.type_error("catching classes that do not inherit from BaseException is not allowed")
        return self.isinstance_w(w_exc, w_check)

    # -- builtin functions ------------------------------------------------------------------

    def register_builtin(self, builtin):
        """The number of ``builtin`` in this space's table (registering it once)."""
        assert isinstance(builtin, BuiltinFunction)
        index = self.builtin_index.get(builtin)
        if index is None:
            index = self.builtin_index[builtin] = len(self.builtin_functions)
            self.builtin_functions.append(builtin)
        return index

    def new_builtin_function(self, builtin, w_self=NULL):
        """A guest object calling ``builtin`` (bound to ``w_self`` when given)."""
        index = self.register_builtin(builtin)
        w_func = self.allocate(L.W_BuiltinFunctionObject)
        self.heap.write_int(w_func + L.W_BuiltinFunctionObject.field("index").offset, index)
        self.heap.write_int(w_func + L.W_BuiltinFunctionObject.field("self").offset, w_self)
        return w_func

    # -- namespaces and constants -----------------------------------------------------------

    def load_code(self, code):
        """Register a host Code (and its nested ones) with this space: a
        W_CodeObject whose constants are heap objects.  Returns the w_code."""
        new = [nested for nested in code.nested_codes() if nested not in self.code_index]
        for nested in new:
            w_code = self.prebuild(self.allocate(L.W_CodeObject))
            self.code_index[nested] = len(self.code_table)
            self.heap.write_int(w_code + L.W_CodeObject.field("index").offset, len(self.code_table))
            self.code_table.append((nested, w_code, []))
        for nested in new:
            _, w_code, consts_w = self.code_table[self.code_index[nested]]
            consts_w.extend(self._const(value) for value in nested.co_consts)
            # never a specialised tuple: the consts tuple keeps consts_w's boxes alive
            self.heap.write_int(w_code + L.W_CodeObject.field("consts").offset, self.newtuple_generic(consts_w))
        return self.code_table[self.code_index[code]][1]

    def _const(self, value):
        if isinstance(value, Code):
            return self.code_table[self.code_index[value]][1]
        if isinstance(value, FrozenSetConst):
            return setobject.constant_set(self, [self._const(item) for item in value])
        if isinstance(value, str):
            return self.intern(value)
        if isinstance(value, tuple):
            return self.newtuple([self._const(item) for item in value])
        return self.wrap(value)

    def load_const(self, code, index):
        """Constant ``index`` of a loaded code object (a green: constant in traces)."""
        return self.code_table[self.code_index[code]][2][index]

    def loaded_consts(self, code):
        """The constants list of a loaded code object, None if not loaded."""
        index = self.code_index.get(code)
        return None if index is None else self.code_table[index][2]

    def load_global(self, w_globals, name):
        """A global or builtin: constant in a trace while nobody rebinds it
        (PyPy makes module dicts quasi-immutable in the same way).  A global
        that was rebound to another object is read when the trace runs, as
        PyPy reads the ModuleCell it then lives in (celldict.py): writing it
        again invalidates nothing."""
        ll = self.ll
        w_globals = ll.promote(w_globals)
        if (w_globals, name) in self.mutable_globals:
            return ll.call_r(self.lookup_global, w_globals, name)
        ll.quasi_immutable(("global", w_globals, name))
        w_value = dictobject.getitem_str(self, w_globals, name)
        if not w_value:
            ll.quasi_immutable(("global", self.w_builtins, name))
            w_value = dictobject.getitem_str(self, self.w_builtins, name)
            if not w_value:
                raise self.error(self.w_NameError, "name '%s' is not defined" % name)
        return ll.const(w_value)

    def lookup_global(self, w_globals, name):
        """Host code: a global or builtin, looked up now (NameError if neither)."""
        w_value = dictobject.getitem_str(self, w_globals, name) or \
            dictobject.getitem_str(self, self.w_builtins, name)
        if not w_value:
            raise self.error(self.w_NameError, "name '%s' is not defined" % name)
        return w_value

    def store_global(self, w_globals, name, w_value):
        self.ll.call_n(self.store_name, w_globals, name, w_value)

    def store_name(self, w_namespace, name, w_value):
        """Host code: bind a name in a namespace and tell the JIT, as PyPy's
        write_cell decides: a new name changes the namespace (loops that
        folded its absence are invalidated); the same object again changes
        nothing; another object makes the name a mutable cell, invalidating
        once, after which writes go into the cell and invalidate nothing."""
        key = (w_namespace, name)
        w_old = dictobject.getitem_str(self, w_namespace, name)
        dictobject.setitem_str(self, w_namespace, name, w_value)
        if key in self.mutable_globals or w_old == w_value:
            return
        if w_old:
            self.mutable_globals.add(key)
        self.globals_changed(w_namespace, name)

    def delete_name(self, w_namespace, name):
        """Host code: unbind a name (False if it was not bound); bound again
        later, it starts without a cell, as in PyPy."""
        if not dictobject.delitem(self, w_namespace, self.intern(name)):
            return False
        self.mutable_globals.discard((w_namespace, name))
        self.globals_changed(w_namespace, name)
        return True

    def globals_changed(self, w_dict, name):
        """A namespace changed: the JIT invalidates code that assumed otherwise."""
        for listener in self.globals_change_listeners:
            listener(w_dict, name)

    globals_change_listeners = ()

    def make_exception(self, w_obj):
        """What ``raise w_obj`` raises: an instance, created if w_obj is a class."""
        if self.tid(w_obj) == L.W_TypeObject.tid and self.is_subtype(w_obj, self.w_BaseException):
            return self.call_function(w_obj)
        if self.tid(w_obj) == L.W_InstanceObject.tid and self.isinstance_w(w_obj, self.w_BaseException):
            return w_obj
        raise self.type_error("exceptions must derive from BaseException")

    def set_cause(self, w_exc, w_cause):
        if w_cause != self.w_None:
            w_cause = self.make_exception(w_cause)
        typeobject.instance_setattr(self, w_exc, typeobject.instance_map(self, w_exc), "__cause__", w_cause)

    def import_module(self, name):
        w_module = self.modules.get(name)
        if w_module is None:
            raise self.error(self.w_ModuleNotFoundError, "No module named '%s'" % name)
        return w_module

    # -- output -------------------------------------------------------------------------

    def write(self, text):
        try:
            text.encode("utf-8")      # CPython's stdout is UTF-8 here: a lone surrogate fails
        except UnicodeEncodeError as exc:
            raise self.error(self.w_UnicodeEncodeError, str(exc))
        self.output.append(text)
        if self.stdout is not None:
            self.stdout.write(text)

    stdout = None

    def host_recursion_headroom(self):
        """Make sure the host stack can hold recursion_limit guest frames
        (a guest call made from host code, a special method, takes about 13
        host frames: dispatch, execute_bytecode, the handler, the space...)."""
        needed = self.recursion_limit * 14 + 1000
        if sys.getrecursionlimit() < needed:
            sys.setrecursionlimit(needed)
