"""The collector's work: one collection, what was in the heap and what survived.

Reads the CollectionRecords of vm/memory/gcwatch.py (``watch.records``): per object
type, how many objects the heap held when the collection started (live and
dead alike: nothing is freed until a collection), how many the mark phase
found reachable, and how many the sweep freed.
"""

from .render import GREY, MONO, HTMLText, esc, table

_HEADER = ("type", "in the heap", "survived", "freed", "bytes freed")


def _rows(record, limit):
    names = sorted(record.before, key=lambda n: (-(record.before[n] - record.after[n]), n))
    rows = []
    for name in names[:limit]:
        freed = record.before[name] - record.after[name]
        rows.append((name, record.before[name], record.after[name], freed,
                     record.before_bytes[name] - record.after_bytes[name]))
    return rows


def _headline(record):
    where = "in %s, line %d" % record.where if record.where[0] else "outside any frame"
    total_before, total_after = sum(record.before.values()), sum(record.after.values())
    return ("collection %d after %d bytecodes (%s): %d bytes allocated since the last one (budget %d); "
            "%d objects in the heap, %d reachable from the roots survived, %d freed (%d bytes); "
            "next budget %d bytes" % (record.number, record.steps, where, record.allocated_bytes, record.threshold,
                                      total_before, total_after, total_before - total_after,
                                      record.freed_bytes(), record.next_threshold))


def collection_summary(records, number=1, limit=8):
    """Collection ``number`` (1 = the first) of ``records`` (a CollectionWatch
    or its ``records``), its ``limit`` types with the most objects freed."""
    records = getattr(records, "records", records)
    if not records:
        raise ValueError("no collection ran: allocate more, or give the VM a smaller gc_threshold")
    if not 1 <= number <= len(records):
        raise ValueError("there were %d collections; pick a number from 1 to %d" % (len(records), len(records)))
    record = records[number - 1]
    rows = _rows(record, limit)
    text = [_headline(record), "  %-24s %11s %9s %7s %12s" % _HEADER]
    text += ["  %-24s %11d %9d %7d %12d" % row for row in rows]
    html = '<div style="%s %s">%s</div>' % (MONO, GREY, esc(_headline(record)))
    html += table([tuple(esc(c) for c in row) for row in rows], _HEADER)
    return HTMLText(html, "\n".join(text))


def collections_table(records):
    """One line per collection: when, how much was allocated, kept and freed."""
    records = getattr(records, "records", records)
    header = ("collection", "bytecodes", "allocated", "objects", "survived", "freed")
    rows = [(r.number, r.steps, r.allocated_bytes, sum(r.before.values()), sum(r.after.values()),
             sum(r.before.values()) - sum(r.after.values())) for r in records]
    text = "\n".join(["%10s %10s %10s %8s %9s %7s" % header] + ["%10d %10d %10d %8d %9d %7d" % row for row in rows])
    return HTMLText(table([tuple(esc(c) for c in row) for row in rows], header), text)
