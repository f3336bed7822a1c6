"""Running a program: compile, load into a fresh space, interpret.

``run_source`` is what ``pypyteach run`` and the tests use.  It returns a
RunResult; a guest exception becomes ``result.error`` (a GuestError) and the
VM stays usable.  Compile errors raise CompileError before anything runs.
"""

from dataclasses import dataclass, field

from .vm.compiler.pycompiler import compile_source
from .vm.errors import StepLimitExceeded
from .vm.memory.gc import HeapExhausted
from .vm.memory.heap import DEFAULT_HEAP_SIZE
from .vm.interpreter.dispatch import Interpreter
from .vm.objspace.objspace import ObjSpace
from .vm.objspace.operationerror import OperationError
from .vm.objspace.std import dictobject, exceptions


@dataclass
class GuestError:
    """An exception the program did not catch."""
    type_name: str
    message: str
    traceback: str
    line: int


@dataclass
class RunResult:
    stdout: str
    error: GuestError = None
    step_limit: StepLimitExceeded = None
    steps: int = 0
    space: ObjSpace = field(default=None, repr=False)
    interp: Interpreter = field(default=None, repr=False)
    code: object = field(default=None, repr=False)
    jit: object = field(default=None, repr=False)      # the JitRecord when a JIT ran


def new_vm(heap_size=DEFAULT_HEAP_SIZE, byteorder=None, recursion_limit=1000, max_steps=None,
           stdout=None, jitdriver=None, gc_threshold=None, jit=None, jit_params=None, jit_log=None,
           gc_debug=False, step_machine=None):
    """A fresh space and interpreter; ``jit`` names a backend ("llgraph",
    "x86_64"...) to attach a JIT, configured by ``jit_params`` (a JitParams
    or PyPy-style text such as "threshold=3,trace_eagerness=2").
    ``step_machine`` (a jit.record.StepRequest or text such as
    "loop=1,entry=1,count=100") single-steps one run of a compiled loop in
    the emulator and keeps the steps in the JitRecord (``machine_steps``).
    ``byteorder`` of the heap: by default the machine backend's target's
    (``--jit ppc64``: big-endian), else little; one the target cannot use
    raises jit.backend.ByteOrderError."""
    from .jit.backend import heap_byteorder
    byteorder = heap_byteorder(jit, byteorder)
    space = ObjSpace(heap_size, byteorder, recursion_limit, gc_threshold=gc_threshold, gc_debug=gc_debug)
    space.stdout = stdout
    interp = Interpreter(space, max_steps=max_steps, jitdriver=jitdriver)
    if jit is not None:
        from .jit.params import JitParams
        from .jit.runtime import JitRuntime
        params = JitParams.parse(jit_params) if isinstance(jit_params, str) else jit_params
        JitRuntime(space, interp, params, backend=jit, logger=jit_log, step_machine=step_machine)
    elif step_machine is not None:
        raise ValueError("step_machine needs a JIT with a machine backend: pass jit=\"x86_64\"")
    return space, interp


def new_globals(space, name="__main__"):
    w_globals = space.newdict()
    dictobject.setitem_str(space, w_globals, "__name__", space.intern(name))
    space.prebuild(w_globals)
    return w_globals


def run_code(space, interp, code):
    """Run a compiled module in an existing VM; returns a RunResult."""
    w_globals = new_globals(space)
    space.load_code(code)
    result = RunResult(stdout="", space=space, interp=interp, code=code)
    start = len(space.output)
    try:
        interp.run_module(code, w_globals)
    except OperationError as operr:
        name, message = exceptions.exception_message(space, operr.w_value)
        line = operr.traceback[0][0].line_at(max(operr.traceback[0][1], 0)) if operr.traceback else 0
        result.error = GuestError(name, message, interp.format_traceback(operr, (name, message)), line)
    except HeapExhausted:
        # the heap filled up where no bytecode can be re-run (an allocation
        # in compiled code right after a heap write): the program still ends
        # with its MemoryError, without the frames compiled code did not keep
        interp._unwind_all()
        result.error = GuestError("MemoryError", "", "Traceback (most recent call last):\n"
                                  "  (in compiled code)\nMemoryError", 0)
    except StepLimitExceeded as exc:
        result.step_limit = exc
    result.stdout = "".join(space.output[start:])
    result.steps = interp.steps
    if interp.jitdriver is not None:
        result.jit = interp.jitdriver.finish()
    return result


def run_source(source, filename="<program>", **options):
    code = compile_source(source, filename)
    space, interp = new_vm(**options)
    return run_code(space, interp, code)


def run_on_every_backend(source, filename="<program>", jit_params="threshold=3", **options):
    """{target: JitRecord}: ``source`` run once on each machine backend, for
    views that set architectures side by side (viz.ArchitecturesView); a
    target emu/arch.py describes but no backend compiles for maps to None.
    A program that fails on a backend is a ValueError naming it."""
    from .emu.arch import ARCHS
    from .jit.backend import backend_names
    records = {}
    for name in ARCHS:
        if name not in backend_names():
            records[name] = None
            continue
        result = run_source(source, filename, jit=name, jit_params=jit_params, **options)
        if result.error is not None:
            raise ValueError("the program failed on %s: %s" % (name, result.error.traceback))
        records[name] = result.jit
    return records

