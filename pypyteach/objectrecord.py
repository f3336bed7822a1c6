"""A heap object as plain data: its layout, its words, and what they hold.

``object_record(space, w_obj, depth)`` reads one guest object (an address
in the heap) field by field, as the layout (vm/memory/layout.py) places them, and
follows its reference fields ``depth`` levels down.  An instance's ``map``
field is also described: the class, and per attribute its kind (boxed in
``storage``, or an unboxed int or float in ``unboxed``) and index.  The
views (viz/objects.py) draw these records; nothing here writes to the heap
or runs guest code.
"""

from dataclasses import dataclass, field

from .vm.memory import layout as L
from .vm.memory.heap import WORD
from .vm.objspace.std import typeobject
from .steprecorder import ValueReprs

MAX_ITEMS = 8
KIND_NAMES = {"r": "boxed, in storage", "i": "unboxed int", "f": "unboxed float"}


@dataclass
class Word:
    name: str            # "intval", "[0]"...
    offset: int          # from the object's start
    kind: str            # "i", "r", "f", "s" (struct items), "b" (bytes)
    value: object        # the raw word (an address for refs), or a float
    target: object = None    # ObjectRecord the reference points to (within depth)
    note: str = ""           # what the value means (a list's strategy number...)


@dataclass
class MapRecord:
    number: int
    class_name: str
    attributes: list     # [(name, kind name, index)]


@dataclass
class ObjectRecord:
    address: int
    type_name: str       # the layout's name, W_IntObject...
    tid: int
    size: int
    value: str           # the guest value as a short repr (no guest code runs)
    words: list = field(default_factory=list)
    more_items: int = 0  # items not shown
    map: MapRecord = None
    detail: str = ""     # shown after the type name: a list's strategy ("int strategy")

    @property
    def title(self):
        """The type name with its detail: "W_ListObject(int strategy)"."""
        return "%s(%s)" % (self.type_name, self.detail) if self.detail else self.type_name


def object_record(space, w_obj, depth=1):
    """The object at ``w_obj`` and what its references point to, ``depth``
    levels down (0: the object alone)."""
    if not isinstance(w_obj, int) or w_obj == 0:
        raise ValueError("give the address of a heap object (as id() returns it), not %r" % (w_obj,))
    if not space.heap.base <= w_obj < space.heap.end:
        raise ValueError("0x%x is not inside the heap (0x%x-0x%x)" % (w_obj, space.heap.base, space.heap.end))
    return _record(space, w_obj, depth, {})


def _record(space, addr, depth, seen):
    if addr in seen:
        return seen[addr]
    read = space.heap.read_int
    tid = read(addr)
    by_tid = L.LAYOUTS.by_tid
    layout = by_tid[tid] if 0 < tid < len(by_tid) else None
    if layout is None:
        raise ValueError("0x%x does not hold an object header (word 0x%x is no type id)" % (addr, tid))
    record = ObjectRecord(addr, layout.name, tid, space.gc.size_of(addr), _value(space, addr, layout))
    seen[addr] = record
    record.words.append(Word("tid (header)", 0, "i", tid))
    for f in layout.fields.values():
        record.words.append(Word(f.name, f.offset, f.kind, _read(space, addr + f.offset, f.kind)))
    if layout.array is not None:
        _items(space, record, addr, layout)
    if layout is L.W_InstanceObject:
        record.map = _map(space, addr)
    for word in record.words:
        if word.kind == "r" and word.value and depth > 0:
            word.target = _record(space, word.value, depth - 1, seen)
    if layout is L.W_ListObject:
        _list_strategy(space, record)
    return record


def _value(space, addr, layout):
    """The guest value's repr; arrays and other internal objects have no
    Python type (the program never sees them)."""
    if layout is not L.W_InstanceObject and layout.tid not in space.type_by_tid:
        return "(internal, no Python type)"
    return ValueReprs(space).repr_of(addr)


def _read(space, addr, kind):
    return space.heap.read_float(addr) if kind == "f" else space.heap.read_int(addr)


def _items(space, record, addr, layout):
    array = layout.array
    length = space.heap.read_int(addr + array.length_offset)
    shown = min(length, MAX_ITEMS) if array.itemsize == WORD else 0
    for i in range(shown):
        offset = array.items_offset + i * WORD
        record.words.append(Word("[%d]" % i, offset, array.kind, _read(space, addr + offset, array.kind)))
    record.more_items = length - shown


STRATEGY_DETAIL = {"EmptyListStrategy": "empty strategy", "ObjectListStrategy": "object strategy",
                   "IntegerListStrategy": "int strategy", "FloatListStrategy": "float strategy"}


def _list_strategy(space, record):
    """Name the list's strategy (vm/objspace/std/liststrategy.py) on its
    ``strategy`` word and after the type name: "W_ListObject(int strategy)".
    A float list's GcIntArray words are shown as the doubles they hold."""
    word = next(w for w in record.words if w.name == "strategy")
    if not 0 <= word.value < len(L.LIST_STRATEGIES):
        return
    name = L.LIST_STRATEGIES[word.value]
    word.note, record.detail = name, STRATEGY_DETAIL[name]
    items = next(w for w in record.words if w.name == "items").target
    if name == "FloatListStrategy" and items is not None:
        for item in items.words:
            if item.name.startswith("["):
                item.kind, item.value = "f", space.heap.read_float(items.address + item.offset)


def _map(space, addr):
    m = typeobject.instance_map(space, addr)
    number = space.heap.read_int(addr + L.W_InstanceObject.field("map").offset)
    attributes = [(name, KIND_NAMES[m.kind_of[name]], m.index_of[name]) for name in m.attrs]
    return MapRecord(number, space.str_w(space.heap.read_int(m.w_class + L.W_TypeObject.field("name").offset)),
                     attributes)
