"""PPC64 instruction selection: one method per resop family.

Each method gets the op, its arguments' locations and its result's location
(regalloc.py: Reg, FrameSlot or, for constants, Imm), reads its arguments
into registers (r11/r12, f13/f0 when they are not in one already),
computes into the result's register (or a scratch) and stores the result.
Semantics are executor.py's, bit for bit:

- a condition is one bit of CR field 0, named by the branch that tests it
  ("lt" for blt...; "ge" is "lt clear").  Negating it flips the test of the
  same bit, which is exact for float compares too: fcmpu sets only the
  "unordered" bit for a NaN, so lt, gt, eq are false and their negations
  true, Python's answers.  float_le and float_ge first OR two bits into EQ
  (cror), so they are one bit too;
- int_add_ovf/int_sub_ovf/int_mul_ovf use the XO-form ``o.`` instructions
  (addo., subfo., mulldo.): they set XER[OV], XER[SO] and copy SO into
  CR0[SO].  SO is sticky, so XER is cleared first (``mtxer``): the
  condition "so" is then this op's overflow;
- int_floordiv/int_mod: divd truncates towards zero like executor.py, but
  MININT / -1 is "undefined" in the Power ISA: a divisor of -1 takes the
  negation instead (MININT wraps to itself, executor's answer); the
  remainder is a - q*b.  Division by zero is never reached (the tracer
  guards it; divd would not trap either);
- sld/srd/srad use 7 bits of the count (64..127 give 0, or the sign): a
  count outside 0..63 as an unsigned number gives 0 (isel) or the sign
  (sradi 63), as Python's shifts of wrapped words do;
- a NaN made by float arithmetic from non-NaN inputs is x86's (the host's,
  so executor's) 0xfff8000000000000, not the Power ISA's default QNaN
  0x7ff8000000000000; NaN inputs propagate as on the host (the first
  operand's, quieted);
- cast_float_to_int: fctidz saturates and gives MININT for NaN; NaN and
  the two saturated answers go to the helper, which computes executor's
  answer (MININT for non-finite, the wrapped integer otherwise).

Moving a value between an integer and a float register goes through the
word below the stack pointer (``-8(r1)``), as PyPy's ppc backend does for
its conversions (before POWER8's mtvsrd, which needs MSR[VSX]).
"""

from ..codegen import GenOpsBase
from ..locations import Imm, Reg
from .codebuilder import Mem, fits_signed

INT_COMPARE = {"int_lt": ("cmpd", "lt"), "int_le": ("cmpd", "le"), "int_gt": ("cmpd", "gt"),
               "int_ge": ("cmpd", "ge"), "int_eq": ("cmpd", "eq"), "int_ne": ("cmpd", "ne"),
               "uint_lt": ("cmpld", "lt"), "uint_le": ("cmpld", "le"), "uint_gt": ("cmpld", "gt"),
               "uint_ge": ("cmpld", "ge"), "ptr_eq": ("cmpld", "eq"), "ptr_ne": ("cmpld", "ne")}
SWAPPED = {"lt": "gt", "gt": "lt", "le": "ge", "ge": "le", "eq": "eq", "ne": "ne"}
INVERT = {"lt": "ge", "ge": "lt", "gt": "le", "le": "gt", "eq": "ne", "ne": "eq", "so": "ns", "ns": "so"}
# condition -> (CR0 bit, set?)
COND_BIT = {"lt": (0, True), "gt": (1, True), "eq": (2, True), "so": (3, True),
            "ge": (0, False), "le": (1, False), "ne": (2, False), "ns": (3, False)}
# float compares: (cror sources into EQ, or None; the condition)
FLOAT_COMPARE = {"float_lt": (None, "lt"), "float_gt": (None, "gt"), "float_eq": (None, "eq"),
                 "float_ne": (None, "ne"), "float_le": (0, "eq"), "float_ge": (1, "eq")}
INT_BINARY = {"int_add": "add", "int_sub": "subf", "int_mul": "mulld", "int_and": "and", "int_or": "or",
              "int_xor": "xor", "int_add_ovf": "addo.", "int_sub_ovf": "subfo.", "int_mul_ovf": "mulldo."}
IMM_FORMS = {"add": "addi", "and": "andi.", "or": "ori", "xor": "xori"}
FLOAT_BINARY = {"float_add": "fadd", "float_sub": "fsub", "float_mul": "fmul", "float_truediv": "fdiv"}
SIGNEXT = {1: "extsb", 2: "extsh", 4: "extsw"}
X86_NAN = -0x8000000000000         # 0xfff8000000000000 as a signed word
SPILL = Mem("r1", -8)               # the word below the stack pointer: int <-> float moves


class GenOps(GenOpsBase):
    @staticmethod
    def clobbers(desc, op):
        """Registers the op's code overwrites, besides its result: only
        residual calls (instruction selection uses r0, r11, r12, f0, f13)."""
        if op.spec.is_call:
            return (frozenset(desc.int_regs) | frozenset(desc.float_regs)) - desc.callee_saved
        return ()

    # -- conditions ----------------------------------------------------------------------------

    def compare(self, a, b, cond, instruction="cmpd"):
        """cmpd/cmpld a, b into CR0; returns the condition meaning ``a cond b``."""
        if isinstance(a, Imm) and not isinstance(b, Imm):
            a, b, cond = b, a, SWAPPED[cond]
        left = self.in_reg(a, "r11")
        signed = instruction == "cmpd"
        if isinstance(b, Imm) and (fits_signed(b.value, 16) if signed else 0 <= b.value <= 0xFFFF):
            self.emit(instruction + "i", "cr0", left, b.value)
        else:
            self.emit(instruction, "cr0", left, self.in_reg(b, "r12"))
        return cond

    def condition_result(self, cond, result, mode):
        """The condition as 0/1 (mfcr, then the bit rotated to the bottom)."""
        if mode == "cond":
            return cond
        dst = self.dest(result)
        bit, is_set = COND_BIT[cond]
        self.emit("mfcr", "r0")
        self.emit("rlwinm", dst, "r0", bit + 1, 31, 31)
        if not is_set:
            self.emit("xori", dst, dst, 1)
        self.store(dst, result)
        return cond

    def gen_int_compare(self, op, args, result, mode):
        instruction, cond = INT_COMPARE[op.name]
        return self.condition_result(self.compare(args[0], args[1], cond, instruction), result, mode)

    def gen_is_true(self, op, args, result, mode):
        self.emit("cmpdi", "cr0", self.in_reg(args[0], "r11"), 0)
        return self.condition_result("ne" if op.name == "int_is_true" else "eq", result, mode)

    def float_compare(self, a, b, name):
        sources, cond = FLOAT_COMPARE[name]
        self.emit("fcmpu", "cr0", self.in_freg(a, "f0"), self.in_freg(b, "f13"))
        if sources is not None:
            self.emit("cror", 2, sources, 2)         # EQ = LT|EQ (float_le) or GT|EQ (float_ge)
        return cond

    def gen_float_compare(self, op, args, result, mode):
        return self.condition_result(self.float_compare(args[0], args[1], op.name), result, mode)

    # -- integers --------------------------------------------------------------------------------

    def gen_int_binary(self, op, args, result, mode):
        mnemonic = INT_BINARY[op.name]
        a, b = args
        if mnemonic not in ("subf", "subfo.") and isinstance(a, Imm) and not isinstance(b, Imm):
            a, b = b, a
        left = self.in_reg(a, "r11")
        dst = self.dest(result)
        if op.spec.is_ovf:
            right = self.in_reg(b, "r12")
            self.clear_xer()
            self._three(mnemonic, dst, left, right)
            self.store(dst, result)
            return "so"
        if isinstance(b, Imm):
            value = -b.value if mnemonic == "subf" else b.value
            form = IMM_FORMS.get("add" if mnemonic == "subf" else mnemonic)
            if form == "addi" and fits_signed(value, 16):
                self.emit("addi", dst, left, value)
                return self.store(dst, result)
            if form in ("andi.", "ori", "xori") and 0 <= value <= 0xFFFF:
                self.emit(form, dst, left, value)
                return self.store(dst, result)
        self._three(mnemonic, dst, left, self.in_reg(b, "r12"))
        self.store(dst, result)

    def _three(self, mnemonic, dst, left, right):
        """dst = left op right (subf's operands are the other way round)."""
        if mnemonic.startswith("subf"):
            self.emit(mnemonic, dst, right, left)
        else:
            self.emit(mnemonic, dst, left, right)

    def clear_xer(self):
        """XER[SO] is sticky: clear it, so that CR0[SO] after an o. op is that op's overflow."""
        self.emit("li", "r0", 0)
        self.emit("mtspr", "xer", "r0")

    def gen_divmod(self, op, args, result, mode):
        left, right = self.in_reg(args[0], "r11"), self.in_reg(args[1], "r12")
        dst = self.dest(result)
        self.emit("divd", "r0", left, right)
        if not (isinstance(args[1], Imm) and args[1].value != -1):
            done = self.new_label()
            self.emit("cmpdi", "cr0", right, -1)
            self.emit("bne", done)
            self.emit("neg", "r0", left)          # a / -1: divd's answer is undefined for MININT
            self.bind(done)
        if op.name == "int_floordiv":
            self.emit("or", dst, "r0", "r0")
        else:
            self.emit("mulld", "r0", "r0", right)
            self.emit("subf", dst, "r0", left)    # a - q*b
        self.store(dst, result)

    def gen_shift(self, op, args, result, mode):
        name = op.name
        a, b = args
        dst = self.dest(result)
        if isinstance(b, Imm):
            self._shift_imm(name, dst, a, b.value)
            return self.store(dst, result)
        left, count = self.in_reg(a, "r11"), self.in_reg(b, "r12")
        if name == "int_rshift":
            done = self.new_label()
            self.emit("srad", "r0", left, count)
            self.emit("cmpldi", "cr0", count, 63)
            self.emit("ble", done)
            self.emit("sradi", "r0", left, 63)        # counts past 127 (or negative): the sign
            self.bind(done)
            self.emit("or", dst, "r0", "r0")
        else:
            self.emit("sld" if name == "int_lshift" else "srd", "r0", left, count)
            self.emit("cmpldi", "cr0", count, 63)
            self.emit("isel", dst, 0, "r0", 1)        # count > 63 (unsigned): 0
        self.store(dst, result)

    def _shift_imm(self, name, dst, a, count):
        if not 0 <= count <= 63:
            if name == "int_rshift":
                self.emit("sradi", dst, self.in_reg(a, "r11"), 63)
            else:
                self.emit("li", dst, 0)
        elif count == 0:
            self.move(a, Reg(dst, "int"))
        elif name == "int_lshift":
            self.emit("rldicr", dst, self.in_reg(a, "r11"), count, 63 - count)     # sldi
        elif name == "uint_rshift":
            self.emit("rldicl", dst, self.in_reg(a, "r11"), 64 - count, count)     # srdi
        else:
            self.emit("sradi", dst, self.in_reg(a, "r11"), count)

    def gen_unary(self, op, args, result, mode):
        dst = self.dest(result)
        source = self.in_reg(args[0], "r11")
        if op.name == "int_neg":
            self.emit("neg", dst, source)
        else:
            self.emit("nor", dst, source, source)
        self.store(dst, result)

    def gen_signext(self, op, args, result, mode):
        nbytes = op.args[1].value
        dst = self.dest(result)
        if nbytes in SIGNEXT:
            self.emit(SIGNEXT[nbytes], dst, self.in_reg(args[0], "r11"))
        else:
            self.move(args[0], Reg(dst, "int"))
        self.store(dst, result)

    def gen_uint_mul_high(self, op, args, result, mode):
        dst = self.dest(result)
        self.emit("mulhdu", dst, self.in_reg(args[0], "r11"), self.in_reg(args[1], "r12"))
        self.store(dst, result)

    def gen_same_as(self, op, args, result, mode):
        self.move(args[0], result)

    # -- floats ----------------------------------------------------------------------------------

    def gen_float_binary(self, op, args, result, mode):
        """The operation, and the NaN it makes from non-NaN inputs (inf - inf,
        0 * inf, 0 / 0) made x86's.  fcmpu of the inputs first ("unordered":
        one is a NaN, which then propagates as on x86); arithmetic without
        the record bit leaves CR0 alone for the test after."""
        a, b = self.in_freg(args[0], "f0"), self.in_freg(args[1], "f13")
        dst = self.dest(result, "f0")
        fix, done = self.new_label(), self.new_label()
        self.emit("fcmpu", "cr0", a, b)
        self.emit(FLOAT_BINARY[op.name], dst, a, b)
        self.emit("bso", done)
        self.emit("fcmpu", "cr0", dst, dst)
        self.cond_branch("bso", fix)
        self.bind(done)
        self.store(dst, result)

        def made_nan():
            self.load_float_constant(dst, X86_NAN)
            self.emit("b", done)
        self.defer_slow_path(fix, made_nan)

    def gen_float_sign(self, op, args, result, mode):
        dst = self.dest(result, "f0")
        self.emit("fneg" if op.name == "float_neg" else "fabs", dst, self.in_freg(args[0], "f0"))
        self.store(dst, result)

    def gen_math_sqrt(self, op, args, result):
        """A call with oopspec OS_MATH_SQRT: one fsqrt, as PyPy's backend emits."""
        dst = self.dest(result, "f0")
        self.emit("fsqrt", dst, self.in_freg(args[0], "f0"))
        self.store(dst, result)

    def gen_cast_int_to_float(self, op, args, result, mode):
        dst = self.dest(result, "f0")
        self.emit("std", self.in_reg(args[0], "r11"), SPILL)
        self.emit("lfd", dst, SPILL)
        self.emit("fcfid", dst, dst)
        self.store(dst, result)

    def gen_cast_float_to_int(self, op, args, result, mode):
        source = self.in_freg(args[0], "f13")
        slow, done = self.new_label(), self.new_label()
        self.emit("fcmpu", "cr0", source, source)
        self.cond_branch("bso", slow)                          # NaN
        self.emit("fctidz", "f0", source)
        self.emit("stfd", "f0", SPILL)
        self.emit("ld", "r12", SPILL)
        self.emit("rldicl", "r0", "r12", 1, 0)          # rotate left 1: MININT -> 1, MAXINT -> -2
        self.emit("cmpdi", "cr0", "r0", 1)
        self.cond_branch("beq", slow)                          # saturated low (or exactly MININT)
        self.emit("cmpdi", "cr0", "r0", -2)
        self.cond_branch("beq", slow)                          # saturated high
        self.bind(done)
        self.store("r12", result)

        def slow_path():
            self.emit("stfd", source, SPILL)
            self.emit("ld", "r12", SPILL)
            self.call_address(self.backend.cast_slot)
            self.emit("b", done)
        self.defer_slow_path(slow, slow_path)

    # -- memory ----------------------------------------------------------------------------------

    def address_of(self, base, offset, scratch="r11"):
        """A Mem for offset(base), or (base register, index register) when
        the offset does not fit 16 bits (it goes to r0)."""
        if isinstance(base, Imm):
            self.mov_imm(scratch, base.value + offset)
            return Mem(scratch, 0)
        reg = self.in_reg(base, scratch)
        if fits_signed(offset, 16) and offset % 4 == 0:
            return Mem(reg, offset)
        self.mov_imm("r0", offset)
        return (reg, "r0")

    def item_address(self, base, index, descr):
        if isinstance(index, Imm):
            return self.address_of(base, descr.items_offset + index.value * descr.itemsize)
        if isinstance(base, Imm):
            self.mov_imm("r11", base.value + descr.items_offset)
        else:
            self.emit("addi", "r11", self.in_reg(base, "r11"), descr.items_offset)
        idx = self.in_reg(index, "r12")
        if descr.itemsize == 8:
            self.emit("rldicr", "r0", idx, 3, 60)       # sldi r0, idx, 3
        elif descr.itemsize == 4:
            self.emit("rldicr", "r0", idx, 2, 61)       # sldi r0, idx, 2
        else:
            self.mov_imm("r0", descr.itemsize)
            self.emit("mulld", "r0", idx, "r0")
        return ("r11", "r0")

    def load(self, address, result, kind, itemsize=8):
        dst = self.dest(result, "f0" if kind == "f" else "r12")
        # a 4-byte item (a str's code point): lwz/lwzx, which zero-extend,
        # in the target's byte order as the heap's (PyPy's ppc backend: lwz)
        self.emit_mem("lfd" if kind == "f" else "lwz" if itemsize == 4 else "ld", dst, address)
        self.store(dst, result)

    def store_value(self, address, value, itemsize=8):
        """[address] = value; the address may use r11 and r0: constants and
        slots go through r12, as integer bit patterns (floats too).  A
        4-byte item stores the low 32 bits (stw/stwx)."""
        store = "stw" if itemsize == 4 else "std"
        if isinstance(value, Reg):
            return self.emit_mem("stfd" if value.cls == "float" else store, value.name, address)
        self.move(value, Reg("r12", "int"))
        self.emit_mem(store, "r12", address)

    def gen_getfield(self, op, args, result, mode):
        self.load(self.address_of(args[0], op.descr.offset), result, op.type)

    def gen_setfield(self, op, args, result, mode):
        self.store_value(self.address_of(args[0], op.descr.offset), args[1])

    def gen_getarrayitem(self, op, args, result, mode):
        self.load(self.item_address(args[0], args[1], op.descr), result, op.type, op.descr.itemsize)

    def gen_setarrayitem(self, op, args, result, mode):
        self.store_value(self.item_address(args[0], args[1], op.descr), args[2], op.descr.itemsize)

    def gen_arraylen(self, op, args, result, mode):
        self.load(self.address_of(args[0], op.descr.length_offset), result, "i")
