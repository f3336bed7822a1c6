"""Heap objects as their words: the layout, the values, the references.

Reads ObjectRecords (objectrecord.py): each object is a box listing its
words at their byte offsets (word 0 is the header, the type id); a
reference field's arrow goes to the object it points to.  An instance's
``map`` word is explained with the attributes the map gives it.
"""

from .render import Diagram


def _walk(record, seen=None):
    """Every record reachable through shown references, each once, in order."""
    seen = seen if seen is not None else []
    if any(r is record for r in seen):
        return seen
    seen.append(record)
    for word in record.words:
        if word.target is not None:
            _walk(word.target, seen)
    return seen


def _word_text(word):
    if word.kind == "r":
        return "NULL" if word.value == 0 else "0x%x" % word.value
    if word.kind == "f":
        return repr(word.value)
    return str(word.value)


def _object_lines(record):
    lines = ["0x%x: %s, %d bytes, value %s" % (record.address, record.title, record.size, record.value)]
    for word in record.words:
        note = ""
        if word.target is not None:
            note = "  -> %s" % word.target.type_name
        elif word.note:
            note = "  (%s)" % word.note
        elif word.kind == "r" and word.value:
            note = "  -> (not followed)"
        lines.append("  +%-3d %-14s %s%s" % (word.offset, word.name, _word_text(word), note))
    if record.more_items:
        lines.append("  ... %d more item%s" % (record.more_items, "" if record.more_items == 1 else "s"))
    if record.map is not None:
        lines.append("  map %d: class %s; %s" % (record.map.number, record.map.class_name, "; ".join(
            "%s: %s [%d]" % attr for attr in record.map.attributes) or "no attributes"))
    return lines


def _dot(records):
    out = ["digraph heap {", "  rankdir=LR;", '  node [shape=plaintext, fontname="monospace", fontsize=10];']
    ids = {id(r): "o%d" % i for i, r in enumerate(records)}
    for record in records:
        rows = ['<tr><td colspan="3" bgcolor="#e8eef8"><b>%s</b> 0x%x</td></tr>' % (_html(record.title), record.address)]
        for i, word in enumerate(record.words):
            rows.append('<tr><td align="right">+%d</td><td align="left">%s</td><td port="w%d" align="left">%s</td></tr>'
                        % (word.offset, _html(word.name), i,
                           _html(_word_text(word) + (" (%s)" % word.note if word.note else ""))))
        if record.map is not None:
            attrs = ", ".join("%s: %s [%d]" % a for a in record.map.attributes)
            rows.append('<tr><td colspan="3" align="left"><i>map %d: %s (%s)</i></td></tr>'
                        % (record.map.number, _html(record.map.class_name), _html(attrs)))
        out.append('  %s [label=<<table border="1" cellborder="0" cellspacing="0">%s</table>>];'
                   % (ids[id(record)], "".join(rows)))
    for record in records:
        for i, word in enumerate(record.words):
            if word.target is not None:
                out.append("  %s:w%d -> %s;" % (ids[id(record)], i, ids[id(word.target)]))
    out.append("}")
    return "\n".join(out)


def _html(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def object_view(record):
    """A Diagram of an ObjectRecord and the objects it references (as
    far as the record followed them); ``.text()`` lists every word."""
    records = _walk(record)
    text = "\n".join(line for r in records for line in _object_lines(r))
    return Diagram(_dot(records), text)
