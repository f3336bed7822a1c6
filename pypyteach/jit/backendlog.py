"""The ``jit-backend`` sections of a PYPYLOG file, written and read.

PyPy's backends write three kinds of section (real examples in
../shared/anchors/pypy-7.3.11/backend-logs/)::

    [113e6aa3e34] {jit-backend-dump              llsupport/asmmemmgr.py _dump
    BACKEND x86_64
    SYS_EXECUTABLE pypy3
    CODE_DUMP @7f5726e8f940 +0  48894D48...      the bytes written at that address
    [113e6b20a5f] jit-backend-dump}

    [113e6b32ea6] {jit-backend-addr              x86/assembler.py assemble_loop/bridge
    Loop 1 (run;int_loop.py:3-6~#8 LOAD_FAST) has address 0x7f5726e8fa4b to 0x7f5726e8fbb0 (bootstrap 0x7f5726e8f9c0)
           gc table: 0x7f5726e8f940
           function: 0x7f5726e8f9c0
             resops: 0x7f5726e8fa4b
           failures: 0x7f5726e8fbb0
                end: 0x7f5726e8fd4b
    [113e6b35da3] jit-backend-addr}

    [113ee08e971] {jit-backend-counts            llsupport/assembler.py finish_once
    entry 1:1
    TargetToken(140012293731920):1
    bridge 140603582883624:1092
    [113ee08f7fc] jit-backend-counts}

Code is dumped when it is written and again, in small pieces, whenever it
is patched (a guard's jump pointed at its recovery code or at a bridge, a
loop invalidated): applying every CODE_DUMP in order rebuilds the final
code.  The ``+OFFSET:`` before an op in jit-log-opt is its position from
the start of its code block (PyPy: the gc table; pypyteach: the block's
first instruction, there is no gc table).

BACKEND names are PyPy's (``backend_name`` of each CPU class): ``x86_64``,
``arm`` for AArch64 (its code builder reuses the ARM name), ``ppc`` for
PPC64 of either byte order, ``s390x``.  ``ppc`` does not say the byte
order, so pypyteach's own logs name the target in SYS_EXECUTABLE
(``pypyteach --jit ppc64le``), where PyPy writes its executable's path.
"""

import re
from dataclasses import dataclass, field

PYPY_BACKEND_NAMES = {"x86_64": "x86_64", "aarch64": "arm", "ppc64": "ppc", "ppc64le": "ppc", "s390x": "s390x"}
EXECUTABLE = "pypyteach --jit %s"

_CODE_DUMP = re.compile(r"CODE_DUMP @([0-9a-fA-F]+) \+(\d+) +([0-9A-Fa-f:]*)")
_LOOP_ADDR = re.compile(r"Loop (-?\d+) \((.*)\) has address 0x([0-9a-f]+) to 0x([0-9a-f]+) \(bootstrap 0x([0-9a-f]+)\)")
_BRIDGE_ADDR = re.compile(r"bridge out of Guard 0x([0-9a-f]+) has address 0x([0-9a-f]+) to 0x([0-9a-f]+)")
_ADDR_FIELD = re.compile(r" *(gc table|function|jump target|resops|failures|end): 0x([0-9a-f]+)")
_COUNT = re.compile(r"(entry (-?\d+)|TargetToken\((-?\d+)\)|bridge (-?\d+)):(\d+)")
# the fields of an addr section, each right-aligned to 15 characters as PyPy prints them
ADDR_FIELDS = ("gc table", "function", "jump target", "resops", "failures", "end")


class BackendLogError(ValueError):
    pass


def arch_of(backend, executable=None):
    """pypyteach's arch name for a BACKEND line (None: a backend we cannot
    disassemble, e.g. PyPy's 32-bit x86 or ARM)."""
    named = re.search(r"--jit (\S+)", executable or "")
    if named and PYPY_BACKEND_NAMES.get(named.group(1)) == backend:
        return named.group(1)
    return {"x86_64": "x86_64", "arm": "aarch64", "ppc": "ppc64", "s390x": "s390x"}.get(backend)


# -- jit-backend-dump ----------------------------------------------------------------------------

@dataclass
class CodeDump:
    """One CODE_DUMP: ``data`` written at ``address + offset``."""
    address: int
    offset: int
    data: bytes
    backend: str = None
    executable: str = None
    sequence: int = 0            # its position among every dump of the log

    @property
    def start(self):
        return self.address + self.offset

    def lines(self):
        out = []
        if self.backend is not None:
            out.append("BACKEND %s" % self.backend)
        if self.executable is not None:
            out.append("SYS_EXECUTABLE %s" % self.executable)
        out.append("CODE_DUMP @%x +%d  %s" % (self.address, self.offset, self.data.hex().upper()))
        return out


def parse_dump(lines):
    backend = executable = None
    dumps = []
    for line in lines:
        if line.startswith("BACKEND "):
            backend = line[len("BACKEND "):].strip()
        elif line.startswith("SYS_EXECUTABLE "):
            executable = line[len("SYS_EXECUTABLE "):].strip()
        elif line.startswith("CODE_DUMP"):
            match = _CODE_DUMP.fullmatch(line.rstrip())
            if not match:
                raise BackendLogError("a CODE_DUMP line must be 'CODE_DUMP @ADDRESS +OFFSET  HEXBYTES'")
            hexdigits = match.group(3).replace(":", "")
            if len(hexdigits) % 2:
                raise BackendLogError("CODE_DUMP has an odd number of hex digits")
            dumps.append(CodeDump(int(match.group(1), 16), int(match.group(2)), bytes.fromhex(hexdigits),
                                  backend, executable))
        elif line.strip():
            raise BackendLogError("unexpected line in jit-backend-dump")
    if len(dumps) != 1:
        raise BackendLogError("a jit-backend-dump section holds one CODE_DUMP line, this one %d" % len(dumps))
    return dumps[0]


# -- jit-backend-addr ----------------------------------------------------------------------------

@dataclass
class CodeAddresses:
    """Where one loop or bridge was put (a jit-backend-addr section)."""
    kind: str                    # "loop" or "bridge"
    number: int = None           # loops
    name: str = None             # loops
    guard: int = None            # bridges: the guard they leave from
    start: int = 0               # "has address A to B": the ops' code
    stop: int = 0
    bootstrap: int = None        # loops
    fields: dict = field(default_factory=dict)     # "gc table", "function", ... -> address

    @property
    def base(self):
        """What ``+OFFSET:`` counts from: the first byte of the block."""
        for name in ("gc table", "function", "jump target"):
            if name in self.fields:
                return self.fields[name]
        return self.start

    @property
    def code_start(self):
        """The first instruction (PyPy: after the gc table)."""
        return self.fields.get("function", self.fields.get("jump target", self.bootstrap or self.start))

    @property
    def end(self):
        return self.fields.get("end", self.stop)

    def lines(self):
        if self.kind == "loop":
            out = ["Loop %d (%s) has address 0x%x to 0x%x (bootstrap 0x%x)" % (
                self.number, self.name, self.start, self.stop, self.bootstrap)]
        else:
            out = ["bridge out of Guard 0x%x has address 0x%x to 0x%x" % (self.guard, self.start, self.stop)]
        return out + ["%15s: 0x%x" % (name, address) for name, address in self.fields.items()]


def parse_addr(lines):
    lines = [line for line in lines if line.strip()]
    if not lines:
        raise BackendLogError("empty jit-backend-addr section")
    loop, bridge = _LOOP_ADDR.fullmatch(lines[0]), _BRIDGE_ADDR.fullmatch(lines[0])
    if loop:
        info = CodeAddresses("loop", int(loop.group(1)), loop.group(2), start=int(loop.group(3), 16),
                             stop=int(loop.group(4), 16), bootstrap=int(loop.group(5), 16))
    elif bridge:
        info = CodeAddresses("bridge", guard=int(bridge.group(1), 16), start=int(bridge.group(2), 16),
                             stop=int(bridge.group(3), 16))
    else:
        raise BackendLogError("jit-backend-addr must start with 'Loop N (...) has address' or "
                              "'bridge out of Guard 0x... has address'")
    for line in lines[1:]:
        match = _ADDR_FIELD.fullmatch(line)
        if not match:
            raise BackendLogError("unexpected line in jit-backend-addr")
        info.fields[match.group(1)] = int(match.group(2), 16)
    return info


# -- jit-backend-counts --------------------------------------------------------------------------

@dataclass
class RunCounts:
    """A jit-backend-counts section, its lines in order: ("entry", loop
    number, n), ("target", TargetToken id, n) or ("bridge", guard, n)."""
    items: list = field(default_factory=list)

    def entries(self):
        return {key: n for kind, key, n in self.items if kind == "entry"}

    def targets(self):
        return {key: n for kind, key, n in self.items if kind == "target"}

    def bridges(self):
        return {key: n for kind, key, n in self.items if kind == "bridge"}

    def lines(self):
        text = {"entry": "entry %d:%d", "target": "TargetToken(%d):%d", "bridge": "bridge %d:%d"}
        return [text[kind] % (key, n) for kind, key, n in self.items]


def parse_counts(lines):
    counts = RunCounts()
    for line in lines:
        if not line.strip():
            continue
        match = _COUNT.fullmatch(line.strip())
        if not match:
            raise BackendLogError("a jit-backend-counts line is 'entry N:COUNT', 'TargetToken(N):COUNT' "
                                  "or 'bridge N:COUNT'")
        if match.group(2) is not None:
            counts.items.append(("entry", int(match.group(2)), int(match.group(5))))
        elif match.group(3) is not None:
            counts.items.append(("target", int(match.group(3)), int(match.group(5))))
        else:
            counts.items.append(("bridge", int(match.group(4)), int(match.group(5))))
    return counts


def section(tag, body, clock):
    """A whole ``[stamp] {tag ... [stamp] tag}`` section."""
    return ["[%x] {%s" % (clock(), tag)] + list(body) + ["[%x] %s}" % (clock(), tag)]
