"""x86-64 instruction selection: one method per resop family.

Each method gets the op, its arguments' locations and its result's location
(regalloc.py: Reg, FrameSlot or, for constants, Imm), and must read every
argument before it writes the result (a dying argument may share the
result's register).  Semantics are executor.py's, bit for bit:

- int_floordiv / int_mod are C-style: idiv truncates towards zero and its
  remainder has the dividend's sign, exactly; ``x // -1`` and ``x % -1`` are
  done without idiv (idiv faults on MININT / -1, executor wraps);
- shifts by 64 or more give what Python's wrapped shift gives (x86 would
  use the count modulo 64);
- float comparisons use ucomisd: unordered (NaN) sets ZF, PF and CF, so
  ``<``/``<=`` are computed as ``>``/``>=`` with swapped operands (CF=0 and
  ZF=0 is false for NaN), and ``==``/``!=`` also read PF;
- cast_float_to_int: cvttsd2si answers 0x8000000000000000 for NaN, the
  infinities and out-of-range values; only then a helper computes
  executor's answer (MININT for non-finite, the wrapped integer otherwise);
- an array item of 4 bytes (a str's code point: unicodegetitem and
  unicodesetitem, lowered in support.py) is read with ``mov r32, m32``,
  which zero-extends, and written with ``mov m32, r32|imm32`` (the low 32
  bits), as PyPy's load_from_mem/save_into_mem do with MOV32.
"""

from ...resoperation import Const
from ..codegen import GenOpsBase
from ..locations import FrameSlot, Imm, Reg
from .rx86 import GPR8, GPR32, GPR64, Mem, fits_signed

INT_COMPARE = {"int_lt": "l", "int_le": "le", "int_gt": "g", "int_ge": "ge", "int_eq": "e", "int_ne": "ne",
               "uint_lt": "b", "uint_le": "be", "uint_gt": "a", "uint_ge": "ae", "ptr_eq": "e", "ptr_ne": "ne"}
SWAPPED = {"l": "g", "g": "l", "le": "ge", "ge": "le", "b": "a", "a": "b", "be": "ae", "ae": "be",
           "e": "e", "ne": "ne"}
# name -> (compare the operands swapped?, condition after ucomisd)
FLOAT_COMPARE = {"float_lt": (True, "a"), "float_le": (True, "ae"), "float_gt": (False, "a"),
                 "float_ge": (False, "ae"), "float_eq": (False, "fe"), "float_ne": (False, "fne")}
INT_BINARY = {"int_add": ("add", True), "int_sub": ("sub", False), "int_mul": ("imul", True),
              "int_and": ("and", True), "int_or": ("or", True), "int_xor": ("xor", True),
              "int_add_ovf": ("add", True), "int_sub_ovf": ("sub", False), "int_mul_ovf": ("imul", True)}
FLOAT_BINARY = {"float_add": "addsd", "float_sub": "subsd", "float_mul": "mulsd", "float_truediv": "divsd"}
SHIFTS = {"int_lshift": "shl", "int_rshift": "sar", "uint_rshift": "shr"}
SIGN_BIT = 1 << 63



def _low(reg, names):
    return names[GPR64.index(reg)]


class GenOps(GenOpsBase):
    @staticmethod
    def clobbers(desc, op):
        """Registers the op's code overwrites, besides its result (regalloc.py)."""
        name = op.name
        if op.spec.is_call:
            return (frozenset(desc.int_regs) | frozenset(desc.float_regs)) - desc.callee_saved
        if name in ("int_floordiv", "int_mod"):
            return ("rax", "rdx")
        if name in SHIFTS and not isinstance(op.args[1], Const):
            return ("rcx",)
        if name == "uint_mul_high":
            return ("rax", "rcx", "rdx")
        return ()

    # -- conditions ----------------------------------------------------------------------------

    def compare(self, a, b, cond):
        if isinstance(a, Imm) and not isinstance(b, Imm):
            a, b, cond = b, a, SWAPPED[cond]
        if isinstance(a, Imm) or (isinstance(a, FrameSlot) and isinstance(b, FrameSlot)):
            left = self.in_reg(a, "r11")
        else:
            left = self.operand(a)
        if isinstance(b, Imm) and b.value == 0 and isinstance(a, Reg):
            self.emit("test", left, left)         # same flags as cmp x, 0 (CF=OF=0)
        else:
            self.emit("cmp", left, self.int_operand(b, "r10"))
        return cond

    def condition_result(self, cond, result, mode):
        if mode == "cond":
            return cond
        if cond in ("fe", "fne"):
            equal = cond == "fe"
            self.emit("sete" if equal else "setne", "r11b")
            self.emit("setnp" if equal else "setp", "r10b")
            self.emit("movzx", "r11d", "r11b")
            self.emit("movzx", "r10d", "r10b")
            self.emit("and" if equal else "or", "r11", "r10")
            self.store("r11", result)
            return "ne"                       # and/or left ZF = (value == 0)
        reg = self.dest(result)
        self.emit("set" + cond, _low(reg, GPR8))
        self.emit("movzx", _low(reg, GPR32), _low(reg, GPR8))
        self.store(reg, result)
        return cond

    def gen_int_compare(self, op, args, result, mode):
        return self.condition_result(self.compare(args[0], args[1], INT_COMPARE[op.name]), result, mode)

    def gen_is_true(self, op, args, result, mode):
        cond = "ne" if op.name == "int_is_true" else "e"
        if isinstance(args[0], Imm):
            self.compare(Reg(self.in_reg(args[0], "r11"), "int"), Imm(0), cond)
        else:
            self.test_nonzero(args[0])
        return self.condition_result(cond, result, mode)

    def gen_float_compare(self, op, args, result, mode):
        swap, cond = FLOAT_COMPARE[op.name]
        x, y = (args[1], args[0]) if swap else (args[0], args[1])
        self.emit("ucomisd", self.in_xmm(x, "xmm15"), self.float_operand(y, "xmm14"))
        return self.condition_result(cond, result, mode)

    # -- integers --------------------------------------------------------------------------------

    def gen_int_binary(self, op, args, result, mode):
        mnemonic, commutative = INT_BINARY[op.name]
        a, b = args
        if commutative and (isinstance(a, Imm) or (result == b and result != a)):
            a, b = b, a
        flags = op.spec.is_ovf
        if not flags and self._add_by_lea(mnemonic, a, b, result):
            return None
        if mnemonic == "sub" and result == b and isinstance(result, Reg) and result != a:
            self.emit("neg", result.name)           # b = a - b, in place: -b + a
            self.emit("add", result.name, self.int_operand(a, "r10"))
            return "o" if flags else None
        if mnemonic == "imul" and isinstance(b, Imm) and fits_signed(b.value, 32):
            dst = self.dest(result)
            self.emit("imul", dst, self.in_reg(a, dst), b.value)
        else:
            dst = self.dest(result, avoid=(b,))
            right = self.int_operand(b, "r10")
            self.move(a, Reg(dst, "int"))
            self.emit(mnemonic, dst, right)
        self.store(dst, result)
        return "o" if flags else None

    def _add_by_lea(self, mnemonic, a, b, result):
        """``lea`` computes a + b or a + imm into a third register in one
        instruction (and leaves the flags alone: not for _ovf ops)."""
        if mnemonic not in ("add", "sub") or not isinstance(a, Reg) or not isinstance(result, Reg) \
                or result == a:
            return False
        if isinstance(b, Imm):
            disp = b.value if mnemonic == "add" else -b.value
            if not fits_signed(disp, 32):
                return False
            self.emit("lea", result.name, Mem(a.name, disp))
            return True
        if mnemonic == "add" and isinstance(b, Reg):
            self.emit("lea", result.name, Mem(a.name, 0, b.name))
            return True
        return False

    def gen_divmod(self, op, args, result, mode):
        a, b = args
        remainder = op.name == "int_mod"
        if isinstance(b, Imm) and b.value == -1:
            return self._divide_by_minus_one(a, result, remainder)
        self.move(b, Reg("r11", "int"))          # first: the divisor may sit in rax or rdx
        self.move(a, Reg("rax", "int"))
        special, done = self.new_label(), self.new_label()
        if not isinstance(b, Imm):
            self.emit("cmp", "r11", -1)
            self.emit("je", special)
        self.emit("cqo")
        self.emit("idiv", "r11")
        if not isinstance(b, Imm):
            self.emit("jmp", done)
            self.bind(special)
            self.emit("mov", "rdx", 0) if remainder else self.emit("neg", "rax")
            self.bind(done)
        self.store("rdx" if remainder else "rax", result)

    def _divide_by_minus_one(self, a, result, remainder):
        if remainder:
            return self.move(Imm(0), result)
        dst = self.dest(result)
        self.move(a, Reg(dst, "int"))
        self.emit("neg", dst)
        self.store(dst, result)

    def gen_shift(self, op, args, result, mode):
        mnemonic = SHIFTS[op.name]
        a, b = args
        if isinstance(b, Imm):
            dst = self.dest(result)
            if 0 <= b.value <= 63 or mnemonic == "sar":
                self.move(a, Reg(dst, "int"))
                if b.value:
                    self.emit(mnemonic, dst, min(b.value, 63) if b.value > 0 else 63)
            else:
                self.emit("mov", dst, 0)
            return self.store(dst, result)
        self.move(a, Reg("r11", "int"))
        self.move(b, Reg("rcx", "int"))
        big, done = self.new_label(), self.new_label()
        self.emit("cmp", "rcx", 63)
        self.emit("ja", big)                    # Python: x << 64 wraps to 0, x >> 64 is 0 or -1
        self.emit(mnemonic, "r11", "cl")
        self.emit("jmp", done)
        self.bind(big)
        self.emit("sar", "r11", 63) if mnemonic == "sar" else self.emit("mov", "r11", 0)
        self.bind(done)
        self.store("r11", result)

    def gen_unary(self, op, args, result, mode):
        dst = self.dest(result)
        self.move(args[0], Reg(dst, "int"))
        self.emit("neg" if op.name == "int_neg" else "not", dst)
        self.store(dst, result)

    def gen_signext(self, op, args, result, mode):
        bits = 64 - 8 * op.args[1].value
        dst = self.dest(result)
        self.move(args[0], Reg(dst, "int"))
        if bits:
            self.emit("shl", dst, bits)
            self.emit("sar", dst, bits)
        self.store(dst, result)

    def gen_uint_mul_high(self, op, args, result, mode):
        """The high word of an unsigned 64x64 product, from four 32x32
        products (the encoder has no one-operand MUL)."""
        self.move(args[0], Reg("r10", "int"))
        self.move(args[1], Reg("r11", "int"))
        steps = [("mov", "rax", "r10"), ("shr", "rax", 32), ("shl", "r10", 32), ("shr", "r10", 32),
                 ("mov", "rdx", "r11"), ("shr", "rdx", 32), ("shl", "r11", 32), ("shr", "r11", 32),
                 ("mov", "rcx", "r10"), ("imul", "rcx", "r11"),       # lo*lo
                 ("imul", "r11", "rax"), ("imul", "r10", "rdx"),      # hi*lo, lo*hi
                 ("imul", "rax", "rdx"),                              # hi*hi
                 ("shr", "rcx", 32), ("mov", "rdx", "r11"), ("shr", "rdx", 32),
                 ("shl", "r11", 32), ("shr", "r11", 32),
                 ("add", "rcx", "r11"), ("add", "rcx", "r10"), ("shr", "rcx", 32),
                 ("add", "rax", "rdx"), ("add", "rax", "rcx")]
        for step in steps:
            self.emit(*step)
        self.store("rax", result)

    def gen_same_as(self, op, args, result, mode):
        self.move(args[0], result)

    # -- floats ----------------------------------------------------------------------------------

    def float_operand(self, loc, scratch):
        """An xmm register or a memory operand: float constants are read
        from the JIT's constant words (one instruction, no scratch)."""
        if isinstance(loc, Reg):
            return loc.name
        if isinstance(loc, FrameSlot):
            return self.slot(loc.index)
        return Mem(None, self.backend.constant_word(loc.value))

    def gen_float_binary(self, op, args, result, mode):
        a, b = args
        dst = self.dest(result, "xmm15", avoid=(b,))
        right = self.float_operand(b, "xmm14")
        self.move(a, Reg(dst, "float"))
        self.emit(FLOAT_BINARY[op.name], dst, right)
        self.store(dst, result)

    def gen_float_sign(self, op, args, result, mode):
        dst = self.dest(result, "xmm15")
        self.move(args[0], Reg(dst, "float"))
        negate = op.name == "float_neg"
        self.emit("mov", "r11", SIGN_BIT if negate else SIGN_BIT - 1)
        self.emit("movq", "xmm14", "r11")
        self.emit("xorpd" if negate else "andpd", dst, "xmm14")
        self.store(dst, result)

    def gen_math_sqrt(self, op, args, result):
        """A call with oopspec OS_MATH_SQRT: one sqrtsd (PyPy's genop_math_sqrt)."""
        dst = self.dest(result, "xmm15")
        self.emit("sqrtsd", dst, self.in_xmm(args[0], "xmm15"))
        self.store(dst, result)

    def gen_cast_int_to_float(self, op, args, result, mode):
        source = self.in_reg(args[0], "r11")
        dst = self.dest(result, "xmm15")
        self.emit("cvtsi2sd", dst, source)
        self.store(dst, result)

    def gen_cast_float_to_int(self, op, args, result, mode):
        source = self.in_xmm(args[0], "xmm15")
        slow, done = self.new_label(), self.new_label()
        self.emit("cvttsd2si", "r11", source)
        self.emit("cmp", "r11", 1)               # overflows only for 0x8000000000000000
        self.emit("jo", slow)
        self.bind(done)
        self.store("r11", result)

        def slow_path():
            self.emit("movq", "r11", source)
            self.emit("call", self.asm.label_at(self.backend.cast_slot))
            self.emit("jmp", done)
        self.defer_slow_path(slow, slow_path)

    # -- memory ----------------------------------------------------------------------------------

    def field_address(self, base, offset):
        if isinstance(base, Imm):
            return Mem(None, base.value + offset)
        return Mem(self.in_reg(base, "r11"), offset)

    def item_address(self, base, index, descr):
        if isinstance(index, Imm):
            return self.field_address(base, descr.items_offset + index.value * descr.itemsize)
        scale = descr.itemsize
        reg = self.in_reg(index, "r10")
        if scale not in (1, 2, 4, 8):
            self.emit("imul", "r10", reg, scale)
            reg, scale = "r10", 1
        if isinstance(base, Imm):
            return Mem(None, base.value + descr.items_offset, reg, scale)
        return Mem(self.in_reg(base, "r11"), descr.items_offset, reg, scale)

    def load(self, address, result, kind, itemsize=8):
        if kind == "f":
            dst = self.dest(result, "xmm15")
            self.emit("movsd", dst, address)
        elif itemsize == 4:
            # a str's code point: mov r32, m32 zero-extends (PyPy's
            # load_from_mem: MOV32 for an unsigned 4-byte item)
            dst = self.dest(result)
            self.emit("mov32", _low(dst, GPR32), address)
        else:
            dst = self.dest(result)
            self.emit("mov", dst, address)
        self.store(dst, result)

    def store_value(self, address, value, itemsize=8):
        """``[address] = value``: the address may use r11 and r10.  A 4-byte
        item (a str's code point) takes the value's low 32 bits (PyPy's
        save_into_mem: MOV32)."""
        if itemsize == 4:
            return self._store32(address, value)
        if isinstance(value, Reg):
            return self.emit("movsd" if value.cls == "float" else "mov", address, value.name)
        if isinstance(value, Imm) and fits_signed(value.value, 32):
            return self.emit("mov", address, value.value)
        if "r10" in (address.base, address.index):
            self.emit("lea", "r11", address)
            address = Mem("r11", 0)
        self.emit("mov", "r10", self.operand(value))
        self.emit("mov", address, "r10")

    def _store32(self, address, value):
        if isinstance(value, Reg):
            return self.emit("mov32", address, _low(value.name, GPR32))
        if isinstance(value, Imm):
            low = value.value & 0xFFFFFFFF
            return self.emit("mov32", address, low - (1 << 32) if low >> 31 else low)
        if "r10" in (address.base, address.index):
            self.emit("lea", "r11", address)
            address = Mem("r11", 0)
        self.emit("mov", "r10", self.operand(value))
        self.emit("mov32", address, "r10d")

    def gen_getfield(self, op, args, result, mode):
        self.load(self.field_address(args[0], op.descr.offset), result, op.type)

    def gen_setfield(self, op, args, result, mode):
        self.store_value(self.field_address(args[0], op.descr.offset), args[1])

    def gen_getarrayitem(self, op, args, result, mode):
        self.load(self.item_address(args[0], args[1], op.descr), result, op.type, op.descr.itemsize)

    def gen_setarrayitem(self, op, args, result, mode):
        self.store_value(self.item_address(args[0], args[1], op.descr), args[2], op.descr.itemsize)

    def gen_arraylen(self, op, args, result, mode):
        self.load(self.field_address(args[0], op.descr.length_offset), result, "i")
