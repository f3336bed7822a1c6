"""JIT hints: what the interpreter tells the tracer (RPython's rlib.jit).

The interpreter declares one JitDriver, as PyPy's ``pypyjitdriver``:

- greens ``code`` and ``pc``: constant for a given place in the user's
  program.  A trace starts and closes at a (code, pc) pair, and since greens
  are constants in the trace, everything computed from them (which opcode
  runs, its argument, the constant it loads) folds away: the interpreter's
  dispatch disappears from traces.
- red ``frame``: the interpreter state that varies.  It is *virtualizable*:
  while tracing, its locals and value stack live in trace boxes.

``jit_merge_point`` sits at the head of the dispatch loop (called at loop
headers, and before a new frame's first bytecode: a function's entry, where
PyPy's portal counts calls) and ``can_enter_jit`` on each backward jump
(interpreter.py, pyopcode.py).  Both
call the driver's hooks only when a JIT is attached.

The other hints are markers on host functions, read by the tracer:
``elidable`` (pure: a call with constant arguments folds to its result),
``dont_look_inside`` (the tracer records a residual call instead of tracing
through).  ``promote`` is ``ll.promote`` (lloperation.py).
"""


class JitDriver:
    def __init__(self, name, greens, reds, virtualizables=()):
        self.name = name
        self.greens = tuple(greens)
        self.reds = tuple(reds)
        self.virtualizables = tuple(virtualizables)

    def __repr__(self):
        return "JitDriver(%r, greens=%r, reds=%r)" % (self.name, self.greens, self.reds)


pypyjitdriver = JitDriver("pypyjit", greens=["code", "pc"], reds=["frame"], virtualizables=["frame"])


class JitHooks:
    """What the interpreter calls on an attached ``jitdriver``: the two
    hints, plus notices a tracing JIT needs.  This base does nothing, so a
    recorder or a test driver overrides only what it cares about."""

    # While true, jit_merge_point is called before every bytecode; while
    # false, only at loop headers (Code.loop_headers).  A tracing JIT needs
    # every bytecode only while it traces.
    every_bytecode = True

    def jit_merge_point(self, interp, frame):
        """Before every bytecode (greens: frame.code, frame.pc).  Returns None,
        or what the dispatch must return: a JIT that runs a bytecode itself
        (its blackhole step after a guard failure) may see it end the dispatch."""
        return None

    def finish(self):
        """The program is over; returns the JIT's record of the run (None here)."""
        return None

    def can_enter_jit(self, interp, frame):
        """On every backward jump, after frame.pc is set to the loop header."""

    def exception_raised(self, operr):
        """A guest exception is about to be handled."""

    def leaving_frame(self, frame):
        """``frame`` is about to return or yield."""

    def frame_returns(self, frame, w_result):
        """``frame`` is about to return ``w_result``; returns the value the
        caller gets (a tracing JIT gives back a concrete one)."""
        self.leaving_frame(frame)
        return w_result

    def portal_call(self, frame):
        """A bytecode calls a guest function whose new ``frame`` is ready
        (not yet pushed).  None: push it and interpret; otherwise the call's
        result, the JIT having run the call itself (PyPy's portal call, which
        a trace records as call_assembler)."""
        return None

    def cannot_trace(self, reason):
        """The current bytecode does something a trace cannot follow."""

    def recover(self, exc):
        """A host error happened in a bytecode; True if the driver repaired
        the state so the bytecode can run again."""
        return False


class ForwardingHooks(JitHooks):
    """A driver that watches the run and hands every hook on to the JIT it
    wraps (``inner``, or None: then it behaves as JitHooks).  The step
    recorder and the warm-up clock are such drivers; they override the hooks
    they watch and call these to forward."""

    def __init__(self, inner):
        self.inner = inner

    @property
    def every_bytecode(self):
        return self.inner.every_bytecode if self.inner is not None else JitHooks.every_bytecode

    def jit_merge_point(self, interp, frame):
        return self.inner.jit_merge_point(interp, frame) if self.inner is not None else None

    def finish(self):
        return self.inner.finish() if self.inner is not None else None

    def can_enter_jit(self, interp, frame):
        if self.inner is not None:
            self.inner.can_enter_jit(interp, frame)

    def exception_raised(self, operr):
        if self.inner is not None:
            self.inner.exception_raised(operr)

    def leaving_frame(self, frame):
        if self.inner is not None:
            self.inner.leaving_frame(frame)

    def frame_returns(self, frame, w_result):
        return self.inner.frame_returns(frame, w_result) if self.inner is not None else w_result

    def portal_call(self, frame):
        return self.inner.portal_call(frame) if self.inner is not None else None

    def cannot_trace(self, reason):
        if self.inner is not None:
            self.inner.cannot_trace(reason)

    def recover(self, exc):
        return self.inner is not None and self.inner.recover(exc)


def elidable(func):
    """Mark ``func`` as pure: same arguments, same result, no side effect."""
    func._jit_elidable_ = True
    return func


def dont_look_inside(func):
    """Mark ``func`` as opaque to the tracer: it becomes a residual call."""
    func._jit_look_inside_ = False
    return func


def is_elidable(func):
    return getattr(getattr(func, "__func__", func), "_jit_elidable_", False)


def look_inside(func):
    return getattr(getattr(func, "__func__", func), "_jit_look_inside_", True)
