"""Why a trace was given up, in PyPy's counters where PyPy has one.

PyPy's metainterp gives up tracing by raising ``SwitchToBlackhole(reason)``
with a ``Counters.ABORT_*`` reason (rlib/jit.py); ``aborted_tracing`` counts
it for the ``jit-summary`` (jitprof.py), one line per counter.  pypyteach's
tracer records a reason string (JitRecord.aborts); the six PyPy reasons map
one to one onto the summary lines below.  pypyteach gives up in a few
places where PyPy does not, and those reasons have no PyPy counter: the
summary lists them after PyPy's lines, each on a ``# not counted by PyPy:``
line, so a reader of the log sees them and PyPy's lines stay PyPy's.
"""

# Counters.X -> (jit-summary key, jit-summary label)
PYPY_COUNTERS = {
    "ABORT_TOO_LONG": ("abort_trace_too_long", "abort: trace too long"),
    "ABORT_BRIDGE": ("abort_compiling", "abort: compiling"),
    "ABORT_ESCAPE": ("abort_vable_escape", "abort: vable escape"),
    "ABORT_BAD_LOOP": ("abort_bad_loop", "abort: bad loop"),
    "ABORT_FORCE_QUASIIMMUT": ("abort_force_quasi_immut", "abort: force quasi-immut"),
    "ABORT_SEGMENTED_TRACE": ("abort_segmenting_trace", "abort: segmenting trace"),
}

# pypyteach's reasons with no PyPy counter, and what PyPy does instead
NOT_IN_PYPY = {
    "ABORT_LEFT_ROOT_FRAME": "a loop trace's frame returned before the loop closed (the loop was traced on "
                             "its last iteration); PyPy compiles the trace ending in finish (pyjitpl "
                             "compile_done_with_this_frame), as pypyteach does for bridges, function traces "
                             "and generator frames",
    "ABORT_EXCEPTION": "an exception was raised while tracing; PyPy traces raising and catching",
    "ABORT_GUARD_AFTER_HEAP_WRITE": "a guard was needed after the bytecode wrote the heap, which pypyteach's "
                                    "re-run-the-bytecode resumption cannot undo; PyPy resumes mid-bytecode",
    # no longer given (generators are traced since issue 15); kept to read older logs
    "ABORT_GENERATOR": "a generator frame was created (older pypyteach); PyPy traces generators",
    "ABORT_YIELD_FROM": "yield from delegation (older pypyteach); PyPy traces it",
    "ABORT_BUG": "a host error inside pypyteach's tracer (a bug in pypyteach, not a PyPy event)",
}

NOT_COUNTED_PREFIX = "# not counted by PyPy: "


def reason_code(reason):
    """'ABORT_BAD_LOOP: a quasi-immutable...' -> 'ABORT_BAD_LOOP'."""
    word = reason.split(None, 1)[0] if reason.strip() else "ABORT_UNKNOWN"
    return word.rstrip(":")


def abort_counts(aborts):
    """The jit-summary's abort figures of JitRecord.aborts: every PyPy
    counter key (0 when none), and "pypyteach_aborts": {reason code: count}
    for the reasons PyPy has no counter for."""
    counts = {key: 0 for key, _ in PYPY_COUNTERS.values()}
    others = {}
    for abort in aborts:
        code = reason_code(abort.reason)
        if code in PYPY_COUNTERS:
            counts[PYPY_COUNTERS[code][0]] += 1
        else:
            others[code] = others.get(code, 0) + 1
    counts["pypyteach_aborts"] = dict(sorted(others.items()))
    return counts


def not_counted_lines(others):
    """The summary lines of the reasons without a PyPy counter."""
    return ["%s%s:\t%d" % (NOT_COUNTED_PREFIX, code, count) for code, count in others.items()]


def parse_not_counted(line):
    """(code, count) of a not_counted_lines line, or None."""
    if not line.startswith(NOT_COUNTED_PREFIX) or ":\t" not in line:
        return None
    code, _, count = line[len(NOT_COUNTED_PREFIX):].rpartition(":\t")
    return (code, int(count)) if count.strip().isdigit() else None


def explain(code):
    """What a reason means, in words (PyPy's counter, or why PyPy has none)."""
    if code in PYPY_COUNTERS:
        return "PyPy's Counters.%s, counted on the jit-summary line %r" % (code, PYPY_COUNTERS[code][1])
    return NOT_IN_PYPY.get(code, "a pypyteach reason PyPy has no counter for")
