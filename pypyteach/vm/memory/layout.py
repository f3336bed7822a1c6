"""Object layouts and their descrs.

Every heap object is a header word (its type id, ``tid``) followed by fields at
fixed offsets; variable-sized objects end in an item array whose length sits
in a fixed field.  A Layout is declared once here; the GC walks objects with
it, the interpreter reads fields through its descrs, and the JIT prints those
same descrs in traces, as PyPy does: ``<FieldS W_IntObject.intval 8 pure>``.

Field kinds follow PyPy's result kinds: ``i`` (a signed machine word),
``r`` (a reference: a pointer to another object, or NULL) and ``f`` (an IEEE
double).
"""

from .heap import WORD

KIND_LETTER = {"i": "S", "r": "P", "f": "F"}   # PyPy's FieldS / FieldP / FieldF


class FieldDescr:
    """A field of a fixed layout: where it lives and what it holds."""

    def __init__(self, struct_name, name, offset, kind, immutable=False):
        self.struct_name = struct_name
        self.name = name
        self.offset = offset
        self.kind = kind
        self.immutable = immutable   # a "pure" field: never changes after allocation

    def __repr__(self):
        pure = " pure" if self.immutable else ""
        return "<Field%s %s.%s %d%s>" % (KIND_LETTER[self.kind], self.struct_name, self.name, self.offset, pure)


class ArrayDescr:
    """The item array at the end of a variable-sized layout."""

    def __init__(self, struct_name, length_offset, items_offset, itemsize, kind, item_refs=()):
        self.struct_name = struct_name
        self.length_offset = length_offset
        self.items_offset = items_offset
        self.itemsize = itemsize
        self.kind = kind                # kind of a one-word item, or "s" for a struct item
        self.item_refs = tuple(item_refs)   # offsets of references inside one item
        self.float_view = None          # the same items read and written as doubles (raw words)

    def item_address(self, obj, index):
        return obj + self.items_offset + index * self.itemsize

    def for_kind(self, kind):
        """The descr to store an item of ``kind`` with: this one, or, for an
        array of raw words that also holds doubles, its float view."""
        return self.float_view if kind == "f" and self.float_view is not None else self

    def __repr__(self):
        letter = KIND_LETTER.get(self.kind, "S")
        return "<Array%s %d>" % (letter, self.itemsize)


class SizeDescr:
    """What ``new``/``new_with_vtable`` allocate: a fixed size and a type id."""

    def __init__(self, layout):
        self.layout = layout

    @property
    def size(self):
        return self.layout.size

    @property
    def tid(self):
        return self.layout.tid

    def __repr__(self):
        return "<SizeDescr %d %s>" % (self.layout.size, self.layout.name)


class Layout:
    def __init__(self, name, fields=(), array=None):
        self.name = name
        self.tid = None                 # assigned by LayoutTable.register
        self.fields = {}
        offset = WORD                   # word 0 is the header (tid)
        for spec in fields:
            field_name, kind = spec[0], spec[1]
            immutable = len(spec) > 2 and spec[2] == "pure"
            self.fields[field_name] = FieldDescr(name, field_name, offset, kind, immutable)
            offset += WORD
        self.size = offset              # size of the fixed part (whole size if not varsize)
        self.ref_offsets = tuple(f.offset for f in self.fields.values() if f.kind == "r")
        self.array = None
        if array is not None:
            length_field, itemsize, kind = array[:3]
            item_refs = array[3] if len(array) > 3 else ((0,) if kind == "r" else ())
            self.array = ArrayDescr(name, self.fields[length_field].offset, self.size,
                                    itemsize, kind, item_refs)
            self.array.layout = self      # new_array(length, descr=<ArrayP 8>) allocates this layout
        self.size_descr = SizeDescr(self)
        self.notes = []                 # lines format_layout adds (what a field's values mean)

    def field(self, name):
        return self.fields[name]

    def total_size(self, length):
        """Bytes occupied by an object of this layout with ``length`` items."""
        if self.array is None:
            return self.size
        nbytes = self.size + length * self.array.itemsize
        return (nbytes + WORD - 1) & ~(WORD - 1)

    def describe(self):
        """Rows (field, offset, size, kind) for the layout helper."""
        rows = [("tid (header)", 0, WORD, "i")]
        for f in self.fields.values():
            rows.append((f.name, f.offset, WORD, f.kind))
        if self.array is not None:
            rows.append(("items[]", self.array.items_offset, self.array.itemsize, self.array.kind))
        return rows


def format_layout(layout):
    """A printable table of a layout: field, offset, size."""
    lines = ["%s (tid %d, %s)" % (layout.name, layout.tid,
                                  "%d bytes" % layout.size if layout.array is None
                                  else "%d bytes + %d per item" % (layout.size, layout.array.itemsize))]
    lines.append("  %-16s %6s %5s  %s" % ("field", "offset", "size", "kind"))
    for name, offset, size, kind in layout.describe():
        lines.append("  %-16s %6d %5d  %s" % (name, offset, size, {"i": "int", "r": "ref", "f": "float",
                                                                  "s": "struct", "b": "byte",
                                                                  "u": "char"}[kind]))
    lines.extend("  " + note for note in layout.notes)
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# The layouts of the guest world.  Order defines the type ids (tid 0 is never
# used, so a zero word is never a valid header).

FREE = Layout("FreeBlock", [("size", "i")])           # a hole left by the sweep
FREE_WORD = Layout("FreeWord")                        # an 8-byte hole
POISONED = Layout("PoisonedObject", [("size", "i")])  # a dead object, in the GC's debug mode

W_NoneObject = Layout("W_NoneObject")
W_NotImplementedObject = Layout("W_NotImplementedObject")
W_EllipsisObject = Layout("W_EllipsisObject")
W_BoolObject = Layout("W_BoolObject", [("intval", "i", "pure")])
W_IntObject = Layout("W_IntObject", [("intval", "i", "pure")])
# Integers beyond a machine word: two's complement bytes, little-endian.
W_LongObject = Layout("W_LongObject", [("nbytes", "i", "pure")], array=("nbytes", 1, "b"))
W_FloatObject = Layout("W_FloatObject", [("floatval", "f", "pure")])
# str: a code point per 4-byte item (UTF-32 in the heap's byte order); hash 0 until computed
# (as PyPy's rstr: a string made by compiled code, newunicode, needs no store for it)
W_UnicodeObject = Layout("W_UnicodeObject", [("length", "i", "pure"), ("hash", "i")],
                         array=("length", 4, "u"))
W_TupleObject = Layout("W_TupleObject", [("length", "i", "pure")], array=("length", WORD, "r"))
# PyPy's specialised 2-tuples (pypy/objspace/std/specialisedtupleobject.py):
# two exact ints, or two floats (not NaN), stored unboxed; other tuples are
# W_TupleObjects (in PyPy, other 2-tuples are W_SpecialisedTupleObject_oo)
W_SpecialisedTupleObject_ii = Layout("W_SpecialisedTupleObject_ii", [("value0", "i", "pure"),
                                                                     ("value1", "i", "pure")])
W_SpecialisedTupleObject_ff = Layout("W_SpecialisedTupleObject_ff", [("value0", "f", "pure"),
                                                                     ("value1", "f", "pure")])
GcArray = Layout("GcArray", [("length", "i", "pure")], array=("length", WORD, "r"))
GcIntArray = Layout("GcIntArray", [("length", "i", "pure")], array=("length", WORD, "i"))
# Raw words: the GC never scans them.  Instances keep their unboxed int *and*
# float attributes in one GcIntArray; a float attribute's word is read and
# written through this second descr of the same items, <ArrayF 8>.
GcIntArray.array.float_view = ArrayDescr("GcIntArray", GcIntArray.array.length_offset,
                                         GcIntArray.array.items_offset, WORD, "f")
GcIntArray.array.float_view.layout = GcIntArray
# list: PyPy's storage strategies (vm/objspace/std/liststrategy.py).  ``strategy``
# says what ``items`` is: NULL (empty), a GcArray of references (object), a
# GcIntArray of raw machine words (int) or of raw doubles (float, <ArrayF 8>)
W_ListObject = Layout("W_ListObject", [("length", "i"), ("items", "r"), ("strategy", "i")])
# the values of W_ListObject.strategy, by number (a fresh, zeroed list is empty)
LIST_STRATEGIES = ("EmptyListStrategy", "ObjectListStrategy", "IntegerListStrategy", "FloatListStrategy")
W_ListObject.notes = ["strategy: " + ", ".join("%d %s" % pair for pair in enumerate(LIST_STRATEGIES)),
                      "items: NULL (empty), GcArray <ArrayP 8> (object), "
                      "GcIntArray <ArrayS 8> (int) or <ArrayF 8> (float)"]
# dict: compact, insertion-ordered entries (hash, key, value) plus an index table
GcDictEntries = Layout("GcDictEntries", [("length", "i", "pure")], array=("length", 3 * WORD, "s", (8, 16)))
W_DictObject = Layout("W_DictObject", [("used", "i"), ("nentries", "i"), ("indices", "r"), ("entries", "r")])
# set: open addressing table of (hash, key), as CPython's setobject
GcSetEntries = Layout("GcSetEntries", [("length", "i", "pure")], array=("length", 2 * WORD, "s", (8,)))
W_SetObject = Layout("W_SetObject", [("used", "i"), ("fill", "i"), ("table", "r"), ("finger", "i")])
W_DummyObject = Layout("W_DummyObject")               # marks a deleted set slot
W_TypeObject = Layout("W_TypeObject", [("name", "r"), ("base", "r"), ("dict", "r"), ("mro", "r"),
                                       ("version", "i"), ("instance_tid", "i"), ("flags", "i")])
# user instances: the map (a host-side Map, by number) gives the class and
# where each attribute lives: boxed in storage (a GcArray), or unboxed, as a
# raw machine word (an exact int or float), in unboxed (a GcIntArray)
W_InstanceObject = Layout("W_InstanceObject", [("map", "i"), ("storage", "r"), ("unboxed", "r")])
W_FunctionObject = Layout("W_FunctionObject", [("code", "r", "pure"), ("globals", "r", "pure"),
                                               ("defaults", "r"), ("kwdefaults", "r"),
                                               ("closure", "r", "pure"), ("name", "r"),
                                               ("qualname", "r"), ("dict", "r")])
W_CodeObject = Layout("W_CodeObject", [("index", "i", "pure"), ("consts", "r", "pure")])
W_CellObject = Layout("W_CellObject", [("ref", "r")])
W_MethodObject = Layout("W_MethodObject", [("func", "r", "pure"), ("self", "r", "pure")])
W_BuiltinFunctionObject = Layout("W_BuiltinFunctionObject", [("index", "i", "pure"), ("self", "r", "pure")])
# a generator: ``frame`` is the handle of its host Frame (code, blocks...);
# for a generator whose resumption traces inline (Code.inlinable_generator)
# its suspended state is in the heap, as the fields of PyPy's PyFrame:
# ``pycode`` (the W_CodeObject), ``locals_cells_stack_w`` (a GcArray: the
# globals, then cells, locals and value stack), ``last_instr`` (the offset of
# the yield it is suspended at, -1 before its first run) and
# ``valuestackdepth`` (its stack's depth; in PyPy an index into
# locals_cells_stack_w, past the locals)
W_GeneratorObject = Layout("W_GeneratorObject", [("frame", "i"), ("running", "i"), ("name", "r"),
                                                 ("pycode", "r"), ("locals_cells_stack_w", "r"),
                                                 ("last_instr", "i"), ("valuestackdepth", "i")])
W_RangeObject = Layout("W_RangeObject", [("start", "i", "pure"), ("stop", "i", "pure"), ("step", "i", "pure")])
W_IntRangeIterator = Layout("W_IntRangeIterator", [("current", "i"), ("stop", "i", "pure"),
                                                   ("step", "i", "pure")])
# ranges whose values leave the machine words (range(10**30), range(2**63-2,
# 2**63+2)): the same guest type, start/stop/step as int objects (W_IntObject
# or W_LongObject), as CPython's rangeobject holds PyLongs; and their
# iterator, CPython's longrange_iterator (in PyPy: W_RangeIterator, the
# general iterator next to W_IntRangeIterator).  A W_RangeObject is only made
# when its forward iteration stays in words (iterobject.newrange), so the
# JIT's inlined iter(range) and W_IntRangeIterator never see an overflow.
W_LongRangeObject = Layout("W_LongRangeObject", [("start", "r", "pure"), ("stop", "r", "pure"),
                                                 ("step", "r", "pure")])
W_LongRangeIterator = Layout("W_LongRangeIterator", [("current", "r"), ("remaining", "r"),
                                                     ("step", "r", "pure")])
W_SeqIterObject = Layout("W_SeqIterObject", [("seq", "r"), ("index", "i")])
W_ReverseSeqIterObject = Layout("W_ReverseSeqIterObject", [("seq", "r"), ("index", "i")])
W_DictIterObject = Layout("W_DictIterObject", [("dict", "r"), ("index", "i"), ("kind", "i"),
                                               ("expected", "i")])
W_DictViewObject = Layout("W_DictViewObject", [("dict", "r"), ("kind", "i")])
W_SetIterObject = Layout("W_SetIterObject", [("set", "r"), ("index", "i"), ("expected", "i")])
W_EnumerateObject = Layout("W_EnumerateObject", [("iter", "r"), ("index", "r")])
W_ZipObject = Layout("W_ZipObject", [("iters", "r")])
W_MapObject = Layout("W_MapObject", [("func", "r"), ("iters", "r")])
W_FilterObject = Layout("W_FilterObject", [("func", "r"), ("iter", "r")])
W_SliceObject = Layout("W_SliceObject", [("start", "r", "pure"), ("stop", "r", "pure"), ("step", "r", "pure")])
W_ModuleObject = Layout("W_ModuleObject", [("name", "r"), ("dict", "r")])
W_SuperObject = Layout("W_SuperObject", [("type", "r"), ("obj", "r")])
W_StaticMethodObject = Layout("W_StaticMethodObject", [("func", "r")])
W_ClassMethodObject = Layout("W_ClassMethodObject", [("func", "r")])
W_PropertyObject = Layout("W_PropertyObject", [("fget", "r"), ("fset", "r"), ("fdel", "r")])

# The JIT's own objects (jit/backend/jitframe.py), as PyPy's jitframe and its
# GC's nursery pointers: machine code reads and writes them like any object.
# JitFrame: the exit taken (jf_descr: an exit number), the pending-exception
# flag a residual call sets (jf_guard_exc), then one word per slot: inputs,
# spilled values, a failing guard's saved values (floats as their 64-bit
# pattern).  Items are "i": the GC never follows them (compiled code runs
# with collections inhibited; values are read back before the next safepoint).
JitFrame = Layout("JitFrame", [("jf_descr", "i"), ("jf_guard_exc", "i"), ("jf_length", "i", "pure")],
                  array=("jf_length", WORD, "i"))
# GcState: the nursery's bump pointer and allocation limit, copied from and
# back to vm/memory/gc.py around every run of machine code (GC.sync_to_heap/_from_heap).
GcState = Layout("GcState", [("nursery_free", "i"), ("nursery_top", "i")])


class LayoutTable:
    """Type id -> layout, and the name of every layout."""

    def __init__(self):
        self.by_tid = [None]
        self.by_name = {}

    def register(self, layout):
        assert layout.name not in self.by_name, layout.name
        layout.tid = len(self.by_tid)
        self.by_tid.append(layout)
        self.by_name[layout.name] = layout
        return layout


LAYOUTS = LayoutTable()
for _layout in [FREE, FREE_WORD, POISONED, W_NoneObject, W_NotImplementedObject, W_EllipsisObject, W_BoolObject,
                W_IntObject, W_LongObject, W_FloatObject, W_UnicodeObject, W_TupleObject, GcArray,
                GcIntArray, W_ListObject, GcDictEntries, W_DictObject, GcSetEntries, W_SetObject,
                W_DummyObject, W_TypeObject, W_InstanceObject, W_FunctionObject, W_CodeObject,
                W_CellObject, W_MethodObject, W_BuiltinFunctionObject, W_GeneratorObject,
                W_RangeObject, W_IntRangeIterator, W_SeqIterObject, W_ReverseSeqIterObject,
                W_DictIterObject, W_DictViewObject, W_SetIterObject, W_EnumerateObject, W_ZipObject,
                W_MapObject, W_FilterObject, W_SliceObject, W_ModuleObject, W_SuperObject,
                W_StaticMethodObject, W_ClassMethodObject, W_PropertyObject, JitFrame, GcState,
                W_SpecialisedTupleObject_ii, W_SpecialisedTupleObject_ff, W_LongRangeObject,
                W_LongRangeIterator]:
    LAYOUTS.register(_layout)
del _layout
# every layout a guest tuple has
TUPLE_TIDS = frozenset([W_TupleObject.tid, W_SpecialisedTupleObject_ii.tid, W_SpecialisedTupleObject_ff.tid])
# every layout a guest range has
RANGE_TIDS = frozenset([W_RangeObject.tid, W_LongRangeObject.tid])
