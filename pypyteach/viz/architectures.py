"""One trace, every architecture: the machine code of a loop side by side.

``ArchitecturesView(records, loop)`` takes the same loop from the JitRecord
of one run per machine backend (``pypyteach.run.run_on_every_backend(source)``
makes them: x86-64, AArch64, s390x, ...) and sets their code in columns, one row
per trace op: what x86-64 does in one ``add`` with a memory operand, A64 in
a load and an add, s390x in an ``ag``.  Each row and each column counts its
instructions and bytes; the out-of-line code (exit stubs, shared exits,
slow paths) is aligned by op too, after the body.  A target that
emu/arch.py describes but no backend compiles for yet keeps its column,
which says so.

It only reads records: the machine code comes from each run's
``TraceRecord.machine_code``, as AssemblyView's does.  The trace is
the same on every target (tracing and optimization do not depend on the
backend), which the view checks: a differing trace is an error, not a
silent misalignment.
"""

import ipywidgets as widgets

from ..emu.arch import ARCHS
from .assembly import find_trace
from .render import GREY, MONO, HTMLText, esc
from .trace import TraceText

GROUPS = (("entry", "entry"), ("bridge entry", "entry"), ("label moves", "body"), ("body", "body"),
          ("exit stub", "exit stubs"), ("exit (shared)", "shared exits"), ("slow path", "slow paths"))
GROUP_OF = dict(GROUPS)
ORDER = ("entry", "body", "exit stubs", "shared exits", "slow paths")
WIDTH = 34                      # characters per column in the text form


class ArchitecturesView(HTMLText):
    """Loop ``loop`` (a trace number; default the first loop) compiled for
    every architecture.  ``records``: {target name: JitRecord}, as
    ``pypyteach.run.run_on_every_backend`` returns them (None for a target
    no backend compiles for yet)."""

    def __init__(self, records, loop=None):
        records = self.records = dict(records)
        self.archs = list(ARCHS)
        self.traces = {name: find_trace(record, loop) for name, record in records.items() if record is not None}
        self.missing = {name: self._missing_text(name, records) for name in self.archs if name not in self.traces}
        first = next(iter(self.traces.values()))
        self.trace = first
        self._check_same_trace()
        self.names = TraceText(first.inputargs, first.machine_code.operations)
        self.cells = {name: self._cells(trace) for name, trace in self.traces.items()}
        self.keys = sorted({key for cells in self.cells.values() for key in cells},
                           key=lambda k: (ORDER.index(k[0]), k[1]))
        HTMLText.__init__(self, self.render_html(), self.render_text())

    def _missing_text(self, name, records):
        if name not in records:
            return "not recorded (run the program on every backend: run_on_every_backend)"
        return "no %s backend yet: emu/arch.py has its row, jit/backend/ no code generator" % name

    def _check_same_trace(self):
        shapes = {name: [op.name for op in t.machine_code.operations] for name, t in self.traces.items()}
        reference = next(iter(shapes.values()))
        for name, shape in shapes.items():
            if shape != reference:
                raise ValueError("the %s trace differs from the others; the columns cannot be aligned" % name)

    @staticmethod
    def _cells(trace):
        """{(group, op index): [Row, ...]} of one compiled trace."""
        cells = {}
        for row in trace.machine_code.rows:
            key = (GROUP_OF.get(row.role, "body"), row.index)
            cells.setdefault(key, []).append(row)
        return cells

    # -- counts ------------------------------------------------------------------------------------

    def count(self, name, key=None):
        """(instructions, bytes) of one column, for one row or (key None) all of it."""
        cells = self.cells.get(name, {})
        rows = [r for k, rs in cells.items() if key is None or k == key for r in rs]
        return len(rows), sum(len(r.bytes) for r in rows)

    def op_text(self, key):
        group, index = key
        if index < 0:
            return "(%s)" % group
        text = self.names.lines[index].strip()
        return text if group == "body" else "%s  [%s]" % (text, group)

    # -- text --------------------------------------------------------------------------------------

    def header(self):
        return "%s %d on %d architectures, aligned by trace op" % (
            self.trace.kind, self.trace.number, len(self.archs))

    def render_text(self):
        lines = [self.header()]
        lines.append(" | ".join(self._column_title(name).ljust(WIDTH) for name in self.archs))
        for name, why in self.missing.items():
            lines.append("  %s: %s" % (name, why))
        group = None
        for key in self.keys:
            if key[0] != group:
                group = key[0]
                lines.append("== %s ==" % group)
            counts = "  ".join("%s %d/%dB" % ((name,) + self.count(name, key)) for name in self.traces)
            lines.append("-- %s    (%s)" % (self.op_text(key), counts))
            columns = [[r.text for r in self.cells.get(name, {}).get(key, [])] if name in self.traces else []
                       for name in self.archs]
            for i in range(max(len(c) for c in columns)):
                lines.append(" | ".join((c[i] if i < len(c) else "")[:WIDTH].ljust(WIDTH) for c in columns))
        return "\n".join(line.rstrip() for line in lines)

    def _column_title(self, name):
        if name not in self.traces:
            return "%s: no code" % name
        insns, size = self.count(name)
        return "%s: %d insns, %d bytes" % (name, insns, size)

    # -- HTML --------------------------------------------------------------------------------------

    def render_html(self):
        head = "".join('<th style="text-align:left; padding: 2px 8px;">%s</th>' % esc(self._column_title(n))
                       for n in self.archs)
        rows = ['<tr><th style="text-align:left; padding: 2px 8px;">trace op</th>%s</tr>' % head]
        group = None
        for key in self.keys:
            if key[0] != group:
                group = key[0]
                rows.append('<tr><td colspan="%d" style="%s padding-top: 6px;"><b>%s</b></td></tr>'
                            % (len(self.archs) + 1, GREY, esc(group)))
            cells = [self._html_cell(name, key) for name in self.archs]
            rows.append('<tr style="border-top: 1px solid #ddd; vertical-align: top;">'
                        '<td style="padding: 2px 8px;">%s</td>%s</tr>' % (esc(self.op_text(key)), "".join(cells)))
        return '<div style="%s"><b>%s</b><table style="border-collapse: collapse;">%s</table></div>' % (
            MONO, esc(self.header()), "".join(rows))

    def _html_cell(self, name, key):
        if name not in self.traces:
            return '<td style="padding: 2px 8px; %s">%s</td>' % (GREY, esc(self.missing[name])) \
                if key == self.keys[0] else '<td></td>'
        rows = self.cells[name].get(key, [])
        insns, size = self.count(name, key)
        body = "<br>".join(esc(r.text) for r in rows)
        return '<td style="padding: 2px 8px;">%s<div style="%s">%d insns, %d bytes</div></td>' % (
            body, GREY, insns, size)

    def widget(self):
        """The notebooks' form: the table in a scrollable box."""
        return widgets.HTML(value='<div style="overflow-x: auto;">%s</div>' % self.html)
