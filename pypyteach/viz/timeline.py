"""The run iteration by iteration: who ran each iteration of one loop.

Reads a StepRecording (steprecorder.record_steps with a JIT).  The
interpreter records a step for every bytecode it runs; compiled code records
none.  So each iteration of the loop is one of:

- ``I`` interpreted: the loop was not hot yet (or is no longer compiled);
- ``T`` traced: the interpreter ran it while the JIT recorded a loop or a bridge;
- ``G`` compiled code started it and left through a guard: the blackhole
  step finished the interrupted bytecode, the interpreter the rest;
- ``C`` compiled code ran it from start to end (a loop, or a loop and its
  bridges): the recording has no step of it.

An iteration is the stretch from one arrival at the loop's header (or a
blackhole step: compiled code ran up to it) to the next; it is named by the
value the loop variable has at its last step in the loop's code.  The
variable must take integer values, each once (``for i in range(n)`` run
once): the values no step shows ran compiled.  Where the loop ends, the
steps may not say: at its exit the variable is often dead, and the JIT
leaves it unbound in the rebuilt frame; give ``values=range(n)``.
"""

from dataclasses import dataclass, field

from .render import GREY, MONO, HTMLText, esc

KINDS = {
    "I": ("interpreted", "#d5d8dc"),
    "T": ("traced by the JIT (a loop or a bridge)", "#f5b041"),
    "G": ("compiled code left through a guard: blackhole step, then the interpreter", "#e74c3c"),
    "C": ("compiled code from start to end", "#2e86c1"),
}
# The steps see the JIT's events at the next merge point.  These end what the
# previous step did (its trace closed, its bytecode changed a global): they
# belong to its iteration; the others (a trace starts, a guard fails, the
# blackhole step) to the iteration of the step that sees them.
AFTER_PREVIOUS_STEP = ("compiled-loop", "compiled-bridge", "abort", "invalidated")

# Marks for the events row: (letter, words); where an iteration has several,
# the first in this table is drawn and the cell's title lists them all
EVENT_MARKS = {
    "invalidated": ("X", "loop %s invalidated"),
    "abort": ("A", "tracing aborted (%s)"),
    "compiled-loop": ("L", "loop %s compiled"),
    "compiled-bridge": ("B", "bridge %s compiled and attached to its guard"),
    "guard-failure": ("!", "guard 0x%x failed: compiled code left"),
    "nursery-full": ("!", "the nursery was full: compiled code left"),
}
PRIORITY = "CIGT"           # when two stretches name the same value, the later letter wins
ROW = 50


@dataclass
class Iterations:
    """What the recording says about each iteration of one loop, as plain data."""
    variable: str
    code_name: str
    values: list             # the loop variable's values, in order
    kinds: dict              # value -> kind letter (KINDS)
    counters: dict           # value -> the loop's counter after the iteration (None: no step shows it)
    events: dict             # value -> [(kind, detail)] of JitRecord.events, in order
    threshold: int           # the JIT's threshold in that run


@dataclass
class _Stretch:
    letters: set = field(default_factory=set)
    value: int = None
    counter: int = None      # the loop's counter at the stretch's first step in the loop's own code
    events: list = field(default_factory=list)


def iteration_kinds(recording, variable, code_name, values=None):
    """{value: kind letter} for every iteration of the loop over ``variable``
    in the code named ``code_name``, values no step shows included ("C").
    ``values``: the values the variable takes (``range(n)``), when the steps
    cannot tell where the loop ends (default: from the lowest value seen to
    the highest)."""
    return iterations(recording, variable, code_name, values).kinds


def iterations(recording, variable, code_name, values=None):
    """Iterations: who ran each iteration (as iteration_kinds), the loop's
    counter after it, and the JIT's events during it."""
    stretches = [s for s in _stretches(recording, variable, code_name) if s.value is not None]
    seen, counters, events = {}, {}, {}
    for position, stretch in enumerate(stretches):
        value = stretch.value
        kind = max(stretch.letters, key=PRIORITY.index) if stretch.letters else "I"
        if value not in seen or PRIORITY.index(kind) > PRIORITY.index(seen[value]):
            seen[value] = kind
        events.setdefault(value, []).extend(stretch.events)
        if value not in counters:       # the next stretch's first step shows the count after this one
            following = stretches[position + 1].counter if position + 1 < len(stretches) else None
            counters[value] = following if following is not None else stretch.counter
    if not seen:
        raise ValueError("no step of %s binds %r: is it the loop variable of a loop in %s?"
                         % (code_name, variable, code_name))
    outside = sorted(set(seen) - set(values)) if values is not None else []
    if outside:
        raise ValueError("%s takes values outside the values given: %s" % (variable, outside[:5]))
    values = list(values) if values is not None else list(range(min(seen), max(seen) + 1))
    return Iterations(variable, code_name, values, {v: seen.get(v, "C") for v in values},
                      {v: counters.get(v) for v in values}, {v: events.get(v, []) for v in values},
                      recording.threshold)


def _stretches(recording, variable, code_name):
    """The steps cut into stretches, one per arrival at the loop's header or
    blackhole step (compiled code ran up to it); each named by the value the
    variable has at its last step in the loop's code."""
    header = None
    current = None           # the stretch under way
    previous = None          # the stretch of the previous step
    found = []
    for step in recording.steps:
        in_code = step.code_name == code_name
        bound = dict(step.locals).get(variable) if in_code else None
        if header is None:
            if bound is None:
                continue
            header = step.loop_header       # the first iteration's stretch starts here
            current = _Stretch()
            found.append(current)
        if in_code and step.loop_header != header and not _nested(step, header):
            current = None                  # out of the loop
        elif (in_code and step.offset == header) or step.blackhole:
            current = _Stretch()
            found.append(current)
        for kind, detail in getattr(step, "jit_event_records", ()):
            target = previous if kind in AFTER_PREVIOUS_STEP else current
            if target is not None:
                target.events.append((kind, detail))
        previous = current
        if current is None:
            continue
        current.letters.add("T" if step.tracing else "G" if step.blackhole else "I")
        if in_code and step.loop_header == header and current.counter is None:
            current.counter = step.counter
        if in_code and bound is not None:
            current.value = _int(bound, variable)
    return found


def _nested(step, header):
    """A step of a loop nested in ours (its header lies after ours)."""
    return step.loop_header > header


def _int(text, variable):
    try:
        return int(text)
    except ValueError:
        raise ValueError("the loop variable %r must take integer values, not %s" % (variable, text)) from None


def iteration_timeline(recording, variable="i", code_name="run", values=None):
    """One character per iteration of the loop over ``variable`` in
    ``code_name``: who ran it (KINDS), with the loop's counter after it and
    the JIT's events (EVENT_MARKS) on the same axis.  Text and a coloured
    HTML strip.  ``values`` as for iteration_kinds: ``range(n)`` shows the
    iterations compiled code ran after the last step the recording has."""
    its = iterations(recording, variable, code_name, values)
    rows = [its.values[i:i + ROW] for i in range(0, len(its.values), ROW)]
    text = "\n".join(_text_lines(its, rows) + _legend_lines(its, recording))
    html = '<div style="%s"><div>%s</div>%s<div style="margin-top:6px">%s</div></div>' % (
        MONO, esc(_title(its)), "".join(_html_row(its, row) for row in rows), _html_legend(its, recording))
    return HTMLText(html, text)


def _title(its):
    return "iterations of %s in %s, %d to %d, one character each:" % (
        its.variable, its.code_name, its.values[0], its.values[-1])


def counter_char(counter, threshold):
    """The counter in tenths of the threshold: 0-9, ``^`` at the threshold,
    ``.`` when no step shows it."""
    if counter is None:
        return "."
    if threshold <= 0 or counter >= threshold:
        return "^"
    return str(counter * 10 // threshold)


def event_char(events):
    kinds = [kind for kind, _ in events if kind in EVENT_MARKS]
    if not kinds:
        return "."
    return EVENT_MARKS[min(kinds, key=list(EVENT_MARKS).index)][0]


def event_words(kind, detail):
    return EVENT_MARKS[kind][1] % detail if "%" in EVENT_MARKS[kind][1] else EVENT_MARKS[kind][1]


def _grouped(chars):
    return " ".join(chars[j:j + 10] for j in range(0, len(chars), 10))


def _text_lines(its, rows):
    width = len(str(its.values[-1]))
    lines = [_title(its)]
    for row in rows:
        lines.append("  %*d  %s" % (width, row[0], _grouped("".join(its.kinds[v] for v in row))))
        lines.append("  %*s  %s  counter" % (width, "", _grouped("".join(
            counter_char(its.counters[v], its.threshold) for v in row))))
        if any(event_char(its.events[v]) != "." for v in row):
            lines.append("  %*s  %s  events" % (width, "", _grouped("".join(event_char(its.events[v]) for v in row))))
    return lines


def _counts(its):
    return {letter: sum(1 for v in its.values if its.kinds[v] == letter) for letter in KINDS}


def _counter_story(its):
    """When the counter reached the threshold, and the first traced iteration."""
    reached = next((v for v in its.values if its.counters[v] is not None and its.counters[v] >= its.threshold), None)
    traced = next((v for v in its.values if its.kinds[v] == "T"), None)
    if reached is None:
        return "the counter never reached the threshold (%d) in the steps recorded" % its.threshold
    story = "the counter reached the threshold (%d) after %s = %d" % (its.threshold, its.variable, reached)
    if traced is not None:
        story += "; the first traced iteration is %s = %d" % (its.variable, traced)
    return story


COUNTER_TEXT = ("counter: the loop's counter after each iteration (loop closings counted at the backward "
                "jump), in tenths of the threshold: 0-9, ^ = reached it, . = no step recorded (compiled code "
                "ran the iteration)")
IN_PYPY = ("In PyPy the counter is warmstate's JitCounter (rpython/jit/metainterp/counter.py): each loop "
           "closing adds 1/(threshold - 0.001) to a float kept in a table hashed by the green key (code, "
           "pc); at 1.0 it is reset to 0 and tracing starts; the GC decays all counters (the decay "
           "parameter). threshold is 1039 by default. pypyteach keeps an integer per green key, without "
           "decay; it resets it when tracing aborts or the loop is invalidated, and stops counting while "
           "the loop is compiled. The notebooks set lower thresholds (preset=teaching: 50).")


def _legend_lines(its, recording):
    counts = _counts(its)
    legend = ["%s %s: %d" % (letter, KINDS[letter][0], counts[letter]) for letter in KINDS]
    legend.append(COUNTER_TEXT + "; " + _counter_story(its))
    used = sorted({event_char(its.events[v]) for v in its.values} - {"."})
    if used:
        legend.append("events: " + ", ".join("%s %s" % (mark, _mark_words(mark)) for mark in used))
    legend.append(IN_PYPY)
    if recording.stopped:
        legend.append("(the recording stopped early, %s: the iterations after %d are not shown)"
                      % (recording.stopped, its.values[-1]))
    return legend


def _mark_words(mark):
    return {"X": "loop invalidated", "A": "tracing aborted", "L": "loop compiled",
            "B": "bridge compiled and attached", "!": "a guard failed (compiled code left)"}[mark]


CELL = '<span title="%s" style="display:inline-block;width:9px;height:%dpx;margin-right:%s;%s"></span>'
MARK = ('<span title="%s" style="display:inline-block;width:9px;margin-right:%s;font-size:9px;'
        'line-height:11px;text-align:center;font-weight:bold">%s</span>')


def _gap(v, row):
    return "4px" if (v - row[0]) % 10 == 9 else "1px"


def _html_row(its, row):
    width = len(str(its.values[-1]))
    name = esc(its.variable)
    label = '<span style="display:inline-block;width:%dem;%s">%s</span>'
    marks = "".join(MARK % (esc("%s = %d: %s" % (its.variable, v, "; ".join(
        event_words(k, d) for k, d in its.events[v] if k in EVENT_MARKS))), _gap(v, row),
        esc(event_char(its.events[v]).replace(".", ""))) for v in row)
    kinds = "".join(CELL % ("%s = %d: %s" % (name, v, esc(KINDS[its.kinds[v]][0])), 14, _gap(v, row),
                            "background:%s" % KINDS[its.kinds[v]][1]) for v in row)
    counters = "".join(CELL % (esc(_counter_title(its, v)), 14, _gap(v, row), _counter_style(its, v)) for v in row)
    parts = []
    if any(event_char(its.events[v]) != "." for v in row):
        parts.append('<div style="white-space:nowrap">%s%s</div>' % (label % (width + 1, GREY, ""), marks))
    parts.append('<div style="white-space:nowrap">%s%s</div>' % (label % (width + 1, GREY, row[0]), kinds))
    parts.append('<div style="white-space:nowrap;margin-bottom:3px">%s%s</div>' % (label % (width + 1, GREY, ""), counters))
    return "".join(parts)


def _counter_title(its, v):
    counter = its.counters[v]
    if counter is None:
        return "%s = %d: no step recorded (compiled code ran it): the recording shows no counter" % (its.variable, v)
    return "%s = %d: counter %d after it, threshold %d" % (its.variable, v, counter, its.threshold)


def _counter_style(its, v):
    """A bar as high as the counter's share of the threshold (the cell's top
    edge is the threshold)."""
    counter = its.counters[v]
    base = "box-sizing:border-box;border-top:1px solid #bbb;vertical-align:bottom;"
    if counter is None:
        return base + "border-bottom:1px dotted #999"
    share = 100 if its.threshold <= 0 else min(100, round(100 * counter / its.threshold))
    colour = "#17202a" if share >= 100 else "#85929e"
    return base + "background:linear-gradient(to top,%s %d%%,transparent %d%%)" % (colour, share, share)


def _html_legend(its, recording):
    counts = _counts(its)
    swatch = '<span style="display:inline-block;width:9px;height:11px;background:%s"></span>'
    parts = ['<div>%s <b>%s</b> %s: %d</div>' % (swatch % KINDS[letter][1], letter, esc(KINDS[letter][0]),
                                                 counts[letter]) for letter in KINDS]
    parts.append('<div>%s <b>counter</b> (the bars under the strip): the loop\'s counter after each iteration, '
                 'as a share of the threshold (%d, the cell\'s top edge); black: reached; a dotted line: no step '
                 'recorded (compiled code ran the iteration). %s.</div>'
                 % (swatch % "linear-gradient(to top,#85929e 60%,transparent 60%)", its.threshold,
                    esc(_counter_story(its))))
    used = sorted({event_char(its.events[v]) for v in its.values} - {"."})
    if used:
        parts.append('<div><b>events</b> (the letters above the strip; hover for details): %s</div>'
                     % esc(", ".join("%s %s" % (mark, _mark_words(mark)) for mark in used)))
    parts.append('<div style="%s">%s</div>' % (GREY, esc(IN_PYPY)))
    if recording.stopped:
        parts.append("<div>%s</div>" % esc("(the recording stopped early, %s: the iterations after %d are not "
                                            "shown)" % (recording.stopped, its.values[-1])))
    return "".join(parts)
