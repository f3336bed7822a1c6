"""AArch64 code generation for the shared driver (jit/backend/tracecompiler.py).

Conventions (PyPy's aarch64 backend, in small):

- x29 holds the jitframe (callee-saved, so it survives residual calls);
  slot i is ``[x29 + items_offset + 8*i]`` (LDR/STR with a scaled imm12).
- x16 and x17 (IP0/IP1) and d30, d31 are never allocated: instruction
  selection uses them freely; x17 (d31) breaks cycles in parallel copies,
  x16 carries memory-to-memory moves and immediates.  x30 (LR) is a third
  scratch register between calls (BL overwrites it; nothing lives in it).
- Residual calls follow AAPCS64: x0-x7 and d0-d7, result in x0 / d0, every
  register but x19-x29 and d8-d15 clobbered.  A call is ``bl`` to the
  trampoline slot when within +-128 MiB, else the address goes to x30 and
  ``blr x30``; jumps to other code likewise (``b``, or ``br x30``).
- The runtime helpers (allocation slow path, cast_float_to_int's slow path)
  have the "preserve everything" convention: argument in x16 (site) and x17
  (value), result in x17; no other register changes.
- A condition an op leaves for the guard after it is an A64 condition code
  ("lt", "hs", "vs"...); its negation is the code with the low bit flipped,
  which for FCMP's conditions also gets NaN right (see genops.py).
- The jump of an exit stub that a bridge may later take over is three words
  (``b`` + two ``nop`` or ``movz/movk x30`` + ``br x30``), so re-pointing it
  never needs more room.

Every instruction is emitted with the current note (the trace op it
implements), which the machine's code map and the disassembly read back.
"""

import struct

from ....vm.memory import layout as L
from ..codegen import CodegenBase
from ..locations import FrameSlot, Imm, Reg
from ..moves import sequentialize
from .codebuilder import CodeBuilder, Mem, Shift, branch_word, invert, mov_imm_steps
from .genops import GenOps

_NOP = struct.pack("<I", 0xD503201F)


def _far_words(target):
    """movz/movk x30 with ``target`` (below 2**32), br x30."""
    assert 0 <= target < 1 << 32, target
    return struct.pack("<III", 0xD2800000 | (target & 0xFFFF) << 5 | 30,
                       0xF2A00000 | (target >> 16) << 5 | 30, 0xD61F03C0)


class AArch64Codegen(CodegenBase, GenOps):
    name = "aarch64"
    CODEBUILDER = CodeBuilder           # CodegenBase: the encoder
    DEST_SCRATCH = "x16"              # CodegenBase.dest: where a result outside a register is computed
    MEM = Mem

    # -- bookkeeping ---------------------------------------------------------------------------

    @staticmethod
    def encode_jump(at, target):
        """The three words at ``at`` jumping to ``target`` (re-pointing an exit stub)."""
        word = branch_word("b", at, target)
        if word is not None:
            return struct.pack("<I", word) + _NOP + _NOP
        return _far_words(target)

    # -- operands ------------------------------------------------------------------------------

    def mov_imm(self, reg, value):
        for mnemonic, operands in mov_imm_steps(value):
            self.emit(mnemonic, reg, *operands)

    def emit_mem(self, mnemonic, reg, mem, size=8):
        """ldr/str with the form the offset allows: imm12 scaled by the
        access ``size`` (8; 4 for a W register), unscaled imm9 (ldur/stur),
        or the offset in x30 as a register index."""
        if mem.index is None and not (mem.disp % size == 0 and 0 <= mem.disp <= 4095 * size):
            if -256 <= mem.disp <= 255:
                return self.emit(mnemonic[:2] + "ur", reg, mem)
            self.mov_imm("x30", mem.disp)
            mem = Mem(mem.base, 0, "x30")
        return self.emit(mnemonic, reg, mem)

    # -- moves -----------------------------------------------------------------------------------

    def move(self, src, dst):
        if src == dst or dst is None:
            return
        if isinstance(dst, Reg):
            if isinstance(src, Reg):
                if src.cls == dst.cls:
                    self.emit("fmov" if dst.cls == "float" else "mov", dst.name, src.name)
                else:
                    self.emit("fmov", dst.name, src.name)
            elif isinstance(src, FrameSlot):
                self.emit_mem("ldr", dst.name, self.slot(src.index))
            elif dst.cls == "float":
                if src.value == 0:
                    self.emit("fmov", dst.name, "xzr")
                else:
                    self.mov_imm("x16", src.value)
                    self.emit("fmov", dst.name, "x16")
            else:
                self.mov_imm(dst.name, src.value)
            return
        where = self.slot(dst.index)
        if isinstance(src, Reg):
            self.emit_mem("str", src.name, where)
        elif isinstance(src, Imm) and src.value == 0:
            self.emit_mem("str", "xzr", where)
        else:
            self.move(src, Reg("x16", "int"))
            self.emit_mem("str", "x16", where)

    def parallel_move(self, moves):
        def temp_for(loc):
            return Reg("d31", "float") if isinstance(loc, Reg) and loc.cls == "float" else Reg("x17", "int")
        for src, dst in sequentialize(moves, temp_for):
            self.move(src, dst)

    # -- control -------------------------------------------------------------------------------

    def jump_to_label(self, label):
        self.emit("b", label)

    def _far(self, mnemonic, address):
        """b/bl to an absolute address: direct when in range, else through x30."""
        label = self.asm.label_at(address)
        if branch_word(mnemonic, self.address(), address) is not None:
            return self.emit(mnemonic, label)
        self.mov_imm("x30", address)
        return self.emit("br" if mnemonic == "b" else "blr", "x30")

    def jump_to_address(self, address):
        start = self.address()
        self._far("b", address)
        return start

    def jump_to_label_patchable(self, label):
        """``b label`` + two nops (room for a far jump); returns its address."""
        start = self.address()
        self.emit("b", label)
        self.emit("nop")
        self.emit("nop")
        return start

    def call_address(self, address):
        self._far("bl", address)

    def branch_if(self, cond, label):
        self.emit("b." + cond, label)

    def branch_unless(self, cond, label):
        self.emit("b." + invert(cond), label)

    def store_frame_word(self, offset, value):
        if value:
            self.mov_imm("x16", value)
            self.emit_mem("str", "x16", Mem(self.desc.frame_reg, offset))
        else:
            self.emit_mem("str", "xzr", Mem(self.desc.frame_reg, offset))

    def guard_frame_word_zero(self, offset, label):
        self.emit_mem("ldr", "x16", Mem(self.desc.frame_reg, offset))
        self.emit("cbnz", "x16", label)

    def guard_abs_word_zero(self, address, label):
        self.mov_imm("x16", address)
        self.emit("ldr", "x16", Mem("x16", 0))
        self.emit("cbnz", "x16", label)

    def bridge_prologue(self, guard_exc_offset, counter, save_address):
        """A pending exception leaves at once, through the guard's own save
        code (jf_descr already names the guard); otherwise count the entry
        (GuardDescr.fail_count, as llgraph counts)."""
        stay = self.new_label()
        self.emit_mem("ldr", "x16", Mem(self.desc.frame_reg, guard_exc_offset))
        self.emit("cbz", "x16", stay)
        self._far("b", save_address)
        self.bind(stay)
        self.count(counter)

    def count(self, word):
        """Add 1 to the heap word at ``word`` (entry and label counters), in the scratch registers."""
        self.mov_imm("x16", word)
        self.emit("ldr", "x17", Mem("x16", 0))
        self.emit("add", "x17", "x17", 1)
        self.emit("str", "x17", Mem("x16", 0))

    # -- guards --------------------------------------------------------------------------------

    def _static(self, passes, label):
        if not passes:
            self.emit("b", label)

    def guard_true(self, op, args, cond, label, extra):
        if cond is not None:
            return self.branch_unless(cond, label)
        if isinstance(args[0], Imm):
            return self._static(args[0].value != 0, label)
        self.emit("cbz", self.in_reg(args[0], "x16"), label)

    def guard_false(self, op, args, cond, label, extra):
        if cond is not None:
            return self.branch_if(cond, label)
        if isinstance(args[0], Imm):
            return self._static(args[0].value == 0, label)
        self.emit("cbnz", self.in_reg(args[0], "x16"), label)

    def guard_value(self, op, args, cond, label, extra):
        if op.args[0].type == "f":
            self.emit("fcmp", self.in_freg(args[0], "d31"), self.in_freg(args[1], "d30"))
            return self.branch_unless("eq", label)
        self.branch_unless(self.compare(args[0], args[1], "eq"), label)

    def guard_class(self, op, args, cond, label, extra):
        """Compare the header word with the tid.  A NULL object fails the
        guard (as in llgraph) without a test: loading its header faults, and
        the fault at this load resumes at the exit stub (an implicit null
        check; emu/machine.py add_fault_handler)."""
        if isinstance(args[0], Imm) and not args[0].value:
            return self.emit("b", label)
        if isinstance(args[0], Imm):
            self.mov_imm("x16", args[0].value)
            base = "x16"
        else:
            base = self.in_reg(args[0], "x16")
        record = self.emit("ldr", "x16", Mem(base, 0))
        self.implicit_null_checks.append((record.offset, label))
        self.compare(Reg("x16", "int"), args[1], "eq")
        self.emit("b.ne", label)

    def recompute_overflow(self, source, locs):
        """The guard is not right after its _ovf op: do the op again in scratch registers."""
        left, right = self.in_reg(locs[0], "x16"), self.in_reg(locs[1], "x17")
        if source.name == "int_mul_ovf":
            self.emit("mul", "x30", left, right)
            self.emit("smulh", "x16", left, right)
            self.emit("cmp", "x16", "x30", Shift("asr", 63))
            return "ne"
        self.emit("adds" if source.name == "int_add_ovf" else "subs", "x16", left, right)
        return "vs"

    # -- allocation ------------------------------------------------------------------------------

    def emit_malloc(self, op, args, result, site, exit_label):
        """Bump the nursery pointer inline; past the limit, the slow path
        (runner.py) either allocates in the host or returns 0: leave through
        the allocation's exit ("nursery").  x17 = the new object, x16 = the
        new free pointer, x30 = the GcState's address."""
        gcstate = self.frames.gcstate
        free = L.GcState.field("nursery_free").offset
        top = L.GcState.field("nursery_top").offset
        slow, done = self.new_label(), self.new_label()
        layout = op.descr.layout
        length = None if op.name == "new_with_vtable" else args[0]
        if length is None:
            self.mov_imm("x30", gcstate)
            self.emit_mem("ldr", "x17", Mem("x30", free))
            self._add_const("x16", "x17", layout.size)
        else:
            self._array_size(layout, length, slow, gcstate, free)
        self.emit_mem("ldr", "x30", Mem("x30", top))
        self.emit("cmp", "x16", "x30")
        self.emit("b.hi", slow)
        self.mov_imm("x30", layout.tid)
        self.emit("str", "x30", Mem("x17", 0))
        if length is not None:
            self.store_value(Mem("x17", layout.array.length_offset), length)
        self.mov_imm("x30", gcstate)
        self.emit_mem("str", "x16", Mem("x30", free))
        self.bind(done)
        self.store("x17", result)

        def slow_path():
            self.mov_imm("x16", site)
            if length is not None:
                self.move(length, Reg("x17", "int"))
            self.call_address(self.backend.malloc_slot)
            if exit_label is not None:
                self.emit("cbz", "x17", exit_label)
            self.emit("b", done)
        self.defer_slow_path(slow, slow_path)

    def _add_const(self, dst, src, value):
        if 0 <= value < 4096:
            self.emit("add", dst, src, value)
        else:
            self.mov_imm(dst, value)
            self.emit("add", dst, dst, src)

    def _array_size(self, layout, length, slow, gcstate, free):
        """x17 = the pointer, x16 = the pointer past the new array (rounded to words), x30 = gcstate."""
        array = layout.array
        if isinstance(length, Imm):
            if not 0 <= length.value <= self.backend.heap.size:
                self.emit("b", slow)
            size = layout.total_size(max(0, min(length.value, self.backend.heap.size)))
            self.mov_imm("x30", gcstate)
            self.emit_mem("ldr", "x17", Mem("x30", free))
            self._add_const("x16", "x17", size)
            return
        self.move(length, Reg("x16", "int"))
        self.mov_imm("x30", min(self.backend.heap.size // array.itemsize, (1 << 31) - 1))
        self.emit("cmp", "x16", "x30")
        self.emit("b.hi", slow)                         # unsigned: negative lengths too
        if array.itemsize != 1:
            self.mov_imm("x30", array.itemsize)
            self.emit("mul", "x16", "x16", "x30")
        self.mov_imm("x30", layout.size + 7)
        self.emit("add", "x16", "x16", "x30")
        self.emit("and", "x16", "x16", -8)
        self.mov_imm("x30", gcstate)
        self.emit_mem("ldr", "x17", Mem("x30", free))
        self.emit("add", "x16", "x16", "x17")


CODEGEN = AArch64Codegen
