"""PPC64 code generation for the shared driver (jit/backend/tracecompiler.py).

Conventions (PyPy's ppc backend, in small):

- r31 holds the jitframe (callee-saved, so it survives residual calls);
  slot i is ``items_offset+8*i(r31)`` (ld/std: DS-form, multiples of 4).
- r11 and r12 are never allocated: instruction selection uses them freely;
  r12 breaks cycles in parallel copies, r11 carries memory-to-memory moves,
  immediates and addresses.  r0 is a third scratch, never a base: in a
  base or addend position (the RA field of addi, ld, ldx...) register 0
  means the number 0.  f0 and f13 are the float scratches (f0 breaks
  cycles).  r2 (the TOC) and r13 (the thread pointer) are left alone, as
  the ELFv2 ABI asks, though nothing here needs them.
- Residual calls follow ELFv2: r3-r10 and f1-f8, result in r3 / f1, every
  register but r14-r31 and f14-f31 clobbered.  A call is ``bl`` to the
  trampoline slot when within +-32 MiB, else through CTR (``mtctr r12;
  bctrl``); jumps to other code likewise (``b``, or ``bctr``).  ``bl``
  overwrites LR: nothing lives in LR.
- The runtime helpers (allocation slow path, cast_float_to_int's slow path)
  have the "preserve everything" convention: argument in r11 (site) and r12
  (value), result in r12; no other register changes.
- A condition an op leaves for the guard after it is one bit of CR0, named
  by its branch ("lt", "ge", "so"...; see genops.py).
- The jump of an exit stub that a bridge may later take over is four words
  (``b`` + three ``nop``, or ``lis/ori r12`` + ``mtctr r12`` + ``bctr``), so
  re-pointing it never needs more room.

ppc64 and ppc64le share everything but the byte order of the code: the
little-endian code generator differs only in its CodeBuilder.

Every instruction is emitted with the current note (the trace op it
implements), which the machine's code map and the disassembly read back.
"""

import struct

from ....vm.memory import layout as L
from ..codegen import CodegenBase
from ..locations import FrameSlot, Imm, Reg
from ..moves import sequentialize
from .codebuilder import CodeBuilder, CodeBuilderLE, Mem, branch_word, encode, fits_signed, load_imm_steps
from .genops import INVERT, SPILL, GenOps

FAR_JUMP_WORDS = 4


class PPC64Codegen(CodegenBase, GenOps):
    name = "ppc64"
    CODEBUILDER = CodeBuilder           # CodegenBase: the encoder
    DEST_SCRATCH = "r11"              # CodegenBase.dest: where a result outside a register is computed
    MEM = Mem

    # -- bookkeeping ---------------------------------------------------------------------------

    @classmethod
    def encode_jump(cls, at, target):
        """The four words at ``at`` jumping to ``target`` (re-pointing an exit stub)."""
        order = cls.CODEBUILDER.BYTEORDER
        word = branch_word("b", at, target)
        if word is not None:
            return struct.pack(">I" if order == "big" else "<I", word) + encode("nop", byteorder=order) * 3
        assert 0 <= target < 1 << 31, target
        return b"".join(encode(*insn, byteorder=order) for insn in (
            ("lis", "r12", target >> 16), ("ori", "r12", "r12", target & 0xFFFF),
            ("mtspr", "ctr", "r12"), ("bctr",)))

    # -- operands ------------------------------------------------------------------------------

    def mov_imm(self, reg, value):
        for mnemonic, operands in load_imm_steps(value):
            self.emit(mnemonic, reg, *[reg if o == "self" else o for o in operands])

    def emit_mem(self, mnemonic, reg, address):
        """A load or store: D/DS-form when the displacement fits (DS: a
        multiple of 4), else the X-form with the displacement in r0."""
        if isinstance(address, tuple):
            return self.emit(mnemonic + "x", reg, *address)
        ds = mnemonic in ("ld", "std")
        if fits_signed(address.disp, 16) and not (ds and address.disp % 4):
            return self.emit(mnemonic, reg, address)
        self.mov_imm("r0", address.disp)
        return self.emit(mnemonic + "x", reg, address.base, "r0")

    def load_float_constant(self, freg, bits):
        """A float from the constant pool (PyPy's ppc backend loads them from memory too)."""
        self.mov_imm("r11", self.backend.constant_word(bits))
        self.emit("lfd", freg, Mem("r11", 0))

    # -- moves -----------------------------------------------------------------------------------

    def move(self, src, dst):
        if src == dst or dst is None:
            return
        if isinstance(dst, Reg):
            return self._move_to_reg(src, dst)
        where = self.slot(dst.index)
        if isinstance(src, Reg):
            self.emit_mem("stfd" if src.cls == "float" else "std", src.name, where)
        else:
            self.move(src, Reg("r11", "int"))
            self.emit_mem("std", "r11", where)

    def _move_to_reg(self, src, dst):
        if isinstance(src, Reg):
            if src.cls == dst.cls:
                self.emit("fmr", dst.name, src.name) if dst.cls == "float" \
                    else self.emit("or", dst.name, src.name, src.name)
            else:                       # between classes: through the word below the stack pointer
                self.emit("stfd" if src.cls == "float" else "std", src.name, SPILL)
                self.emit("lfd" if dst.cls == "float" else "ld", dst.name, SPILL)
        elif isinstance(src, FrameSlot):
            self.emit_mem("lfd" if dst.cls == "float" else "ld", dst.name, self.slot(src.index))
        elif dst.cls == "float":
            self.load_float_constant(dst.name, src.value)
        else:
            self.mov_imm(dst.name, src.value)

    def parallel_move(self, moves):
        def temp_for(loc):
            return Reg("f0", "float") if isinstance(loc, Reg) and loc.cls == "float" else Reg("r12", "int")
        for src, dst in sequentialize(moves, temp_for):
            self.move(src, dst)

    # -- control -------------------------------------------------------------------------------

    def jump_to_label(self, label):
        self.emit("b", label)

    def _far(self, mnemonic, address):
        """b/bl to an absolute address: direct when in range, else through CTR."""
        if branch_word(mnemonic, self.address(), address) is not None:
            return self.emit(mnemonic, self.asm.label_at(address))
        self.mov_imm("r12", address)
        self.emit("mtspr", "ctr", "r12")
        return self.emit("bctrl" if mnemonic == "bl" else "bctr")

    def jump_to_address(self, address):
        start = self.address()
        self._far("b", address)
        return start

    def jump_to_label_patchable(self, label):
        """``b label`` + three nops (room for a far jump); returns its address."""
        start = self.address()
        self.emit("b", label)
        for _ in range(FAR_JUMP_WORDS - 1):
            self.emit("nop")
        return start

    def call_address(self, address):
        self._far("bl", address)

    def cond_branch(self, mnemonic, label):
        """A conditional branch to out-of-line code (an exit stub, a slow
        path): ``bc`` reaches +-32 KiB; with ``far_branches`` (the trace
        outgrew it) the opposite test skips an unconditional ``b``."""
        if not self.far_branches:
            return self.emit(mnemonic, label)
        skip = self.new_label()
        self.emit("b" + INVERT[mnemonic[1:]], skip)
        self.emit("b", label)
        self.bind(skip)

    def branch_if(self, cond, label):
        self.cond_branch("b" + cond, label)

    def branch_unless(self, cond, label):
        self.cond_branch("b" + INVERT[cond], label)

    def store_frame_word(self, offset, value):
        self.mov_imm("r11", value)
        self.emit_mem("std", "r11", Mem(self.desc.frame_reg, offset))

    def guard_frame_word_zero(self, offset, label):
        self.emit_mem("ld", "r11", Mem(self.desc.frame_reg, offset))
        self.emit("cmpdi", "cr0", "r11", 0)
        self.cond_branch("bne", label)

    def guard_abs_word_zero(self, address, label):
        self.mov_imm("r11", address)
        self.emit("ld", "r11", Mem("r11", 0))
        self.emit("cmpdi", "cr0", "r11", 0)
        self.cond_branch("bne", label)

    def bridge_prologue(self, guard_exc_offset, counter, save_address):
        """A pending exception leaves at once, through the guard's own save
        code (jf_descr already names the guard); otherwise count the entry
        (GuardDescr.fail_count, as llgraph counts)."""
        stay = self.new_label()
        self.emit_mem("ld", "r11", Mem(self.desc.frame_reg, guard_exc_offset))
        self.emit("cmpdi", "cr0", "r11", 0)
        self.emit("beq", stay)
        self._far("b", save_address)
        self.bind(stay)
        self.count(counter)

    def count(self, word):
        """Add 1 to the heap word at ``word`` (entry and label counters), in the scratch registers."""
        self.mov_imm("r11", word)
        self.emit("ld", "r12", Mem("r11", 0))
        self.emit("addi", "r12", "r12", 1)
        self.emit("std", "r12", Mem("r11", 0))

    # -- guards --------------------------------------------------------------------------------

    def _static(self, passes, label):
        if not passes:
            self.emit("b", label)

    def guard_true(self, op, args, cond, label, extra):
        if cond is not None:
            return self.branch_unless(cond, label)
        if isinstance(args[0], Imm):
            return self._static(args[0].value != 0, label)
        self.emit("cmpdi", "cr0", self.in_reg(args[0], "r11"), 0)
        self.cond_branch("beq", label)

    def guard_false(self, op, args, cond, label, extra):
        if cond is not None:
            return self.branch_if(cond, label)
        if isinstance(args[0], Imm):
            return self._static(args[0].value == 0, label)
        self.emit("cmpdi", "cr0", self.in_reg(args[0], "r11"), 0)
        self.cond_branch("bne", label)

    def guard_value(self, op, args, cond, label, extra):
        if op.args[0].type == "f":
            return self.branch_unless(self.float_compare(args[0], args[1], "float_eq"), label)
        self.branch_unless(self.compare(args[0], args[1], "eq"), label)

    def guard_class(self, op, args, cond, label, extra):
        """Compare the header word with the tid.  A NULL object fails the
        guard (as in llgraph) without a test: loading its header faults, and
        the fault at this load resumes at the exit stub (an implicit null
        check; emu/machine.py add_fault_handler)."""
        if isinstance(args[0], Imm) and not args[0].value:
            return self.emit("b", label)
        if isinstance(args[0], Imm):
            self.mov_imm("r11", args[0].value)
            base = "r11"
        else:
            base = self.in_reg(args[0], "r11")
        record = self.emit("ld", "r11", Mem(base, 0))
        self.implicit_null_checks.append((record.offset, label))
        self.compare(Reg("r11", "int"), args[1], "eq")
        self.cond_branch("bne", label)

    def recompute_overflow(self, source, locs):
        """The guard is not right after its _ovf op: do the op again into r0."""
        left, right = self.in_reg(locs[0], "r11"), self.in_reg(locs[1], "r12")
        self.clear_xer()
        mnemonic = {"int_add_ovf": "addo.", "int_sub_ovf": "subfo.", "int_mul_ovf": "mulldo."}[source.name]
        self._three(mnemonic, "r0", left, right)
        return "so"

    # -- allocation ------------------------------------------------------------------------------

    def emit_malloc(self, op, args, result, site, exit_label):
        """Bump the nursery pointer inline; past the limit, the slow path
        (runner.py) either allocates in the host or returns 0: leave through
        the allocation's exit ("nursery").  r12 = the new object, r0 = the
        new free pointer, r11 = the GcState's address, then scratch."""
        gcstate = self.frames.gcstate
        free = L.GcState.field("nursery_free").offset
        top = L.GcState.field("nursery_top").offset
        slow, done = self.new_label(), self.new_label()
        layout = op.descr.layout
        length = None if op.name == "new_with_vtable" else args[0]
        if length is None:
            self._object_end(layout.size, gcstate, free)
        else:
            self._array_end(layout, length, slow, gcstate, free)
        self.emit("ld", "r11", Mem("r11", top))
        self.emit("cmpld", "cr0", "r0", "r11")
        self.cond_branch("bgt", slow)
        self.mov_imm("r11", layout.tid)
        self.emit("std", "r11", Mem("r12", 0))
        if length is not None:
            self.emit("std", self.in_reg(length, "r11"), Mem("r12", layout.array.length_offset))
        self.mov_imm("r11", gcstate)
        self.emit("std", "r0", Mem("r11", free))
        self.bind(done)
        self.store("r12", result)

        def slow_path():
            self.mov_imm("r11", site)
            if length is not None:
                self.move(length, Reg("r12", "int"))
            self.call_address(self.backend.malloc_slot)
            if exit_label is not None:
                self.emit("cmpdi", "cr0", "r12", 0)
                self.cond_branch("beq", exit_label)
            self.emit("b", done)
        self.defer_slow_path(slow, slow_path)

    def _object_end(self, size, gcstate, free):
        """r12 = the nursery's free pointer, r0 = r12 + size, r11 = gcstate."""
        self.mov_imm("r11", gcstate)
        self.emit("ld", "r12", Mem("r11", free))
        if fits_signed(size, 16):
            self.emit("addi", "r0", "r12", size)
        else:
            self.mov_imm("r0", size)
            self.emit("add", "r0", "r0", "r12")

    def _array_end(self, layout, length, slow, gcstate, free):
        """r12 = the pointer, r0 = the pointer past the new array (rounded to words), r11 = gcstate."""
        array = layout.array
        if isinstance(length, Imm):
            if not 0 <= length.value <= self.backend.heap.size:
                self.emit("b", slow)
            return self._object_end(layout.total_size(max(0, min(length.value, self.backend.heap.size))),
                                    gcstate, free)
        self.move(length, Reg("r0", "int"))
        self.mov_imm("r11", min(self.backend.heap.size // array.itemsize, (1 << 31) - 1))
        self.emit("cmpld", "cr0", "r0", "r11")
        self.cond_branch("bgt", slow)                          # unsigned: negative lengths too
        if array.itemsize != 1:
            self.mov_imm("r11", array.itemsize)
            self.emit("mulld", "r0", "r0", "r11")
        self.mov_imm("r11", layout.size + 7)
        self.emit("add", "r0", "r0", "r11")
        self.emit("rldicr", "r0", "r0", 0, 60)         # clear the low 3 bits: round down to words
        self.mov_imm("r11", gcstate)
        self.emit("ld", "r12", Mem("r11", free))
        self.emit("add", "r0", "r0", "r12")


class PPC64LECodegen(PPC64Codegen):
    name = "ppc64le"
    CODEBUILDER = CodeBuilderLE


CODEGEN = PPC64Codegen
CODEGENS = {"ppc64": PPC64Codegen, "ppc64le": PPC64LECodegen}
