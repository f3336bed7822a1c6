"""Traces printed as PyPy prints them in a PYPYLOG file.

PyPy's ``rpython/jit/metainterp/logger.py`` writes the ``jit-log-*`` sections
and ``jitprof.py`` the ``jit-summary``; this module writes the same text, so
that our logs read like the real PyPy 7.3.11 logs in the anchors and can be
read back by ``oparser.parse_log``::

    [1951eeb0f64] {jit-log-opt-loop
    # Loop 1 (run;x.py:3-6~#8 LOAD_FAST) : loop with 69 ops
    [p0, p1]
    +267: p2 = getfield_gc_r(p0, descr=<FieldP ... 64>)
    debug_merge_point(0, 0, 'run;x.py:3-6~#8 LOAD_FAST')
    +352: guard_value(i5, 3, descr=<Guard0x7f23f40ae020>) [p0, p2, ...]
    ...
    +576: --end of the loop--
    [1951ef93d84] jit-log-opt-loop}

Naming follows PyPy's ``LogOperations.repr_of_arg``: one running counter
numbers everything in order of first appearance (input arguments first, an
op's arguments before its result), and constants and ``None`` take numbers
too, which is why PyPy's names have gaps (``p7`` then ``p9``: the ``0`` in
``getarrayitem_gc_r(p7, 0)`` took 8).  PyPy keys that memo by object and its
traces hold a fresh Const per occurrence; we give every constant occurrence a
number, which yields the same names and keeps print -> parse -> print exact
even when one Const object is shared.  ``debug_merge_point`` is printed from
its location and takes no numbers, as in PyPy.

Output is deterministic: guards print ``<Guard0x%x>`` with a number the
caller owns (``op.guard_number``, a GuardDescr's ``number``, or a per-log
counter), never a memory address, and timestamps come from a clock the
caller passes (default: a counter).
"""

import itertools

from .aborts import not_counted_lines
from .resoperation import Const, ConstInt, ConstFloat, ConstPtr

KIND_PREFIX = {"i": "i", "r": "p", "f": "f"}     # PyPy names refs p0, p1...


class ConstClass(ConstInt):
    """A ConstInt known by a name (a type id, a host function): PyPy prints it
    ``ConstClass(W_IntObject)`` instead of a number."""

    def __init__(self, value, name, obj=None):
        ConstInt.__init__(self, value)
        self.name = name
        self.obj = obj            # what the name stands for, when known

    def __repr__(self):
        return "ConstClass(%s)" % self.name


def deterministic_clock(start=0, step=1):
    """A clock for the ``[%x]`` timestamps that counts instead of reading time."""
    return itertools.count(start, step).__next__


class Names:
    """PyPy's LogOperations memo: a number per value, in order of first
    appearance.  Share one between calls to continue a numbering (or to ask
    afterwards which name a value got)."""

    def __init__(self):
        self.count = 0
        self._numbers = {}       # id(value) -> number
        self._keep = []          # keeps values alive so their ids stay theirs

    def _fresh(self):
        self.count += 1
        return self.count - 1

    def number(self, value):
        key = id(value)
        if key not in self._numbers:
            self._numbers[key] = self._fresh()
            self._keep.append(value)
        return self._numbers[key]

    def name_of(self, value):
        """The printed name of an input argument, an op's result, or None."""
        if value is None:
            self.number(None)
            return "None"
        return KIND_PREFIX.get(value.type, "?") + str(self.number(value))

    def const_text(self, const):
        """Every constant occurrence takes a number (see the module docstring)."""
        number = self._fresh()
        if isinstance(const, ConstClass):
            return repr(const)
        if isinstance(const, ConstFloat):
            return "%f" % const.value          # RPython's str(float): '0.500000'
        if isinstance(const, ConstPtr):
            return "ConstPtr(ptr%d)" % number if const.value else "ConstPtr(null)"
        return str(const.value)


class GuardNumbers:
    """Numbers for guards that carry none of their own: one counter per log,
    so that a bridge's header can name the guard it leaves from."""

    def __init__(self, start=1):
        self._next = start
        self._numbers = {}
        self._keep = []

    def number_of(self, op):
        number = op.guard_number
        if number is None:
            number = getattr(op.descr, "number", None) if _is_guard_descr(op.descr) else None
        if number is None:
            if id(op) not in self._numbers:
                self._numbers[id(op)] = self._next
                self._keep.append(op)
                self._next += 1
            number = self._numbers[id(op)]
        return number


def _is_guard_descr(descr):
    # GuardDescr (jit/descr.py) is the only descr a guard carries whose number
    # is its identity; checked by name to keep the logger free of that import.
    return descr is not None and type(descr).__name__ == "GuardDescr"


# -- one trace -------------------------------------------------------------------------------

def format_trace(inputargs, operations, names=None, const_repr=None, guard_numbers=None,
                 offsets=None):
    """The lines PyPy prints for a trace: ``[p0, i1]`` then one line per op.

    ``const_repr(op, index, const)`` may return the text of a constant (None:
    default text); ``index`` is the argument position, None in fail args.
    ``offsets`` gives machine-code offsets (``+267: ``), as a list parallel to
    ``operations`` or a dict keyed by op; None entries print no prefix."""
    printer = _TracePrinter(names or Names(), const_repr, guard_numbers or GuardNumbers())
    lines = []
    if inputargs is not None:
        lines.append("[%s]" % ", ".join(printer.names.name_of(arg) for arg in inputargs))
    for index, op in enumerate(operations):
        lines.append(printer.op_line(op, _offset_of(offsets, index, op)))
    return lines


def _offset_of(offsets, index, op):
    if offsets is None:
        return None
    if isinstance(offsets, dict):
        return offsets.get(op)
    return offsets[index] if index < len(offsets) else None


class _TracePrinter:
    def __init__(self, names, const_repr, guard_numbers):
        self.names = names
        self.const_repr = const_repr
        self.guard_numbers = guard_numbers

    def arg_text(self, op, index, arg):
        if isinstance(arg, Const):
            text = self.const_repr(op, index, arg) if self.const_repr else None
            if text is not None:
                self.names._fresh()        # a rendered constant still takes its number
                return text
            return self.names.const_text(arg)
        return self.names.name_of(arg)

    def op_line(self, op, offset):
        if op.name == "debug_merge_point":
            # PyPy prints merge points from their location, with no offset
            return "debug_merge_point(%s)" % _merge_point_args(op)
        args = [self.arg_text(op, i, arg) for i, arg in enumerate(op.args)]
        result = "%s = " % self.names.name_of(op) if op.type in KIND_PREFIX else ""
        descr = self.descr_text(op)
        if descr is not None:
            args.append("descr=" + descr)
        line = "%s%s(%s)" % (result, op.name, ", ".join(args))
        if op.is_guard() and op.fail_args is not None:
            line += " [%s]" % ", ".join(self.arg_text(op, None, arg) for arg in op.fail_args)
        return line if offset is None else "+%d: %s" % (offset, line)

    def descr_text(self, op):
        if op.is_guard():
            return "<Guard0x%x>" % self.guard_numbers.number_of(op)
        if hasattr(op.descr, "repr_of_descr"):
            return op.descr.repr_of_descr()        # call_assembler: <Loop3>, as PyPy
        return None if op.descr is None else repr(op.descr)


def _merge_point_args(op):
    # args: (jitdriver index, call depth, location text); the tracer records
    # the location as a plain str, so _plain accepts values and Consts alike
    first, second, location = (_plain(arg) for arg in op.args[:3])
    return "%d, %d, '%s'" % (first, second, location)


def _plain(arg):
    return arg.value if isinstance(arg, Const) else arg


# -- hooks for constants -----------------------------------------------------------------------

def layout_class_names(op, index, const):
    """const_repr hook: the class argument of guard_class/guard_nonnull_class
    (a type id) prints as ``ConstClass(W_IntObject)``, as PyPy names vtables."""
    if op.name in ("guard_class", "guard_nonnull_class") and index == 1:
        from ..vm.memory.layout import LAYOUTS
        if 0 < const.value < len(LAYOUTS.by_tid):
            return "ConstClass(%s)" % LAYOUTS.by_tid[const.value].name
    return None


def combine_const_reprs(*hooks):
    """One const_repr hook trying several in turn."""
    def const_repr(op, index, const):
        for hook in hooks:
            text = hook(op, index, const)
            if text is not None:
                return text
        return None
    return const_repr


# -- sections --------------------------------------------------------------------------------

def format_loop(number, name, inputargs, operations, kind="loop", guard_number=None,
                header_note=None, section="opt", offsets=None, end_offset=None, clock=None,
                names=None, const_repr=None, guard_numbers=None):
    """A whole ``{jit-log-opt-loop ... jit-log-opt-loop}`` section.

    ``kind`` is "loop" or "bridge" (bridges name ``guard_number``, the guard
    they leave from); ``section`` is "opt", "noopt" or "rewritten", as in
    PyPy's Logger.log_loop/log_bridge.  ``header_note`` replaces the word
    after the colon of a loop header (PyPy passes "loop"; noopt logs always
    say "noopt").  "with N ops" counts every op, debug_merge_point included.
    The end line needs ``end_offset`` (PyPy prints it only for compiled code)."""
    assert kind in ("loop", "bridge") and section in ("opt", "noopt", "rewritten")
    clock = clock or deterministic_clock()
    tag = "jit-log-%s-%s" % (section, kind)
    lines = ["[%x] {%s" % (clock(), tag), _header(number, name, len(operations), kind, guard_number,
                                                 header_note, section)]
    lines += format_trace(inputargs, operations, names, const_repr, guard_numbers, offsets)
    if end_offset is not None:
        lines.append("+%d: --end of the loop--" % end_offset)
    lines.append("[%x] %s}" % (clock(), tag))
    return lines


def _header(number, name, count, kind, guard_number, header_note, section):
    if kind == "bridge":
        return "# bridge out of Guard 0x%x with %d ops" % (guard_number or 0, count)
    word = header_note or ("loop" if section == "opt" else section)
    return "# Loop %d (%s) : %s with %d ops" % (number, name, word, count)


# -- jit-summary -----------------------------------------------------------------------------

TIME_LINES = (("Tracing", "tracing", "tracing_time"), ("Backend", "backend", "backend_time"))
TOTAL_LINE = ("TOTAL", "total_time")
# (label as printed, key in the stats dict), in PyPy 7.3.11's order (jitprof.py)
INT_LINES = (
    ("ops", "ops"), ("heapcached ops", "heapcached_ops"), ("recorded ops", "recorded_ops"),
    ("  calls", "calls"), ("guards", "guards"), ("opt ops", "opt_ops"), ("opt guards", "opt_guards"),
    ("opt guards shared", "opt_guards_shared"), ("forcings", "forcings"),
    ("abort: trace too long", "abort_trace_too_long"), ("abort: compiling", "abort_compiling"),
    ("abort: vable escape", "abort_vable_escape"), ("abort: bad loop", "abort_bad_loop"),
    ("abort: force quasi-immut", "abort_force_quasi_immut"),
    ("abort: segmenting trace", "abort_segmenting_trace"),
    ("virtualizables forced", "virtualizables_forced"), ("nvirtuals", "nvirtuals"),
    ("nvholes", "nvholes"), ("nvreused", "nvreused"), ("vecopt tried", "vecopt_tried"),
    ("vecopt success", "vecopt_success"), ("Total # of loops", "total_loops"),
    ("Total # of bridges", "total_bridges"), ("Freed # of loops", "freed_loops"),
    ("Freed # of bridges", "freed_bridges"),
)
SUMMARY_KEYS = tuple(key for _, *keys in TIME_LINES for key in keys) + (TOTAL_LINE[1],) + tuple(
    key for _, key in INT_LINES)


def format_summary(stats, clock=None):
    """The ``{jit-summary`` section; ``stats`` maps SUMMARY_KEYS to numbers
    (missing keys print 0); "pypyteach_aborts" ({reason: count}) adds a
    ``# not counted by PyPy:`` line per abort reason PyPy has no counter
    for (jit/aborts.py).  Paddings are jitprof.py's: labels padded to 13
    (time lines) or 16 (counts) characters before a tab."""
    clock = clock or deterministic_clock()
    get = lambda key: stats.get(key, 0)
    lines = ["[%x] {jit-summary" % clock()]
    for label, count_key, time_key in TIME_LINES:
        lines.append("%s:%s\t%d\t%f" % (label, " " * max(0, 13 - len(label)), get(count_key), get(time_key)))
    lines.append("%s:      \t\t%f" % (TOTAL_LINE[0], get(TOTAL_LINE[1])))
    for label, key in INT_LINES:
        lines.append("%s:%s\t%d" % (label, " " * max(0, 16 - len(label)), get(key)))
    lines += not_counted_lines(stats.get("pypyteach_aborts") or {})
    lines.append("[%x] jit-summary}" % clock())
    return lines


class Logger:
    """One log being written: a shared clock and guard numbering, and the lines.

    ``sections`` says what log_trace writes: "opt" (PYPYLOG=jit-log-opt) and/or
    "noopt" (jit-log-noopt: the trace as recorded, before the optimizer)."""

    def __init__(self, clock=None, const_repr=layout_class_names, sections=("opt",)):
        self.clock = clock or deterministic_clock()
        self.const_repr = const_repr
        self.sections = sections
        self.guard_numbers = GuardNumbers()
        self.lines = []

    def log_trace(self, trace, offsets=None, end_offset=None):
        """Log a compiled trace (a record.TraceRecord: number, kind, name,
        inputargs, unoptimized, operations, guard); ``offsets`` ({op: offset})
        and ``end_offset`` of its machine code go to the opt section only."""
        for section in ("noopt", "opt"):
            ops = trace.unoptimized if section == "noopt" else trace.operations
            if section not in self.sections or ops is None:
                continue
            code = {"offsets": offsets, "end_offset": end_offset} if section == "opt" else {}
            if trace.kind == "bridge":
                number = getattr(trace.guard, "number", None)
                self.lines += format_loop(None, None, trace.inputargs, ops, "bridge", number, section=section,
                                          clock=self.clock, const_repr=self.const_repr,
                                          guard_numbers=self.guard_numbers, **code)
            else:
                note = getattr(trace, "type", "loop") if section == "opt" else None
                self.log_loop(trace.number, trace.name, trace.inputargs, ops, section,
                              header_note=note if note != "loop" else None, **code)

    def log_loop(self, number, name, inputargs, operations, section="opt", **options):
        self.lines += format_loop(number, name, inputargs, operations, "loop", section=section,
                                  clock=self.clock, const_repr=self.const_repr,
                                  guard_numbers=self.guard_numbers, **options)

    def log_bridge(self, guard_op, inputargs, operations, section="opt", **options):
        self.lines += format_loop(None, None, inputargs, operations, "bridge",
                                  self.guard_numbers.number_of(guard_op), section=section,
                                  clock=self.clock, const_repr=self.const_repr,
                                  guard_numbers=self.guard_numbers, **options)

    def log_summary(self, stats):
        self.lines += format_summary(stats, self.clock)

    def text(self):
        return "\n".join(self.lines) + "\n"
