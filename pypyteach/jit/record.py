"""The run record: everything a run of the JIT produced, as plain data.

DESIGN: data flows one way.  Views and notebooks read this record and never
reach back into the machinery.  One JitRecord per run holds the counters,
every trace (before and after each optimizer pass), compiled loops and
bridges, guard failures with the frames rebuilt, aborts and events in order.
"""

from collections import Counter
from dataclasses import dataclass, field

from .aborts import abort_counts

# How many detailed records of each kind a run keeps: guard failures (with
# the blackhole steps that finished their bytecodes) and events of each kind.
# A long run fails guards millions of times; past this, only counters grow
# (JitRecord.failure_counts, KeptList.dropped), in the spirit of PyPy's
# logging, which keeps counters (jit-backend-counts, jit-summary), never one
# record per guard failure.
KEEP_RECORDS = 1000


class KeptList(list):
    """The first ``limit`` records of each kind, in order, and how many more
    there were (``dropped``, not kept; ``dropped_kinds`` by kind): a plain
    list to its readers, whose repr ends with "<N more not kept>" when some
    were dropped.  ``kind_key`` names what makes a record's kind: an
    attribute name (GuardFailure.kind: "guard", "exception", "nursery"), an
    index (an event's kind is its item 0), or None (one kind)."""

    def __init__(self, items=(), limit=KEEP_RECORDS, kind_key=None):
        list.__init__(self, items)
        self.limit = limit
        self.kind_key = kind_key
        self.kept_kinds = Counter(self.kind_of(item) for item in self)
        self.dropped_kinds = Counter()
        self.dropped = 0

    def kind_of(self, item):
        key = self.kind_key
        if key is None:
            return None
        return item[key] if isinstance(key, int) else getattr(item, key)

    @property
    def total(self):
        """Records offered: kept and dropped."""
        return len(self) + self.dropped

    def keep(self, item, always=False):
        """Append ``item`` if fewer than ``limit`` of its kind are kept (or
        ``always``: the event of a record kept in a list bounded on its own);
        its index, or None (dropped: only counted)."""
        kind = self.kind_of(item)
        if always or self.kept_kinds[kind] < self.limit:
            self.kept_kinds[kind] += 1
            self.append(item)
            return len(self) - 1
        self.dropped_kinds[kind] += 1
        self.dropped += 1
        return None

    def __repr__(self):
        text = list.__repr__(self)
        if not self.dropped:
            return text
        return text[:-1] + (", " if len(self) else "") + "<%d more not kept>]" % self.dropped


def _failures():
    return KeptList(kind_key="kind")


def _blackholes():
    return KeptList(kind_key="exit_kind")


def _events():
    return KeptList(kind_key=0)


@dataclass
class TraceRecord:
    number: int                  # loops and bridges share one numbering, as in PyPy's logs
    kind: str                    # "loop" or "bridge" (a function trace is a "loop": a token's root)
    name: str                    # the debug_merge_point text of the first bytecode
    key: tuple                   # (code, pc) of the loop header (bridges: the loop's)
    inputargs: list
    unoptimized: list            # the operations as the tracer recorded them
    passes: list = field(default_factory=list)    # [(pass name, operations after it)]; the optimizer's
                                                  # PassSnapshots also says why each op went: .reasons(name)
    operations: list = None      # what the backend compiled
    guard: object = None         # bridges: the GuardDescr they leave from
    loop: object = None          # the LoopToken
    compiled: object = None      # the backend's own object (live: the views never read it)
    machine_code: object = None  # MachineCode, for machine backends, once the run is over
    type: str = "loop"           # what PyPy's log header calls it: "loop", or "entry bridge" for a
                                 # trace started at a function's entry (ResumeFromInterpDescr)

    @property
    def guards(self):
        return [op for op in self.operations if op.is_guard()]


@dataclass
class GuardFailure:
    guard: object                # GuardDescr
    trace_number: int
    kind: str                    # "guard", "exception", "nursery"
    frames: list                 # [(code name, line, offset)] rebuilt, outermost first
    resumed_at: tuple            # (code name, offset, opname, line) of the interrupted bytecode: the
                                 # rebuilt frames resume there, in the blackhole step (or a bridge's trace)
    fail_values: list
    blackhole: int = None        # index into JitRecord.blackholes of the step that finished that
                                 # bytecode (None: a bridge was traced from the guard instead)


@dataclass
class Blackhole:
    """One blackhole step (jit/blackhole.py): after compiled code left through
    a guard, the interrupted bytecode is finished with the JIT switched off,
    then the interpreter takes over at the next bytecode.

    In PyPy the blackhole interpreter resumes inside the bytecode's jitcode at
    the guard's position; pypyteach has no jitcodes, so the step re-enters the
    bytecode from its start and takes the results of the calls made before the
    guard from the resume data (``replayed_calls``: not called again)."""
    failure: int                 # index into JitRecord.guard_failures
    guard: int                   # the guard's number (0: a nursery exit, which has none)
    exit_kind: str               # "guard", "exception" (a call raised), "nursery"
    trace_number: int            # the loop or bridge holding the guard
    frames: list                 # [(code name, line, offset)] rebuilt, outermost first
    finished: tuple              # (code name, offset, opname, line) of the bytecode finished
    replayed_calls: int          # outcomes from the resume data (a call's exception counts)
    takes_over: tuple = None     # (code name, offset, opname, line) where the interpreter
                                 # takes over; None: the bytecode left its dispatch
    handover: str = ""           # how: "next bytecode", "call", "return", "exception handler",
                                 # "left the dispatch", "exception left the dispatch"
    bytecodes: int = 1           # bytecodes run in the step: the finished one, plus those of
                                 # guest code it called from host code (blackholed too)


@dataclass
class Abort:
    key: tuple
    reason: str
    ops_recorded: int


@dataclass(frozen=True)
class StepRequest:
    """Single-step machine code in a real run: the ``entry``-th time the
    interpreter enters loop ``loop``, its first ``count`` instructions run one
    at a time in the emulator and are kept (JitRecord.machine_steps); the run
    then goes on at full speed, with the same output."""
    loop: int = 1
    entry: int = 1
    count: int = 200

    MAX_COUNT = 20000           # ~60 000 steps/s, every register kept per step

    def __post_init__(self):
        for name in ("loop", "entry", "count"):
            value = getattr(self, name)
            if type(value) is not int or value < 1:
                raise ValueError("step request: %s must be a positive integer, not %r" % (name, value))
        if self.count > self.MAX_COUNT:
            raise ValueError("step request: count %d is more than %d instructions (single-stepping "
                             "keeps every register per instruction)" % (self.count, self.MAX_COUNT))

    @classmethod
    def parse(cls, text):
        """``"loop=1,entry=2,count=50"`` -> StepRequest."""
        values = {}
        for item in filter(None, (part.strip() for part in text.split(","))):
            name, _, value = item.partition("=")
            if name.strip() not in ("loop", "entry", "count") or not value.strip().isdigit():
                raise ValueError("step request %r: expected loop=N, entry=N, count=N" % text)
            values[name.strip()] = int(value)
        return cls(**values)


@dataclass(frozen=True)
class MachineCode:
    """The machine code of one compiled loop or bridge as it was when the run
    ended (jumps to bridges patched in), as plain data for the views."""
    arch: str
    title: str                   # "Loop 1", "Bridge 3 out of Guard 0x10a"
    address: int                 # where the code starts
    code: bytes
    entry: int                   # where a run from the interpreter starts
    # jit.backend.listing.Row, one per instruction with its op and source: a
    # tuple, or a function that decodes them (Capstone), called once, when
    # a view first reads ``rows``: a run that shows no listing decodes nothing
    listing: object = field(repr=False, compare=False)
    operations: tuple            # the ops compiled (the rows' ``index`` is a position here)
    label_positions: tuple       # the positions of the ``label`` ops, in order
    markers: tuple               # (address, op) of ops that made no instruction

    @property
    def end(self):
        return self.address + len(self.code)

    @property
    def rows(self):
        rows = self.__dict__.get("_rows")
        if rows is None:
            rows = tuple(self.listing() if callable(self.listing) else self.listing)
            object.__setattr__(self, "_rows", rows)
        return rows


@dataclass(frozen=True)
class InsnStep:
    """One single-stepped instruction, named while the run was live."""
    address: int
    bytes: bytes
    text: str                    # Capstone's text
    op: object                   # the trace op it implements (None: host code behind a trampoline)
    role: str                    # "body", "exit stub", "slow path", "entry"... (None: host code)
    block_address: int           # the MachineCode.address of its loop or bridge (None: a trampoline)
    block_name: str              # that code's title (None: a trampoline)
    registers: dict              # after the instruction: name -> raw value
    reads: tuple                 # ((address, size, value), ...)
    writes: tuple
    host_call: str = None        # a trampoline slot's name: host code ran here
    words: dict = None           # address -> what that heap word is


@dataclass
class MachineSteps:
    """The instructions of one run of a compiled loop, single-stepped in the
    emulator (a StepRequest).  Plain data, named while the run was live: the
    views never read the heap."""
    loop: int                    # the loop's number
    entry: int                   # which entry from the interpreter was stepped (1 = the first)
    arch: str
    frame: int                   # the jitframe's address during that run
    initial_registers: dict      # before the first instruction
    steps: list                  # InsnStep: instruction, op, role, registers after,
                                 # heap reads/writes and ``words`` (address -> what it is)
    reached_exit: bool           # the steps go all the way to the exit page
    exit_kind: str = None        # how that run left: "guard", "exception", "nursery"
    exit_op: object = None       # the guard (or allocation) it left through
    exit_trace: int = None       # the number of the loop or bridge holding exit_op
    guard_failure: int = None    # index into JitRecord.guard_failures of that exit


@dataclass
class JitRecord:
    params: object = None
    backend: str = ""
    traces: list = field(default_factory=list)
    # the first KEEP_RECORDS guard failures of each exit kind (KeptList:
    # ``.dropped`` more not kept; ``failure_counts`` has every failure, per
    # guard) and the blackhole steps of those (one per failure not bridged: a
    # dropped failure's step is not kept either, so every kept step's
    # ``failure`` is a kept index)
    guard_failures: list = field(default_factory=_failures)
    blackholes: list = field(default_factory=_blackholes)
    aborts: list = field(default_factory=list)
    events: list = field(default_factory=_events)    # (kind, detail) in order, KEEP_RECORDS per kind
    failure_counts: Counter = field(default_factory=Counter)   # GuardDescr (None: nursery exits) ->
                                                               # times compiled code left through it
    counters: dict = field(default_factory=dict)     # (code name, pc) -> highest count seen
    function_counters: dict = field(default_factory=dict)   # code name -> highest count of calls at its entry
    loop_entries: int = 0
    entries: dict = field(default_factory=dict)     # loop number -> entries from the interpreter
    step_request: StepRequest = None
    machine_steps: MachineSteps = None               # what the step request recorded
    invalidations: int = 0
    # wall-clock seconds: tracing; backend (optimizer + assembler) and, of it,
    # optimizing; the interpreter's runs of machine code (machine, counted at
    # the outermost run), of them the residual calls out of it (residual) and
    # the collections inside (gc_in_runs); guard exits (rebuilding frames and
    # the blackhole step); all collections (gc); total
    timings: dict = field(default_factory=lambda: {"tracing": 0.0, "backend": 0.0, "optimizing": 0.0,
                                                   "machine": 0.0, "residual": 0.0, "guard_exits": 0.0,
                                                   "gc": 0.0, "gc_in_runs": 0.0})

    def note_guard_failure(self, failure):
        """Count a GuardFailure, keep it if fewer than KEEP_RECORDS are:
        its index in ``guard_failures``, or None."""
        self.failure_counts[failure.guard] += 1
        return self.guard_failures.keep(failure)

    def note_event(self, kind, detail, always=False):
        self.events.keep((kind, detail), always)

    def failures_of(self, guard):
        """How many times compiled code left through ``guard`` (exact, kept or not)."""
        return self.failure_counts.get(guard, 0)

    def summary(self):
        """The figures of PyPy's jit-summary section (keys of logger.SUMMARY_KEYS)."""
        recorded = [op for t in self.traces for op in t.unoptimized]
        optimized = [op for t in self.traces for op in t.operations]
        started = sum(1 for kind, _ in self.events if kind in ("trace-start", "bridge-start"))
        return {
            "tracing": started, "tracing_time": self.timings["tracing"],
            "backend": len(self.traces), "backend_time": self.timings["backend"],
            # PyPy's TOTAL is the time from the JIT's start to the end of the run
            "total_time": self.timings.get("total", self.timings["tracing"] + self.timings["backend"]),
            "ops": len(recorded), "recorded_ops": len(recorded),
            "calls": sum(1 for op in recorded if op.spec.is_call),
            "guards": sum(1 for op in recorded if op.is_guard()),
            "opt_ops": len(optimized), "opt_guards": sum(1 for op in optimized if op.is_guard()),
            **abort_counts(self.aborts),        # PyPy's abort counters, and pypyteach's own reasons
            "total_loops": len(self.loops()), "total_bridges": len(self.bridges()),
        }

    def stepped(self):
        """The MachineSteps of the step request, or a ValueError saying why
        there are none."""
        if self.machine_steps is not None:
            return self.machine_steps
        request = self.step_request
        if request is None:
            raise ValueError("no machine steps were recorded: run with step_machine=StepRequest(...) "
                             "(or \"loop=1,entry=1,count=100\") and a machine backend (jit=\"x86_64\")")
        numbers = [t.number for t in self.loops()]
        if request.loop not in numbers:
            raise ValueError("no machine steps were recorded: loop %d was never compiled (the loops are %s)"
                             % (request.loop, numbers))
        entries = self.entries.get(request.loop, 0)
        if entries >= request.entry:
            raise ValueError("no machine steps were recorded: loop %d was entered %d times, but from entry %d "
                             "on only while compiled code was running (nested runs are not stepped)"
                             % (request.loop, entries, request.entry))
        raise ValueError("no machine steps were recorded: loop %d was entered %d time(s) from the "
                         "interpreter, fewer than entry=%d" % (request.loop, entries, request.entry))

    def loops(self):
        return [t for t in self.traces if t.kind == "loop"]

    def bridges(self):
        return [t for t in self.traces if t.kind == "bridge"]

    def trace_tree(self):
        """{loop number: [(guard number, bridge number)]}: loops with their bridges."""
        tree = {t.number: [] for t in self.loops()}
        by_guard = {}
        for t in self.traces:
            for op in t.operations or ():
                if op.is_guard():
                    by_guard[op.descr] = t.number
        for t in self.bridges():
            owner = by_guard.get(t.guard)
            root = owner
            while root is not None and root not in tree:
                root = next((b.guard for b in self.bridges() if b.number == root), None)
                root = by_guard.get(root)
            tree.setdefault(root if root is not None else owner, []).append((t.guard.number, t.number))
        return tree
