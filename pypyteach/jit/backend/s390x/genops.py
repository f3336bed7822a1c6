"""s390x instruction selection: one method per resop family.

Each method gets the op, its arguments' locations and its result's location
(regalloc.py: Reg, FrameSlot or, for constants, Imm).  z/Architecture has
two-operand instructions, storage operands (``cg %r2, 16(%r11)``) and, since
z196, distinct-operands forms (``agrk``); instruction selection reads its
arguments into registers (r1, r0, r14; f15, f14 when they are not in one
already), computes into the result's register (or r1/f15) and stores it.
r0 cannot be a base or index register (it means "none"): addresses use r1
and r14 only.  Semantics are executor.py's, bit for bit:

- a condition is a 4-bit mask over the condition code (codebuilder.py):
  signed and unsigned compares (CGR, CLGR) set CC0 equal, CC1 low, CC2
  high; CDBR adds CC3 for unordered (NaN), so the masks for <, <=, >, >=,
  == (4, 12, 2, 10, 8) are false on NaN and != (7) true, and every
  inverse (mask ^ 15) is the exact complement: NaN needs no special case;
- int_add_ovf / int_sub_ovf: AGRK / SGRK set CC3 on overflow on a real
  machine, but the emulated one (Unicorn 2.1, QEMU 5's condition code)
  misses the overflows whose wrapped result is 0 or whose first operand is
  0 (MININT + MININT, 0 - MININT: measured).  So the overflow is computed
  from the operands and the wrapped sum, the sign of (a ^ s) & (b ^ s)
  (for a - b: (a ^ b) & (a ^ s)), tested with LTGR: mask 4, "negative".
  In PyPy the zarch backend branches on CC3 directly.  The PSW's
  fixed-point-overflow mask stays 0 (cpu.py), so overflow never
  interrupts.  int_mul_ovf: the machine the emulator models has no
  MSGRKC (z14), so the product comes from MLGR (unsigned 128-bit), whose
  high word is made signed by subtracting b where a < 0 and a where b < 0;
  it overflows iff that differs from the low word's sign spread (mask 7);
- int_floordiv / int_mod: DSGR truncates towards zero, its remainder has
  the dividend's sign, as executor's; but it traps on a zero divisor and
  on MININT / -1, so divisors -1 and 0 (one unsigned test of b + 1 <= 1)
  go out of line: b = -1 gives -a (wrapped) and 0; b = 0 (never reached:
  the tracer guards it) gives 0 and a, as the AArch64 backend does;
- SLLG/SRLG/SRAG take the count modulo 64: a count outside 0..63
  (unsigned compare) gives 0, or for SRAG the sign, as Python's wrapped
  shifts do;
- float arithmetic: with a NaN input x86 (the host, so executor.py)
  returns the first operand's NaN if it is one, else the second's, quieted;
  s390x picks differently (the second of two quiet NaNs, measured in
  Unicorn), so a NaN input (CDBR: CC3) goes out of line and builds x86's
  answer; a NaN made from non-NaN inputs (inf - inf) is x86's "indefinite"
  0xfff8000000000000, not s390x's default NaN (positive);
- float_neg / float_abs: LCDFR / LPDFR change the sign bit only, on NaN
  too (LCDBR would also set the CC and signal on SNaN);
- cast_float_to_int: CGDBR with M3=5 (round toward zero) truncates,
  saturating out-of-range values, and gives CC3 for NaN (a real machine
  also for out-of-range values; the emulated one only for NaN: measured).
  NaN and the two saturated answers (|r| + 1 negative or overflowing) go
  to the helper, which computes executor's answer (MININT for non-finite,
  the wrapped integer otherwise).
"""

from ..codegen import GenOpsBase
from ..locations import FrameSlot, Imm, Reg
from .codebuilder import CC_MASK, Mem, fits_signed

INT_COMPARE = {"int_lt": "l", "int_le": "le", "int_gt": "h", "int_ge": "he", "int_eq": "e", "int_ne": "ne",
               "uint_lt": "l", "uint_le": "le", "uint_gt": "h", "uint_ge": "he", "ptr_eq": "e", "ptr_ne": "ne"}
UNSIGNED = frozenset(["uint_lt", "uint_le", "uint_gt", "uint_ge"])
SWAPPED = {"l": "h", "h": "l", "le": "he", "he": "le", "e": "e", "ne": "ne"}
FLOAT_COMPARE = {"float_lt": "l", "float_le": "le", "float_gt": "h", "float_ge": "he", "float_eq": "e",
                 "float_ne": "ne"}
INT_BINARY = {"int_add": "agrk", "int_sub": "sgrk", "int_and": "ngrk", "int_or": "ogrk", "int_xor": "xgrk",
              "int_add_ovf": "agrk", "int_sub_ovf": "sgrk"}
FLOAT_BINARY = {"float_add": "adbr", "float_sub": "sdbr", "float_mul": "mdbr", "float_truediv": "ddbr"}
SHIFTS = {"int_lshift": "sllg", "int_rshift": "srag", "uint_rshift": "srlg"}
SIGNEXT = {1: "lgbr", 2: "lghr", 4: "lgfr"}
OVERFLOW, NOT_EQUAL, EQUAL, ALWAYS = CC_MASK["o"], CC_MASK["ne"], CC_MASK["e"], 15
NEGATIVE = CC_MASK["l"]         # after LTGR: CC1
QUIET_BIT_HH = 0x0008           # bit 51 of a double, in the high-high halfword (OIHH)
X86_DEFAULT_NAN_HIGH = 0xFFF80000
TEMP_A, TEMP_B = Mem("r15", 0), Mem("r15", 8)       # stack words (emu/machine.py leaves 64 bytes)


class GenOps(GenOpsBase):
    @staticmethod
    def clobbers(desc, op):
        """Registers the op's code overwrites, besides its result: only
        residual calls (instruction selection uses r0, r1, r14, f14, f15)."""
        if op.spec.is_call:
            return (frozenset(desc.int_regs) | frozenset(desc.float_regs)) - desc.callee_saved
        return ()

    # -- operands --------------------------------------------------------------------------------

    def operand(self, loc, temp):
        """``loc`` as an instruction operand: its register, or a storage
        operand (its jitframe slot, or ``temp`` holding a constant)."""
        if isinstance(loc, Reg):
            return loc.name
        if isinstance(loc, FrameSlot):
            return self.slot(loc.index)
        self.mov_imm("r14", loc.value)
        self.emit("stg", "r14", temp)
        return temp

    def rr_or_rx(self, register_form, storage_form, reg, operand):
        self.emit(register_form if isinstance(operand, str) else storage_form, reg, operand)

    # -- conditions ----------------------------------------------------------------------------

    def compare(self, a, b, cond, unsigned=False):
        """Compare a with b; returns the mask meaning ``a cond b``."""
        if isinstance(a, Imm) and not isinstance(b, Imm):
            a, b, cond = b, a, SWAPPED[cond]
        left = self.in_reg(a, "r1")
        if isinstance(b, Imm) and not unsigned and fits_signed(b.value, 16):
            self.emit("cghi", left, b.value)
        elif isinstance(b, Imm) and not unsigned and fits_signed(b.value, 32):
            self.emit("cgfi", left, b.value)
        elif isinstance(b, Imm) and unsigned and 0 <= b.value < 1 << 32:
            self.emit("clgfi", left, b.value)
        elif isinstance(b, FrameSlot):
            self.emit("clg" if unsigned else "cg", left, self.slot(b.index))
        else:
            self.emit("clgr" if unsigned else "cgr", left, self.in_reg(b, "r0"))
        return CC_MASK[cond]

    def condition_result(self, mask, result, mode):
        """The 0/1 value of ``mask`` (LGHI and the branch leave the CC as it is)."""
        if mode == "cond":
            return mask
        dst = self.dest(result)
        done = self.new_label()
        self.emit("lghi", dst, 1)
        self.emit("brc", mask, done)
        self.emit("lghi", dst, 0)
        self.bind(done)
        self.store(dst, result)
        return mask

    def gen_int_compare(self, op, args, result, mode):
        mask = self.compare(args[0], args[1], INT_COMPARE[op.name], op.name in UNSIGNED)
        return self.condition_result(mask, result, mode)

    def gen_is_true(self, op, args, result, mode):
        reg = self.in_reg(args[0], "r1")
        self.emit("ltgr", reg, reg)
        return self.condition_result(NOT_EQUAL if op.name == "int_is_true" else EQUAL, result, mode)

    def gen_float_compare(self, op, args, result, mode):
        self.emit("cdbr", self.in_freg(args[0], "f15"), self.in_freg(args[1], "f14"))
        return self.condition_result(CC_MASK[FLOAT_COMPARE[op.name]], result, mode)

    # -- integers --------------------------------------------------------------------------------

    def gen_int_binary(self, op, args, result, mode):
        if op.name in ("int_mul", "int_mul_ovf"):
            return self._multiply(op, args, result)
        if op.spec.is_ovf:
            mask = self.add_sub_overflow(op.name, args[0], args[1])
            self.move(Reg("r14", "int"), result)           # lgr/stg: the CC stays
            return mask
        dst = self.dest(result)
        a, b = args
        if op.name == "int_add" and isinstance(a, Imm) and not isinstance(b, Imm):
            a, b = b, a
        if op.name in ("int_add", "int_sub") and isinstance(b, Imm):
            value = b.value if op.name == "int_add" else -b.value
            if fits_signed(value, 20):                  # LAY: 64-bit address arithmetic, wraps
                self.emit("lay", dst, Mem(self.in_reg(a, "r1"), value))
                return self.store(dst, result)
        self.emit(INT_BINARY[op.name], dst, self.in_reg(a, "r1"), self.in_reg(b, "r0"))
        self.store(dst, result)
        return None

    def add_sub_overflow(self, name, a, b):
        """r14 = a + b (or a - b), wrapped; returns the mask true on overflow."""
        left, right = self.in_reg(a, "r1"), self.in_reg(b, "r0")
        self.emit(INT_BINARY[name], "r14", left, right)
        if name == "int_add_ovf":
            self.emit("xgrk", "r0", right, "r14")
        else:
            self.emit("xgrk", "r0", left, right)
        self.emit("xgrk", "r1", left, "r14")
        self.emit("ngrk", "r1", "r1", "r0")
        self.emit("ltgr", "r1", "r1")
        return NEGATIVE

    def _multiply(self, op, args, result):
        a, b = args
        if isinstance(a, Imm) and not isinstance(b, Imm):
            a, b = b, a
        if op.name == "int_mul_ovf":
            mask = self.mul_overflow(a, b)
            self.move(Reg("r1", "int"), result)            # lgr/stg: the CC stays
            return mask
        dst = self.dest(result)
        if isinstance(b, Imm) and fits_signed(b.value, 32):
            self.move(a, Reg(dst, "int"))
            self.emit("msgfi", dst, b.value)
        elif isinstance(b, Reg) and b.name == dst:
            self.rr_or_rx("msgr", "msg", dst, self.operand(a, TEMP_A))
        else:
            self.move(a, Reg(dst, "int"))
            self.rr_or_rx("msgr", "msg", dst, self.operand(b, TEMP_B))
        self.store(dst, result)
        return None

    def mul_overflow(self, a, b):
        """r1 = the low word of a * b; returns the mask true on overflow."""
        x, y = self.operand(a, TEMP_A), self.operand(b, TEMP_B)
        self.move(a, Reg("r1", "int"))
        self.rr_or_rx("mlgr", "mlg", "r0", y)               # r0:r1 = unsigned product
        for sign_of, other in ((a, y), (b, x)):             # signed high word
            self.move(sign_of, Reg("r14", "int"))
            self.emit("srag", "r14", "r14", Mem(None, 63))
            self.rr_or_rx("ngr", "ng", "r14", other)
            self.emit("sgr", "r0", "r14")
        self.emit("srag", "r14", "r1", Mem(None, 63))
        self.emit("cgr", "r0", "r14")
        return NOT_EQUAL

    def gen_uint_mul_high(self, op, args, result, mode):
        self.move(args[0], Reg("r1", "int"))
        self.rr_or_rx("mlgr", "mlg", "r0", self.operand(args[1], TEMP_B))
        self.store("r0", result)

    def gen_divmod(self, op, args, result, mode):
        a, b = args
        answer = "r1" if op.name == "int_floordiv" else "r0"    # DSGR: quotient r1, remainder r0
        divisor = self.in_reg(b, "r14")
        special, done = self.new_label(), self.new_label()
        self.emit("la", "r1", Mem(divisor, 1))                  # b + 1, wrapped
        self.emit("clgfi", "r1", 1)
        self.emit("brcl", CC_MASK["le"], special)               # b is -1 or 0
        self.move(a, Reg("r1", "int"))
        self.emit("dsgr", "r0", divisor)
        self.bind(done)
        self.store(answer, result)

        def minus_one_or_zero():
            self.move(a, Reg("r1", "int"))
            self.emit("lcgr", "r1", "r1")                       # a / -1 = -a, wrapped
            self.emit("lghi", "r0", 0)
            self.emit("cghi", divisor, -1)
            self.emit("brcl", EQUAL, done)
            self.move(a, Reg("r0", "int"))                      # a / 0: 0, remainder a
            self.emit("lghi", "r1", 0)
            self.emit("brcl", ALWAYS, done)
        self.defer_slow_path(special, minus_one_or_zero)

    def gen_shift(self, op, args, result, mode):
        mnemonic = SHIFTS[op.name]
        a, b = args
        dst = self.dest(result)
        if isinstance(b, Imm):
            count = b.value
            if 0 <= count <= 63:
                self.emit(mnemonic, dst, self.in_reg(a, "r1"), Mem(None, count))
            elif mnemonic == "srag":
                self.emit("srag", dst, self.in_reg(a, "r1"), Mem(None, 63))
            else:
                self.emit("lghi", dst, 0)
            return self.store(dst, result)
        left, count = self.in_reg(a, "r1"), self.in_reg(b, "r14")
        done = self.new_label()
        self.emit(mnemonic, "r0", left, Mem(count, 0))
        self.emit("clgfi", count, 63)                   # unsigned: negative counts too
        self.emit("brc", CC_MASK["le"], done)
        if mnemonic == "srag":
            self.emit("srag", "r0", left, Mem(None, 63))
        else:
            self.emit("lghi", "r0", 0)
        self.bind(done)
        self.store("r0", result)

    def gen_unary(self, op, args, result, mode):
        dst = self.dest(result)
        self.emit("lcgr", dst, self.in_reg(args[0], "r1"))
        if op.name == "int_invert":
            self.emit("aghi", dst, -1)                  # ~a = -a - 1
        self.store(dst, result)

    def gen_signext(self, op, args, result, mode):
        nbytes = op.args[1].value
        dst = self.dest(result)
        if nbytes in SIGNEXT:
            self.emit(SIGNEXT[nbytes], dst, self.in_reg(args[0], "r1"))
        else:
            self.move(args[0], Reg(dst, "int"))
        self.store(dst, result)

    def gen_same_as(self, op, args, result, mode):
        self.move(args[0], result)

    # -- floats ----------------------------------------------------------------------------------

    def gen_float_binary(self, op, args, result, mode):
        a, b = self.in_freg(args[0], "f15"), self.in_freg(args[1], "f14")
        dst = self.dest(result, "f15")
        nan_input, made_nan, done = self.new_label(), self.new_label(), self.new_label()
        self.emit("cdbr", a, b)
        self.emit("brcl", OVERFLOW, nan_input)          # CC3: unordered
        if dst == b and dst != a:
            dst = "f15"
        if dst != a:
            self.emit("ldr", dst, a)
        self.emit(FLOAT_BINARY[op.name], dst, b)
        self.emit("cdbr", dst, dst)
        self.emit("brcl", OVERFLOW, made_nan)
        self.bind(done)
        self.store(dst, result)

        def propagate():                                # x86: the first NaN operand, quieted
            first, quiet = self.new_label(), self.new_label()
            self.emit("cdbr", a, a)
            self.emit("brc", OVERFLOW, first)
            self.emit("lgdr", "r1", b)
            self.emit("brc", ALWAYS, quiet)
            self.bind(first)
            self.emit("lgdr", "r1", a)
            self.bind(quiet)
            self.emit("oihh", "r1", QUIET_BIT_HH)
            self.emit("ldgr", dst, "r1")
            self.emit("brcl", ALWAYS, done)

        def indefinite():
            self.emit("llihf", "r1", X86_DEFAULT_NAN_HIGH)
            self.emit("ldgr", dst, "r1")
            self.emit("brcl", ALWAYS, done)
        self.defer_slow_path(nan_input, propagate)
        self.defer_slow_path(made_nan, indefinite)

    def gen_float_sign(self, op, args, result, mode):
        dst = self.dest(result, "f15")
        self.emit("lcdfr" if op.name == "float_neg" else "lpdfr", dst, self.in_freg(args[0], "f15"))
        self.store(dst, result)

    def gen_math_sqrt(self, op, args, result):
        """A call with oopspec OS_MATH_SQRT: one sqdbr, as PyPy's backend emits."""
        dst = self.dest(result, "f15")
        self.emit("sqdbr", dst, self.in_freg(args[0], "f15"))
        self.store(dst, result)

    def gen_cast_int_to_float(self, op, args, result, mode):
        dst = self.dest(result, "f15")
        self.emit("cdgbr", dst, self.in_reg(args[0], "r1"))
        self.store(dst, result)

    def gen_cast_float_to_int(self, op, args, result, mode):
        source = self.in_freg(args[0], "f15")
        slow, done = self.new_label(), self.new_label()
        self.emit("cgdbr", "r1", 5, source)             # M3=5: round toward zero
        self.emit("brcl", OVERFLOW, slow)               # CC3: NaN
        self.emit("lpgr", "r0", "r1")                   # saturated (MAXINT, MININT): |r| + 1 is
        self.emit("aghi", "r0", 1)                      # negative (CC1) or overflows (CC3)
        self.emit("brcl", CC_MASK["nhe"], slow)         # mask 5: CC1 or CC3
        self.bind(done)
        self.store("r1", result)

        def slow_path():
            self.emit("lgdr", "r1", source)
            self.call_address(self.backend.cast_slot)
            self.emit("brcl", ALWAYS, done)
        self.defer_slow_path(slow, slow_path)

    # -- memory ----------------------------------------------------------------------------------

    def address_of(self, base, offset):
        """A Mem for [base + offset] (base: a location holding a pointer)."""
        if isinstance(base, Imm):
            self.mov_imm("r1", base.value + offset)
            return Mem("r1", 0)
        reg = self.in_reg(base, "r1")
        if fits_signed(offset, 20):
            return Mem(reg, offset)
        self.mov_imm("r14", offset)
        return Mem(reg, 0, "r14")

    def item_address(self, base, index, descr):
        if isinstance(index, Imm):
            return self.address_of(base, descr.items_offset + index.value * descr.itemsize)
        if isinstance(base, Imm):
            self.mov_imm("r1", base.value)
            reg = "r1"
        else:
            reg = self.in_reg(base, "r1")
        idx = self.in_reg(index, "r14")
        if descr.itemsize in (8, 4):
            self.emit("sllg", "r14", idx, Mem(None, 3 if descr.itemsize == 8 else 2))
        else:
            self.move(Reg(idx, "int"), Reg("r14", "int"))
            self.emit("msgfi", "r14", descr.itemsize)
        return Mem(reg, descr.items_offset, "r14")

    def load(self, address, result, kind, itemsize=8):
        dst = self.dest(result, "f15" if kind == "f" else "r0")
        # a 4-byte item (a str's code point, big-endian as the heap): LLGF
        # zero-extends it, as PyPy's zarch backend loads an unsigned 4-byte item
        self.emit_mem("ld" if kind == "f" else "llgf" if itemsize == 4 else "lg", dst, address)
        self.store(dst, result)

    def store_value(self, address, value, itemsize=8):
        """[address] = value; the address uses r1 and r14 only, r0 carries the
        value.  A 4-byte item stores the low 32 bits (ST/STY)."""
        store = "st" if itemsize == 4 else "stg"
        if isinstance(value, Reg):
            return self.emit_mem("std" if value.cls == "float" else store, value.name, address)
        if isinstance(value, Imm) and fits_signed(value.value, 16) and address.index is None \
                and 0 <= address.disp < 4096 and itemsize == 8:
            return self.emit("mvghi", address, value.value)
        self.move(value, Reg("r0", "int"))
        self.emit_mem(store, "r0", address)

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
