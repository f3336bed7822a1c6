"""A PYPYLOG file as loops and bridges with their machine code (ours or PyPy's).

``load_file(path)`` parses the log (logfile.py) and puts together, for each
loop and bridge of its ``jit-log-opt`` sections:

- its ops, each with the bytecode position of the ``debug_merge_point``
  before it (code object, source line, bytecode offset and name);
- for a bridge, the guard it leaves from;
- where its code is (``jit-backend-addr``) and the code itself, rebuilt by
  applying every ``CODE_DUMP`` in order (the code as written, then patched:
  guard jumps pointed at recovery code or at bridges, invalidation);
- its instructions, disassembled by Capstone (emu/disasm.py), each linked to
  the op whose code it is: an op's code runs from its ``+OFFSET`` to the
  next op's (ops sharing an offset made no code);
- how often it was entered (``jit-backend-counts``).

``LoadedLog.to_record()`` turns it into a JitRecord with MachineCode, the
plain data the views read (viz/assembly.py, viz/trace.py, viz/tree.py).
"""

import os
import re
from dataclasses import dataclass

from . import backendlog
from .backend.listing import Row
from .logfile import parse_log
from .oparser import ParseError
from ..emu.disasm import decode

_LOCATION = re.compile(r"(.*?);(.*):(\d+)-(\d+)~#(\d+) (\S+)")
_TOKEN = re.compile(r"TargetToken\((-?\d+)\)")
UNCONDITIONAL = ("jmp", "b", "j", "jg", "br")      # the jump op's last instruction, per target


@dataclass(frozen=True)
class Position:
    """Where a debug_merge_point is: PyPy's ``co_name;file:first-line~#offset OPNAME``."""
    code_name: str
    filename: str
    first_line: int
    line: int
    offset: int
    opname: str


def parse_location(text):
    match = _LOCATION.fullmatch(text)
    if match is None:
        return None
    name, filename, first, line, offset, opname = match.groups()
    return Position(name, filename, int(first), int(line), int(offset), opname)


class LoadedTrace:
    """One loop or bridge of a log, with its code when the log has it."""

    def __init__(self, logged):
        self.logged = logged
        self.kind, self.number, self.name, self.guard = logged.kind, logged.number, logged.name, logged.guard
        self.operations = logged.operations
        self.positions = _positions(logged.operations)
        self.addresses = None            # backendlog.CodeAddresses
        self.code = b""                  # from addresses.code_start to addresses.end, as compiled and
                                         # patched for bridges (not invalidation: see below)
        self.final_code = b""            # the same once every CODE_DUMP is applied
        self.missing = []                # addresses no CODE_DUMP wrote
        # CodeDump pieces written over a guard_not_invalidated once the loop was
        # invalidated: a jump to the guard's recovery code, written over the
        # instructions that follow (their boundaries are lost), so the rows
        # show the code before it and views name the patch
        self.invalidation_patches = []
        self.rows = []                   # listing.Row per instruction
        self.entries = None              # jit-backend-counts: "entry N" (loops) / "bridge G" (bridges)
        self.label_counts = {}           # op index of a label -> its TargetToken count

    @property
    def title(self):
        return "Loop %d" % self.number if self.kind == "loop" else "Bridge out of Guard 0x%x" % self.guard

    @property
    def base(self):
        return self.addresses.base if self.addresses is not None else None

    def address_of(self, index):
        """The address of op ``index``'s code (None: no +OFFSET)."""
        offset = self.logged.offsets[index]
        return None if offset is None or self.addresses is None else self.base + offset

    def guards(self):
        return [op for op in self.operations if op.is_guard()]

    def op_count(self):
        return sum(1 for op in self.operations if op.name != "debug_merge_point")

    def rows_of(self, index):
        return [row for row in self.rows if row.index == index]


def _positions(operations):
    positions, current = [], None
    for op in operations:
        if op.name == "debug_merge_point":
            current = parse_location(str(op.args[2]))
        positions.append(current)
    return positions


class LoadedLog:
    def __init__(self, log, arch=None, source_dirs=()):
        self.log = log
        self.filename = log.filename
        self.summary = log.summary
        self.counts = log.counts
        self.arch = arch or _arch(log)
        # "pypyteach" for our logs (SYS_EXECUTABLE pypyteach --jit ...), else "PyPy"
        executables = {dump.executable for dump in log.dumps if dump.executable}
        self.producer = "pypyteach" if any(e.startswith("pypyteach") for e in executables) else \
            "PyPy" if executables else None        # None: no dump says (jit-log only)
        opt = [loop for loop in log.loops if loop.section == "opt"]
        self.traces = [LoadedTrace(loop) for loop in (opt or log.loops)]
        self.sources = {}
        self._attach_code()
        self._attach_counts()
        self._find_sources(source_dirs)

    # -- lookup ---------------------------------------------------------------------------------

    def loops(self):
        return [t for t in self.traces if t.kind == "loop"]

    def bridges(self):
        return [t for t in self.traces if t.kind == "bridge"]

    def find(self, which):
        """A loop by number (``3``) or a bridge by its guard (``0x7f...``)."""
        text = str(which).strip().lower()
        try:
            value = int(text, 16) if text.startswith("0x") else int(text)
        except ValueError:
            raise KeyError("%r is neither a loop number nor a guard (0x...)" % which) from None
        for trace in self.traces:
            if (trace.kind == "loop" and not text.startswith("0x") and trace.number == value) or \
                    (trace.kind == "bridge" and text.startswith("0x") and trace.guard == value):
                return trace
        known = ["%d" % t.number for t in self.loops()] + ["0x%x" % t.guard for t in self.bridges()]
        raise KeyError("no loop or bridge %s in %s (there are: %s)" % (which, self.filename or "the log",
                                                                       ", ".join(known) or "none"))

    def owner_of(self, guard):
        """The loop or bridge holding guard number ``guard`` (None: not in the log)."""
        for trace in self.traces:
            if any(getattr(op, "guard_number", None) == guard for op in trace.guards()):
                return trace
        return None

    def source_line(self, filename, line):
        lines = self.sources.get(filename)
        return lines[line - 1].rstrip("\n") if lines and 0 < line <= len(lines) else ""

    # -- building -------------------------------------------------------------------------------

    def _attach_code(self):
        by_loop = {a.number: a for a in self.log.addresses if a.kind == "loop"}
        by_guard = {a.guard: a for a in self.log.addresses if a.kind == "bridge"}
        for trace in self.traces:
            info = by_loop.get(trace.number) if trace.kind == "loop" else by_guard.get(trace.guard)
            if info is None:
                continue
            trace.addresses = info
            trace.invalidation_patches = self._invalidation_patches(trace, info)
            skip = {dump.sequence for dump in trace.invalidation_patches}
            trace.code, trace.missing = rebuild(self.log.dumps, info.code_start, info.end, skip)
            trace.final_code, _ = rebuild(self.log.dumps, info.code_start, info.end)
            if self.arch is not None:
                trace.rows = code_rows(self.arch, trace, trace.code)

    def _invalidation_patches(self, trace, info):
        """CODE_DUMPs written after the trace's compilation, at a
        guard_not_invalidated (PyPy's invalidate_loop writes a jump there, over
        the code that follows: linear disassembly would lose the boundaries)."""
        done = next((end for first, end, addresses in self.log.compilations if info in addresses), None)
        if done is None:
            return []
        spots = {trace.address_of(i) for i, op in enumerate(trace.operations)
                 if op.name == "guard_not_invalidated"} - {None}
        return [dump for dump in self.log.dumps[done:] if dump.start in spots]

    def _attach_counts(self):
        if self.counts is None:
            return
        entries, bridges, targets = self.counts.entries(), self.counts.bridges(), self.counts.targets()
        for trace in self.traces:
            trace.entries = entries.get(trace.number) if trace.kind == "loop" else bridges.get(trace.guard)
            for index, op in enumerate(trace.operations):
                match = _TOKEN.fullmatch(repr(op.descr)) if op.name == "label" else None
                if match and int(match.group(1)) in targets:
                    trace.label_counts[index] = targets[int(match.group(1))]

    def _find_sources(self, source_dirs):
        folders = [os.path.dirname(os.path.abspath(self.filename))] if self.filename else []
        folders += list(source_dirs)
        for trace in self.traces:
            for position in trace.positions:
                if position is None or position.filename in self.sources:
                    continue
                self.sources[position.filename] = _read_source(position.filename, folders)

    def to_record(self):
        from .logrecord import record_of
        return record_of(self)


def _arch(log):
    for dump in log.dumps:
        if dump.backend is not None:
            return backendlog.arch_of(dump.backend, dump.executable)
    return None


def _read_source(filename, folders):
    candidates = [filename] if os.path.isabs(filename) else []
    candidates += [os.path.join(folder, os.path.basename(filename)) for folder in folders]
    for path in candidates:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                return f.readlines()
        except OSError:
            continue
    return None


def rebuild(dumps, start, end, skip=()):
    """The bytes of [start, end) after every CODE_DUMP in order (but those
    whose sequence is in ``skip``), and the addresses none of them wrote."""
    code, written = bytearray(end - start), bytearray(end - start)
    for dump in dumps:
        if dump.sequence in skip:
            continue
        low, high = max(dump.start, start), min(dump.start + len(dump.data), end)
        if low < high:
            code[low - start:high - start] = dump.data[low - dump.start:high - dump.start]
            written[low - start:high - start] = b"\x01" * (high - low)
    missing = [start + i for i, flag in enumerate(written) if not flag]
    return bytes(code), missing


def code_rows(arch, trace, code):
    """listing.Row per instruction of ``code`` (the trace's code before any
    invalidation patch), each with the op it implements."""
    info = trace.addresses
    insns = decode(arch, info.code_start, code)
    starts = _op_starts(trace)
    rows, current, jumped = [], None, False
    last = max((i for i, op in enumerate(trace.operations) if trace.logged.offsets[i] is not None), default=None)
    for insn in insns:
        while starts and starts[0][0] <= insn.address:
            current = starts.pop(0)[1]
        role, index = _role(trace, info, insn, current, last, jumped)
        if index is not None and index == last and insn.mnemonic in UNCONDITIONAL:
            jumped = True           # the jump op ends here: what follows is out-of-line
        op = trace.operations[index] if index is not None else None
        rows.append(Row(insn.address, insn.bytes, insn.mnemonic, insn.op_str, op, role,
                        -1 if index is None else index, _source(trace, index)))
    return rows


def _op_starts(trace):
    """[(address, op index)] of the ops that made code, in address order; of
    ops sharing an address the last one made the code."""
    starts = {}
    for index in range(len(trace.operations)):
        address = trace.address_of(index)
        if address is not None:
            starts[address] = index
    return sorted(starts.items())


def _role(trace, info, insn, current, last, jumped):
    if insn.mnemonic == "(undecodable)":
        return "data", None
    if insn.address >= info.fields.get("failures", info.stop):
        return "exit stub", None
    if current is None:
        return ("entry" if trace.kind == "loop" else "bridge entry"), None
    if jumped and current == last:
        return "slow path", None
    return "body", current


def _source(trace, index):
    position = trace.positions[index] if index is not None else None
    if position is None:
        return None
    return (position.code_name, position.filename, position.line, position.offset, position.opname)


def patch_text(arch, dump):
    """A CODE_DUMP piece as instructions: 'jmp 0x7ff11072d055'."""
    return "; ".join(insn.text for insn in decode(arch, dump.start, dump.data))


def load_file(path, arch=None, source_dirs=()):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError as exc:
        raise ParseError("cannot read %s: %s" % (path, exc.strerror)) from None
    log = parse_log(text, path)
    if not any(not isinstance(part, str) for part in log.top):
        raise ParseError("%s:1: not a PYPYLOG file: no section in it (sections start with a line such as "
                         "'[1a2b3c] {jit-log-opt-loop')" % path)
    return LoadedLog(log, arch, source_dirs)
