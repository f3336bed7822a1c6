"""Bytecode and interpretation: the listing, and stepping through a recording.

``disassembly_view(code)`` is ``pypyteach dis`` as a table.
``BytecodeStepper(recording)`` walks through a StepRecording (see
pypyteach/steprecorder.py): the source line, the instruction, the value
stack, the locals, the frames, and the hotness counter of the loop the
interpreter is in, climbing to the JIT's threshold.
"""

import ipywidgets as widgets

from ..vm.compiler import opcodes
from ..vm.compiler.dis import jump_targets, raw_instructions, code_header, describe_arg, dis_code
from .render import GREY, MONO, HTMLText, esc, table


# -- the listing ------------------------------------------------------------------------------

def instruction_rows(code):
    """One row per 2-byte slot, as dis prints it: (line or "", ">>" or "",
    offset, opname, argument, meaning)."""
    targets = jump_targets(code)
    rows, last_line = [], None
    for offset, opcode, raw, full in raw_instructions(code):
        line = code.positions[offset // 2][0]
        shown_line = str(line) if line != last_line else ""
        last_line = line
        arg, meaning = "", ""
        if opcode in opcodes.HAS_ARG:
            arg = str(raw if opcode == opcodes.EXTENDED_ARG else full)
            if opcode != opcodes.EXTENDED_ARG:
                meaning = describe_arg(code, opcode, full, offset)
        rows.append((shown_line, ">>" if offset in targets else "", offset, opcodes.opname(opcode), arg, meaning))
    return rows


def _listing_html(code, current=None):
    rows, highlight = [], None
    for i, (line, target, offset, name, arg, meaning) in enumerate(instruction_rows(code)):
        if offset == current:
            highlight = i
        rows.append((esc(line), esc(target), str(offset), esc(name), esc(arg), esc("(%s)" % meaning if meaning else "")))
    return table(rows, ("line", "", "offset", "instruction", "arg", ""), highlight)


def disassembly_view(code, current=None):
    """The bytecode of one code object (not the ones nested in it) as an HTML
    table, the instruction at offset ``current`` highlighted."""
    title = '<div style="%s %s">%s</div>' % (MONO, GREY, esc(code_header(code)))
    return HTMLText(title + _listing_html(code, current), dis_code(code, recursive=False).rstrip("\n"))


def source_html(source, current_line=None):
    rows, highlight = [], None
    for number, text in enumerate(source.splitlines(), 1):
        if number == current_line:
            highlight = number - 1
        rows.append(('<span style="%s">%d</span>' % (GREY, number), esc(text)))
    return table(rows, None, highlight)


# -- one step as text --------------------------------------------------------------------------

def step_text(recording, step):
    """Everything the stepper shows for ``step``, in plain text."""
    lines = ["step %d of %d: line %d: %s" % (step.index, len(recording.steps) - 1, step.line, step.source_line.strip()),
             "  frames:  %s" % " > ".join("%s (line %d)" % frame for frame in step.frames),
             "  next:    #%d %s %s" % (step.offset, step.opname, step.arg),
             "  stack:   [%s]" % ", ".join(step.stack),
             "  locals:  %s" % (", ".join("%s = %s" % pair for pair in step.locals) or "(none)"),
             "  hotness: %s" % hotness_text(recording, step)]
    lines += ["  JIT:     %s" % event for event in step.jit_events]
    return "\n".join(lines)


def hotness_text(recording, step):
    if step.loop_header < 0:
        return "not inside a loop"
    text = "loop at #%d closed %d time%s, threshold %d" % (step.loop_header, step.counter,
                                                           "" if step.counter == 1 else "s", recording.threshold)
    if step.tracing:
        text += "  [TRACING]"
    elif step.compiled_loop:
        text += "  [compiled as loop %d]" % step.compiled_loop
    return text


# -- the widget --------------------------------------------------------------------------------

class BytecodeStepper(widgets.VBox):
    """Step through a recording with a slider or the buttons."""

    def __init__(self, recording, start=0):
        if not recording.steps:
            raise ValueError("the recording has no steps (did the program compile and run?)")
        self.recording = recording
        last = len(recording.steps) - 1
        self.slider = widgets.IntSlider(value=min(max(start, 0), last), min=0, max=last, description="step",
                                        continuous_update=False, layout=widgets.Layout(width="60%"))
        self.prev_button = widgets.Button(description="◀ prev", layout=widgets.Layout(width="80px"))
        self.next_button = widgets.Button(description="next ▶", layout=widgets.Layout(width="80px"))
        self.header = widgets.HTML()
        self.source = widgets.HTML()
        self.listing = widgets.HTML()
        self.state = widgets.HTML()
        self.hotness = widgets.IntProgress(min=0, max=max(recording.threshold, 1), description="hotness")
        self.hotness_label = widgets.HTML()
        self.badge = widgets.HTML()
        self.prev_button.on_click(lambda _: self.go(self.slider.value - 1))
        self.next_button.on_click(lambda _: self.go(self.slider.value + 1))
        self.slider.observe(lambda change: self.show(change["new"]), names="value")
        controls = widgets.HBox([self.prev_button, self.slider, self.next_button])
        panels = widgets.HBox([_panel(self.source, "source"), _panel(self.listing, "bytecode"),
                               _panel(self.state, "interpreter state")])
        meter = widgets.HBox([self.hotness, self.hotness_label, self.badge])
        super().__init__([controls, self.header, panels, meter])
        self.show(self.slider.value)

    @property
    def step(self):
        return self.recording.steps[self.slider.value]

    def go(self, index):
        self.slider.value = min(max(index, 0), self.slider.max)

    def show(self, index):
        recording, step = self.recording, self.recording.steps[index]
        self.header.value = self._header_html(step)
        self.source.value = source_html(recording.source, step.line)
        self.listing.value = _listing_html(recording.codes[step.code_index], step.offset) \
            if step.code_index >= 0 else ""
        self.state.value = self._state_html(step)
        self.hotness.value = min(step.counter, self.hotness.max)
        self.hotness_label.value = '<span style="%s">%s</span>' % (MONO, esc(hotness_text(recording, step)))
        self.badge.value = ('<span style="background:#c0392b; color:white; padding:2px 8px; '
                            'border-radius:8px;">tracing</span>') if step.tracing else ""

    def _header_html(self, step):
        events = "".join('<div style="color:#c0392b;">JIT: %s</div>' % esc(e) for e in step.jit_events)
        return '<div style="%s"><b>step %d</b> of %d — next: #%d %s %s</div>%s' % (
            MONO, step.index, len(self.recording.steps) - 1, step.offset, esc(step.opname), esc(step.arg), events)

    def _state_html(self, step):
        frames = " &gt; ".join("%s (line %d)" % (esc(name), line) for name, line in step.frames)
        stack = table([(esc(v),) for v in reversed(step.stack)] or [("(empty)",)], ("value stack, top first",))
        local_rows = [(esc(name), esc(value)) for name, value in step.locals] or [("(none)", "")]
        output = esc(step.output[-300:]) or "(nothing yet)"
        return ('<div style="%s">frames: %s</div>%s<br>%s<div style="%s">output:</div><pre style="%s margin:0;">%s</pre>'
                % (MONO, frames, stack, table(local_rows, ("local", "value")), MONO, MONO, output))

    def text(self, step=None):
        """The current step (or step number / Step ``step``) as plain text."""
        if step is None:
            step = self.step
        elif isinstance(step, int):
            step = self.recording.steps[step]
        return step_text(self.recording, step)


def _panel(child, title):
    label = widgets.HTML('<b>%s</b>' % esc(title))
    return widgets.VBox([label, child], layout=widgets.Layout(margin="0 12px 0 0", overflow="auto",
                                                             max_height="420px"))

