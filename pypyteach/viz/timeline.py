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

from .render import GREY, MONO, HTMLText, esc

KINDS = {
    "I": ("interpreted", "#d5d8dc"),
    "T": ("traced by the JIT (a loop or a bridge)", "#f5b041"),
    "G": ("compiled code left through a guard: blackhole step, then the interpreter", "#e74c3c"),
    "C": ("compiled code from start to end", "#2e86c1"),
}
PRIORITY = "CIGT"           # when two stretches name the same value, the later letter wins
ROW = 50


def iteration_kinds(recording, variable, code_name, values=None):
    """{value: kind letter} for every iteration of the loop over ``variable``
    in the code named ``code_name``, values no step shows included ("C").
    ``values``: the values the variable takes (``range(n)``), when the steps
    cannot tell where the loop ends (default: from the lowest value seen to
    the highest)."""
    header = None
    current = None           # [kind letters seen, value] of the stretch under way
    seen = {}

    def close():
        if current is not None and current[1] is not None:
            value = current[1]
            kind = max(current[0], key=PRIORITY.index) if current[0] else "I"
            if value not in seen or PRIORITY.index(kind) > PRIORITY.index(seen[value]):
                seen[value] = kind

    for step in recording.steps:
        in_code = step.code_name == code_name
        bound = dict(step.locals).get(variable) if in_code else None
        if header is None:
            if bound is None:
                continue
            header = step.loop_header       # the first iteration's stretch starts here
            current = [set(), None]
        if in_code and step.loop_header != header and not _nested(step, header):
            close()                 # out of the loop
            current = None
            continue
        if (in_code and step.offset == header) or step.blackhole:
            close()
            current = [set(), None]
        if current is None:
            continue
        current[0].add("T" if step.tracing else "G" if step.blackhole else "I")
        if in_code and bound is not None:
            current[1] = _int(bound, variable)
    close()
    if not seen:
        raise ValueError("no step of %s binds %r: is it the loop variable of a loop in %s?"
                         % (code_name, variable, code_name))
    outside = sorted(set(seen) - set(values)) if values is not None else []
    if outside:
        raise ValueError("%s takes values outside the values given: %s" % (variable, outside[:5]))
    return {value: seen.get(value, "C") for value in (values if values is not None
                                                        else range(min(seen), max(seen) + 1))}


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
    ``code_name``: who ran it (KINDS).  Text and a coloured HTML strip.
    ``values`` as for iteration_kinds: ``range(n)`` shows the iterations
    compiled code ran after the last step the recording has."""
    kinds = iteration_kinds(recording, variable, code_name, values)
    values = sorted(kinds)
    counts = {letter: sum(1 for v in values if kinds[v] == letter) for letter in KINDS}
    title = "iterations of %s in %s, %d to %d, one character each:" % (variable, code_name, values[0], values[-1])
    rows = [values[i:i + ROW] for i in range(0, len(values), ROW)]
    width = len(str(values[-1]))
    text_rows = ["  %*d  %s" % (width, row[0], " ".join("".join(kinds[v] for v in row[j:j + 10])
                                                          for j in range(0, len(row), 10))) for row in rows]
    legend = ["%s %s: %d" % (letter, KINDS[letter][0], counts[letter]) for letter in KINDS]
    if recording.stopped:
        legend.append("(the recording stopped early, %s: the iterations after %d are not shown)"
                      % (recording.stopped, values[-1]))
    text = "\n".join([title] + text_rows + legend)
    cell = ('<span title="%s = %d: %s" style="display:inline-block;width:9px;height:14px;margin-right:%s;'
            'background:%s"></span>')
    html_rows = []
    for row in rows:
        spans = "".join(cell % (esc(variable), v, esc(KINDS[kinds[v]][0]), "4px" if (v - row[0]) % 10 == 9 else "1px",
                                KINDS[kinds[v]][1]) for v in row)
        html_rows.append('<div style="white-space:nowrap"><span style="display:inline-block;width:%dem;%s">%d</span>'
                         '%s</div>' % (width + 1, GREY, row[0], spans))
    html_legend = "".join('<div><span style="display:inline-block;width:9px;height:11px;background:%s"></span> '
                          '<b>%s</b> %s: %d</div>' % (KINDS[letter][1], letter, esc(KINDS[letter][0]), counts[letter])
                          for letter in KINDS)
    if recording.stopped:
        html_legend += "<div>%s</div>" % esc(legend[-1])
    html = '<div style="%s"><div>%s</div>%s<div style="margin-top:6px">%s</div></div>' % (
        MONO, esc(title), "".join(html_rows), html_legend)
    return HTMLText(html, text)
