"""What every architecture's code generator shares.

An architecture's package (x86/, aarch64/) has a code generator class, the
object the shared driver (tracecompiler.py) talks to.  It is built from:

- ``GenOpsBase``: which resops the instruction selection handles, and the
  dispatch from a resop to its method (``GEN_METHODS``: the method names are
  the same on every architecture, their code is the architecture's own);
- ``CodegenBase``: the bookkeeping around the architecture's encoder (its
  ``CodeBuilder``, with labels and a note per instruction naming the trace op
  it implements): addresses, labels, out-of-line code emitted after the
  body, implicit null checks, and the finished code with its spans of notes.
"""

from ..resoperation import BOOL_OPS, FLOAT_COMPARISONS, INT_COMPARISONS
from .locations import Reg

INT_COMPARE_OPS = tuple(sorted(INT_COMPARISONS))
FLOAT_COMPARE_OPS = tuple(sorted(FLOAT_COMPARISONS))
INT_BINARY_OPS = ("int_add", "int_sub", "int_mul", "int_and", "int_or", "int_xor",
                  "int_add_ovf", "int_sub_ovf", "int_mul_ovf")
FLOAT_BINARY_OPS = ("float_add", "float_sub", "float_mul", "float_truediv")
SHIFT_OPS = ("int_lshift", "int_rshift", "uint_rshift")


GEN_METHODS = {}        # resop -> the instruction-selection method every architecture defines
for _method, _names in (("gen_int_compare", INT_COMPARE_OPS), ("gen_float_compare", FLOAT_COMPARE_OPS),
                        ("gen_int_binary", INT_BINARY_OPS), ("gen_float_binary", FLOAT_BINARY_OPS),
                        ("gen_shift", SHIFT_OPS)):
    GEN_METHODS.update(dict.fromkeys(_names, _method))
GEN_METHODS.update({
    "int_is_true": "gen_is_true", "int_is_zero": "gen_is_true",
    "int_floordiv": "gen_divmod", "int_mod": "gen_divmod",
    "int_neg": "gen_unary", "int_invert": "gen_unary", "int_signext": "gen_signext",
    "uint_mul_high": "gen_uint_mul_high",
    "float_neg": "gen_float_sign", "float_abs": "gen_float_sign",
    "cast_int_to_float": "gen_cast_int_to_float", "cast_float_to_int": "gen_cast_float_to_int",
    "same_as_i": "gen_same_as", "same_as_r": "gen_same_as", "same_as_f": "gen_same_as",
    "getfield_gc_i": "gen_getfield", "getfield_gc_r": "gen_getfield", "getfield_gc_f": "gen_getfield",
    "setfield_gc": "gen_setfield",
    "getarrayitem_gc_i": "gen_getarrayitem", "getarrayitem_gc_r": "gen_getarrayitem",
    "getarrayitem_gc_f": "gen_getarrayitem", "setarrayitem_gc": "gen_setarrayitem",
    "arraylen_gc": "gen_arraylen",
})


class GenOpsBase:
    HANDLED = frozenset(GEN_METHODS)
    GUARDS = frozenset(["guard_true", "guard_false", "guard_value", "guard_class", "guard_nonnull",
                        "guard_isnull", "guard_nonnull_class", "guard_no_exception", "guard_no_overflow",
                        "guard_overflow", "guard_not_invalidated"])
    CONDITION_OPS = BOOL_OPS

    def gen_op(self, op, args, result, mode):
        """Code for ``op``; returns the condition it leaves in the flags (or None)."""
        return getattr(self, GEN_METHODS[op.name])(op, args, result, mode)


class CodegenBase:
    """Subclasses set ``CODEBUILDER`` (their encoder's CodeBuilder class) and
    ``MEM`` (its memory operand: ``MEM(base register, displacement)``)."""

    CODEBUILDER = None
    MEM = None
    DEST_SCRATCH = None     # load/store targets: the scratch register ``dest`` falls back to
    far_branches = False    # set by the driver when a trace outgrew the short conditional branches

    def __init__(self, desc, base, frames, backend):
        self.desc = desc
        self.asm = self.CODEBUILDER(base=base)
        self.base = base
        self.frames = frames
        self.backend = backend
        self.deferred = []
        self.implicit_null_checks = []      # (offset of a header read, label to resume at)

    @property
    def offset(self):
        return self.asm.offset

    # -- registers, for load/store targets (x86/codegen.py has its own: memory operands) ------

    def in_reg(self, loc, scratch):
        """``loc``'s value in an integer register (``scratch`` unless already in one)."""
        if isinstance(loc, Reg) and loc.cls == "int":
            return loc.name
        self.move(loc, Reg(scratch, "int"))
        return scratch

    def in_freg(self, loc, scratch):
        """``loc``'s value in a float register (``scratch`` unless already in one)."""
        if isinstance(loc, Reg) and loc.cls == "float":
            return loc.name
        self.move(loc, Reg(scratch, "float"))
        return scratch

    def dest(self, result, scratch=None):
        """Register to compute a result in: the result's own, or ``scratch``."""
        if isinstance(result, Reg):
            return result.name
        return scratch or self.DEST_SCRATCH

    def address(self):
        return self.base + self.asm.offset

    def set_note(self, note):
        self.asm.note = note

    def new_label(self):
        return self.asm.new_label()

    def bind(self, label):
        self.asm.bind(label)

    def emit(self, mnemonic, *operands):
        return self.asm.emit(mnemonic, *operands)

    def defer(self, emit):
        """Out-of-line code (exit stubs, slow paths), emitted after the body."""
        self.deferred.append(emit)

    def emit_deferred(self):
        while self.deferred:
            self.deferred.pop(0)()

    def defer_slow_path(self, label, emit):
        """Out-of-line code for the op being compiled: ``emit()`` runs at
        ``label``, after the body, noted as that op's slow path."""
        note = self.asm.note

        def slow_path():
            self.set_note(type(note)(note.op, "slow path"))
            self.bind(label)
            emit()
        self.defer(slow_path)

    def fault_handlers(self):
        """{address of an instruction: address to resume at if it reads page 0}."""
        return {self.base + offset: self.base + label.offset for offset, label in self.implicit_null_checks}

    def finish(self):
        """The machine code, and [(start, end, note)]: consecutive
        instructions with the same note form one span."""
        code = self.asm.getcode()
        spans = []
        for record in self.asm.records:
            start = self.base + record.offset
            if spans and spans[-1][2] is record.note and spans[-1][1] == start:
                spans[-1] = (spans[-1][0], start + record.size, record.note)
            else:
                spans.append((start, start + record.size, record.note))
        return code, spans

    def store(self, reg, result):
        """Put a value computed in register ``reg`` into the result's location."""
        self.move(Reg(reg, self.desc.reg_class(reg)), result)

    def emit_guard(self, op, args, cond, label, extra):
        """The guard's test, branching to ``label`` when it fails: the
        architecture's method named after the guard (``guard_true``...)."""
        getattr(self, op.name)(op, args, cond, label, extra)

    # guards every architecture writes the same way, from its guard_true /
    # guard_false / guard_class, branch_if / branch_unless and recompute_overflow
    def guard_nonnull(self, op, args, cond, label, extra):
        self.guard_true(op, args, None, label, extra)

    def guard_isnull(self, op, args, cond, label, extra):
        self.guard_false(op, args, None, label, extra)

    def guard_nonnull_class(self, op, args, cond, label, extra):
        self.guard_class(op, args, cond, label, extra)      # guard_class fails on NULL too

    def guard_no_overflow(self, op, args, cond, label, extra):
        self.branch_if(cond if cond is not None else self.recompute_overflow(*extra), label)

    def guard_overflow(self, op, args, cond, label, extra):
        self.branch_unless(cond if cond is not None else self.recompute_overflow(*extra), label)

    def slot(self, index):
        """Jitframe slot ``index`` as a memory operand."""
        return self.MEM(self.desc.frame_reg, self.frames.slot_offset(index))
