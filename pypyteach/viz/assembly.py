"""Machine code: the listing of a compiled loop or bridge, and stepping it.

``AssemblyView`` is the Capstone listing of one compiled trace (the rows of
its MachineCode in the run record), grouped under the trace op each instruction implements, in
the sections the assembler lays out: the entry, the preamble and the loop
body, the exit stubs, the shared exits and the slow paths.  Every op shows
the bytecode and source line it came from (DESIGN decision 4), and in HTML,
in the manner of Compiler Explorer, an op's instructions, its trace line and
its source line share one colour (one colour per source line).

``MachineStepper`` walks through the instructions a real run single-stepped
in the emulator (a StepRequest, JitRecord.machine_steps): the instruction
in the listing, the registers after it (the changed ones marked), the heap
words it read and wrote and what they are, and its op, bytecode and line.

Both only read the JitRecord; both have a plain-text face, ``.text()``.
"""

import ipywidgets as widgets

from ..emu.arch import ARCHS
from .render import GREY, HIGHLIGHT, MONO, HTMLText, arrow, esc, row_attrs
from .static import Frame, SteppingView, apply_marks, slot
from .trace import TraceText, source_line
from .guards import handover_lines

# Compiler Explorer-like pastels, one per source line (in line order)
PALETTE = ("#fde2b4", "#c8e6c9", "#bbdefb", "#f8bbd0", "#d1c4e9", "#b2ebf2", "#fff59d", "#ffccbc",
           "#dcedc8", "#cfd8dc")

SECTIONS = {
    "entry": "entry: the run starts here; the loop's input arguments are loaded from jitframe slots "
             "(frame register %(frame)s) into registers",
    "bridge entry": "bridge entry: the guard's exit stub jumps here; leave at once if a call raised, "
                    "count the entry, take the guard's values where the parent trace left them",
    "preamble": "preamble: the first iteration (the unroll pass's copy of the loop)",
    "loop body": "loop body: the jump at its end comes back to its label",
    "body": "body: one group of instructions per trace op",
    "exit stubs": "exit stubs: a failing guard's branch lands here; each stores its exit number "
                  "in jitframe.jf_descr",
    "shared exits": "shared exits: store the guard's fail_args into jitframe slots 0..n-1, then jump "
                    "to the exit page: the interpreter takes over",
    "slow paths": "slow paths: out-of-line calls to host code (the allocator when the nursery is full)",
}
ROLE_SECTION = {"exit stub": "exit stubs", "exit (shared)": "shared exits", "slow path": "slow paths",
                "entry": "entry", "bridge entry": "bridge entry"}


def find_trace(record, number=None):
    """The TraceRecord of loop or bridge ``number`` (default: the first
    loop), which must have machine code."""
    if not record.traces:
        raise ValueError("the JIT recorded no trace (is the loop hot enough for the threshold?)")
    if number is None:
        trace = (record.loops() or record.traces)[0]
    else:
        trace = next((t for t in record.traces if t.number == number), None)
        if trace is None:
            raise ValueError("no trace number %r; the traces are %s" % (number, [t.number for t in record.traces]))
    if trace.machine_code is None:
        raise ValueError("trace %d was compiled by the %s backend, which makes no machine code: run with "
                         "jit=\"x86_64\"" % (trace.number, record.backend))
    return trace


def _parent_guard_text(op):
    number = getattr(getattr(op, "descr", None), "number", None)
    return "%s of guard 0x%x, in the parent trace" % (op.name, number) if number is not None else op.name


class AssemblyView(HTMLText):
    """The machine code of one compiled loop or bridge of a JitRecord."""

    def __init__(self, jit_record, trace_number=None):
        self.record = jit_record
        self.trace = find_trace(jit_record, trace_number)
        self.code = self.trace.machine_code
        self.desc = ARCHS[self.code.arch]
        self.rows = self.code.rows
        self.names = TraceText(self.trace.inputargs, self.code.operations)
        self.by_address = {row.address: row for row in self.rows}
        self.colours = self._colours()
        self.items = self._items()
        HTMLText.__init__(self, self.render_html(), "\n".join(self._text_lines()))

    # -- the model: one list of items, rendered as text and as HTML ---------------------------

    def _colours(self):
        lines = sorted({row.source[2] for row in self.rows if row.source is not None})
        return {line: PALETTE[i % len(PALETTE)] for i, line in enumerate(lines)}

    def op_text(self, op, index):
        """The op as the trace listing prints it (parent guards by name)."""
        if op is None:
            return ""
        return self.names.lines[index] if index >= 0 else _parent_guard_text(op)

    def _section(self, row):
        if row.role in ROLE_SECTION:
            return ROLE_SECTION[row.role]
        labels = self.code.label_positions
        if self.trace.kind == "loop" and len(labels) >= 2:
            last = labels[-1]
            if row.index < last or (row.role == "label moves" and row.index == last):
                return "preamble"
            return "loop body"
        return "body" if self.trace.kind == "bridge" else "loop body"

    def _items(self):
        """("section", name) | ("marker", op, index) | ("op", row) | ("insn", row), in address order."""
        positions = {id(op): i for i, op in enumerate(self.code.operations)}
        markers = {}
        for address, op in self.code.markers:
            markers.setdefault(address, []).append(op)
        items, section, group = [], None, None
        for row in self.rows:
            pending = markers.pop(row.address, ())
            new_section = self._section(row)
            if new_section != section:
                section, group = new_section, None
                items.append(("section", section))
            for op in pending:
                items.append(("marker", op, positions.get(id(op), -1)))
                group = None
            if (id(row.op), row.role) != group:
                group = (id(row.op), row.role)
                items.append(("op", row))
            items.append(("insn", row))
        return items

    def where(self, source):
        """'#24 COMPARE_OP in run, line 4: if i % 3 == 0:' for a Row's source."""
        if source is None:
            return ""
        code, _, line, offset, opname = source
        return "#%d %s in %s, line %d: %s" % (offset, opname, code, line, source_line(self.trace, line).strip())

    def _section_text(self, name):
        # code read from a PyPy log is laid out by PyPy's assembler: its MachineCode says how
        sections = getattr(self.code, "section_texts", SECTIONS)
        return sections.get(name, SECTIONS.get(name, name)) % {"frame": self.desc.frame_reg}

    def _marker_text(self, op, index):
        if op.name == "debug_merge_point":
            prov = op.provenance
            if prov is not None:
                return "-- #%d %s (line %d: %s)" % (prov.offset, prov.opname, prov.line,
                                                    source_line(self.trace, prov.line).strip())
        return "-- %s" % (self.names.lines[index] if index >= 0 else op.name)

    def _op_heading(self, row):
        role = "" if row.role == "body" else "  [%s]" % row.role
        return "%s%s" % (self.op_text(row.op, row.index) or "(%s)" % row.role, role)

    def annotation(self, row):
        """What an instruction implements, short: 'op 7 int_lt'."""
        if row.op is None:
            return row.role
        if row.index < 0:
            return "%s (parent trace)" % row.op.name
        return "op %d %s" % (row.index, row.op.name)

    # -- text --------------------------------------------------------------------------------------

    def header(self):
        code = self.code
        text = "%s (%s) at 0x%x: %d bytes, %d instructions, for the %d ops of %s %d" % (
            code.title, code.arch, code.address, len(code.code), len(self.rows),
            len(code.operations), self.trace.kind, self.trace.number)
        # code read from a log says so, with its entry counts (jit/logrecord.py)
        return "; ".join((text,) + tuple(getattr(code, "notes", ())))

    def _text_lines(self, highlight=None):
        return [self.header()] + [self._item_text(item, highlight) for item in self.items]

    def _item_text(self, item, highlight=None):
        kind, row = item[0], item[1]
        if kind == "section":
            return "== %s ==" % self._section_text(row)
        if kind == "marker":
            return "  %s" % self._marker_text(item[1], item[2])
        if kind == "op":
            where = "    <- %s" % self.where(row.source) if row.source is not None else ""
            return "  %s%s" % (self._op_heading(row), where)
        mark = ">>" if row.address == highlight else "  "
        return "  %s0x%x: %-27s %-36s ; %s" % (mark, row.address, row.bytes.hex(" "), row.text, self.annotation(row))

    def op_listing(self, *ops):
        """Only the machine code of ``ops`` (trace ops), wherever it is: a
        guard's test in the body, its exit stub, its shared exit."""
        wanted = {id(op) for op in ops}
        out, section = [], None
        for item in self.items:
            if item[0] == "section":
                section = item
            elif item[0] in ("op", "insn") and id(item[1].op) in wanted:
                if section is not None:
                    out.append(self._item_text(section))
                    section = None
                out.append(self._item_text(item))
        if not out:
            raise ValueError("none of these ops has machine code in %s" % self.code.title)
        return "\n".join(out)

    def text_around(self, address, before=6, after=8):
        """The listing's lines near ``address``, that instruction marked ``>>``."""
        lines = self._text_lines(highlight=address)
        at = next((i for i, line in enumerate(lines) if line.startswith("  >>")), None)
        if at is None:
            raise ValueError("0x%x is not an instruction of %s" % (address, self.code.title))
        return "\n".join(lines[max(at - before, 1):at + after + 1])

    # -- HTML --------------------------------------------------------------------------------------

    def colour_of(self, source):
        return self.colours.get(source[2]) if source is not None else None

    def render_html(self, highlight=None, window=None):
        """Source pane and listing; instruction ``highlight`` marked; with
        ``window``, only that many listing rows around it."""
        html = self.listing_html(window_around=highlight if window is not None else None, window=window)
        return apply_marks(html, self.marks(highlight)) if highlight is not None else html

    def marks(self, address):
        """The row keys a stepper marks for the instruction at ``address``:
        the instruction and its source line."""
        row = self.by_address.get(address)
        if row is None:
            return []
        keys = [insn_key(address)]
        if row.source is not None:
            keys.append("line-%d" % row.source[2])
        return keys

    def listing_html(self, window_around=None, window=None, height=560):
        """The source pane and the listing, every row markable (static.py):
        instructions by insn_key, source lines by "line-N"."""
        rows, at = [], None
        for item in self.items:
            kind = item[0]
            if kind == "section":
                rows.append('<tr><td colspan="5" style="padding: 6px 4px 2px; font-weight: bold; text-align: left; '
                            'border-bottom: 1px solid #999; white-space: normal;">%s</td></tr>'
                            % esc(self._section_text(item[1])))
            elif kind == "marker":
                rows.append('<tr><td colspan="5" style="%s padding: 0 4px; text-align: left;">%s</td></tr>'
                            % (GREY, esc(self._marker_text(item[1], item[2]))))
            elif kind == "op":
                rows.append(self._op_row(item[1]))
            else:
                row = item[1]
                if row.address == window_around:
                    at = len(rows)
                rows.append(self._insn_row(row))
        if window is not None and at is not None:
            start = max(at - window // 3, 0)
            rows = rows[start:start + window]
        listing = ('<div class="ppt-pane" style="max-height:%dpx; overflow:auto; flex:1 1 560px; min-width:0;">'
                   '<table style="border-collapse: collapse; margin: 0; table-layout: auto; %s">%s</table></div>'
                   % (height, MONO, "".join(rows)))
        source = '<div class="ppt-pane" style="max-height:%dpx; overflow:auto; flex:0 1 auto; min-width:0;">%s</div>' % (
            height, self.source_html())
        return ('<div class="ppt-asm" style="%s text-align:left; line-height:1.3;"><div style="margin-bottom: 4px;"><b>%s</b></div>'
                '<div style="display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start;">%s%s</div></div>'
                % (MONO, esc(self.header()), source, listing))

    def _op_row(self, row):
        colour = self.colour_of(row.source)
        style = "background: %s;" % colour if colour else ""
        where = self.where(row.source)
        # the source line number is written out too: the colour is not the only link
        line = '<span style="%s">L%d </span>' % (GREY, row.source[2]) if row.source is not None else ""
        return ('<tr style="%s"><td colspan="5" style="padding: 2px 4px; white-space: pre; text-align: left;" title="%s">'
                '%s<b>%s</b>%s</td></tr>' % (style, esc(where), line, esc(self._op_heading(row)),
                                             '  <span style="%s">&lt;- %s</span>' % (GREY, esc(where)) if where else ""))

    def _insn_row(self, row):
        colour = self.colour_of(row.source)
        style = "background: %s80;" % colour if colour else ""
        title = "%s: %s" % (self.annotation(row), self.op_text(row.op, row.index))
        if row.source is not None:
            title += " | " + self.where(row.source)
        cells = ("0x%x" % row.address, row.bytes.hex(" "), row.text, self.annotation(row))
        return '<tr%s title="%s"><td style="padding: 0;">%s</td>%s</tr>' % (
            row_attrs(insn_key(row.address), style), esc(title), arrow(), "".join(
                '<td style="padding: 0 6px; white-space: pre; text-align: left;%s">%s</td>'
                # the last column takes the width the long op headings give the
                # table, so the instruction columns stay together on the left
                % (" color: #555;" + (" width: 100%;" if i == 3 else "") if i in (1, 3) else "", esc(c))
                for i, c in enumerate(cells)))

    def source_lines(self):
        """The line numbers the source pane shows: the loop's function and
        every line an op came from."""
        lines = set(self.colours)
        code = self._code()
        if code is not None:
            lines |= {pos[0] for pos in code.positions if pos and pos[0]} | {code.co_firstlineno}
        return range(min(lines), max(lines) + 1) if lines else range(0)

    def _code(self):
        return self.trace.key[0] if self.trace.key else None

    def source_html(self, current_row=None):
        current_line = current_row.source[2] if current_row is not None and current_row.source else None
        code, rows = self._code(), []
        for line in self.source_lines():
            colour = self.colours.get(line)
            style = "background: %s;" % colour if colour else ""
            rows.append('<tr%s><td style="padding: 0;">%s</td><td style="padding: 0 6px; %s">%d</td>'
                        '<td style="padding: 0 6px; white-space: pre; text-align: left;">%s</td></tr>'
                        % (row_attrs("line-%d" % line, style), arrow(), GREY, line,
                           esc(code.source_line(line) if code is not None else "")))
        html = '<table style="border-collapse: collapse; margin: 0; table-layout: auto; %s">%s</table>' % (MONO, "".join(rows))
        return apply_marks(html, ["line-%d" % current_line]) if current_line is not None else html


def insn_key(address):
    """The row key of the instruction at ``address`` in a listing."""
    return "a%x" % address


# -- stepping -------------------------------------------------------------------------------------------

SMALL = 1 << 20


def value_text(value):
    """A register or word as a learner reads it: small numbers in decimal,
    addresses (and other big patterns) in hex."""
    value &= (1 << 64) - 1
    signed = value - (1 << 64) if value >> 63 else value
    return str(signed) if -SMALL < signed < SMALL else "0x%x" % value


def flags_text(desc, value):
    """The set flags by name (x86 "ZF,SF"), or a field's value (s390x "CC=2")."""
    names = []
    for name, bit, *width in desc.flag_bits:
        if width:
            names.append("%s=%d" % (name, value >> bit & ((1 << width[0]) - 1)))
        elif value >> bit & 1:
            names.append(name)
    return ",".join(names) if names else "-"


class MachineStepper(SteppingView, widgets.VBox):
    """The single-stepped instructions of a run (``jit_record.machine_steps``)."""

    static_kind = "MachineStepper"

    def __init__(self, jit_record, start=0):
        self.record = jit_record
        self.run = jit_record.stepped()
        if not self.run.steps:
            raise ValueError("the step request recorded no instruction")
        self.desc = ARCHS[self.run.arch]
        self._views = {}
        last = len(self.run.steps) - 1
        self.slider = widgets.IntSlider(value=min(max(start, 0), last), min=0, max=last, description="step",
                                        continuous_update=False, layout=widgets.Layout(width="60%"))
        self.prev_button = widgets.Button(description="◀ prev", layout=widgets.Layout(width="80px"))
        self.next_button = widgets.Button(description="next ▶", layout=widgets.Layout(width="80px"))
        self.view = widgets.HTML()
        self.prev_button.on_click(lambda _: self.go(self.slider.value - 1))
        self.next_button.on_click(lambda _: self.go(self.slider.value + 1))
        self.slider.observe(lambda change: self.show(), names="value")
        super().__init__([widgets.HBox([self.prev_button, self.slider, self.next_button]), self.view])
        self.show()

    def go(self, index):
        self.slider.value = min(max(index, 0), self.slider.max)

    # -- reading the record ---------------------------------------------------------------------------

    def view_of(self, index):
        """The AssemblyView of the code step ``index`` ran (a trampoline
        step: the code that called it)."""
        for step in reversed(self.run.steps[:index + 1]):
            if step.block_address is not None:
                trace = next((t for t in self.record.traces if t.machine_code is not None
                              and t.machine_code.address == step.block_address), None)
                if trace is not None:
                    if trace.number not in self._views:
                        self._views[trace.number] = AssemblyView(self.record, trace.number)
                    return self._views[trace.number]
        return None

    def _target(self, row):
        """', the entry of Bridge 2' when a patched jump now goes to a bridge."""
        for trace in self.record.traces:
            code = trace.machine_code
            if code is not None and row.op_str.endswith("0x%x" % code.entry):
                return ", the entry of %s" % code.title
        return ""

    def registers_before(self, index):
        return self.run.steps[index - 1].registers if index > 0 else self.run.initial_registers

    def changed(self, index):
        before, after = self.registers_before(index), self.run.steps[index].registers
        return [name for name in after if before.get(name) != after[name]]

    def _int_registers(self):
        desc = self.desc
        names = list(desc.int_regs) + list(desc.scratch_int) + [desc.frame_reg, desc.stack_reg, desc.pc_reg]
        return sorted(set(names), key=names.index)

    def register_cells(self, index):
        """[(name, text, changed)]: the integer registers, the flags, and
        float registers that changed."""
        desc, regs, changed = self.desc, self.run.steps[index].registers, set(self.changed(index))
        cells = [(name, value_text(regs[name]), name in changed) for name in self._int_registers() if name in regs]
        if desc.flags_reg and desc.flags_reg in regs:
            cells.append(("flags", flags_text(desc, regs[desc.flags_reg]), desc.flags_reg in changed))
        cells += [(name, "0x%x" % regs[name], True) for name in list(desc.float_regs) + list(desc.scratch_float)
                  if name in changed]
        return cells

    def accesses(self, step):
        """[("read"|"write", address, value, what)]."""
        return ([("read", a, v, step.words.get(a)) for a, _, v in step.reads]
                + [("write", a, v, step.words.get(a)) for a, _, v in step.writes])

    # -- text -----------------------------------------------------------------------------------------

    def text(self, index=None):
        """Step ``index`` (default: the one shown) in plain text."""
        head, cells, tail = self._parts(self._index(index))
        regs = ["%s=%s%s" % (name, text, "*" if changed else "") for name, text, changed in cells]
        lines = head + ["  registers after it (* changed):"]
        lines += ["    " + "  ".join(regs[i:i + 6]) for i in range(0, len(regs), 6)]
        return "\n".join(lines + tail)

    def _index(self, index):
        index = self.slider.value if index is None else index
        if not 0 <= index < len(self.run.steps):
            raise ValueError("no step %r: the steps are 0..%d" % (index, len(self.run.steps) - 1))
        return index

    def _parts(self, index):
        """(lines before the registers, register cells, lines after them)."""
        run, steps = self.run, self.run.steps
        step = steps[index]
        view = self.view_of(index)
        where = step.block_name if step.block_address is not None else "host code"
        head = ["step %d of %d, in %s (stepping entry %d of loop %d from the interpreter)" % (
            index, len(steps) - 1, where, run.entry, run.loop)]
        head.append("  0x%x: %-27s %s%s" % (step.address, step.bytes.hex(" "), step.text,
                                            "   [%s]" % step.role if step.role else ""))
        code_step = next((s for s in reversed(steps[:index + 1]) if s.block_address is not None), None)
        row = view.by_address.get(code_step.address) if view is not None and code_step is not None else None
        if row is not None and code_step is step and row.bytes != step.bytes:
            head.append("  (patched later: at the end of the run it reads `%s`%s)" % (row.text, self._target(row)))
        if step.host_call:
            head.append("  host code ran here: %s (a trampoline: Python runs, then the ret), for the op "
                        "of the call at 0x%x" % (step.host_call, code_step.address if code_step else 0))
        if row is not None and row.op is not None:
            head.append("  op:        %s" % view.op_text(row.op, row.index))
            if row.source is not None:
                code, _, line, offset, opname = row.source
                head.append("  bytecode:  #%d %s in %s" % (offset, opname, code))
                head.append("  source:    line %d: %s" % (line, source_line(view.trace, line).strip()))
        tail = ["  %-5s [0x%x] = %s%s" % (kind, address, value_text(value), "   " + what if what else "")
                for kind, address, value, what in self.accesses(step)]
        if index == len(steps) - 1:
            tail += self.ending()
        return head, self.register_cells(index), tail

    def ending(self):
        """What happened after the last step recorded."""
        run = self.run
        op = run.exit_op
        guard = getattr(getattr(op, "descr", None), "number", None)
        left = "guard 0x%x (%s)" % (guard, op.name) if guard is not None and op.is_guard() else op.name
        if run.reached_exit:
            lines = ["  -> the code reached the exit page: it left through %s, exit kind %r" % (left, run.exit_kind)]
        else:
            lines = ["  -> stepping stopped here (count reached); the run went on at full speed and left "
                     "through %s, exit kind %r" % (left, run.exit_kind)]
        if run.guard_failure is not None:
            failure = self.record.guard_failures[run.guard_failure]
            lines += ["  -> " + line for line in handover_lines(self.record, failure)]
        return lines

    # -- HTML -----------------------------------------------------------------------------------------

    def show(self):
        self.view.value = self.frame_html(0, self.slider.value, live=True)

    # -- the frames both faces show (static.py) --

    def groups(self):
        return [("steps", len(self.run.steps))]

    def position(self):
        return 0, self.slider.value

    def layout(self):
        return slot("detail") + slot("listing")

    def frame(self, group, index):
        step = self.run.steps[index]
        head, cells, tail = self._parts(index)
        pre = '<pre style="%s background:#f6f8fa; padding:6px; margin: 2px 0;">%s</pre>'
        # a changed register: highlighted *and* starred, not told by colour alone
        regs = "".join('<td style="padding: 0 6px; text-align: left; %s">%s=%s%s</td>%s' % (
            HIGHLIGHT if changed else "", esc(name), esc(text), "*" if changed else "",
            "</tr><tr>" if i % 6 == 5 else "") for i, (name, text, changed) in enumerate(cells))
        detail = (pre % (MONO, esc("\n".join(head)))
                  + '<div style="%s">registers after it (changed ones highlighted and starred):</div>' % MONO
                  + '<table style="border-collapse: collapse; margin: 0; table-layout: auto; %s"><tr>%s</tr></table>' % (MONO, regs)
                  + (pre % (MONO, esc("\n".join(tail))) if tail else ""))
        view = self.view_of(index)
        address = step.address if step.block_address is not None else None
        listing = view.listing_html(height=380) if view is not None else ""
        marks = view.marks(address) if view is not None else []
        return Frame({"detail": detail, "listing": listing}, marks, "step %d of %d" % (index, len(self.run.steps) - 1))
