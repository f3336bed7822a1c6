"""The jitframe and the JIT's other heap words (PyPy's jitframe.py).

As in PyPy, compiled code keeps no Python-side state: everything it needs
besides registers is in heap objects, addressed from the frame register.

- JitFrame (vm/memory/layout.py): ``jf_descr`` (the number of the exit taken),
  ``jf_guard_exc`` (set when a residual call raised), ``jf_length`` and one
  word per slot.  Slots hold a trace's input values on entry, spilled
  values, a residual call's arguments beyond the registers (the outgoing
  area, slots 0..k-1), and on exit the values the failing guard saves, in
  fail_args order (slots 0..n-1).  Floats are stored as their 64-bit pattern.
  One jitframe per runtime, replaced by a bigger one when a trace needs more
  slots; runs that nest (compiled code -> host call -> compiled code) each
  take the next frame of a small stack.
- GcState (vm/memory/layout.py): the nursery's bump pointer and limit (vm/memory/gc.py
  ``sync_to_heap``/``sync_from_heap``).
- Words: single heap words compiled code reads or counts in: a loop's
  "invalidated" flag (guard_not_invalidated) and a bridge's entry counter
  (GuardDescr.fail_count, as llgraph counts).  They live in GcIntArray
  chunks that never move (the GC does not move objects), so code can hold
  their addresses as constants.
"""

from ...vm.memory import layout as L
from ...vm.memory.heap import WORD
from .locations import bits_float

WORDS_PER_CHUNK = 512


class JitFrames:
    layout = L.JitFrame

    def __init__(self, space, slots=64):
        self.heap = space.heap
        self.ll = space.direct_ll
        self.items_offset = L.JitFrame.array.items_offset
        self.descr_offset = L.JitFrame.field("jf_descr").offset
        self.guard_exc_offset = L.JitFrame.field("jf_guard_exc").offset
        self.length_offset = L.JitFrame.field("jf_length").offset
        self.slots = slots
        self.frames = []            # one per nesting depth, reused from run to run
        self.in_use = []            # frames of the runs in progress (innermost last)
        self.gcstate = self.ll.new_with_vtable(L.GcState.size_descr)
        self.chunks = []
        self._free_words = []
        self._new_chunk()
        self.frames.append(self._allocate(slots))

    # -- frames ---------------------------------------------------------------------------------

    def slot_offset(self, index):
        """Offset of slot ``index`` from the frame register."""
        return self.items_offset + WORD * index

    def ensure(self, nslots):
        """Traces compiled from now on may use ``nslots`` slots."""
        if nslots > self.slots:
            self.slots = max(nslots, 2 * self.slots)
            self.frames = []        # allocated again, bigger, at the next run

    def acquire(self):
        depth = len(self.in_use)
        if depth < len(self.frames) and self.length(self.frames[depth]) >= self.slots:
            frame = self.frames[depth]
        else:
            frame = self._allocate(self.slots)
            while len(self.frames) <= depth:
                self.frames.append(frame)
            self.frames[depth] = frame
        self.in_use.append(frame)
        self.heap.write_int(frame + self.descr_offset, -1)
        self.heap.write_int(frame + self.guard_exc_offset, 0)
        return frame

    def release(self):
        self.in_use.pop()

    def _allocate(self, nslots):
        return self.ll.new_array(L.JitFrame, nslots)

    def length(self, frame):
        return self.heap.read_int(frame + self.length_offset)

    def current(self):
        return self.in_use[-1]

    def read(self, frame, index, kind):
        value = self.heap.read_int(frame + self.slot_offset(index))
        return bits_float(value) if kind == "f" else value

    def exit_number(self, frame):
        return self.heap.read_int(frame + self.descr_offset)

    def exception_flag(self, frame):
        return self.heap.read_int(frame + self.guard_exc_offset)

    def set_exception_flag(self, frame, flag=1):
        self.heap.write_int(frame + self.guard_exc_offset, flag)

    # -- words -----------------------------------------------------------------------------------

    def new_word(self):
        """The address of a fresh zeroed word that never moves."""
        if not self._free_words:
            self._new_chunk()
        return self._free_words.pop(0)

    def _new_chunk(self):
        chunk = self.ll.new_array(L.GcIntArray, WORDS_PER_CHUNK)
        self.chunks.append(chunk)
        first = chunk + L.GcIntArray.array.items_offset
        self._free_words.extend(first + WORD * i for i in range(WORDS_PER_CHUNK))

    def roots(self):
        """Everything above stays alive (registered as a GC root provider)."""
        yield self.gcstate
        yield from self.chunks
        yield from self.frames
        yield from self.in_use
