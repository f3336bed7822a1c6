"""Watching the collector: what each collection found and what it freed.

``watch_collections(space, interp)`` attaches an observer to the space's GC
(vm/memory/gc.py ``GC.observers``).  At each collection it walks the heap before
marking (every object allocated and not yet swept, live or dead) and after
sweeping (the survivors), and keeps a CollectionRecord of plain data: counts
and bytes per layout name, and where the interpreter was.  The views
(viz/gcview.py) read these records.

Walking the heap twice per collection is slow on a big heap: attach the
watch only to the small runs a notebook shows.
"""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class CollectionRecord:
    number: int                      # 1 for the first collection of the run
    steps: int                       # bytecodes interpreted when it ran
    where: tuple                     # (code name, source line) of the running frame, or ("", 0)
    allocated_bytes: int             # bytes allocated since the previous collection
    threshold: int                   # the allocation budget that triggered it
    before: Counter = field(default_factory=Counter)        # layout name -> objects in the heap
    before_bytes: Counter = field(default_factory=Counter)  # layout name -> their bytes
    after: Counter = field(default_factory=Counter)         # layout name -> objects that survived
    after_bytes: Counter = field(default_factory=Counter)
    marked: int = 0                  # objects the mark phase reached from the roots
    next_threshold: int = 0          # the budget until the next collection

    def freed(self):
        """layout name -> objects freed."""
        return self.before - self.after

    def freed_bytes(self):
        return sum(self.before_bytes.values()) - sum(self.after_bytes.values())


class CollectionWatch:
    """The GC observer; ``.records`` is the list of CollectionRecords."""

    def __init__(self, space, interp=None):
        self.space = space
        self.interp = interp
        self.records = []
        self._pending = None

    def before_collect(self, gc):
        objects, sizes = _census(gc)
        self._pending = CollectionRecord(len(self.records) + 1, self._steps(), self._where(),
                                         gc.bytes_since_collect, gc.threshold, objects, sizes)

    def after_collect(self, gc, marked):
        record, self._pending = self._pending, None
        record.after, record.after_bytes = _census(gc)
        record.marked = len(marked)
        record.next_threshold = gc.threshold
        self.records.append(record)

    def _steps(self):
        return self.interp.steps if self.interp is not None else 0

    def _where(self):
        frame = getattr(self.interp, "frame", None)
        if frame is None:
            return ("", 0)
        return (frame.code.co_name, frame.code.line_at(max(frame.last_instr, 0)))

    def detach(self):
        self.space.gc.observers.remove(self)


def _census(gc):
    objects, sizes = Counter(), Counter()
    for addr, layout in gc.walk():
        objects[layout.name] += 1
        sizes[layout.name] += gc.size_of(addr)
    return objects, sizes


def watch_collections(space, interp=None):
    """Start recording every collection of ``space``'s GC: a CollectionWatch."""
    watch = CollectionWatch(space, interp)
    space.gc.observers.append(watch)
    return watch
