"""Resume data and deoptimization.

Every guard carries a ResumeSnapshot: the chain of interpreter frames, from
the frame the trace started in to the innermost inlined one, each with its
code, the bytecode where it resumes, and for every local, value-stack slot,
cell and namespace the trace value (or constant) that holds it.  A guard
fails in the middle of a bytecode.  In PyPy the blackhole interpreter resumes
inside that bytecode's jitcode at the guard's position; pypyteach has no
jitcodes, so the innermost frame is rebuilt at the *start* of that bytecode,
the residual calls it had already made are kept too (``calls``), and the
blackhole step (blackhole.py) re-enters the bytecode with their outcomes
replayed rather than calling again (tracing_ops.ReplayOps), then hands over
to the interpreter at the next bytecode.  Outer frames resume right after
the call they are making.

Values the optimizer removed (virtual objects) appear in snapshots as
VirtualInfo recipes: deoptimization allocates them and fills their fields.
"""

from ..vm.memory.heap import NULL
from ..vm.interpreter.pyframe import Frame
from .resoperation import AbstractValue, Const


class FrameSnapshot:
    """One interpreter frame as the trace sees it at one point."""

    __slots__ = ("frame", "code", "pc", "w_globals", "w_locals", "cells", "locals", "stack", "blocks",
                 "w_func", "w_init_self", "is_root", "resumes_generator")

    def __init__(self, frame, pc, is_root):
        self.frame = frame
        self.code = frame.code
        self.pc = pc
        self.w_globals = frame.w_globals
        self.w_locals = frame.w_locals
        self.cells = tuple(frame.cells_w)
        self.locals = tuple(frame.locals_w)
        self.stack = tuple(frame.stack)
        self.blocks = tuple(frame.blocks)
        self.w_func = frame.w_func
        self.w_init_self = frame.w_init_self
        self.is_root = is_root
        # a generator's frame resumed by the FOR_ITER of the frame below
        # (Interpreter.resume_generator_inline): rebuilt into the generator's
        # own host frame, found through the generator object on that
        # FOR_ITER's stack
        self.resumes_generator = bool(frame.generator) and not frame.is_entry and not is_root

    def values(self):
        """Every ll value of this frame the trace may hold, in a fixed order."""
        fields = (self.w_globals, self.w_locals) + self.cells + self.locals + self.stack
        return fields if self.is_root else fields + (self.w_init_self,)

    def lineno(self):
        return self.code.line_at(self.pc)

    def __repr__(self):
        return "<FrameSnapshot %s #%d>" % (self.code.co_name, self.pc)


class VirtualInfo:
    """A recipe for an object that only existed virtually in compiled code."""

    def __init__(self, descr, fields, array=None):
        self.descr = descr            # SizeDescr (new_with_vtable) or ArrayDescr (new_array)
        self.fields = fields          # [(FieldDescr, value)]
        self.array = array            # [value] for arrays

    def values(self):
        return [v for _, v in self.fields] + list(self.array or [])


class VStrDescr:
    """The descr of a VirtualInfo recipe for a virtual string (the string
    pass's): PyPy's resume.py has VStrPlainInfo (``array``: the code points),
    VStrConcatInfo (``array``: the two parts) and VStrSliceInfo (``fields``:
    the string sliced; ``array``: start and length)."""

    def __init__(self, name, kind):
        self.name = name
        self.struct_name = name
        self.kind = kind              # of the items of ``array`` ("r": kept alive with the resume data)

    def __repr__(self):
        return "<%s>" % self.name


class StringPart:
    """The field descr of the string a VStrSliceInfo recipe slices."""

    kind = "r"
    name = "string"
    struct_name = "VStrSliceInfo"


VSTR_PLAIN = VStrDescr("VStrPlainInfo", "i")
VSTR_CONCAT = VStrDescr("VStrConcatInfo", "r")
VSTR_SLICE = VStrDescr("VStrSliceInfo", "i")
STRING_PART = StringPart()


class ResumeSnapshot:
    def __init__(self, frames, calls):
        self.frames = frames          # root first
        self.calls = calls            # ll values (or None) returned by this bytecode's earlier calls

    def all_values(self):
        for snap in self.frames:
            yield from snap.values()
        for value in self.calls:
            if value is not None:
                yield value

    def top(self):
        return self.frames[-1]


def fail_args_of(resume):
    """The trace values a guard must save: every non-constant value its resume
    data mentions (virtual objects are opened up), each once, in order."""
    seen, result = set(), []

    def visit(value):
        if isinstance(value, VirtualInfo):
            for inner in value.values():
                visit(inner)
        elif isinstance(value, AbstractValue) and not isinstance(value, Const) and id(value) not in seen:
            seen.add(id(value))
            result.append(value)
    for value in resume.all_values():
        visit(value)
    return result


# -- deoptimization ---------------------------------------------------------------------------

class Deoptimizer:
    """Rebuilds interpreter frames from a failed guard's resume data."""

    def __init__(self, space, interp):
        self.space = space
        self.interp = interp

    def concrete(self, value, values, virtuals):
        """The concrete ll value for a snapshot entry, given the fail values."""
        if isinstance(value, VirtualInfo):
            return self.materialize(value, values, virtuals)
        if isinstance(value, Const):
            return value.value
        if isinstance(value, AbstractValue):
            return values[value]
        return value

    def materialize(self, info, values, virtuals):
        if id(info) in virtuals:
            return virtuals[id(info)]
        ll = self.ll
        if isinstance(info.descr, VStrDescr):
            return self.materialize_string(info, values, virtuals)
        if info.array is not None:
            ptr = ll.new_array(info.descr.layout, len(info.array))
        else:
            ptr = ll.new_with_vtable(info.descr)
        virtuals[id(info)] = ptr
        for field, value in info.fields:
            ll.setfield_gc(ptr, self.concrete(value, values, virtuals), field)
        for i, value in enumerate(info.array or ()):
            # an item of raw words may be a double: stored through the float view
            descr = info.descr.for_kind(getattr(value, "type", None))
            ll.setarrayitem_gc(ptr, i, self.concrete(value, values, virtuals), descr)
        return ptr

    def materialize_string(self, info, values, virtuals):
        """A string the string pass kept virtual, made as the interpreter
        would have made it (PyPy's VStr*Info.allocate)."""
        ll = self.ll
        parts = [self.concrete(v, values, virtuals) for v in info.array]
        if info.descr is VSTR_PLAIN:
            ptr = ll.newunicode(len(parts))
            for i, code in enumerate(parts):
                ll.unicodesetitem(ptr, i, code)
        elif info.descr is VSTR_CONCAT:
            left, right = parts
            len1, len2 = ll.unicodelen(left), ll.unicodelen(right)
            ptr = ll.newunicode(ll.int_add(len1, len2))
            ll.copyunicodecontent(left, ptr, 0, 0, len1)
            ll.copyunicodecontent(right, ptr, 0, len1, len2)
        else:
            string = self.concrete(info.fields[0][1], values, virtuals)
            start, length = parts
            ptr = ll.newunicode(length)
            ll.copyunicodecontent(string, ptr, start, 0, length)
        virtuals[id(info)] = ptr
        return ptr

    def rebuild(self, resume, values, root_frame, ll=None):
        """Set the interpreter's frames as ``resume`` says.  ``values`` maps
        each fail arg to its concrete value (or, to trace a bridge, to the
        bridge's input arguments; ``ll`` then records the re-allocation of
        virtual objects).  Returns the outcomes of the calls the top bytecode
        had already made, in order."""
        self.ll = ll or self.space.direct_ll
        virtuals = {}
        conc = lambda v: self.concrete(v, values, virtuals)
        frames = []
        for snap in resume.frames:
            if snap.resumes_generator:
                frame = self.generator_frame(snap, frames[-1].stack[-1])
            else:
                frame = root_frame if snap.is_root else Frame(snap.code, snap.w_func, NULL, [], [])
            frame.w_globals = conc(snap.w_globals)
            frame.w_locals = conc(snap.w_locals)
            frame.cells_w = [conc(v) for v in snap.cells]
            frame.locals_w = [conc(v) for v in snap.locals]
            frame.stack = [conc(v) for v in snap.stack]
            frame.blocks = list(snap.blocks)
            if not snap.is_root:
                # the root frame is the one compiled code was entered from: its
                # fields outside the trace's input arguments are still right
                frame.w_init_self = conc(snap.w_init_self)
            frame.pc = snap.pc
            frame.last_instr = snap.pc
            if frames:
                frame.back = frames[-1]
            frames.append(frame)
        self.interp.frame = frames[-1]
        self.interp.depth += len(frames) - 1
        return [None if v is None else conc(v) for v in resume.calls]

    def generator_frame(self, snap, w_gen):
        """The host frame of generator ``w_gen``, which compiled code was
        running inline (in PyPy the blackhole interpreter writes into the
        generator's PyFrame, a heap object).  The frame keeps its w_func:
        the trace's (a generator expression's) may be another instance's."""
        concrete = w_gen.value if isinstance(w_gen, AbstractValue) else w_gen   # (tracing a bridge)
        frame = self.interp.generator_frame(concrete)
        if frame is None:       # closed by compiled code meanwhile: a frame of its own
            frame = Frame(snap.code, snap.w_func, NULL, [], [])
            frame.generator = w_gen
        frame.is_entry = False
        return frame
