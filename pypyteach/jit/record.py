"""The run record: everything a run of the JIT produced, as plain data.

DESIGN: data flows one way.  Views and notebooks read this record and never
reach back into the machinery.  One JitRecord per run holds the counters,
every trace (before and after each optimizer pass), compiled loops and
bridges, guard failures with the frames rebuilt, aborts and events in order.
"""

from dataclasses import dataclass, field


@dataclass
class TraceRecord:
    number: int                  # loops and bridges share one numbering, as in PyPy's logs
    kind: str                    # "loop" or "bridge"
    name: str                    # the debug_merge_point text of the first bytecode
    key: tuple                   # (code, pc) of the loop header (bridges: the loop's)
    inputargs: list
    unoptimized: list            # the operations as the tracer recorded them
    passes: list = field(default_factory=list)    # [(pass name, operations after it)]
    operations: list = None      # what the backend compiled
    guard: object = None         # bridges: the GuardDescr they leave from
    loop: object = None          # the LoopToken
    compiled: object = None      # backend data (machine code, addresses...)

    @property
    def guards(self):
        return [op for op in self.operations if op.is_guard()]


@dataclass
class GuardFailure:
    guard: object                # GuardDescr
    trace_number: int
    kind: str                    # "guard", "exception", "nursery"
    frames: list                 # [(code name, line, offset)] rebuilt, outermost first
    resumed_at: tuple            # (code name, offset, opname, line) where the interpreter resumed
    fail_values: list


@dataclass
class Abort:
    key: tuple
    reason: str
    ops_recorded: int


@dataclass
class JitRecord:
    params: object = None
    backend: str = ""
    traces: list = field(default_factory=list)
    guard_failures: list = field(default_factory=list)
    aborts: list = field(default_factory=list)
    events: list = field(default_factory=list)       # (kind, detail) in order
    counters: dict = field(default_factory=dict)     # (code name, pc) -> highest count seen
    loop_entries: int = 0
    invalidations: int = 0
    timings: dict = field(default_factory=lambda: {"tracing": 0.0, "backend": 0.0})

    def summary(self):
        """The figures of PyPy's jit-summary section (keys of logger.SUMMARY_KEYS)."""
        recorded = [op for t in self.traces for op in t.unoptimized]
        optimized = [op for t in self.traces for op in t.operations]
        started = sum(1 for kind, _ in self.events if kind in ("trace-start", "bridge-start"))
        return {
            "tracing": started, "tracing_time": self.timings["tracing"],
            "backend": len(self.traces), "backend_time": self.timings["backend"],
            "total_time": self.timings["tracing"] + self.timings["backend"],
            "ops": len(recorded), "recorded_ops": len(recorded),
            "calls": sum(1 for op in recorded if op.spec.is_call),
            "guards": sum(1 for op in recorded if op.is_guard()),
            "opt_ops": len(optimized), "opt_guards": sum(1 for op in optimized if op.is_guard()),
            "abort_trace_too_long": sum(1 for a in self.aborts if a.reason == "ABORT_TOO_LONG"),
            "total_loops": len(self.loops()), "total_bridges": len(self.bridges()),
        }

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
