"""What a heap word that compiled code touched is, in the VM's terms.

Single-stepping (emu/stepping.py) sees raw accesses: address, size, value.
While the run is still in progress (the heap is live, the jitframe in use),
``describe_access`` names the word, so that views never need to read the
heap afterwards:

- the JIT's own words: the jitframe's fields and slots (from the frame
  register), the nursery's GcState, bridge entry counters, loop
  invalidation flags, the constant pool; the machine stack;
- a field, the header or an array item of a guest object: the object is
  found among the register values before the instruction (x86 addresses
  are ``[reg + offset]``) and checked by its header's type id against the
  layout the op's descr names (vm/memory/layout.py knows every offset).

Anything else is left unnamed (None): a view then shows the bare address.
"""

from ...emu.machine import STACK_BASE, STACK_SIZE
from ...vm.memory import layout as L
from ...vm.memory.heap import WORD

MAX_OBJECT_SPAN = 1 << 16       # a register this far below the address is not its object


def describe_access(backend, frame, address, op, registers_before):
    """A short text for the word at ``address``, or None."""
    return (_jit_word(backend, frame, address)
            or _object_word(backend.heap, address, op, registers_before))


def _jit_word(backend, frame, address):
    frames = backend.frames
    if STACK_BASE <= address < STACK_BASE + STACK_SIZE:
        return "the machine stack"
    if frame <= address < frame + frames.items_offset + WORD * frames.length(frame):
        offset = address - frame
        if offset >= frames.items_offset:
            return "jitframe slot %d" % ((offset - frames.items_offset) // WORD)
        return "jitframe.%s" % _field_name(L.JitFrame, offset)
    gcstate = frames.gcstate
    if gcstate <= address < gcstate + L.GcState.size:
        return "GcState.%s (the nursery's %s)" % (
            _field_name(L.GcState, address - gcstate),
            "bump pointer" if address - gcstate == L.GcState.field("nursery_free").offset else "limit")
    for guard, word in backend.counters:
        if word == address:
            return "bridge entry counter of guard 0x%x" % guard.number
    for loop, word in backend.invalidation.items():
        if word == address:
            return "invalidation flag of loop %s" % loop.number
    if address in backend.constants.values():
        return "constant pool word"
    return None


def _field_name(layout, offset):
    if offset == 0:
        return "header"
    for field in layout.fields.values():
        if field.offset == offset:
            return field.name
    return "+%d" % offset


def _expected_layout(op):
    """The layout the op's descr says it accesses (None: any)."""
    descr = getattr(op, "descr", None)
    if isinstance(descr, L.FieldDescr):
        return L.LAYOUTS.by_name.get(descr.struct_name)
    if isinstance(descr, L.ArrayDescr):
        return getattr(descr, "layout", None) or L.LAYOUTS.by_name.get(descr.struct_name)
    if isinstance(descr, L.SizeDescr):
        return descr.layout
    return None


def _object_word(heap, address, op, registers):
    expected = _expected_layout(op)
    candidates = sorted({value for value in registers.values()
                         if isinstance(value, int) and 0 <= address - value < MAX_OBJECT_SPAN
                         and value % WORD == 0 and heap.contains(value)}, reverse=True)
    for base in candidates:
        tid = heap.read_int(base)
        if not 0 < tid < len(L.LAYOUTS.by_tid):
            continue
        layout = L.LAYOUTS.by_tid[tid]
        if expected is not None and layout is not expected:
            continue
        where = _place_in(heap, layout, base, address - base)
        if where is not None:
            return "%s of %s at 0x%x" % (where, layout.name, base)
    return None


def _place_in(heap, layout, base, offset):
    if offset == 0:
        return "header (type id %d)" % layout.tid
    if offset < layout.size:
        return "field %s" % _field_name(layout, offset)
    array = layout.array
    if array is None:
        return None
    length = heap.read_int(base + array.length_offset)
    index, within = divmod(offset - array.items_offset, array.itemsize)
    if 0 <= index < length:
        return "item %d%s" % (index, " (+%d)" % within if within else "")
    return None
