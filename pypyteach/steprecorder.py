"""Recording interpretation one bytecode at a time, for the stepping views.

``record_steps`` runs a program with a StepRecorder as the interpreter's
``jitdriver``.  The interpreter calls ``jit_merge_point`` before every
bytecode: the recorder first forwards the call to the JIT runtime (when a JIT
was asked for), so the JIT behaves as it would without the recorder, then
writes down what the interpreter is about to do as a Step of plain data
(strings and ints, no memory addresses).  Views read the recording: the
steps, the program's code objects and, when a JIT ran, its JitRecord; nothing
in it lets a view drive the VM.

Looking at values must not change the run: the recorder never runs guest
code (a user ``__repr__`` could loop, allocate, even re-enter the JIT), and
it reads values with the direct low-level operations even while the JIT is
tracing, so nothing it does is recorded in a trace.
"""

import re
from dataclasses import dataclass, field

from .vm.memory import layout as L
from .vm.compiler import opcodes
from .vm.compiler.pycompiler import compile_source
from .vm.compiler.dis import describe_arg
from .vm.errors import StepLimitExceeded
from .vm.interpreter.jithints import ForwardingHooks
from .vm.memory.gc import HeapExhausted
from .vm.memory.heap import NULL
from .vm.objspace.operationerror import OperationError
from .run import new_vm, new_globals
from .vm.objspace.std import dictobject, listobject, setobject, tupleobject, typeobject

ADDRESS = re.compile(r"0x[0-9a-f]+")
MAX_REPR = 70            # longer reprs are cut: a view shows one value per line
MAX_ITEMS = 12           # containers show their first items only

CELL_REF = L.W_CellObject.field("ref")
PLAIN_TIDS = {L.W_IntObject.tid, L.W_LongObject.tid, L.W_BoolObject.tid, L.W_FloatObject.tid,
              L.W_UnicodeObject.tid, L.W_NoneObject.tid}


@dataclass(frozen=True)
class Step:
    index: int
    frames: tuple            # ((code name, line), ...), outermost first
    code_name: str
    code_index: int          # into StepRecording.codes
    offset: int
    opname: str
    arg: str                 # as dis prints it: "1 (total)", "" without an argument
    line: int
    source_line: str
    stack: tuple             # reprs, bottom first
    locals: tuple            # ((name, repr), ...), unbound names left out
    loop_header: int         # offset of the innermost loop's header, -1 outside loops
    counter: int             # that loop's hotness counter (loop closings counted)
    compiled_loop: int       # number of the loop compiled at that header, 0 if none
    tracing: bool            # the JIT is recording this bytecode into a trace
    jit_events: tuple        # what the JIT did since the previous step, as sentences
    output: str              # what the program printed so far
    blackhole: bool = False  # run by the JIT's blackhole step (after a guard failure), not by
                             # the interpreter: no counting, tracing or compiled code here
    jit_event_records: tuple = ()   # the JitRecord.events behind jit_events, as (kind, detail):
                             # appended since the previous step (seen at the next merge point)


@dataclass
class StepRecording:
    source: str
    filename: str
    codes: list              # every code object of the program, module first
    steps: list = field(default_factory=list)
    stdout: str = ""
    error: str = None        # the traceback text of an uncaught exception
    stopped: str = None      # why recording stopped early (step limit)
    threshold: int = 0       # the JIT's threshold (PyPy's default when no JIT ran)
    jit: object = None       # the JitRecord when a JIT ran

    @property
    def code(self):
        return self.codes[0]

    def first(self, predicate):
        """The first step for which ``predicate(step)`` holds, or None."""
        return next((s for s in self.steps if predicate(s)), None)


def record_steps(source, filename="<cell>", max_steps=2000, jit=None, jit_params=None):
    """Run ``source``, recording each bytecode; stops after ``max_steps``
    bytecodes.  ``jit`` names a backend ("llgraph") to run the JIT as well."""
    from .jit.params import JitParams
    code = compile_source(source, filename)
    params = JitParams.parse(jit_params) if isinstance(jit_params, str) else (jit_params or JitParams())
    space, interp = new_vm(max_steps=max_steps)
    inner = None
    if jit is not None:
        from .jit.runtime import JitRuntime
        inner = JitRuntime(space, interp, params, backend=jit)   # sets interp.jitdriver itself...
    recorder = StepRecorder(space, interp, code, inner, params.threshold)
    interp.jitdriver = recorder                                  # ...so ours goes on top afterwards
    recording = StepRecording(source, filename, recorder.codes, recorder.steps, threshold=params.threshold,
                              jit=inner.record if inner else None)
    _run(space, interp, code, recording)
    if inner is not None:
        inner.finish()
    del recording.steps[max_steps:]     # the merge point before the limit struck recorded one more
    return recording


def _run(space, interp, code, recording):
    w_globals = new_globals(space)
    space.load_code(code)
    try:
        interp.run_module(code, w_globals)
    except OperationError as operr:
        try:
            recording.error = interp.format_traceback(operr)
        except HeapExhausted:           # describing it needs memory the program used up
            recording.error = space.type_name(operr.w_value)
    except StepLimitExceeded as exc:
        recording.stopped = str(exc)
    recording.stdout = "".join(space.output)


class StepRecorder(ForwardingHooks):
    """The interpreter's jitdriver while recording; ``inner`` is the real JIT."""

    every_bytecode = True           # a step per bytecode (vm/jithints.JitHooks)

    def __init__(self, space, interp, code, inner, threshold):
        super().__init__(inner)
        self.space = space
        self.interp = interp
        self.threshold = threshold
        self.codes = list(code.nested_codes())
        self.code_index = {id(c): i for i, c in enumerate(self.codes)}
        self.loops = {id(c): loop_ranges(c) for c in self.codes}
        self.own_counters = {}          # used when no JIT runs: count as the JIT would
        self.steps = []
        self.events_seen = 0
        self.failures = {}              # guard number -> failures seen so far
        self.handover = None            # the Blackhole whose takeover the next step shows
        self.values = ValueReprs(space)
        if inner is not None:
            inner.on_blackhole = self.blackhole_step

    @property
    def record(self):
        return self.inner.record if self.inner is not None else None

    # -- the hooks, forwarded -------------------------------------------------------------

    def jit_merge_point(self, interp, frame):
        if self.inner is not None:
            result = self.inner.jit_merge_point(interp, frame)
            if result is not None:
                return result           # a blackhole step ended this dispatch
        # the JIT may have run compiled code, rebuilt frames and finished a
        # bytecode in its blackhole step: what runs next is the interpreter's
        # current frame, at its pc
        self.steps.append(self.make_step(interp.frame))
        return None

    def blackhole_step(self, frame):
        """The JIT is about to finish ``frame``'s bytecode in its blackhole
        step: that bytecode is a step too, marked as the blackhole's."""
        self.steps.append(self.make_step(frame))

    def can_enter_jit(self, interp, frame):
        if self.inner is not None:
            self.inner.can_enter_jit(interp, frame)
        else:
            key = (frame.code, frame.pc)
            self.own_counters[key] = self.own_counters.get(key, 0) + 1

    # -- one step --------------------------------------------------------------------------

    def make_step(self, frame):
        space = self.space
        saved = space.ll
        space.ll = space.direct_ll      # tracing or replaying: our reads stay out of it
        try:
            return self._step(frame)
        finally:
            space.ll = saved

    def _step(self, frame):
        code = frame.code
        instr = code.by_slot[frame.pc >> 1]
        header = innermost_loop(self.loops.get(id(code), ()), instr.offset)
        counter, compiled = self.hotness(code, header)
        records = self.event_records()
        return Step(
            index=len(self.steps), frames=self.frame_chain(frame), code_name=code.co_name,
            code_index=self.code_index.get(id(code), -1), offset=instr.offset, opname=instr.opname,
            arg=arg_text(code, instr), line=instr.line, source_line=code.source_line(instr.line),
            stack=tuple(self.values.repr_of(v) for v in frame.stack), locals=self.locals_of(frame),
            loop_header=header, counter=counter, compiled_loop=compiled,
            tracing=self.inner is not None and self.inner.tracing,
            jit_events=self.new_events(), output="".join(self.space.output),
            blackhole=self.inner is not None and self.inner.blackholing is not None,
            jit_event_records=records)

    @staticmethod
    def frame_chain(frame):
        # the innermost frame is about to run the bytecode at its pc; the
        # others are in the middle of their last instruction (a call)
        chain = [(frame.code.co_name, frame.code.line_at(frame.pc))]
        frame = frame.back
        while frame is not None:
            chain.append((frame.code.co_name, frame.lineno))
            frame = frame.back
        return tuple(reversed(chain))

    def hotness(self, code, header):
        if header < 0:
            return 0, 0
        key = (code, header)
        if self.inner is None:
            return self.own_counters.get(key, 0), 0
        loop = self.inner.loop_at(key)
        return self.inner.counters.get(key, 0), loop.number if loop is not None else 0

    def locals_of(self, frame):
        code = frame.code
        pairs = {}
        for name, w_value in zip(code.co_varnames, frame.locals_w):
            if unbox(w_value) != NULL:
                pairs[name] = self.values.repr_of(w_value)
        for name, w_cell in zip(code.co_cellvars + code.co_freevars, frame.cells_w):
            w_value = self.space.heap.read_int(unbox(w_cell) + CELL_REF.offset) if unbox(w_cell) else NULL
            if w_value != NULL:
                pairs[name] = self.values.repr_of(w_value)
        w_namespace = unbox(frame.w_locals)
        if w_namespace != NULL:         # module and class bodies: their namespace dict
            for w_key, w_value in dictobject.items(self.space, w_namespace):
                name = self.values.repr_of(w_key)[1:-1]
                if not name.startswith("__"):
                    pairs[name] = self.values.repr_of(w_value)
        return tuple(pairs.items())

    def event_records(self):
        """The JitRecord's events since the previous step, as recorded
        (new_events, called after this, marks them seen)."""
        record = self.record
        return tuple(record.events[self.events_seen:]) if record is not None else ()

    def new_events(self):
        record = self.record
        if record is None:
            return ()
        events = record.events[self.events_seen:]
        self.events_seen = len(record.events)
        merged = []
        for kind, detail in events:
            if kind == "guard-failure":
                self.failures[detail] = self.failures.get(detail, 0) + 1
                detail = (detail, ordinal(self.failures[detail]))
            elif kind == "bridge-start" and merged and merged[-1][0] == "guard-failure":
                detail = merged.pop()[1]        # one sentence for "failed, and now bridged"
            elif kind == "blackhole":
                step = record.blackholes[detail]
                self.handover = step
                if merged and merged[-1][0] == "guard-failure":
                    kind, detail = "guard-blackhole", merged.pop()[1] + (blackhole_text(step),)
                else:
                    kind, detail = "blackhole", blackhole_text(step)
            merged.append((kind, detail))
        sentences = [describe_event(kind, detail) for kind, detail in merged]
        if self.handover is not None and not (self.inner is not None and self.inner.blackholing is not None):
            sentences.append(takeover_text(self.handover))
            self.handover = None
        return tuple(sentences)


# -- helpers ------------------------------------------------------------------------------------

def unbox(value):
    """While tracing, frame slots hold trace values: their ``.value`` is the
    concrete value seen."""
    return getattr(value, "value", value)


def arg_text(code, instr):
    if instr.opcode not in opcodes.HAS_ARG:
        return ""
    desc = describe_arg(code, instr.opcode, instr.arg, instr.offset)
    return "%d (%s)" % (instr.arg, desc) if desc else str(instr.arg)


def loop_ranges(code):
    """(header, back-edge offset) of each loop: a backward JUMP_ABSOLUTE,
    where the interpreter calls can_enter_jit."""
    return [(instr.arg, instr.offset) for instr in code.instructions
            if instr.opname == "JUMP_ABSOLUTE" and instr.arg <= instr.offset]


def innermost_loop(ranges, offset):
    inside = [header for header, end in ranges if header <= offset <= end]
    return max(inside) if inside else -1


EVENT_TEXT = {
    "trace-start": "the loop is hot: the JIT starts tracing at %s",
    "compiled-loop": "trace closed: loop %s compiled, now running as compiled code",
    "guard-failure": "guard 0x%x failed (%s time)",
    "guard-blackhole": "guard 0x%x failed (%s time): %s",
    "blackhole": "%s",
    "bridge-start": "guard 0x%x failed (%s time): the frames are rebuilt at this bytecode and the JIT "
                    "traces a bridge from it",
    "compiled-bridge": "bridge %s compiled and attached to its guard",
    "abort": "tracing aborted (%s): interpreting on",
    "invalidated": "loop %s invalidated",
    "nursery-full": "compiled code left the loop: the nursery is full",
}


def blackhole_text(step):
    """The blackhole step starting at this bytecode, in one sentence."""
    calls = step.replayed_calls
    replayed = "" if not calls else ", the %d call%s it made before the guard replayed" % (
        calls, "" if calls == 1 else "s")
    return ("the blackhole interpreter finishes this bytecode with the JIT off (re-entered from its "
            "start%s; in PyPy it resumes at the guard's position)" % replayed)


def takeover_text(step):
    if step.takes_over is None:
        return "after the blackhole step of guard 0x%x (%s) the interpreter goes on here" % (
            step.guard, step.handover)
    return "the interpreter takes over here after the blackhole step of guard 0x%x (%s)" % (
        step.guard, step.handover)


def describe_event(kind, detail):
    text = EVENT_TEXT.get(kind)
    if text is None:
        return "%s %s" % (kind, detail)
    return text % detail if "%" in text else text


def ordinal(n):
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return "%d%s" % (n, suffix)


class ValueReprs:
    """Guest values as short, address-free reprs, computed on the host side
    (no guest code runs)."""

    def __init__(self, space):
        self.space = space

    def repr_of(self, value):
        w_obj = unbox(value)
        if w_obj == NULL or not isinstance(w_obj, int):
            return "<null>"
        try:
            text = self._repr(w_obj, 2)
        except (OperationError, HeapExhausted):   # repr_w allocates its result
            text = "<%s object>" % self.space.type_name(w_obj)
        text = ADDRESS.sub("0x…", text)
        return text if len(text) <= MAX_REPR else text[:MAX_REPR - 1] + "…"

    def _repr(self, w_obj, depth):
        space = self.space
        tid = space.tid(w_obj)
        if tid in PLAIN_TIDS:
            return self._plain(w_obj, tid)
        if depth == 0:
            return "…"
        if tid in tupleobject.SPECIALISED:
            # the two unboxed values, shown without boxing them
            return "(%r, %r)" % tupleobject.raw_values(space, w_obj)
        if tid in L.TUPLE_TIDS:
            items = space.tuple_w(w_obj)
            inner = self._items(items, depth)
            return "(%s,)" % inner if len(items) == 1 else "(%s)" % inner
        if tid == L.W_ListObject.tid:
            strategy, raw = listobject.raw_items(space, w_obj)
            if strategy in (listobject.INTEGER, listobject.FLOATS):
                # raw words: shown without boxing them (a view never allocates)
                shown = [repr(value) for value in raw[:MAX_ITEMS]]
                return "[%s]" % ", ".join(shown + (["…"] if len(raw) > MAX_ITEMS else []))
            return "[%s]" % self._items(raw, depth)
        if tid == L.W_DictObject.tid:
            pairs = dictobject.items(space, w_obj)
            shown = ["%s: %s" % (self._repr(k, depth - 1), self._repr(v, depth - 1)) for k, v in pairs[:MAX_ITEMS]]
            return "{%s}" % ", ".join(shown + (["…"] if len(pairs) > MAX_ITEMS else []))
        if tid == L.W_SetObject.tid:
            return self._set(w_obj, depth)
        return self._other(w_obj)

    def _plain(self, w_obj, tid):
        space = self.space
        if tid == L.W_NoneObject.tid:
            return "None"
        if tid == L.W_BoolObject.tid:
            return "True" if space.int_w(w_obj) else "False"
        if tid == L.W_FloatObject.tid:
            return repr(space.float_w(w_obj))
        if tid == L.W_UnicodeObject.tid:
            return repr(space.str_w(w_obj))
        return repr(space.int_w(w_obj))

    def _items(self, items_w, depth):
        shown = [self._repr(w, depth - 1) for w in items_w[:MAX_ITEMS]]
        return ", ".join(shown + (["…"] if len(items_w) > MAX_ITEMS else []))

    def _set(self, w_set, depth):
        space = self.space
        keys = [setobject.live_key(space, w_set, i) for i in range(setobject.slot_count(space, w_set))]
        keys = [k for k in keys if k]
        return "{%s}" % self._items(keys, depth) if keys else "set()"

    def _other(self, w_obj):
        """Functions, classes, iterators, plain instances...: their builtin
        __repr__, whose text shows no other guest value (a bound method's or an
        exception's would repr their contents, which may run guest code)."""
        space = self.space
        w_repr = typeobject.lookup(space, space.type(w_obj), "__repr__")
        builtin = w_repr and space.tid(w_repr) == L.W_BuiltinFunctionObject.tid
        if builtin and space.tid(w_obj) != L.W_MethodObject.tid \
                and not space.isinstance_w(w_obj, space.w_BaseException):
            return space.repr_w(w_obj)
        return "<%s object>" % space.type_name(w_obj)
