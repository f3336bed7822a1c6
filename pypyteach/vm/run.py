"""Running a program: compile, load into a fresh space, interpret.

``run_source`` is what ``pypyteach run`` and the tests use.  It returns a
RunResult; a guest exception becomes ``result.error`` (a GuestError) and the
VM stays usable.  Compile errors raise CompileError before anything runs.
"""

from dataclasses import dataclass, field

from .compiler import compile_source
from .errors import StepLimitExceeded
from .heap import DEFAULT_HEAP_SIZE
from .interpreter import Interpreter
from .objspace import ObjSpace, OperationError
from .std import dictobject, exceptions


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


def new_vm(heap_size=DEFAULT_HEAP_SIZE, byteorder="little", recursion_limit=1000, max_steps=None,
           stdout=None, jitdriver=None, gc_threshold=None):
    space = ObjSpace(heap_size, byteorder, recursion_limit, gc_threshold=gc_threshold)
    space.stdout = stdout
    return space, Interpreter(space, max_steps=max_steps, jitdriver=jitdriver)


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
        result.error = GuestError(name, message, interp.format_traceback(operr), line)
    except StepLimitExceeded as exc:
        result.step_limit = exc
    result.stdout = "".join(space.output[start:])
    result.steps = interp.steps
    return result


def run_source(source, filename="<program>", **options):
    code = compile_source(source, filename)
    space, interp = new_vm(**options)
    return run_code(space, interp, code)
