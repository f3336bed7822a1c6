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
from .static import Frame, SteppingView, slot


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


def _listing_rows(code, current=None):
    rows, highlight = [], None
    for i, (line, target, offset, name, arg, meaning) in enumerate(instruction_rows(code)):
        if offset == current:
            highlight = i
        rows.append((esc(line), esc(target), str(offset), esc(name), esc(arg), esc("(%s)" % meaning if meaning else "")))
    return rows, highlight


LISTING_HEADER = ("line", "", "offset", "instruction", "arg", "")


def _listing_html(code, current=None):
    rows, highlight = _listing_rows(code, current)
    return table(rows, LISTING_HEADER, highlight)


def listing_key(code_index, offset):
    """The row key of an instruction in the stepper's listing pane."""
    return "c%d-o%d" % (code_index, offset)


def stepper_listing_html(code, code_index):
    """The listing whose rows a stepper marks (key: listing_key)."""
    rows, _ = _listing_rows(code)
    keys = [listing_key(code_index, offset) for _, _, offset, _, _, _ in instruction_rows(code)]
    return table(rows, LISTING_HEADER, keys=keys)


def disassembly_view(code, current=None):
    """The bytecode of one code object (not the ones nested in it) as an HTML
    table, the instruction at offset ``current`` highlighted."""
    title = '<div style="%s %s">%s</div>' % (MONO, GREY, esc(code_header(code)))
    return HTMLText(title + _listing_html(code, current), dis_code(code, recursive=False).rstrip("\n"))


def source_html(source, current_line=None, keys=False):
    """The program's source, line ``current_line`` highlighted; ``keys``:
    rows a stepper marks instead (key "line-N")."""
    rows, highlight = [], None
    lines = source.splitlines()
    for number, text in enumerate(lines, 1):
        if number == current_line:
            highlight = number - 1
        rows.append(('<span style="%s">%d</span>' % (GREY, number), esc(text)))
    if keys:
        return table(rows, None, keys=["line-%d" % n for n in range(1, len(lines) + 1)])
    return table(rows, None, highlight)


# -- one step as text --------------------------------------------------------------------------

def step_text(recording, step):
    """Everything the stepper shows for ``step``, in plain text."""
    lines = ["step %d of %d: line %d: %s" % (step.index, len(recording.steps) - 1, step.line, step.source_line.strip()),
             "  frames:  %s" % " > ".join("%s (line %d)" % frame for frame in step.frames),
             "  next:    #%d %s %s%s" % (step.offset, step.opname, step.arg, BLACKHOLE_MARK if step.blackhole else ""),
             "  stack:   [%s]" % ", ".join(step.stack),
             "  locals:  %s" % (", ".join("%s = %s" % pair for pair in step.locals) or "(none)"),
             "  hotness: %s" % hotness_text(recording, step)]
    lines += ["  JIT:     %s" % event for event in step.jit_events]
    return "\n".join(lines)


BLACKHOLE_MARK = "  [blackhole step: the JIT is off for this bytecode]"


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


# -- one step as HTML: what both faces show ---------------------------------------------------------

def step_frame(recording, index):
    """The frame of step ``index`` (see static.py): header, source, listing
    and interpreter state; the source line and the next instruction marked."""
    step = recording.steps[index]
    listing, mark = "", None
    if step.code_index >= 0:
        listing = stepper_listing_html(recording.codes[step.code_index], step.code_index)
        mark = listing_key(step.code_index, step.offset)
    slots = {"header": _header_html(recording, step), "source": source_html(recording.source, keys=True),
             "listing": listing, "meter": _meter_html(recording, step)}
    slots.update(_state_html(step))
    return Frame(slots,
                 ["line-%d" % step.line, mark], "step %d of %d" % (index, len(recording.steps) - 1))


STEPPER_LAYOUT = ('<div style="%s">' % MONO + slot("header") +
                  '<div style="display:flex; flex-wrap:wrap; gap:12px; align-items:flex-start;">'
                  '<div style="min-width:0;"><b>source</b>' + slot("source", pane_height=420) + '</div>'
                  '<div style="min-width:0;"><b>bytecode</b>' + slot("listing", pane_height=420) + '</div>'
                  '<div style="min-width:0;"><b>interpreter state</b>' + slot("frames") + '<div class="ppt-pane" style="max-height:400px; overflow:auto;">'
                  + slot("stack") + slot("locals") + '</div>' + '</div>'
                  '</div>' + slot("meter") + '</div>')


def _header_html(recording, step):
    events = "".join('<div style="color:#a02c1e;">\u26a1 JIT: %s</div>' % esc(e) for e in step.jit_events)
    mark = esc(BLACKHOLE_MARK) if step.blackhole else ""
    return '<div style="%s"><b>step %d</b> of %d \u2014 next: #%d %s %s%s</div>%s' % (
        MONO, step.index, len(recording.steps) - 1, step.offset, esc(step.opname), esc(step.arg), mark, events)


def _state_html(step):
    """The interpreter state in three parts, each deduplicated by the static
    face on its own (the stack changes at every step, the rest seldom)."""
    frames = " &gt; ".join("%s (line %d)" % (esc(name), line) for name, line in step.frames)
    stack = table([(esc(v),) for v in reversed(step.stack)] or [("(empty)",)], ("value stack, top first",))
    local_rows = [(esc(name), esc(value)) for name, value in step.locals] or [("(none)", "")]
    output = esc(step.output[-300:]) or "(nothing yet)"
    return {"frames": "frames: %s" % frames, "stack": stack,
            "locals": "%s<div>output:</div><pre style=\"margin:0;\">%s</pre>" % (
                table(local_rows, ("local", "value")), output)}


def _meter_html(recording, step):
    """The loop's hotness counter as a bar with its numbers written out,
    and a TRACING badge (a word, not only a colour)."""
    threshold = max(recording.threshold, 1)
    filled = min(step.counter, threshold) * 100 // threshold if step.loop_header >= 0 else 0
    bar = ('<span style="display:inline-block; width:160px; height:12px; border:1px solid #555; '
           'vertical-align:middle; background:#fff;"><span style="display:block; height:100%%; width:%d%%; '
           'background:repeating-linear-gradient(45deg, #2e6f9e 0 6px, #5b9bd5 6px 12px);"></span></span>' % filled)
    badge = (' <span style="background:#a02c1e; color:white; padding:1px 8px; border-radius:8px;">'
             '\u25cf TRACING</span>') if step.tracing else ""
    return '<div style="%s margin-top:6px;">hotness %s %s%s</div>' % (MONO, bar, esc(hotness_text(recording, step)),
                                                                     badge)


# -- the widget --------------------------------------------------------------------------------

class BytecodeStepper(SteppingView, widgets.VBox):
    """Step through a recording with a slider or the buttons."""

    static_kind = "BytecodeStepper"

    def __init__(self, recording, start=0):
        if not recording.steps:
            raise ValueError("the recording has no steps (did the program compile and run?)")
        self.recording = recording
        last = len(recording.steps) - 1
        self.slider = widgets.IntSlider(value=min(max(start, 0), last), min=0, max=last, description="step",
                                        continuous_update=False, layout=widgets.Layout(width="60%"))
        self.prev_button = widgets.Button(description="\u25c0 prev", layout=widgets.Layout(width="80px"))
        self.next_button = widgets.Button(description="next \u25b6", layout=widgets.Layout(width="80px"))
        self.view = widgets.HTML()
        self.prev_button.on_click(lambda _: self.go(self.slider.value - 1))
        self.next_button.on_click(lambda _: self.go(self.slider.value + 1))
        self.slider.observe(lambda change: self.show(change["new"]), names="value")
        controls = widgets.HBox([self.prev_button, self.slider, self.next_button])
        super().__init__([controls, self.view])
        self.show(self.slider.value)

    @property
    def step(self):
        return self.recording.steps[self.slider.value]

    def go(self, index):
        self.slider.value = min(max(index, 0), self.slider.max)

    def show(self, index):
        self.view.value = self.frame_html(0, index, live=True)

    # -- the frames both faces show (static.py) --

    def groups(self):
        return [("steps", len(self.recording.steps))]

    def frame(self, group, index):
        return step_frame(self.recording, index)

    def layout(self):
        return STEPPER_LAYOUT

    def position(self):
        return 0, self.slider.value

    def text(self, step=None):
        """The current step (or step number / Step ``step``) as plain text."""
        if step is None:
            step = self.step
        elif isinstance(step, int):
            step = self.recording.steps[step]
        return step_text(self.recording, step)
