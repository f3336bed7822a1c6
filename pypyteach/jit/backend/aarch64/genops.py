"""AArch64 instruction selection: one method per resop family.

Each method gets the op, its arguments' locations and its result's location
(regalloc.py: Reg, FrameSlot or, for constants, Imm) and, A64 being a
three-operand load/store architecture, reads its arguments into registers
(x16/x17, d30/d31 when they are not in one already), computes into the
result's register (or x16/d31) and stores the result.  Semantics are
executor.py's, bit for bit:

- int_floordiv / int_mod: SDIV truncates towards zero and never traps
  (MININT / -1 gives MININT, the wrapped answer; a zero divisor gives 0,
  never reached: the tracer guards it); the remainder is a - q*b (MSUB),
  with the dividend's sign, as executor's;
- LSLV/LSRV/ASRV use the count modulo 64: a count outside 0..63 (unsigned
  compare) gives 0, or for ASR the sign (count clamped to 63), as Python's
  wrapped shifts do;
- int_mul_ovf: the product overflows iff SMULH (the high word) differs from
  the low word's sign spread (``cmp hi, lo, asr #63``: condition "ne");
  add/sub use ADDS/SUBS (condition "vs");
- float comparisons use FCMP, which sets NZCV=0011 for unordered (NaN):
  the conditions mi, ls, gt, ge, eq, ne are false/false/false/false/false/
  true on NaN, exactly Python's <, <=, >, >=, ==, !=, and their inverses
  (for guards) are the exact complements;
- a NaN made by float arithmetic from non-NaN inputs is x86's (the host's,
  so executor's) 0xfff8000000000000, not A64's default NaN (positive).
  Not matched: with two NaN inputs of which only the second is signaling,
  A64 propagates the signaling one and x86 the first (untested corner);
- cast_float_to_int: FCVTZS truncates, saturating out-of-range values and
  giving 0 for NaN; NaN (FCMP unordered) and the two saturated answers go
  to the helper, which computes executor's answer (MININT for non-finite,
  the wrapped integer otherwise).
"""

from ..codegen import GenOpsBase
from ..locations import Imm, Reg
from .codebuilder import Mem, Shift, encode_bitmask

INT_COMPARE = {"int_lt": "lt", "int_le": "le", "int_gt": "gt", "int_ge": "ge", "int_eq": "eq", "int_ne": "ne",
               "uint_lt": "lo", "uint_le": "ls", "uint_gt": "hi", "uint_ge": "hs", "ptr_eq": "eq",
               "ptr_ne": "ne"}
SWAPPED = {"lt": "gt", "gt": "lt", "le": "ge", "ge": "le", "lo": "hi", "hi": "lo", "ls": "hs", "hs": "ls",
           "eq": "eq", "ne": "ne"}
FLOAT_COMPARE = {"float_lt": "mi", "float_le": "ls", "float_gt": "gt", "float_ge": "ge", "float_eq": "eq",
                 "float_ne": "ne"}
INT_BINARY = {"int_add": "add", "int_sub": "sub", "int_mul": "mul", "int_and": "and", "int_or": "orr",
              "int_xor": "eor", "int_add_ovf": "adds", "int_sub_ovf": "subs", "int_mul_ovf": "mul"}
FLOAT_BINARY = {"float_add": "fadd", "float_sub": "fsub", "float_mul": "fmul", "float_truediv": "fdiv"}
SHIFTS = {"int_lshift": "lsl", "int_rshift": "asr", "uint_rshift": "lsr"}
MININT = -(1 << 63)



def _w(xreg):
    """The W register (low 32 bits) of an X register: x17 -> w17, xzr -> wzr."""
    return "wzr" if xreg == "xzr" else "w" + xreg[1:]


def _aimm_ok(value):
    return 0 <= value < 4096 or (value & 0xFFF == 0 and 0 <= value >> 12 < 4096)


class GenOps(GenOpsBase):
    @staticmethod
    def clobbers(desc, op):
        """Registers the op's code overwrites, besides its result: only
        residual calls (instruction selection uses x16, x17, x30, d30, d31)."""
        if op.spec.is_call:
            return (frozenset(desc.int_regs) | frozenset(desc.float_regs)) - desc.callee_saved
        return ()

    # -- conditions ----------------------------------------------------------------------------

    def compare(self, a, b, cond):
        """cmp a, b; returns the condition meaning ``a cond b``."""
        if isinstance(a, Imm) and not isinstance(b, Imm):
            a, b, cond = b, a, SWAPPED[cond]
        left = self.in_reg(a, "x16")
        if isinstance(b, Imm) and _aimm_ok(b.value):
            self.emit("cmp", left, b.value)
        elif isinstance(b, Imm) and b.value != MININT and _aimm_ok(-b.value):
            self.emit("cmn", left, -b.value)
        else:
            self.emit("cmp", left, self.in_reg(b, "x17"))
        return cond

    def condition_result(self, cond, result, mode):
        if mode == "cond":
            return cond
        dst = self.dest(result)
        self.emit("cset", dst, cond)
        self.store(dst, result)
        return cond

    def gen_int_compare(self, op, args, result, mode):
        return self.condition_result(self.compare(args[0], args[1], INT_COMPARE[op.name]), result, mode)

    def gen_is_true(self, op, args, result, mode):
        cond = "ne" if op.name == "int_is_true" else "eq"
        self.emit("cmp", self.in_reg(args[0], "x16"), 0)
        return self.condition_result(cond, result, mode)

    def gen_float_compare(self, op, args, result, mode):
        self.emit("fcmp", self.in_freg(args[0], "d31"), self.in_freg(args[1], "d30"))
        return self.condition_result(FLOAT_COMPARE[op.name], result, mode)

    # -- integers --------------------------------------------------------------------------------

    def gen_int_binary(self, op, args, result, mode):
        mnemonic = INT_BINARY[op.name]
        a, b = args
        if mnemonic in ("add", "mul", "and", "orr", "eor", "adds") and isinstance(a, Imm) \
                and not isinstance(b, Imm):
            a, b = b, a
        if op.name == "int_mul_ovf":
            return self._mul_ovf(a, b, result)
        left = self.in_reg(a, "x16")
        dst = self.dest(result)
        if isinstance(b, Imm):
            value = b.value
            if mnemonic in ("add", "sub", "adds", "subs") and _aimm_ok(value):
                self.emit(mnemonic, dst, left, value)
                return self._done(dst, result, op)
            if mnemonic in ("add", "sub") and value != MININT and _aimm_ok(-value):
                self.emit("sub" if mnemonic == "add" else "add", dst, left, -value)
                return self._done(dst, result, op)
            if mnemonic in ("and", "orr", "eor") and encode_bitmask(value) is not None:
                self.emit(mnemonic, dst, left, value)
                return self._done(dst, result, op)
        self.emit(mnemonic, dst, left, self.in_reg(b, "x17"))
        return self._done(dst, result, op)

    def _done(self, dst, result, op):
        self.store(dst, result)
        return "vs" if op.spec.is_ovf else None

    def _mul_ovf(self, a, b, result):
        left, right = self.in_reg(a, "x16"), self.in_reg(b, "x17")
        self.emit("mul", "x30", left, right)
        self.emit("smulh", "x16", left, right)
        self.emit("cmp", "x16", "x30", Shift("asr", 63))
        self.move(Reg("x30", "int"), result)           # mov/str: the flags stay
        return "ne"

    def gen_divmod(self, op, args, result, mode):
        a, b = args
        left, right = self.in_reg(a, "x16"), self.in_reg(b, "x17")
        dst = self.dest(result)
        if op.name == "int_floordiv":
            self.emit("sdiv", dst, left, right)
        else:
            self.emit("sdiv", "x30", left, right)
            self.emit("msub", dst, "x30", right, left)     # a - q*b
        self.store(dst, result)

    def gen_shift(self, op, args, result, mode):
        mnemonic = SHIFTS[op.name]
        a, b = args
        dst = self.dest(result)
        if isinstance(b, Imm):
            count = b.value
            if 0 <= count <= 63:
                if count:
                    self.emit(mnemonic, dst, self.in_reg(a, "x16"), count)
                else:
                    self.move(a, Reg(dst, "int"))
            elif mnemonic == "asr":
                self.emit("asr", dst, self.in_reg(a, "x16"), 63)
            else:
                self.emit("mov", dst, "xzr")
            return self.store(dst, result)
        left, count = self.in_reg(a, "x16"), self.in_reg(b, "x17")
        self.emit("cmp", count, 63)                         # unsigned: negative counts too
        if mnemonic == "asr":
            self.emit("movz", "x30", 63)
            self.emit("csel", "x30", count, "x30", "ls")
            self.emit("asr", dst, left, "x30")
        else:
            self.emit(mnemonic, "x30", left, count)
            self.emit("csel", dst, "x30", "xzr", "ls")
        self.store(dst, result)

    def gen_unary(self, op, args, result, mode):
        dst = self.dest(result)
        self.emit("neg" if op.name == "int_neg" else "mvn", dst, self.in_reg(args[0], "x16"))
        self.store(dst, result)

    def gen_signext(self, op, args, result, mode):
        bits = 64 - 8 * op.args[1].value
        dst = self.dest(result)
        if bits:
            self.emit("lsl", dst, self.in_reg(args[0], "x16"), bits)
            self.emit("asr", dst, dst, bits)
        else:
            self.move(args[0], Reg(dst, "int"))
        self.store(dst, result)

    def gen_uint_mul_high(self, op, args, result, mode):
        dst = self.dest(result)
        self.emit("umulh", dst, self.in_reg(args[0], "x16"), self.in_reg(args[1], "x17"))
        self.store(dst, result)

    def gen_same_as(self, op, args, result, mode):
        self.move(args[0], result)

    # -- floats ----------------------------------------------------------------------------------

    def gen_float_binary(self, op, args, result, mode):
        """The operation, and the NaN it makes from non-NaN inputs (inf - inf,
        0 * inf, 0 / 0) made x86's: the host (and so executor.py) answers
        the "indefinite" NaN 0xfff8000000000000, A64 its default NaN
        0x7ff8000000000000.  FCMP of the inputs before (V: one of them is
        NaN, and then both propagate it the same way, quieted) leaves its
        flags to the check after: arithmetic does not set NZCV."""
        a, b = self.in_freg(args[0], "d31"), self.in_freg(args[1], "d30")
        dst = self.dest(result, "d31")
        fix, done = self.new_label(), self.new_label()
        self.emit("fcmp", a, b)
        self.emit(FLOAT_BINARY[op.name], dst, a, b)
        self.emit("b.vs", done)
        self.emit("fcmp", dst, dst)
        self.emit("b.vs", fix)
        self.bind(done)
        self.store(dst, result)

        def made_nan():
            self.emit("movz", "x16", 0xFFF8, 48)
            self.emit("fmov", dst, "x16")
            self.emit("b", done)
        self.defer_slow_path(fix, made_nan)

    def gen_float_sign(self, op, args, result, mode):
        dst = self.dest(result, "d31")
        self.emit("fneg" if op.name == "float_neg" else "fabs", dst, self.in_freg(args[0], "d31"))
        self.store(dst, result)

    def gen_math_sqrt(self, op, args, result):
        """A call with oopspec OS_MATH_SQRT: one fsqrt, as PyPy's backend emits."""
        dst = self.dest(result, "d31")
        self.emit("fsqrt", dst, self.in_freg(args[0], "d31"))
        self.store(dst, result)

    def gen_cast_int_to_float(self, op, args, result, mode):
        dst = self.dest(result, "d31")
        self.emit("scvtf", dst, self.in_reg(args[0], "x16"))
        self.store(dst, result)

    def gen_cast_float_to_int(self, op, args, result, mode):
        source = self.in_freg(args[0], "d31")
        slow, done = self.new_label(), self.new_label()
        self.emit("fcmp", source, source)
        self.emit("b.vs", slow)                             # NaN
        self.emit("fcvtzs", "x17", source)
        self.emit("cmp", "x17", 1)                          # overflows only for MININT (saturated low)
        self.emit("b.vs", slow)
        self.emit("cmn", "x17", 1)                          # overflows only for MAXINT (saturated high)
        self.emit("b.vs", slow)
        self.bind(done)
        self.store("x17", result)

        def slow_path():
            self.emit("fmov", "x17", source)
            self.call_address(self.backend.cast_slot)
            self.emit("b", done)
        self.defer_slow_path(slow, slow_path)

    # -- memory ----------------------------------------------------------------------------------

    def address_of(self, base, offset, scratch="x16", size=8):
        """A Mem for [base + offset] (base: a location holding a pointer) that
        an access of ``size`` bytes can use."""
        if isinstance(base, Imm):
            self.mov_imm(scratch, base.value + offset)
            return Mem(scratch, 0)
        reg = self.in_reg(base, scratch)
        if (offset % size == 0 and 0 <= offset <= 4095 * size) or -256 <= offset <= 255:
            return Mem(reg, offset)
        self.mov_imm("x30", offset)
        return Mem(reg, 0, "x30")

    def item_address(self, base, index, descr):
        if isinstance(index, Imm):
            return self.address_of(base, descr.items_offset + index.value * descr.itemsize,
                                   size=4 if descr.itemsize == 4 else 8)
        if isinstance(base, Imm):
            self.mov_imm("x16", base.value + descr.items_offset)
        else:
            self.emit("add", "x16", self.in_reg(base, "x16"), descr.items_offset)
        idx = self.in_reg(index, "x17")
        if descr.itemsize in (8, 4):                 # [x16, idx, lsl #3 / #2]
            return Mem("x16", 0, idx, 3 if descr.itemsize == 8 else 2)
        self.mov_imm("x30", descr.itemsize)
        self.emit("madd", "x16", idx, "x30", "x16")
        return Mem("x16", 0)

    def load(self, address, result, kind, itemsize=8):
        dst = self.dest(result, "d31" if kind == "f" else "x17")
        if itemsize == 4:
            # a str's code point: ldr wN zero-extends into xN (PyPy's LDR_uint32)
            self.emit_mem("ldr", _w(dst), address, 4)
        else:
            self.emit_mem("ldr", dst, address)
        self.store(dst, result)

    def store_value(self, address, value, itemsize=8):
        """[address] = value; the address may use x16 and x30 (and x17 for an
        index).  A 4-byte item (a str's code point) stores the value's low
        32 bits (str wN)."""
        size = 4 if itemsize == 4 else 8
        def reg_name(name):
            return _w(name) if size == 4 else name
        if isinstance(value, Reg):
            return self.emit_mem("str", reg_name(value.name), address, size)
        if isinstance(value, Imm) and value.value == 0:
            return self.emit_mem("str", reg_name("xzr"), address, size)
        used = {address.base, address.index}
        scratch = next(r for r in ("x17", "x30", "x16") if r not in used)
        self.move(value, Reg(scratch, "int"))
        self.emit_mem("str", reg_name(scratch), address, size)

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
