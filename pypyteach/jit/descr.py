"""Descrs the JIT adds to the VM's field, array and size descrs.

- CallDescr: a residual call into host code (what it calls, how to rebuild
  its Python arguments from the trace's flat arguments, its result kind);
- TargetToken: where a ``jump`` goes (a ``label``);
- GuardDescr: one guard's identity, failure count, resume data and bridge
  (PyPy's ResumeGuardDescr);
- LoopToken: one compiled loop, or a function's compiled entry (PyPy's
  JitCellToken); the descr of ``call_assembler``;
- DoneWithThisFrameDescrRef: the descr of the ``finish`` that ends a
  function trace (PyPy's compile.DoneWithThisFrameDescr*).
"""

import itertools


from ..vm.memory.gc import HeapExhausted
from ..vm.objspace.objspace import OperationError
from ..vm.memory.lloperation import OS_NONE, OS_UNI_CONCAT, OS_UNI_SLICE, OS_UNI_EQUAL  # noqa: F401 (re-exported)


class CallDescr:
    """A call to ``func``.  ``pattern`` says, per Python argument, whether it
    is the next flat trace argument ("arg"), a host constant ("const", value)
    or a host list made of the next n flat arguments ("list", n)."""

    def __init__(self, func, pattern, result_kind, space):
        self.func = func
        self.pattern = tuple(pattern)
        self._flat = all(entry[0] == "arg" for entry in self.pattern)    # the flat arguments are the arguments
        self.result_kind = result_kind
        self.space = space
        self.name = getattr(func, "__qualname__", getattr(func, "__name__", repr(func)))
        # PyPy's EffectInfo.oopspecindex: what the optimizer knows the call
        # does (OS_UNI_CONCAT, OS_UNI_SLICE...; 0: OS_NONE, a plain call)
        self.oopspecindex = getattr(func, "oopspecindex", OS_NONE)

    def python_args(self, flat):
        if self._flat:
            return flat
        args, i = [], 0
        for entry in self.pattern:
            if entry[0] == "arg":
                args.append(flat[i])
                i += 1
            elif entry[0] == "const":
                args.append(entry[1])
            elif entry[0] == "dict":
                args.append(dict(zip(entry[1], flat[i:i + len(entry[1])])))
                i += len(entry[1])
            else:
                args.append(list(flat[i:i + entry[1]]))
                i += entry[1]
        return args

    def call(self, flat):
        """Run the host function on concrete values, the VM in direct mode."""
        space = self.space
        saved = space.ll
        space.ll = space.direct_ll
        try:
            return self.func(*self.python_args(flat))
        except HeapExhausted:
            # the guest's MemoryError (preallocated: the heap is full), so that
            # compiled code leaves through guard_no_exception as for any error
            raise OperationError(space.w_memory_error)
        finally:
            space.ll = saved

    def key(self):
        return (self.func, self.pattern, self.result_kind)

    def __repr__(self):
        consts = [repr(entry[1]) for entry in self.pattern
                  if entry[0] == "const" and isinstance(entry[1], (str, int, bool, type(None)))]
        extra = (" " + " ".join(consts)) if consts else ""
        if self.oopspecindex:
            extra += " OS=%d" % self.oopspecindex        # as PyPy's CallDescr.repr_of_descr
        return "<Call%s %s%s>" % (self.result_kind, self.name.split(".")[-1], extra)


class TargetToken:
    _numbers = itertools.count(1)

    def __init__(self, loop=None):
        self.number = next(self._numbers)
        self.loop = loop
        self.header = None          # the peeled loop's label: what its body assumes (LoopHeader)

    def __repr__(self):
        return "TargetToken(%d)" % self.number


class GuardDescr:
    """One guard of a compiled trace."""

    def __init__(self, number):
        self.number = number
        self._fail_count = 0
        # (heap, word) of a machine backend's counter of entries into this
        # guard's bridge, which compiled code increments (None: no counter)
        self.entry_counter = None
        self.bridge = None          # the compiled bridge attached to this guard
        self.op = None              # the guard operation (with fail_args, resume)
        self.loop = None            # the LoopToken the guard belongs to
        self.tracing_bridge = False
        # a guard of a bridge's short preamble, checking at the loop header
        # what the peeled loop assumes: a bridge from it enters the preamble
        self.at_loop_header = False
        # guard_not_invalidated of a short preamble: the loop it enters, whose
        # validity it checks (None: the loop the guard belongs to)
        self.watched_loop = None
        # the guard this one is a copy of: the unroll pass optimizes the loop
        # twice (preamble, body) and a guard copied into the body gets its own
        # descr, so its own number (in PyPy too: a fresh ResumeGuardDescr)
        self.copy_of = None

    @property
    def fail_count(self):
        """How often the guard failed (PyPy's jitcounter): counted by the
        runtime at each failure, and, once a machine backend attached a
        bridge, by compiled code in the bridge's entry counter word."""
        if self.entry_counter is None:
            return self._fail_count
        heap, word = self.entry_counter
        return self._fail_count + heap.read_int(word)

    @fail_count.setter
    def fail_count(self, value):
        if self.entry_counter is not None:
            heap, word = self.entry_counter
            value -= heap.read_int(word)
        self._fail_count = value

    def recorded(self):
        """The guard as the tracer recorded it (itself, unless a copy)."""
        guard = self
        while guard.copy_of is not None:
            guard = guard.copy_of
        return guard

    def invalidation_loop(self):
        """The loop a guard_not_invalidated checks."""
        return self.watched_loop or self.loop

    def __repr__(self):
        return "<Guard0x%x>" % self.number


class DoneWithThisFrameDescrRef:
    """The descr of ``finish(result)``: compiled code ends because the frame
    the trace started in returned (PyPy: ``done_with_this_frame_descr_ref``,
    one shared instance per result kind; pypyteach's frames return only
    references).  PyPy's log prints it ``<DoneWithThisFrameDescrRef object
    at 0x...>``; pypyteach prints no address, so logs stay deterministic."""

    final_descr = True

    def __repr__(self):
        return "<DoneWithThisFrameDescrRef object>"


DONE_WITH_THIS_FRAME_REF = DoneWithThisFrameDescrRef()


def exit_values(op):
    """The values an exit through ``op`` saves, in jitframe slots 0..n-1: a
    guard's fail_args; a finish's arguments, then, when it carries resume
    data (a generator frame yields: its state after the yield, see
    runtime.frame_yields), that data's fail_args."""
    if op.name == "finish":
        return list(op.args) + list(op.fail_args or ())
    return list(op.fail_args or ())


class AssemblerCallDescr:
    """The descr of one ``call_assembler_r`` site: the callee's function
    token, and how many inlined frames the caller's trace has above its root
    frame at that call.

    In PyPy the descr is the callee's JitCellToken itself, and the recursion
    depth is counted by the traced code (the execution context's frame
    depth is a field the trace reads and writes).  pypyteach counts frames
    in the host interpreter (``Interpreter.depth``), which compiled code
    does not update for the frames it inlined: the portal runner adds
    ``inline_depth`` so that RecursionError comes at CPython's depth.  The
    log prints the token, as PyPy's (``descr=<Loop3>``)."""

    result_kind = "r"
    func = None

    def __init__(self, token, inline_depth):
        self.token = token
        self.inline_depth = inline_depth
        self.name = "call_assembler"

    def call(self, values):
        return self.token.portal_runner(self.token, values, self.inline_depth)

    def repr_of_descr(self):
        return self.token.repr_of_descr()

    def __repr__(self):
        return self.repr_of_descr()


class LoopToken:
    """A compiled loop, or a function's compiled entry (``is_function``):
    its green key, its trace, and backend data.

    A function's token is what the ``call_assembler_r`` ops calling it
    call (through their AssemblerCallDescr: what llgraph and the machine
    backends' trampoline run for such an op is ``portal_runner``, set by
    the runtime).  As PyPy's ``compile_tmp_callback`` token, a function's
    token may exist before its code does (number -1, ``compiled`` None):
    then the call runs the callee in the interpreter."""

    portal_runner = None            # function tokens: (token, values, inline depth) -> result

    def __init__(self, number, key, name, is_function=False):
        self.number = number
        self.key = key              # (code, pc)
        self.name = name
        self.inputargs = None
        self.operations = None      # the optimized trace the backend compiled
        self.target = TargetToken(self)
        self.body_target = None     # the label of the peeled loop, when it has a header
        self.compiled = None        # backend-specific
        self.invalidated = False
        self.bridges = []
        self.dependencies = set()   # quasi-immutable keys this loop assumed constant
        self.is_function = is_function  # traced from the function's entry (pc 0), ends in finish

    def repr_of_descr(self):
        """As PyPy's JitCellToken.repr_of_descr, in call_assembler's descr."""
        return "<Loop%d>" % self.number

    def __repr__(self):
        return "<Loop %d %s>" % (self.number, self.name)
