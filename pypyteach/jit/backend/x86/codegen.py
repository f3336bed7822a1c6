"""x86-64 code generation for the shared driver (jit/backend/tracecompiler.py).

Conventions (PyPy's x86 backend, in small):

- rbp holds the jitframe (callee-saved, so it survives residual calls);
  slot i is ``[rbp + 32 + 8*i]``.
- r10 and r11 (and xmm14, xmm15) are never allocated: instruction selection
  uses them freely; r10 breaks cycles in parallel copies, r11 carries
  memory-to-memory moves.
- Residual calls follow System V: rdi rsi rdx rcx r8 r9 and xmm0-7, result
  in rax / xmm0, every register but rbx rbp r12-r15 clobbered.
- The runtime helpers (allocation slow path, cast_float_to_int's slow path)
  have PyPy's "preserve everything" convention: argument in r10 (site) and
  r11 (value), result in r11; no other register changes.
- A condition an op leaves for the guard after it is a Capstone condition
  code ("l", "ae", "o"...), or "fe"/"fne" for float (in)equality, which
  also read the parity flag (ucomisd sets PF on NaN: unordered).

Every instruction is emitted with the current note (the trace op it
implements), which the machine's code map and the disassembly read back.
"""

import struct

from ....vm.memory import layout as L
from ..codegen import CodegenBase
from ..locations import FrameSlot, Imm, Reg
from ..moves import sequentialize
from .genops import GenOps
from .rx86 import CodeBuilder, Encoding, Label, Mem, encode_form, find_form, fits_signed

_ENCODINGS = {}         # (mnemonic, operands) -> (form, encoding), for operands without labels
_REL32_FORMS = {}       # mnemonic -> its rel32 form

NEGATE = {"o": "no", "no": "o", "b": "ae", "ae": "b", "e": "ne", "ne": "e", "be": "a", "a": "be",
          "s": "ns", "ns": "s", "p": "np", "np": "p", "l": "ge", "ge": "l", "le": "g", "g": "le",
          "fe": "fne", "fne": "fe"}


class X86Codegen(CodegenBase, GenOps):
    name = "x86_64"
    CODEBUILDER = CodeBuilder           # CodegenBase: the encoder
    MEM = Mem

    # -- bookkeeping ---------------------------------------------------------------------------

    def emit(self, mnemonic, *operands):
        """asm.emit, remembering each encoding: a trace emits the same few
        hundred instructions over and over (moves in exit code above all)."""
        if any(isinstance(operand, Label) for operand in operands):
            if len(operands) == 1 and (operands[0].offset is None or operands[0].offset < 0):
                return self.emit_rel32(mnemonic, operands[0])
            return self.asm.emit(mnemonic, *operands)
        key = (mnemonic,) + operands
        known = _ENCODINGS.get(key)
        if known is None:
            record = self.asm.emit(mnemonic, *operands)
            data = bytes(self.asm.code[record.offset:record.offset + record.size])
            _ENCODINGS[key] = (find_form(record.mnemonic, record.shape), Encoding(data))
            return record
        return self.asm._append(known[0], known[1], operands, None)

    def emit_rel32(self, mnemonic, label):
        """A jump or call with a 32-bit offset: to a forward label (what
        rx86 picks too) or to an absolute address (another trace, the exit
        page, a trampoline)."""
        form = _REL32_FORMS.get(mnemonic)
        if form is None:
            form = _REL32_FORMS[mnemonic] = find_form(mnemonic, "rel32")
        return self.asm._append(form, encode_form(form, (label,)), (label,), None)

    @staticmethod
    def encode_jump(at, target):
        """``jmp rel32`` at ``at`` to ``target`` (for re-pointing an exit stub)."""
        return b"\xe9" + struct.pack("<i", target - (at + 5))

    # -- operands ------------------------------------------------------------------------------

    def operand(self, loc):
        if isinstance(loc, Reg):
            return loc.name
        if isinstance(loc, FrameSlot):
            return self.slot(loc.index)
        return loc.value

    def int_operand(self, loc, scratch):
        """A register, memory operand or imm32 for ``loc`` (big immediates go to ``scratch``)."""
        if isinstance(loc, Imm) and not fits_signed(loc.value, 32):
            self.emit("mov", scratch, loc.value)
            return scratch
        return self.operand(loc)

    def in_reg(self, loc, scratch):
        """``loc``'s value in an integer register (``scratch`` unless already in one)."""
        if isinstance(loc, Reg):
            return loc.name
        self.move(loc, Reg(scratch, "int"))
        return scratch

    def in_xmm(self, loc, scratch):
        if isinstance(loc, Reg):
            return loc.name
        self.move(loc, Reg(scratch, "float"))
        return scratch

    def dest(self, result, scratch="r11", avoid=()):
        """Register to compute a result in: the result's own, unless it is
        memory or one of the ``avoid`` operands still to be read."""
        if isinstance(result, Reg) and result not in avoid:
            return result.name
        return scratch

    # -- moves -----------------------------------------------------------------------------------

    def move(self, src, dst):
        if src == dst or dst is None:
            return
        if isinstance(dst, Reg) and dst.cls == "int":
            self._move_to_gpr(src, dst.name)
        elif isinstance(dst, Reg):
            self._move_to_xmm(src, dst.name)
        elif isinstance(src, Reg):
            self.emit("movsd" if src.cls == "float" else "mov", self.operand(dst), src.name)
        elif isinstance(src, Imm) and fits_signed(src.value, 32):
            self.emit("mov", self.operand(dst), src.value)
        else:
            self.emit("mov", "r11", self.operand(src))
            self.emit("mov", self.operand(dst), "r11")

    def _move_to_gpr(self, src, name):
        if isinstance(src, Reg) and src.cls == "float":
            self.emit("movq", name, src.name)
        else:
            self.emit("mov", name, self.operand(src))

    def _move_to_xmm(self, src, name):
        if isinstance(src, Reg) and src.cls == "float":
            self.emit("movsd", name, src.name)
        elif isinstance(src, Reg):
            self.emit("movq", name, src.name)
        elif isinstance(src, Imm):
            self.emit("movsd", name, Mem(None, self.backend.constant_word(src.value)))
        else:
            self.emit("movsd", name, self.operand(src))

    def parallel_move(self, moves):
        def temp_for(loc):
            return Reg("xmm14", "float") if isinstance(loc, Reg) and loc.cls == "float" else Reg("r10", "int")
        for src, dst in sequentialize(moves, temp_for):
            self.move(src, dst)

    # -- control -------------------------------------------------------------------------------

    def jump_to_label(self, label):
        self.emit("jmp", label)

    def jump_to_address(self, address):
        """``jmp rel32`` (always 5 bytes, so it can be re-pointed); returns its address."""
        record = self.emit_rel32("jmp", self.asm.label_at(address))
        return self.base + record.offset

    def jump_to_label_patchable(self, label):
        """``jmp rel32`` to a label of this code; returns its address."""
        record = self.emit_rel32("jmp", label)
        return self.base + record.offset

    def call_address(self, address):
        self.emit("call", self.asm.label_at(address))

    def branch_if(self, cond, label):
        """Jump to ``label`` when ``cond`` holds."""
        if cond == "fe":                    # equal and ordered: ZF=1, PF=0
            skip = self.new_label()
            self.asm.emit_form("jp", "rel8", skip)
            self.emit("je", label)
            self.bind(skip)
        elif cond == "fne":                 # not equal or unordered
            self.emit("jne", label)
            self.emit("jp", label)
        else:
            self.emit("j" + cond, label)

    def branch_unless(self, cond, label):
        self.branch_if(NEGATE[cond], label)

    def store_frame_word(self, offset, value):
        self.emit("mov", Mem(self.desc.frame_reg, offset), value)

    def guard_frame_word_zero(self, offset, label):
        self.emit("cmp", Mem(self.desc.frame_reg, offset), 0)
        self.emit("jne", label)

    def guard_abs_word_zero(self, address, label):
        self.emit("cmp", Mem(None, address), 0)
        self.emit("jne", label)

    def bridge_prologue(self, guard_exc_offset, counter, save_address):
        """A pending exception leaves at once, through the guard's own save
        code (jf_descr already names the guard); otherwise count the entry
        (GuardDescr.fail_count, as llgraph counts)."""
        self.emit("cmp", Mem(self.desc.frame_reg, guard_exc_offset), 0)
        self.emit("jne", self.asm.label_at(save_address))
        self.count(counter)

    def count(self, word):
        """Add 1 to the heap word at ``word`` (entry and label counters; flags are dead here)."""
        self.emit("add", Mem(None, word), 1)

    # -- guards --------------------------------------------------------------------------------

    def test_nonzero(self, loc):
        """Set ZF (and SF) from ``loc`` (not an immediate) as cmp loc, 0 would."""
        if isinstance(loc, Reg):
            self.emit("test", loc.name, loc.name)
        else:
            self.emit("cmp", self.operand(loc), 0)

    def _static(self, passes, label):
        if not passes:
            self.emit("jmp", label)

    def guard_true(self, op, args, cond, label, extra):
        if cond is not None:
            return self.branch_unless(cond, label)
        if isinstance(args[0], Imm):
            return self._static(args[0].value != 0, label)
        self.test_nonzero(args[0])
        self.emit("je", label)

    def guard_false(self, op, args, cond, label, extra):
        if cond is not None:
            return self.branch_if(cond, label)
        if isinstance(args[0], Imm):
            return self._static(args[0].value == 0, label)
        self.test_nonzero(args[0])
        self.emit("jne", label)

    def guard_value(self, op, args, cond, label, extra):
        if op.args[0].type == "f":
            self.emit("ucomisd", self.in_xmm(args[0], "xmm15"), self.float_operand(args[1], "xmm14"))
            return self.branch_unless("fe", label)
        self.branch_unless(self.compare(args[0], args[1], "e"), label)

    def _header(self, loc):
        """The header word (tid) of the object at ``loc``."""
        if isinstance(loc, Imm):
            return Mem(None, loc.value)
        return Mem(self.in_reg(loc, "r11"), 0)

    def guard_class(self, op, args, cond, label, extra):
        """cmp the header with the tid.  A NULL object fails the guard (as in
        llgraph) without a test: reading its header faults, and the fault
        at this instruction resumes at the exit stub (an implicit null
        check, as JVMs do with SIGSEGV; emu/machine.py add_fault_handler)."""
        if isinstance(args[0], Imm) and not args[0].value:
            return self.emit("jmp", label)
        tid = self.int_operand(args[1], "r10")
        record = self.emit("cmp", self._header(args[0]), tid)
        self.implicit_null_checks.append((record.offset, label))
        self.emit("jne", label)

    def recompute_overflow(self, source, locs):
        """The guard is not right after its _ovf op: do the op again in scratch registers."""
        mnemonic = {"int_add_ovf": "add", "int_sub_ovf": "sub", "int_mul_ovf": "imul"}[source.name]
        self.move(locs[0], Reg("r11", "int"))
        self.emit(mnemonic, "r11", self.in_reg(locs[1], "r10"))
        return "o"

    # -- residual calls' neighbours: allocation --------------------------------------------------

    def emit_malloc(self, op, args, result, site, exit_label):
        """Bump the nursery pointer inline; past the limit, the slow path
        (runner.py) either allocates in the host or returns 0: leave through
        the allocation's exit ("nursery")."""
        free, top = self._gcstate_words()
        slow, done = self.new_label(), self.new_label()
        if op.name == "new_with_vtable":
            layout, length = op.descr.layout, None
            self.emit("mov", "r11", free)
            self.emit("lea", "r10", Mem("r11", layout.size))
        else:
            layout, length = op.descr.layout, args[0]
            self._array_size(layout, length, slow)
        self.emit("cmp", "r10", top)
        self.emit("ja", slow)
        self.emit("mov", Mem("r11", 0), layout.tid)
        if length is not None:
            self._store_length(layout, length)
        self.emit("mov", free, "r10")
        self.bind(done)
        self.store("r11", result)

        def slow_path():
            self.emit("mov", "r10", site)
            if length is not None:
                self.move(length, Reg("r11", "int"))
            self.emit("call", self.asm.label_at(self.backend.malloc_slot))
            if exit_label is not None:
                self.emit("test", "r11", "r11")
                self.emit("je", exit_label)
            self.emit("jmp", done)
        self.defer_slow_path(slow, slow_path)

    def _gcstate_words(self):
        gcstate = self.frames.gcstate
        return (Mem(None, gcstate + L.GcState.field("nursery_free").offset),
                Mem(None, gcstate + L.GcState.field("nursery_top").offset))

    def _array_size(self, layout, length, slow):
        """r11 = the pointer, r10 = the pointer past the new array (rounded to words)."""
        array = layout.array
        free = self._gcstate_words()[0]
        if isinstance(length, Imm):
            if not 0 <= length.value <= self.backend.heap.size:
                self.emit("jmp", slow)
            size = layout.total_size(max(0, min(length.value, self.backend.heap.size)))
            self.emit("mov", "r11", free)
            self.emit("lea", "r10", Mem("r11", size))
            return
        self.move(length, Reg("r10", "int"))
        self.emit("cmp", "r10", min(self.backend.heap.size // array.itemsize, (1 << 31) - 1))
        self.emit("ja", slow)                           # unsigned: negative lengths too
        if array.itemsize != 1:
            self.emit("imul", "r10", "r10", array.itemsize)
        self.emit("add", "r10", layout.size + 7)
        self.emit("and", "r10", -8)
        self.emit("mov", "r11", free)
        self.emit("add", "r10", "r11")

    def _store_length(self, layout, length):
        where = Mem("r11", layout.array.length_offset)
        if isinstance(length, Reg):
            self.emit("mov", where, length.name)
        elif isinstance(length, Imm):
            self.emit("mov", where, length.value)
        else:                                           # a spilled length: r10 is busy
            self.emit("push", "r10")
            self.emit("mov", "r10", self.operand(length))
            self.emit("mov", where, "r10")
            self.emit("pop", "r10")


CODEGEN = X86Codegen
