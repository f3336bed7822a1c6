"""``--log CATEGORIES:FILE``: what PYPYLOG writes, and reading such a log back.

The categories are PyPy's: ``jit-log-opt`` (each loop and bridge as
compiled, each op after ``+OFFSET:`` when there is machine code),
``jit-log-noopt`` (as recorded, before the optimizer), ``jit-summary`` (the
counts at the end), ``jit-backend-dump`` (the machine code as written and
as patched), ``jit-backend-addr`` (where each loop and bridge is),
``jit-backend-counts`` (how often each was entered); ``jit-log`` means the
first two and ``jit-backend`` the last three, as PYPYLOG's prefixes do.

``load(path)`` reads any PYPYLOG file, ours or PyPy's (jit/logmodel.py).
"""

from . import backendlog
from .logger import Logger

CATEGORIES = ("jit-log-opt", "jit-log-noopt", "jit-summary", "jit-log", "jit-backend", "jit-backend-dump",
              "jit-backend-addr", "jit-backend-counts")
GROUPS = {"jit-log": ("jit-log-opt", "jit-log-noopt"),
          "jit-backend": ("jit-backend-dump", "jit-backend-addr", "jit-backend-counts")}
IN_LINE_ROLES = ("body", "entry", "bridge entry", "label moves")


class LogSpecError(ValueError):
    pass


def parse_log_spec(text):
    """'jit-log-opt,jit-summary:out.log' -> (set of categories, file name)."""
    categories, sep, filename = text.partition(":")
    if not sep or not filename:
        raise LogSpecError("--log needs CATEGORIES:FILE, as PYPYLOG (e.g. jit-log-opt,jit-summary:jit.log)")
    chosen = set(filter(None, (c.strip() for c in categories.split(","))))
    unknown = chosen - set(CATEGORIES)
    if unknown or not chosen:
        raise LogSpecError("unknown log categories %s (known: %s)"
                           % (", ".join(sorted(unknown)) or "(none)", ", ".join(CATEGORIES)))
    for group, members in GROUPS.items():
        if group in chosen:
            chosen |= set(members)
    return chosen, filename


def load(path, arch=None, source_dirs=()):
    """A PYPYLOG file read into a logmodel.LoadedLog (loops, bridges, their
    machine code and counts); ParseError (naming file and line) if malformed."""
    from .logmodel import load_file
    return load_file(path, arch, source_dirs)


class PyPyLog:
    """Collects a run's JIT log; ``finish(record)`` returns the whole text."""

    def __init__(self, categories):
        sections = tuple(s for s in ("noopt", "opt") if "jit-log-" + s in categories)
        self.categories = categories
        self.logger = Logger(sections=sections)
        self.machine = MachineCodeLog(self.logger.clock, "jit-backend-dump" in categories,
                                      "jit-backend-addr" in categories)
        self.bridge_counts_at_attach = []      # (bridge number, guard, guard.fail_count when attached)
        self.backend = None

    def backend_created(self, backend):
        """The run's backend: with jit-backend-counts, a machine backend adds a
        counter at every label, as PyPy's assembler does for this category."""
        self.backend = backend
        if "jit-backend-counts" in self.categories and hasattr(backend, "count_labels"):
            backend.count_labels()

    def log_trace(self, trace):
        compiled = getattr(trace, "compiled", None)
        offsets = end_offset = None
        if getattr(compiled, "block", None) is not None:
            self.logger.lines += self.machine.compiled(trace, compiled)
            offsets = {op: offset for op, offset in compiled.offsets.items() if op.name != "debug_merge_point"}
            end_offset = failures_address(compiled.block) - compiled.block.address
        if trace.kind == "bridge":
            self.bridge_counts_at_attach.append((trace.number, trace.guard, trace.guard.fail_count))
        self.logger.log_trace(trace, offsets, end_offset)

    def finish(self, record):
        self.logger.lines += self.machine.patches()       # bridges attached after their compilation
        if "jit-summary" in self.categories:
            self.logger.log_summary(record.summary())
        if "jit-backend-counts" in self.categories and self.machine.blocks:
            labels = self.backend.label_counts() if hasattr(self.backend, "label_counts") else {}
            counts = run_counts(record, self.bridge_counts_at_attach, labels)
            self.logger.lines += backendlog.section("jit-backend-counts", counts.lines(), self.logger.clock)
        return self.logger.text()


def failures_address(block):
    """Where the out-of-line code (exit stubs, shared exits, slow paths)
    starts: PyPy's "failures" address and its ``--end of the loop--``."""
    starts = [start for start, _, note in block.spans if note.role not in IN_LINE_ROLES]
    return min(starts) if starts else block.end


def run_counts(record, bridges_at_attach, labels):
    """jit-backend-counts: ``entry N`` counts the runs of loop N started by
    the interpreter; ``TargetToken(T)`` the passes through label T (the
    counters compiled in, ``labels``: {TargetToken: count}); ``bridge G``
    the entries into the bridge of guard G (its fail_count grew by one per
    entry since the bridge was attached)."""
    counts = backendlog.RunCounts()
    attached = {number: (guard, before) for number, guard, before in bridges_at_attach}
    for trace in record.traces:
        if trace.machine_code is None:
            continue
        if trace.kind == "loop":
            counts.items.append(("entry", trace.number, record.entries.get(trace.number, 0)))
            for op in trace.operations:
                if op.name == "label" and op.descr in labels:
                    counts.items.append(("target", op.descr.number, labels[op.descr]))
        elif trace.number in attached:
            guard, before = attached[trace.number]
            counts.items.append(("bridge", guard.number, guard.fail_count - before))
    return counts


class MachineCodeLog:
    """The jit-backend sections of a run, written as the code is compiled
    and patched, as PyPy's assembler writes them."""

    def __init__(self, clock, dump, addr):
        self.clock = clock
        self.dump, self.addr = dump, addr
        self.blocks = []             # [block, arch, bytes as last dumped]

    def compiled(self, trace, compiled):
        """``{jit-backend``: the new code, its addresses, and the patches it
        made to earlier code (a bridge re-points its guard's jump)."""
        block, arch = compiled.block, compiled.arch
        if not (self.dump or self.addr):
            self.blocks.append([block, arch, bytes(block.code)])
            return []
        opening = "[%x] {jit-backend" % self.clock()
        inner = []
        if self.dump:
            inner += self._dump_lines(arch, block.address, bytes(block.code))
        if self.addr:
            inner += backendlog.section("jit-backend-addr", self._addresses(trace, compiled).lines(), self.clock)
        inner += self.patches()
        self.blocks.append([block, arch, bytes(block.code)])
        return [opening] + inner + ["[%x] jit-backend}" % self.clock()]

    def _dump_lines(self, arch, address, data):
        dump = backendlog.CodeDump(address, 0, data, backendlog.PYPY_BACKEND_NAMES[arch],
                                   backendlog.EXECUTABLE % arch)
        return backendlog.section("jit-backend-dump", dump.lines(), self.clock)

    def _addresses(self, trace, compiled):
        block = compiled.block
        starts = [offset for op, offset in compiled.offsets.items() if op.name != "debug_merge_point"]
        resops = block.address + (min(starts) if starts else 0)
        failures = failures_address(block)
        if trace.kind == "loop":
            info = backendlog.CodeAddresses("loop", trace.number, trace.name, start=resops, stop=failures,
                                            bootstrap=block.address)
            info.fields["function"] = block.address
        else:
            info = backendlog.CodeAddresses("bridge", guard=trace.guard.number, start=block.address, stop=failures)
            info.fields["jump target"] = block.address
        info.fields.update((("resops", resops), ("failures", failures), ("end", block.end)))
        return info

    def patches(self):
        """A jit-backend-dump per patched instruction of earlier code since it
        was last dumped (bridges attached), whole instructions as decoded."""
        from ..emu.disasm import decode
        lines = []
        if not self.dump:
            return lines
        for entry in self.blocks:
            block, arch, dumped = entry
            now = bytes(block.code)
            if now == dumped:
                continue
            for insn in decode(arch, block.address, now):
                start = insn.address - block.address
                if now[start:start + len(insn.bytes)] != dumped[start:start + len(insn.bytes)]:
                    lines += self._dump_lines(arch, insn.address, insn.bytes)
            entry[2] = now
        return lines
