"""JIT hints: what the interpreter tells the tracer (RPython's rlib.jit).

The interpreter declares one JitDriver, as PyPy's ``pypyjitdriver``:

- greens ``code`` and ``pc``: constant for a given place in the user's
  program.  A trace starts and closes at a (code, pc) pair, and since greens
  are constants in the trace, everything computed from them (which opcode
  runs, its argument, the constant it loads) folds away: the interpreter's
  dispatch disappears from traces.
- red ``frame``: the interpreter state that varies.  It is *virtualizable*:
  while tracing, its locals and value stack live in trace boxes.

``jit_merge_point`` sits at the head of the dispatch loop and
``can_enter_jit`` on each backward jump (interpreter.py, pyopcode.py).  Both
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
