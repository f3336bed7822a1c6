"""A whole PYPYLOG file, read section by section (ours or PyPy's).

``parse_log(text)`` keeps every section in order, nested as written
(``{jit-backend`` holds the dumps and address ranges of one compilation),
and reads the ones it knows: ``jit-log-{opt,noopt,rewritten}-{loop,bridge}``
(oparser.py's TraceParser), ``jit-summary``, ``jit-backend-dump``,
``jit-backend-addr`` and ``jit-backend-counts`` (backendlog.py).  Other
sections are kept as text.  ``Log.format()`` prints it all back: for PyPy's
logs and ours, the same text.

A malformed log raises ParseError naming the file and line.
"""

import re

from . import aborts, backendlog, logger
from .oparser import ParseError, TraceParser

_SECTION_START = re.compile(r"\[([0-9a-f]+)\] \{(\S+)")
_SECTION_END = re.compile(r"\[([0-9a-f]+)\] (\S+)\}")
_LOOP_SECTION = re.compile(r"jit-log-(\w+)-(loop|bridge)")
_LOOP_HEADER = re.compile(r"# Loop (-?\d+) \((.*)\) : (.+?) with (\d+) ops")
_BRIDGE_HEADER = re.compile(r"# bridge out of Guard 0x([0-9a-f]+) with (\d+) ops")
BACKEND_READERS = {"jit-backend-dump": backendlog.parse_dump, "jit-backend-addr": backendlog.parse_addr,
                   "jit-backend-counts": backendlog.parse_counts}


class LoggedLoop:
    """One jit-log-*-loop or -bridge section."""

    def __init__(self, kind, section, stamps):
        self.kind = kind                  # "loop" or "bridge"
        self.section = section            # "opt", "noopt", "rewritten"...
        self.start_stamp, self.end_stamp = stamps
        self.number = self.name = self.header_note = self.guard = None
        self.header = None                # the "# Loop ..." line as printed
        self.declared_ops = None          # the "with N ops" of the header
        self.inputargs, self.operations, self.offsets, self.end_offset = None, [], [], None

    def read(self, lines, first_lineno=1):
        if lines and lines[0].startswith("# "):
            self.read_header(lines[0], first_lineno)
            lines, first_lineno = lines[1:], first_lineno + 1
        parser = TraceParser()
        self.inputargs, self.operations = parser.parse(lines, first_lineno)
        self.offsets, self.end_offset = parser.offsets, parser.end_offset
        return self

    def read_header(self, line, lineno=1):
        self.header = line
        loop, bridge = _LOOP_HEADER.fullmatch(line), _BRIDGE_HEADER.fullmatch(line)
        if loop:
            self.number, self.name, self.header_note = int(loop.group(1)), loop.group(2), loop.group(3)
            self.declared_ops = int(loop.group(4))
        elif bridge:
            self.guard, self.declared_ops = int(bridge.group(1), 16), int(bridge.group(2))
        else:
            raise ParseError("line %d: expected '# Loop N (NAME) : KIND with N ops' or "
                             "'# bridge out of Guard 0xN with N ops'" % lineno)

    def non_debug(self):
        return [op for op in self.operations if op.name != "debug_merge_point"]

    def body(self):
        """The ops after the last label (the peeled loop's body when the loop
        was unrolled), without debug_merge_point, the closing jump included."""
        labels = [i for i, op in enumerate(self.operations) if op.name == "label"]
        start = labels[-1] + 1 if labels else 0
        return [op for op in self.operations[start:] if op.name != "debug_merge_point"]

    def guards(self, ops=None):
        return [op for op in (self.operations if ops is None else ops) if op.is_guard()]

    def guard_numbers(self):
        return {op.guard_number for op in self.guards()} - {None}

    def format(self, clock=None):
        return logger.format_loop(self.number, self.name, self.inputargs, self.operations, self.kind,
                                  self.guard, self.header_note, self.section, self.offsets,
                                  self.end_offset, clock)

    def __repr__(self):
        return "<LoggedLoop %s>" % (self.header or self.kind)


class Section:
    """A ``[stamp] {name ... [stamp] name}`` section: ``parts`` are its
    lines and nested Sections in order; ``value`` what it was read into."""

    def __init__(self, name, start_stamp, lineno):
        self.name, self.start_stamp, self.end_stamp, self.lineno = name, start_stamp, None, lineno
        self.parts = []
        self.value = None

    def lines(self):
        return [part for part in self.parts if isinstance(part, str)]

    def children(self):
        return [part for part in self.parts if isinstance(part, Section)]


class Log:
    """A parsed PYPYLOG file: its loops and bridges in order, its jit-summary,
    and the jit-backend sections (``dumps``, ``addresses``, ``counts``)."""

    def __init__(self, filename=None):
        self.filename = filename
        self.loops = []
        self.summary = {}
        self.summary_stamps = None
        self.dumps = []                   # backendlog.CodeDump, in order
        self.addresses = []               # backendlog.CodeAddresses, in order
        self.counts = None                # backendlog.RunCounts
        self.compilations = []            # per {jit-backend section: (first dump index, end dump index, addresses)}
        self.other_sections = []          # names of sections we do not read
        self.top = []                     # the top-level Sections and stray lines, in order

    def bridges(self):
        return [loop for loop in self.loops if loop.kind == "bridge"]

    def main_loop(self, prefix="run;"):
        """The (last) loop whose name starts with ``prefix``: the hot loop of run()."""
        found = [loop for loop in self.loops if loop.kind == "loop" and (loop.name or "").startswith(prefix)]
        return found[-1] if found else None

    def bridges_out_of(self, loop):
        numbers = loop.guard_numbers()
        return [bridge for bridge in self.bridges() if bridge.guard in numbers]

    def stamps(self):
        """Every timestamp in order of appearance (replayed by format)."""
        stamps = []

        def walk(parts):
            for part in parts:
                if isinstance(part, Section):
                    stamps.append(part.start_stamp)
                    if part.value is None:
                        walk(part.parts)
                    stamps.append(part.end_stamp)
        walk(self.top)
        return stamps

    def format(self, clock=None):
        """The log's text again, as lines; by default with its own timestamps."""
        clock = clock or iter(self.stamps()).__next__
        lines = []
        for part in self.top:
            lines += _format_part(part, clock) if isinstance(part, Section) else [part]
        return lines


def _format_part(section, clock):
    value = section.value
    if isinstance(value, LoggedLoop):
        return value.format(clock)
    if section.name == "jit-summary":
        return logger.format_summary(value, clock)
    if section.name in BACKEND_READERS:
        return backendlog.section(section.name, value.lines(), clock)
    lines = ["[%x] {%s" % (clock(), section.name)]
    for part in section.parts:
        lines += _format_part(part, clock) if isinstance(part, Section) else [part]
    return lines + ["[%x] %s}" % (clock(), section.name)]


def parse_log(text, filename=None):
    """Read a PYPYLOG file.  Sections may nest (``PYPYLOG=jit:...``); lines
    belong to the innermost one."""
    log, stack = Log(filename), []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for lineno, line in enumerate(lines, 1):
        start, end = _SECTION_START.fullmatch(line), _SECTION_END.fullmatch(line)
        if start:
            section = Section(start.group(2), int(start.group(1), 16), lineno)
            (stack[-1].parts if stack else log.top).append(section)
            stack.append(section)
            if section.name == "jit-backend":
                log.compilations.append([len(log.dumps), None, []])
        elif end and stack and stack[-1].name == end.group(2):
            section = stack.pop()
            section.end_stamp = int(end.group(1), 16)
            _read_section(log, section, filename)
        elif end and not stack:
            raise ParseError(_where(filename, lineno) + "%s} closes a section that was never opened"
                             % end.group(2))
        elif stack:
            stack[-1].parts.append(line)
        else:
            log.top.append(line)
    if stack:
        raise ParseError(_where(filename, stack[-1].lineno) + "section {%s is never closed (a truncated log?)"
                         % stack[-1].name)
    return log


def _where(filename, lineno):
    return "%s:%d: " % (filename or "<log>", lineno)


def _read_section(log, section, filename):
    name, first = section.name, section.lineno + 1
    try:
        loop = _LOOP_SECTION.fullmatch(name)
        if loop:
            section.value = LoggedLoop(loop.group(2), loop.group(1), (section.start_stamp, section.end_stamp))
            log.loops.append(section.value.read(section.lines(), first))
        elif name == "jit-summary":
            log.summary, log.summary_stamps = parse_summary(section.lines()), (section.start_stamp,
                                                                            section.end_stamp)
            section.value = log.summary
        elif name in BACKEND_READERS:
            section.value = BACKEND_READERS[name](section.lines())
            _keep_backend(log, section.value)
        elif name == "jit-backend":
            log.compilations[-1][1] = len(log.dumps)
        else:
            log.other_sections.append(name)
    except ParseError as error:
        message = str(error)
        match = re.match(r"line (\d+): (.*)", message, re.S)
        if match:
            raise ParseError(_where(filename, int(match.group(1))) + match.group(2)) from None
        raise ParseError(_where(filename, section.lineno) + message) from None
    except backendlog.BackendLogError as error:
        raise ParseError(_where(filename, section.lineno) + "{%s: %s" % (name, error)) from None


def _keep_backend(log, value):
    if isinstance(value, backendlog.CodeDump):
        value.sequence = len(log.dumps)
        log.dumps.append(value)
    elif isinstance(value, backendlog.CodeAddresses):
        log.addresses.append(value)
        if log.compilations and log.compilations[-1][1] is None:
            log.compilations[-1][2].append(value)
    else:
        log.counts = value


_SUMMARY_KEYS = {label.strip(): keys for label, *keys in logger.TIME_LINES}
_SUMMARY_KEYS[logger.TOTAL_LINE[0]] = logger.TOTAL_LINE[1:]
_SUMMARY_KEYS.update((label.strip(), (key,)) for label, key in logger.INT_LINES)


def parse_summary(lines):
    """The jit-summary's numbers, keyed as logger.SUMMARY_KEYS (unknown labels:
    their words joined by underscores); pypyteach's ``# not counted by PyPy``
    lines go to "pypyteach_aborts" ({reason: count})."""
    summary = {}
    for line in lines:
        extra = aborts.parse_not_counted(line)
        if extra is not None:
            summary.setdefault("pypyteach_aborts", {})[extra[0]] = extra[1]
            continue
        if "\t" not in line:
            continue
        label, _, rest = line.partition("\t")
        label = label.rstrip().rstrip(":").strip()
        keys = _SUMMARY_KEYS.get(label) or (re.sub(r"\W+", "_", label.lower()).strip("_"),)
        for key, value in zip(keys, rest.split()):
            try:
                summary[key] = float(value) if "." in value else int(value)
            except ValueError:
                raise ParseError("jit-summary: %r is not a number" % value) from None
    return summary
