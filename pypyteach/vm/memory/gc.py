"""A non-moving mark-and-sweep collector with bump-pointer allocation.

Allocation bumps a pointer through the current free chunk, which the JIT's
machine code will call the *nursery* (``nursery_free`` / ``nursery_top``, as
in PyPy): compiled code allocates inline by bumping the same pointer and
leaves the trace when the chunk is exhausted.

Collection runs only at safepoints (the interpreter's dispatch loop head),
where every live guest value is reachable from a root: frames, globals,
constants and the values host code has pinned.  Marking follows each layout's
reference fields; the sweep walks the heap linearly (every block has a
header), turns runs of dead objects into free chunks and zeroes them, so a
fresh allocation is always zero-filled.  Objects never move, so addresses the
host holds stay valid.
"""

import sys
import time
from contextlib import contextmanager

from . import layout as L
from .heap import WORD

MIN_THRESHOLD = 1 << 20
_GC_FREE = L.GcState.field("nursery_free").offset
_GC_TOP = L.GcState.field("nursery_top").offset
RESERVE = 64 << 10      # held back so a program can still handle its MemoryError
MIN_FREE_THRESHOLD = 16 << 10   # a nearly full heap still collects at most this often
# Objects this big are carved from the top of the highest free chunk that
# holds them, small ones are bumped upwards from the bottom: big strings and
# arrays do not split the free space small objects leave (a non-moving heap
# otherwise fragments until no hole fits the next big object).  In PyPy the
# nursery never holds such objects either: incminimark allocates them
# outside it ("large objects", raw-malloced, above its large_object size).
LARGE_OBJECT = 128 << 10


class HeapExhausted(Exception):
    """No free chunk can hold the requested object."""

    def __init__(self, size):
        Exception.__init__(self, "cannot allocate %d bytes" % size)
        self.size = size


class _Pinning:
    __slots__ = ("gc", "values")

    def __init__(self, gc, values):
        self.gc, self.values = gc, values

    def __enter__(self):
        self.gc.pinned.append(self.values)
        return self.values

    def __exit__(self, *exc_info):
        self.gc.unpin(self.values)


class GC:
    def __init__(self, heap, min_threshold=MIN_THRESHOLD, debug_poison=False):
        self.heap = heap
        # debug mode: dead objects are never reused but overwritten with a
        # PoisonedObject header, so a dangling reference fails at first use
        self.debug_poison = debug_poison
        self.reserve = min(RESERVE, heap.size // 8)
        self.reserve_released = False
        self.nursery_free = heap.base
        self.nursery_top = heap.end - self.reserve
        self.chunks = []                 # further free chunks (addr, size), ascending
        self.root_providers = []         # callables returning iterables of addresses
        self.custom_trace = {}           # tid -> fn(obj) -> addresses held host-side
        self.finalizers = {}             # addr -> fn(addr), run when that object dies
        self.pinned = []                 # stack of host lists whose items are roots
        self.inhibit = 0                 # > 0: collections are postponed
        self.min_threshold = min_threshold
        self.threshold = min_threshold
        self.bytes_since_collect = 0
        self.collections = 0
        self.live_bytes = 0
        self.live_objects = 0
        self.observers = []              # objects with before_collect(gc) / after_collect(gc, marked)
        self.collect_seconds = 0.0       # wall-clock time spent collecting (benchmarks/real_programs.py)

    # -- allocation -----------------------------------------------------------

    def malloc(self, size):
        """Zero-filled memory for one object of ``size`` bytes (a multiple of 8)."""
        if size >= LARGE_OBJECT:
            addr = self._malloc_large(size)
            if addr is not None:
                return addr
        addr = self.nursery_free
        new_free = addr + size
        if new_free > self.nursery_top:
            addr = self._next_chunk(size)
            new_free = addr + size
        self.nursery_free = new_free
        self.bytes_since_collect += size
        return addr

    def _next_chunk(self, size):
        self._seal(self.nursery_free, self.nursery_top - self.nursery_free)
        addr = self._take_chunk(size)
        if addr is None and not self.inhibit and self.bytes_since_collect:
            # As PyPy's GC, collect before giving up: the heap may be full of
            # garbage made since the last safepoint's collection.
            self.collect(conservative=True)
            addr = self._take_chunk(size)
        if addr is not None:
            return addr
        self.nursery_free = self.nursery_top
        if not self.reserve_released:
            # this allocation fails; what the handler allocates comes from the reserve
            self.reserve_released = True
            self.chunks.append((self.heap.end - self.reserve, self.reserve))
        # the next safepoint collects whatever the threshold says: the
        # handler of this MemoryError may need memory that is only garbage
        self.bytes_since_collect = self.threshold + 1
        raise HeapExhausted(size)

    def _malloc_large(self, size):
        """A large object from the top of the highest free chunk that fits
        (collecting first if none does); None: let the nursery path decide
        (it may still fit there, or raise HeapExhausted)."""
        addr = self._carve_from_top(size)
        if addr is None and not self.inhibit and self.bytes_since_collect:
            self._seal(self.nursery_free, self.nursery_top - self.nursery_free)   # walkable
            self.collect(conservative=True)
            addr = self._carve_from_top(size)
        if addr is not None:
            self.bytes_since_collect += size
        return addr

    def _carve_from_top(self, size):
        chunks = self.chunks
        for i in range(len(chunks) - 1, -1, -1):
            start, length = chunks[i]
            if length < size:
                continue
            rest = length - size
            addr = start + rest
            if rest < 2 * WORD:
                # the object overlaps the chunk's free-block header: erase it
                self.heap.zero(start, 2 * WORD)
            if rest:
                chunks[i] = (start, rest)
                self._seal(start, rest)
            else:
                del chunks[i]
            return addr
        return None

    def _take_chunk(self, size):
        while self.chunks:
            addr, length = self.chunks.pop(0)
            if length >= size:
                self.heap.zero(addr, min(length, 2 * WORD))   # erase the free-block header
                self.nursery_free, self.nursery_top = addr, addr + length
                return addr
        return None

    def _seal(self, addr, length):
        """Mark [addr, addr+length) as a hole so the heap stays walkable."""
        if length >= 2 * WORD:
            self.heap.write_int(addr, L.FREE.tid)
            self.heap.write_int(addr + WORD, length)
        elif length == WORD:
            self.heap.write_int(addr, L.FREE_WORD.tid)

    # -- the nursery words machine code bumps (jit/backend, layout GcState) -------

    def sync_to_heap(self, addr):
        """Before machine code runs: write the bump pointer and an allocation
        limit into the GcState object at ``addr``.  The limit is the chunk's
        top, lowered so that inline allocation never takes
        ``bytes_since_collect`` past ``threshold``: beyond it compiled code
        calls its slow path, which decides exactly as llgraph does."""
        free = self.nursery_free
        if self.collections_held():
            # no nursery exit is taken (nursery_exit_due): allocate inline up to the chunk's top
            self.heap.write_int(addr + _GC_FREE, free)
            self.heap.write_int(addr + _GC_TOP, self.nursery_top)
            return
        limit = free + self.threshold - self.bytes_since_collect
        self.heap.write_int(addr + _GC_FREE, free)
        self.heap.write_int(addr + _GC_TOP, free if limit < free else min(self.nursery_top, limit))

    def sync_from_heap(self, addr):
        """After machine code ran (or before it calls host code): take back the
        bump pointer; what it allocated inline counts towards the threshold."""
        free = self.heap.read_int(addr + _GC_FREE)
        self.bytes_since_collect += free - self.nursery_free
        self.nursery_free = free

    def free_bytes(self):
        return (self.nursery_top - self.nursery_free) + sum(size for _, size in self.chunks)

    # -- safepoints -------------------------------------------------------------

    def collections_held(self):
        """Are collections held by more than the compiled-code run in
        progress (runtime.run_loop's own ``inhibit``)?  Then a run is nested
        in a host call made with collections held: a generator's ``next``
        called from a compiled loop, a guest ``__add__``..."""
        return self.inhibit > 1

    def nursery_exit_due(self):
        """Must an allocation in compiled code leave through its nursery
        exit?  When past ``threshold`` and the interpreter may collect once
        left.  A nested run (collections_held) allocates on: the
        interpreter could not collect either, and the run would leave again
        at every allocation (PyPy's nursery is per thread and its minor
        collections run from any malloc slow path, so PyPy has no such case)."""
        return self.bytes_since_collect > self.threshold and not self.collections_held()

    def needs_collect(self):
        return self.bytes_since_collect > self.threshold and not self.inhibit

    def pinning(self, values):
        """Keep every address in the host list ``values`` alive while inside
        (``with gc.pinning(values):``; a plain class, not a generator: host
        calls pin on every operator method call)."""
        return _Pinning(self, values)

    def unpin(self, values):
        # by identity, from the top: a host generator holding a pin may be
        # closed out of order (when its consumer's frame dies)
        pinned = self.pinned
        for i in range(len(pinned) - 1, -1, -1):
            if pinned[i] is values:
                del pinned[i]
                return

    @contextmanager
    def inhibited(self):
        self.inhibit += 1
        try:
            yield
        finally:
            self.inhibit -= 1

    # -- collection -------------------------------------------------------------

    def size_of(self, addr):
        read = self.heap.read_int
        tid = read(addr)
        if tid == L.FREE.tid or tid == L.POISONED.tid:
            return read(addr + WORD)
        layout = L.LAYOUTS.by_tid[tid]
        if layout.array is None:
            return layout.size
        return layout.total_size(read(addr + layout.array.length_offset))

    def collect(self, conservative=False):
        """``conservative``: a collection in the middle of a bytecode (an
        allocation failed), where the host may hold references no root
        names; every int in the host's frames that is the address of an
        object keeps it alive (objects never move, so keeping too much is
        the only cost).  PyPy finds such references exactly, on its shadow
        stack."""
        for observer in self.observers:       # e.g. vm/memory/gcwatch.py, for the notebooks
            observer.before_collect(self)
        started = time.perf_counter()
        marked = self._mark(self._host_references() if conservative else ())
        self._sweep(marked)
        self.collect_seconds += time.perf_counter() - started
        self.collections += 1
        self.bytes_since_collect = 0
        # PyPy's major collection threshold grows with what survived; but the
        # heap here is fixed, so the next collection must come before the
        # free space runs out, or a program would die with a MemoryError
        # while most of the heap is garbage
        grown = max(self.min_threshold, self.live_bytes)
        self.threshold = max(min(grown, self.free_bytes() * 3 // 4), MIN_FREE_THRESHOLD)
        for observer in self.observers:
            observer.after_collect(self, marked)
        return len(marked)

    def _roots(self):
        for provider in self.root_providers:
            yield from provider()
        for values in self.pinned:
            yield from values

    def _host_references(self):
        starts = self._object_starts()
        found = []
        frame = sys._getframe(1)
        while frame is not None:
            for value in frame.f_locals.values():
                _scan_host_value(value, starts, found, 2)
            frame = frame.f_back
        return found

    def _object_starts(self):
        """The address of every object in the heap (a linear walk)."""
        starts = set()
        addr, end = self.heap.base, self.walk_end()
        free_tids = (L.FREE.tid, L.FREE_WORD.tid, L.POISONED.tid)
        read = self.heap.read_int
        while addr < end:
            if read(addr) not in free_tids:
                starts.add(addr)
            addr += self.size_of(addr)
        return starts

    def _mark(self, extra_roots=()):
        read = self.heap.read_int
        by_tid = L.LAYOUTS.by_tid
        custom = self.custom_trace
        marked = set()
        stack = [a for a in self._roots() if a] + list(extra_roots)
        while stack:
            addr = stack.pop()
            if addr in marked:
                continue
            marked.add(addr)
            tid = read(addr)
            layout = by_tid[tid]
            for offset in layout.ref_offsets:
                ref = read(addr + offset)
                if ref:
                    stack.append(ref)
            array = layout.array
            if array is not None and array.item_refs:
                item = addr + array.items_offset
                for _ in range(read(addr + array.length_offset)):
                    for offset in array.item_refs:
                        ref = read(item + offset)
                        if ref:
                            stack.append(ref)
                    item += array.itemsize
            if tid in custom:
                stack.extend(a for a in custom[tid](addr) if a)
        return marked

    def _sweep(self, marked):
        """Free everything between the marked objects.  Only live objects are
        visited (the dead ones in between are never walked one by one), so a
        collection costs what survives, not what was allocated: the reason a
        loop allocating millions of short-lived boxes stays fast."""
        heap = self.heap
        self._seal(self.nursery_free, self.nursery_top - self.nursery_free)
        # free memory is zero except for the 2-word header _seal wrote
        was_free = sorted(self.chunks + [(self.nursery_free, self.nursery_top - self.nursery_free)])
        for addr in [a for a in self.finalizers if a not in marked]:
            self.finalizers.pop(addr)(addr)
        end = self.walk_end()
        chunks = []
        live = count = 0
        cursor = heap.base
        position = [0]                  # index into was_free, advancing with the gaps
        for addr in sorted(a for a in marked if heap.base <= a < end):
            if addr > cursor:
                self._free_gap(cursor, addr, chunks, was_free, position)
            size = self.size_of(addr)
            live += size
            count += 1
            cursor = addr + size
        if end > cursor:
            self._free_gap(cursor, end, chunks, was_free, position)
        if self.reserve_released:
            self.reserve_released = not self._hold_back_reserve(chunks)
        for chunk_addr, length in chunks:
            self._seal(chunk_addr, length)
        self.live_bytes = live
        self.live_objects = count
        self.chunks = chunks
        self.nursery_free = self.nursery_top = self.heap.base   # empty: the next malloc takes a chunk

    def _free_gap(self, start, stop, chunks, was_free, position):
        """[start, stop) holds no live object: zero what dead objects wrote
        (free chunks inside it are zero already, but for their header) and
        make it a free chunk.  In debug_poison mode dead objects are instead
        overwritten with a PoisonedObject header and never reused."""
        if self.debug_poison:
            return self._poison_gap(start, stop, chunks)
        heap = self.heap
        i = position[0]
        while i < len(was_free) and was_free[i][0] + was_free[i][1] <= start:
            i += 1
        at = start
        while i < len(was_free) and was_free[i][0] < stop:
            addr, length = was_free[i]
            if length:
                heap.zero(at, addr - at)
                heap.zero(addr, min(length, 2 * WORD))
                at = addr + length
            i += 1
        heap.zero(at, stop - at)
        position[0] = i
        chunks.append((start, stop - start))

    def _poison_gap(self, start, stop, chunks):
        heap = self.heap
        read = heap.read_int
        addr, run_start = start, None
        while addr < stop:
            tid = read(addr)
            size = self.size_of(addr)
            reusable = tid in (L.FREE.tid, L.FREE_WORD.tid) or size < 2 * WORD
            if reusable:
                heap.zero(addr, size if tid not in (L.FREE.tid, L.FREE_WORD.tid) else min(size, 2 * WORD))
                if run_start is None:
                    run_start = addr
            else:
                if tid != L.POISONED.tid:
                    heap.write_int(addr, L.POISONED.tid)
                    heap.write_int(addr + WORD, size)
                    heap.zero(addr + 2 * WORD, size - 2 * WORD)
                if run_start is not None:
                    chunks.append((run_start, addr - run_start))
                    run_start = None
            addr += size
        if run_start is not None:
            chunks.append((run_start, stop - run_start))

    def walk_end(self):
        """Where the walkable heap ends: the held-back reserve is never written."""
        return self.heap.end if self.reserve_released else self.heap.end - self.reserve

    def _hold_back_reserve(self, chunks):
        """Take the reserve off the end of the last free chunk again, if free."""
        if chunks and chunks[-1][0] + chunks[-1][1] == self.heap.end and chunks[-1][1] >= self.reserve:
            addr, length = chunks[-1]
            if length == self.reserve:
                chunks.pop()
            else:
                chunks[-1] = (addr, length - self.reserve)
            return True
        return False

    def walk(self):
        """Every (address, layout) of a live or unswept object, for tests and views."""
        self._seal(self.nursery_free, self.nursery_top - self.nursery_free)
        addr = self.heap.base
        read = self.heap.read_int
        end = self.walk_end()
        while addr < end:
            tid = read(addr)
            size = self.size_of(addr)
            if tid not in (L.FREE.tid, L.FREE_WORD.tid):
                yield addr, L.LAYOUTS.by_tid[tid]
            addr += size
        # re-open the current chunk: the seal header must not stay inside it
        if self.nursery_top > self.nursery_free:
            self.heap.zero(self.nursery_free, min(self.nursery_top - self.nursery_free, 2 * WORD))


def _scan_host_value(value, starts, found, depth):
    """Heap addresses in one host value: an int, or ints in lists, tuples and
    dicts (``depth`` levels deep)."""
    if type(value) is int:
        if value in starts:
            found.append(value)
    elif depth and type(value) in (list, tuple, set, frozenset):
        for item in value:
            _scan_host_value(item, starts, found, depth - 1)
    elif depth and type(value) is dict:
        for item in value.values():
            _scan_host_value(item, starts, found, depth - 1)
