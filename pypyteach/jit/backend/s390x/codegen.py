"""s390x code generation for the shared driver (jit/backend/tracecompiler.py).

Conventions (PyPy's zarch backend, in small):

- r11 holds the jitframe (PyPy's SPP; callee-saved, so it survives
  residual calls); slot i is ``items_offset + 8*i(%r11)``.
- r0 and r1 are never allocated (PyPy's SCRATCH2, SCRATCH): instruction
  selection uses them freely, and they form the even/odd pair MLGR and
  DSGR need.  r0 cannot address memory (as a base or index it means
  "none"), so addresses are built in r1 and r14; r14 is free between calls
  (BRASL writes the return address there; nothing lives in it).  f14 and
  f15 are the float scratch registers; r0 and f15 break cycles in parallel
  copies.
- Residual calls follow the s390x ELF ABI: r2-r6 and f0, f2, f4, f6,
  result in r2 / f0; r6-r13 and f8-f15 preserved... except that here
  f14/f15 are scratch and r6 an argument (the ABI's callee-saved r6).  A
  call is ``brasl %r14, slot`` and returns with ``br %r14``; every code
  address is below 2**31, so the RIL forms (+-4 GiB) always reach: no far
  jump sequences, unlike AArch64.
- The runtime helpers (allocation slow path, cast_float_to_int's slow path)
  take the site in r0 and their argument in r1, and answer in r1.
- A condition is a branch mask (codebuilder.py); its negation is mask ^ 15.
- The jump of an exit stub that a bridge may later take over is one
  ``brcl 15`` (``jg``, 6 bytes): re-pointing it is rewriting its offset.
- Memory to memory moves (jitframe slot to slot) are one MVC of 8 bytes,
  the SS format's reason to exist.

Every instruction is emitted with the current note (the trace op it
implements), which the machine's code map and the disassembly read back.
"""

from ....vm.memory import layout as L
from ..codegen import CodegenBase
from ..locations import FrameSlot, Imm, Reg
from ..moves import sequentialize
from .codebuilder import CodeBuilder, Mem, branch_bytes, fits_signed, invert, mov_imm_steps
from .genops import ALWAYS, EQUAL, NOT_EQUAL, GenOps

HIGH = 2                    # mask: CC2 (first operand high)


class S390XCodegen(CodegenBase, GenOps):
    name = "s390x"
    CODEBUILDER = CodeBuilder           # CodegenBase: the encoder
    DEST_SCRATCH = "r1"              # CodegenBase.dest: where a result outside a register is computed
    MEM = Mem

    @staticmethod
    def encode_jump(at, target):
        """The 6 bytes at ``at`` jumping to ``target`` (re-pointing an exit stub)."""
        return branch_bytes("brcl", at, target)

    # -- operands ------------------------------------------------------------------------------

    def mov_imm(self, reg, value):
        for mnemonic, operands in mov_imm_steps(value):
            self.emit(mnemonic, reg, *operands)

    def emit_mem(self, mnemonic, reg, mem):
        """lg/stg/ld/std/llgf/st with the form the displacement allows: LD/STD/ST
        take 12 unsigned bits, their -y forms and LG/STG/LLGF 20 signed;
        beyond, the displacement goes to r14 as the index."""
        if not fits_signed(mem.disp, 20):
            self.mov_imm("r14", mem.disp)
            mem = Mem(mem.base, 0, "r14")
        if mnemonic in ("ld", "std", "st") and not 0 <= mem.disp < 4096:
            mnemonic += "y"
        return self.emit(mnemonic, reg, mem)

    # -- moves -----------------------------------------------------------------------------------

    def move(self, src, dst):
        if src == dst or dst is None:
            return
        if isinstance(dst, Reg):
            return self._move_to_reg(src, dst)
        where = self.slot(dst.index)
        if isinstance(src, Reg):
            self.emit_mem("std" if src.cls == "float" else "stg", src.name, where)
        elif isinstance(src, FrameSlot) and where.disp < 4096 and 0 <= self.slot(src.index).disp < 4096:
            self.emit("mvc", where, 7, self.slot(src.index))         # 8 bytes, storage to storage
        elif isinstance(src, Imm) and fits_signed(src.value, 16) and where.disp < 4096:
            self.emit("mvghi", where, src.value)
        else:
            self.move(src, Reg("r1", "int"))
            self.emit_mem("stg", "r1", where)

    def _move_to_reg(self, src, dst):
        if isinstance(src, Reg):
            if src.cls == dst.cls:
                self.emit("ldr" if dst.cls == "float" else "lgr", dst.name, src.name)
            else:
                self.emit("ldgr" if dst.cls == "float" else "lgdr", dst.name, src.name)
        elif isinstance(src, FrameSlot):
            self.emit_mem("ld" if dst.cls == "float" else "lg", dst.name, self.slot(src.index))
        elif dst.cls == "float":
            self.mov_imm("r1", src.value)
            self.emit("ldgr", dst.name, "r1")
        else:
            self.mov_imm(dst.name, src.value)

    def parallel_move(self, moves):
        def temp_for(loc):
            return Reg("f15", "float") if isinstance(loc, Reg) and loc.cls == "float" else Reg("r0", "int")
        for src, dst in sequentialize(moves, temp_for):
            self.move(src, dst)

    # -- control -------------------------------------------------------------------------------

    def branch(self, mask, label):
        """BRC when the (bound) label is within +-64 KiB, else BRCL."""
        if label.offset is not None and fits_signed((label.offset - self.offset) // 2, 16):
            return self.emit("brc", mask, label)
        return self.emit("brcl", mask, label)

    def jump_to_label(self, label):
        self.branch(ALWAYS, label)

    def jump_to_address(self, address):
        start = self.address()
        self.emit("brcl", ALWAYS, self.asm.label_at(address))
        return start

    def jump_to_label_patchable(self, label):
        """``brcl 15, label``; returns its address."""
        start = self.address()
        self.emit("brcl", ALWAYS, label)
        return start

    def call_address(self, address):
        self.emit("brasl", "r14", self.asm.label_at(address))

    def branch_if(self, cond, label):
        self.branch(cond, label)

    def branch_unless(self, cond, label):
        self.branch(invert(cond), label)

    def store_frame_word(self, offset, value):
        self.store_value(Mem(self.desc.frame_reg, offset), Imm(value))

    def guard_frame_word_zero(self, offset, label):
        self.emit("cghsi", Mem(self.desc.frame_reg, offset), 0)
        self.emit("brcl", NOT_EQUAL, label)

    def guard_abs_word_zero(self, address, label):
        self.mov_imm("r1", address)
        self.emit("cghsi", Mem("r1", 0), 0)
        self.emit("brcl", NOT_EQUAL, label)

    def bridge_prologue(self, guard_exc_offset, counter, save_address):
        """A pending exception leaves at once, through the guard's own save
        code (jf_descr already names the guard); otherwise count the entry
        (GuardDescr.fail_count, as llgraph counts)."""
        self.emit("cghsi", Mem(self.desc.frame_reg, guard_exc_offset), 0)
        self.emit("brcl", NOT_EQUAL, self.asm.label_at(save_address))
        self.count(counter)

    def count(self, word):
        """Add 1 to the heap word at ``word`` (entry and label counters), in the scratch
        registers (the condition code is dead here)."""
        self.mov_imm("r1", word)
        self.emit("lg", "r0", Mem("r1", 0))
        self.emit("aghi", "r0", 1)
        self.emit("stg", "r0", Mem("r1", 0))

    # -- guards --------------------------------------------------------------------------------

    def _static(self, passes, label):
        if not passes:
            self.emit("brcl", ALWAYS, label)

    def guard_true(self, op, args, cond, label, extra):
        if cond is not None:
            return self.branch_unless(cond, label)
        if isinstance(args[0], Imm):
            return self._static(args[0].value != 0, label)
        self._test_zero(args[0])
        self.emit("brcl", EQUAL, label)

    def guard_false(self, op, args, cond, label, extra):
        if cond is not None:
            return self.branch_if(cond, label)
        if isinstance(args[0], Imm):
            return self._static(args[0].value == 0, label)
        self._test_zero(args[0])
        self.emit("brcl", NOT_EQUAL, label)

    def _test_zero(self, loc):
        if isinstance(loc, FrameSlot) and self.slot(loc.index).disp < 4096:
            self.emit("cghsi", self.slot(loc.index), 0)
        else:
            reg = self.in_reg(loc, "r1")
            self.emit("ltgr", reg, reg)

    def guard_value(self, op, args, cond, label, extra):
        if op.args[0].type == "f":
            self.emit("cdbr", self.in_freg(args[0], "f15"), self.in_freg(args[1], "f14"))
            return self.branch_unless(EQUAL, label)
        self.branch_unless(self.compare(args[0], args[1], "e"), label)

    def guard_class(self, op, args, cond, label, extra):
        """Compare the header word with the tid.  A NULL object fails the
        guard (as in llgraph) without a test: loading its header is a
        program interrupt, and the Machine resumes at the exit stub (an
        implicit null check; emu/machine.py add_fault_handler)."""
        if isinstance(args[0], Imm) and not args[0].value:
            return self.emit("brcl", ALWAYS, label)
        if isinstance(args[0], Imm):
            self.mov_imm("r1", args[0].value)
            base = "r1"
        else:
            base = self.in_reg(args[0], "r1")
        record = self.emit("lg", "r1", Mem(base, 0))
        self.implicit_null_checks.append((record.offset, label))
        self.compare(Reg("r1", "int"), args[1], "e")
        self.emit("brcl", NOT_EQUAL, label)

    def recompute_overflow(self, source, locs):
        """The guard is not right after its _ovf op: do the op again in scratch registers."""
        if source.name == "int_mul_ovf":
            return self.mul_overflow(*locs)
        return self.add_sub_overflow(source.name, *locs)

    # -- allocation ------------------------------------------------------------------------------

    def emit_malloc(self, op, args, result, site, exit_label):
        """Bump the nursery pointer inline; past the limit, the slow path
        (runner.py) either allocates in the host or returns 0: leave through
        the allocation's exit ("nursery").  r1 = the new object, r0 = the
        new free pointer, r14 = the GcState's address."""
        gcstate = self.frames.gcstate
        free = L.GcState.field("nursery_free").offset
        top = L.GcState.field("nursery_top").offset
        slow, done = self.new_label(), self.new_label()
        layout = op.descr.layout
        length = None if op.name == "new_with_vtable" else args[0]
        if length is None:
            self._load_free(gcstate, free)
            self.emit("lay", "r0", Mem("r1", layout.size))
        else:
            self._array_size(layout, length, slow, gcstate, free)
        self.emit("clg", "r0", Mem("r14", top))
        self.emit("brcl", HIGH, slow)
        self._store_word(Mem("r1", 0), layout.tid, gcstate)
        if length is not None:
            self._store_length(Mem("r1", layout.array.length_offset), length, gcstate)
        self.emit("stg", "r0", Mem("r14", free))
        self.bind(done)
        self.store("r1", result)

        def slow_path():
            self.mov_imm("r0", site)
            if length is not None:
                self.move(length, Reg("r1", "int"))
            self.call_address(self.backend.malloc_slot)
            if exit_label is not None:
                self.emit("ltgr", "r1", "r1")
                self.emit("brcl", EQUAL, exit_label)
            self.emit("brcl", ALWAYS, done)
        self.defer_slow_path(slow, slow_path)

    def _load_free(self, gcstate, free):
        self.mov_imm("r14", gcstate)
        self.emit("lg", "r1", Mem("r14", free))

    def _store_word(self, mem, value, gcstate):
        """[mem] = value while r0, r1 are busy: MVGHI, or through r14 (then reloaded)."""
        if fits_signed(value, 16):
            return self.emit("mvghi", mem, value)
        self.mov_imm("r14", value)
        self.emit("stg", "r14", mem)
        self.mov_imm("r14", gcstate)

    def _store_length(self, mem, length, gcstate):
        if isinstance(length, Reg):
            self.emit("stg", length.name, mem)
        elif isinstance(length, FrameSlot) and 0 <= self.slot(length.index).disp < 4096:
            self.emit("mvc", mem, 7, self.slot(length.index))
        elif isinstance(length, FrameSlot):
            self.emit_mem("lg", "r14", self.slot(length.index))
            self.emit("stg", "r14", mem)
            self.mov_imm("r14", gcstate)
        else:
            self._store_word(mem, length.value, gcstate)

    def _array_size(self, layout, length, slow, gcstate, free):
        """r1 = the pointer, r0 = the pointer past the new array (rounded to words), r14 = gcstate."""
        array = layout.array
        if isinstance(length, Imm):
            if not 0 <= length.value <= self.backend.heap.size:
                self.emit("brcl", ALWAYS, slow)
            size = layout.total_size(max(0, min(length.value, self.backend.heap.size)))
            self._load_free(gcstate, free)
            self.mov_imm("r0", size)
            self.emit("agr", "r0", "r1")
            return
        self.move(length, Reg("r0", "int"))
        self.emit("clgfi", "r0", min(self.backend.heap.size // array.itemsize, (1 << 31) - 1))
        self.emit("brcl", HIGH, slow)                   # unsigned: negative lengths too
        if array.itemsize != 1:
            self.emit("msgfi", "r0", array.itemsize)
        self.emit("agfi", "r0", layout.size + 7)
        self.emit("nill", "r0", 0xFFF8)                 # round down to a word: the low 3 bits
        self._load_free(gcstate, free)
        self.emit("agr", "r0", "r1")


CODEGEN = S390XCodegen
