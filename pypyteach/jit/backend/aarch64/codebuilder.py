"""AArch64 (A64) instruction encoder, driven by a table of forms.

Named after PyPy's rpython/jit/backend/aarch64/codebuilder.py.  Every A64
instruction is one little-endian 32-bit word: a fixed pattern (the ``base``
column of FORMS) with operand fields ORed in.  So a form is a base word and
one field encoder per operand; this module holds the field encoders, which
the encoding classes of the Arm Architecture Reference Manual (Arm ARM,
DDI 0487, chapter C4 "A64 Instruction Set Encoding") share:

- C4.1.86 Data Processing -- Immediate: Add/subtract (immediate) (imm12,
  optional LSL #12), Logical (immediate) (the N:immr:imms bitmask immediate,
  ``encode_bitmask``; pseudocode DecodeBitMasks), Move wide (immediate)
  (imm16 and hw), Bitfield (UBFM/SBFM, whose aliases are LSL/LSR/ASR #imm);
- C4.1.87 Branches, Exception Generating and System instructions:
  Unconditional branch (immediate) (imm26, B/BL), Conditional branch
  (immediate) (imm19, B.cond), Compare and branch (immediate) (imm19,
  CBZ/CBNZ), Unconditional branch (register) (BR/BLR/RET), Exception
  generation (BRK imm16), Hints (NOP);
- C4.1.88 Loads and Stores: Load/store register (unsigned immediate) (imm12
  scaled by the access size, 8 or 4), Load/store register (unscaled
  immediate) (LDUR/STUR, signed imm9), Load/store register (register
  offset) (Rm, option LSL, S: shift by the access size or not);
- C4.1.89 Data Processing -- Register: Add/subtract (shifted register),
  Logical (shifted register), Data-processing (2 source) (SDIV, LSLV, LSRV,
  ASRV), Data-processing (3 source) (MADD, MSUB, SMULH, UMULH), Conditional
  select (CSEL, CSINC and its alias CSET);
- C4.1.90 Data Processing -- Scalar Floating-Point: Floating-point data
  processing (1 source) (FMOV, FNEG, FABS), (2 source) (FADD...FDIV),
  Floating-point compare (FCMP), Conversion between floating-point and
  integer (FMOV general<->FP, SCVTF, FCVTZS).

Only 64-bit (X and D register) forms exist here, the JIT's values being
words, except the 32-bit loads and stores of a str's 4-byte code points
(W registers, size=10: LDR (immediate/register) C6.2.131/C6.2.133, STR
C6.2.322/C6.2.324, LDUR/STUR; writing a W register zero-extends into its X
register, so the load is an unsigned one, as PyPy's aarch64 backend's
LDR_uint32).  Register 31 means SP or XZR depending on the field: a field says
which it accepts, and a wrong one raises EncodingError, as does any operand
out of range.  Mnemonics are the Arm ARM's preferred ones (the aliases
Capstone prints: ``cmp``, ``mov``, ``cset``, ``lsl``...).

``CodeBuilder`` appends instructions, binds labels, patches forward branches
(offsets count from the branch itself, in words) and records which trace
operation each instruction implements.  tests/test_aarch64_codebuilder.py
checks every form against Capstone.

    asm = CodeBuilder(base=0x1000000)
    loop = asm.new_label("loop")
    asm.bind(loop)
    asm.emit("ldr", "x0", Mem("x29", 16))
    asm.emit("b.lt", loop)
"""

import struct
from dataclasses import dataclass
from typing import Optional

from ..codebuilder import CodeBuilderBase, Label, Record

MASK64 = (1 << 64) - 1


class EncodingError(ValueError):
    """An instruction that has no encoding: unknown form, operand range..."""


# --- Operands ----------------------------------------------------------------

XREGS = tuple("x%d" % i for i in range(31))
WREGS = tuple("w%d" % i for i in range(31))     # the low 32 bits of the X registers
DREGS = tuple("d%d" % i for i in range(32))
# condition codes, by their 4-bit number (Arm ARM C1.2.4, Table C1-1)
CONDITIONS = ("eq", "ne", "hs", "lo", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le")
COND_NUMBER = {name: i for i, name in enumerate(CONDITIONS)}
COND_NUMBER.update({"cs": 2, "cc": 3})
SHIFT_TYPES = {"lsl": 0, "lsr": 1, "asr": 2}


def invert(cond):
    """The opposite condition (the low bit of the number flips)."""
    return CONDITIONS[COND_NUMBER[cond] ^ 1]


@dataclass(frozen=True)
class Mem:
    """[base, #disp] or [base, index{, lsl #shift}]."""
    base: str
    disp: int = 0
    index: Optional[str] = None
    shift: int = 0


@dataclass(frozen=True)
class Shift:
    """A shifted-register operand's shift: Shift("asr", 63)."""
    kind: str
    amount: int


def fits_signed(value, bits):
    return -(1 << (bits - 1)) <= value < (1 << (bits - 1))


def encode_bitmask(value):
    """N:immr:imms of a 64-bit logical immediate, or None: the value must be
    one element of 2, 4, ..., 64 bits repeated, the element a rotated run of
    ones (neither all zeros nor all ones).  The inverse of the Arm ARM's
    DecodeBitMasks."""
    value &= MASK64
    if value in (0, MASK64):
        return None
    size = 64
    while size > 2:
        half = size // 2
        if value & ((1 << half) - 1) != (value >> half) & ((1 << half) - 1):
            break
        size = half
    mask = (1 << size) - 1
    elem = value & mask
    ones = bin(elem).count("1")
    run = (1 << ones) - 1
    for r in range(size):
        if ((elem >> r) | (elem << (size - r))) & mask == run:      # ROR(elem, r) is the plain run
            immr = (size - r) % size
            n = 1 if size == 64 else 0
            imms = ((-size << 1) & 0x3F) | (ones - 1)
            return n, immr, imms
    return None


def _xreg(operand, allow):
    """Register number of an X register; ``allow`` is "sp" or "zr" (what 31 means)."""
    if isinstance(operand, str):
        if operand in XREGS:
            return int(operand[1:])
        if operand == allow or (allow == "zr" and operand == "xzr"):
            return 31
    return None


def _wreg(operand):
    """Register number of a W register, wzr being 31 (loads and stores only)."""
    if isinstance(operand, str):
        if operand in WREGS:
            return int(operand[1:])
        if operand == "wzr":
            return 31
    return None


def _dreg(operand):
    if isinstance(operand, str) and operand in DREGS:
        return int(operand[1:])
    return None


def _is_int(operand):
    return isinstance(operand, int) and not isinstance(operand, bool)


# Field encoders: name -> function(operand, offset) returning the bits to OR
# in, or None when the operand does not fit this field (another form may).

def _reg_field(shift, allow):
    def encode(operand, offset):
        number = _xreg(operand, allow)
        return None if number is None else number << shift
    return encode


def _wreg_field(shift):
    def encode(operand, offset):
        number = _wreg(operand)
        return None if number is None else number << shift
    return encode


def _dreg_field(shift):
    def encode(operand, offset):
        number = _dreg(operand)
        return None if number is None else number << shift
    return encode


def _aimm(operand, offset):
    if not _is_int(operand):
        return None
    if 0 <= operand < 4096:
        return operand << 10
    if operand & 0xFFF == 0 and 0 <= operand >> 12 < 4096:
        return 1 << 22 | (operand >> 12) << 10
    return None


def _limm(operand, offset):
    if not _is_int(operand) or not -(1 << 63) <= operand <= MASK64:
        return None
    fields = encode_bitmask(operand)
    if fields is None:
        return None
    n, immr, imms = fields
    return n << 22 | immr << 16 | imms << 10


def _imm16(operand, offset):
    return operand << 5 if _is_int(operand) and 0 <= operand <= 0xFFFF else None


def _hw(operand, offset):
    return (operand // 16) << 21 if operand in (0, 16, 32, 48) and _is_int(operand) else None


def _lsl6(operand, offset):
    if not _is_int(operand) or not 0 <= operand <= 63:
        return None
    return ((-operand) % 64) << 16 | (63 - operand) << 10


def _sr6(operand, offset):
    return operand << 16 if _is_int(operand) and 0 <= operand <= 63 else None


def _shift(operand, offset):
    if not isinstance(operand, Shift) or operand.kind not in SHIFT_TYPES or not 0 <= operand.amount <= 63:
        return None
    return SHIFT_TYPES[operand.kind] << 22 | operand.amount << 10


def _cond_field(shift, inverted=False):
    def encode(operand, offset):
        if not isinstance(operand, str) or operand not in COND_NUMBER:
            return None
        number = COND_NUMBER[operand]
        return (number ^ 1 if inverted else number) << shift
    return encode


def _mem_base(mem):
    return _xreg(mem.base, "sp") if isinstance(mem, Mem) else None


def _mem_u12_scaled(size):
    """imm12 scaled by the access size (8: X/D registers, 4: W registers)."""
    def encode(operand, offset):
        base = _mem_base(operand)
        if base is None or operand.index is not None or operand.disp % size \
                or not 0 <= operand.disp <= size * 4095:
            return None
        return base << 5 | (operand.disp // size) << 10
    return encode


def _mem_s9(operand, offset):
    base = _mem_base(operand)
    if base is None or operand.index is not None or not -256 <= operand.disp <= 255:
        return None
    return base << 5 | (operand.disp & 0x1FF) << 12


def _mem_reg_scaled(shift):
    """[base, index{, lsl #shift}]: S=1 shifts the index by log2 of the
    access size (3: X/D registers, 2: W registers), S=0 does not."""
    def encode(operand, offset):
        base = _mem_base(operand)
        if base is None or operand.index is None or operand.disp or operand.shift not in (0, shift):
            return None
        index = _xreg(operand.index, "zr")
        if index is None:
            return None
        return base << 5 | index << 16 | (1 if operand.shift else 0) << 12
    return encode


def _rel_field(bits, shift):
    """A branch offset in words from the branch itself; an unbound label
    gives 0 now and is patched by bind()."""
    def encode(operand, offset):
        if not isinstance(operand, Label):
            return None
        if operand.offset is None:
            return 0
        delta = operand.offset - offset
        if delta % 4 or not fits_signed(delta // 4, bits):
            return None
        return ((delta // 4) & ((1 << bits) - 1)) << shift
    return encode


FIELDS = {
    "Rd": _reg_field(0, "zr"), "Rd_sp": _reg_field(0, "sp"),
    "Rn": _reg_field(5, "zr"), "Rn_sp": _reg_field(5, "sp"),
    "Rm": _reg_field(16, "zr"), "Ra": _reg_field(10, "zr"),
    "Wt": _wreg_field(0),
    "Dd": _dreg_field(0), "Dn": _dreg_field(5), "Dm": _dreg_field(16),
    "aimm": _aimm, "limm": _limm, "imm16": _imm16, "hw": _hw, "lsl6": _lsl6, "sr6": _sr6,
    "shift": _shift, "cond": _cond_field(12), "ncond": _cond_field(12, inverted=True),
    "mem_u12": _mem_u12_scaled(8), "mem_s9": _mem_s9, "mem_reg": _mem_reg_scaled(3),
    "mem_u12_w": _mem_u12_scaled(4), "mem_reg_w": _mem_reg_scaled(2),
    "rel26": _rel_field(26, 0), "rel19": _rel_field(19, 5), "brk16": _imm16,
}
RELATIVE = {"rel26": (26, 0), "rel19": (19, 5)}


# --- The table ---------------------------------------------------------------
# (mnemonic, operand fields, base word).  A mnemonic's forms are tried in
# order; the first that takes the operands is used.

FORMS_TABLE = [
    # C4.1.86 Add/subtract (immediate), sf=1
    ("add", ("Rd_sp", "Rn_sp", "aimm"), 0x91000000),
    ("adds", ("Rd", "Rn_sp", "aimm"), 0xB1000000),
    ("sub", ("Rd_sp", "Rn_sp", "aimm"), 0xD1000000),
    ("subs", ("Rd", "Rn_sp", "aimm"), 0xF1000000),
    ("cmp", ("Rn_sp", "aimm"), 0xF100001F),                  # subs xzr, ...
    ("cmn", ("Rn_sp", "aimm"), 0xB100001F),                  # adds xzr, ...
    # C4.1.86 Logical (immediate)
    ("and", ("Rd_sp", "Rn", "limm"), 0x92000000),
    ("orr", ("Rd_sp", "Rn", "limm"), 0xB2000000),
    ("eor", ("Rd_sp", "Rn", "limm"), 0xD2000000),
    ("ands", ("Rd", "Rn", "limm"), 0xF2000000),
    ("tst", ("Rn", "limm"), 0xF200001F),                     # ands xzr, ...
    # C4.1.86 Move wide (immediate)
    ("movz", ("Rd", "imm16"), 0xD2800000),
    ("movz", ("Rd", "imm16", "hw"), 0xD2800000),
    ("movn", ("Rd", "imm16"), 0x92800000),
    ("movn", ("Rd", "imm16", "hw"), 0x92800000),
    ("movk", ("Rd", "imm16"), 0xF2800000),
    ("movk", ("Rd", "imm16", "hw"), 0xF2800000),
    # C4.1.86 Bitfield: aliases of UBFM / SBFM
    ("lsl", ("Rd", "Rn", "lsl6"), 0xD3400000),
    ("lsr", ("Rd", "Rn", "sr6"), 0xD340FC00),
    ("asr", ("Rd", "Rn", "sr6"), 0x9340FC00),
    # C4.1.89 Add/subtract (shifted register)
    ("add", ("Rd", "Rn", "Rm"), 0x8B000000),
    ("add", ("Rd", "Rn", "Rm", "shift"), 0x8B000000),
    ("adds", ("Rd", "Rn", "Rm"), 0xAB000000),
    ("sub", ("Rd", "Rn", "Rm"), 0xCB000000),
    ("sub", ("Rd", "Rn", "Rm", "shift"), 0xCB000000),
    ("subs", ("Rd", "Rn", "Rm"), 0xEB000000),
    ("cmp", ("Rn", "Rm"), 0xEB00001F),
    ("cmp", ("Rn", "Rm", "shift"), 0xEB00001F),
    ("cmn", ("Rn", "Rm"), 0xAB00001F),
    ("neg", ("Rd", "Rm"), 0xCB0003E0),                       # sub xd, xzr, xm
    # C4.1.89 Logical (shifted register)
    ("and", ("Rd", "Rn", "Rm"), 0x8A000000),
    ("orr", ("Rd", "Rn", "Rm"), 0xAA000000),
    ("eor", ("Rd", "Rn", "Rm"), 0xCA000000),
    ("eor", ("Rd", "Rn", "Rm", "shift"), 0xCA000000),
    ("ands", ("Rd", "Rn", "Rm"), 0xEA000000),
    ("tst", ("Rn", "Rm"), 0xEA00001F),
    ("mov", ("Rd", "Rm"), 0xAA0003E0),                       # orr xd, xzr, xm
    ("mvn", ("Rd", "Rm"), 0xAA2003E0),                       # orn xd, xzr, xm
    # C4.1.89 Data-processing (3 source)
    ("madd", ("Rd", "Rn", "Rm", "Ra"), 0x9B000000),
    ("msub", ("Rd", "Rn", "Rm", "Ra"), 0x9B008000),
    ("mul", ("Rd", "Rn", "Rm"), 0x9B007C00),                 # madd ..., xzr
    ("smulh", ("Rd", "Rn", "Rm"), 0x9B407C00),
    ("umulh", ("Rd", "Rn", "Rm"), 0x9BC07C00),
    # C4.1.89 Data-processing (2 source)
    ("sdiv", ("Rd", "Rn", "Rm"), 0x9AC00C00),
    ("udiv", ("Rd", "Rn", "Rm"), 0x9AC00800),
    ("lsl", ("Rd", "Rn", "Rm"), 0x9AC02000),                 # lslv
    ("lsr", ("Rd", "Rn", "Rm"), 0x9AC02400),                 # lsrv
    ("asr", ("Rd", "Rn", "Rm"), 0x9AC02800),                 # asrv
    # C4.1.89 Conditional select
    ("csel", ("Rd", "Rn", "Rm", "cond"), 0x9A800000),
    ("csinc", ("Rd", "Rn", "Rm", "cond"), 0x9A800400),
    ("cset", ("Rd", "ncond"), 0x9A9F07E0),                   # csinc xd, xzr, xzr, !cond
    # C4.1.88 Load/store register: unsigned immediate, register offset, unscaled
    ("ldr", ("Rd", "mem_u12"), 0xF9400000),
    ("ldr", ("Rd", "mem_reg"), 0xF8606800),
    ("ldur", ("Rd", "mem_s9"), 0xF8400000),
    ("str", ("Rd", "mem_u12"), 0xF9000000),
    ("str", ("Rd", "mem_reg"), 0xF8206800),
    ("stur", ("Rd", "mem_s9"), 0xF8000000),
    # the same, 32-bit (size=10): a str's 4-byte code point; LDR Wt zero-extends
    ("ldr", ("Wt", "mem_u12_w"), 0xB9400000),
    ("ldr", ("Wt", "mem_reg_w"), 0xB8606800),
    ("ldur", ("Wt", "mem_s9"), 0xB8400000),
    ("str", ("Wt", "mem_u12_w"), 0xB9000000),
    ("str", ("Wt", "mem_reg_w"), 0xB8206800),
    ("stur", ("Wt", "mem_s9"), 0xB8000000),
    ("ldr", ("Dd", "mem_u12"), 0xFD400000),
    ("ldr", ("Dd", "mem_reg"), 0xFC606800),
    ("ldur", ("Dd", "mem_s9"), 0xFC400000),
    ("str", ("Dd", "mem_u12"), 0xFD000000),
    ("str", ("Dd", "mem_reg"), 0xFC206800),
    ("stur", ("Dd", "mem_s9"), 0xFC000000),
    # C4.1.90 Scalar floating-point (double precision, ftype=01)
    ("fmov", ("Dd", "Dn"), 0x1E604000),
    ("fmov", ("Dd", "Rn"), 0x9E670000),
    ("fmov", ("Rd", "Dn"), 0x9E660000),
    ("fadd", ("Dd", "Dn", "Dm"), 0x1E602800),
    ("fsub", ("Dd", "Dn", "Dm"), 0x1E603800),
    ("fmul", ("Dd", "Dn", "Dm"), 0x1E600800),
    ("fdiv", ("Dd", "Dn", "Dm"), 0x1E601800),
    ("fneg", ("Dd", "Dn"), 0x1E614000),
    ("fabs", ("Dd", "Dn"), 0x1E60C000),
    ("fsqrt", ("Dd", "Dn"), 0x1E61C000),
    ("fcmp", ("Dn", "Dm"), 0x1E602000),
    ("scvtf", ("Dd", "Rn"), 0x9E620000),
    ("fcvtzs", ("Rd", "Dn"), 0x9E780000),
    # C4.1.87 Branches, exception generation, hints
    ("b", ("rel26",), 0x14000000),
    ("bl", ("rel26",), 0x94000000),
    ("cbz", ("Rd", "rel19"), 0xB4000000),
    ("cbnz", ("Rd", "rel19"), 0xB5000000),
    ("br", ("Rn",), 0xD61F0000),
    ("blr", ("Rn",), 0xD63F0000),
    ("ret", (), 0xD65F03C0),
    ("ret", ("Rn",), 0xD65F0000),
    ("brk", ("brk16",), 0xD4200000),
    ("nop", (), 0xD503201F),
] + [("b." + cond, ("rel19",), 0x54000000 | number) for number, cond in enumerate(CONDITIONS)]


@dataclass(frozen=True)
class Form:
    mnemonic: str
    fields: tuple
    base: int

    @property
    def shape(self):
        return ", ".join(self.fields)

    @property
    def relative(self):
        for field in self.fields:
            if field in RELATIVE:
                return field
        return None


ALL_FORMS = tuple(Form(m, f, b) for m, f, b in FORMS_TABLE)
FORMS_BY_MNEMONIC = {}
for _form in ALL_FORMS:
    FORMS_BY_MNEMONIC.setdefault(_form.mnemonic, []).append(_form)


def encode_form(form, operands, offset=0):
    """The word of ``form`` with ``operands`` for an instruction at ``offset``
    (labels' offsets count from the same base), or None if they do not fit."""
    if len(operands) != len(form.fields):
        return None
    word = form.base
    for field, operand in zip(form.fields, operands):
        bits = FIELDS[field](operand, offset)
        if bits is None:
            return None
        word |= bits
    return word


def choose(mnemonic, operands, offset=0):
    """(form, word) of the first form of ``mnemonic`` taking ``operands``."""
    forms = FORMS_BY_MNEMONIC.get(mnemonic)
    if forms is None:
        raise EncodingError("unknown mnemonic %r" % (mnemonic,))
    for form in forms:
        word = encode_form(form, operands, offset)
        if word is not None:
            return form, word
    raise EncodingError("%s %s: no form takes these operands (register class, SP/XZR, immediate "
                        "or offset out of range, or branch target too far); forms: %s"
                        % (mnemonic, ", ".join(map(repr, operands)),
                           "; ".join("(%s)" % f.shape for f in forms)))


def encode(mnemonic, *operands, offset=0):
    """The 4 bytes of one instruction."""
    return struct.pack("<I", choose(mnemonic, operands, offset)[1])


# --- The assembler -----------------------------------------------------------

class CodeBuilder(CodeBuilderBase):
    """Appends instructions to ``code``; ``base`` is the guest address of
    code[0] (for absolute labels and disassembly).  A fixup is (label,
    offset of the instruction, field name)."""

    Error = EncodingError

    def emit(self, mnemonic, *operands, note=None):
        offset = self.offset
        form, word = choose(mnemonic, operands, offset)
        self.code += struct.pack("<I", word)
        field = form.relative
        if field is not None:
            label = operands[form.fields.index(field)]
            if label.offset is None:
                self._fixups.append((label, offset, field))
        record = Record(offset, 4, mnemonic, form.shape, tuple(operands), self.note if note is None else note)
        self.records.append(record)
        return record

    def getcode(self):
        if self._fixups:
            names = sorted({str(f[0].name) for f in self._fixups})
            raise EncodingError("unbound labels: %s" % ", ".join(names))
        return bytes(self.code)

    def _patch(self, label, at, field):
        bits, shift = RELATIVE[field]
        delta = label.offset - at
        if not fits_signed(delta // 4, bits):
            raise EncodingError("branch to %r (%+d bytes) does not fit in imm%d" % (label.name, delta, bits))
        word = struct.unpack_from("<I", self.code, at)[0]
        word |= ((delta // 4) & ((1 << bits) - 1)) << shift
        struct.pack_into("<I", self.code, at, word)


def branch_word(mnemonic, at, target):
    """The word of a b/bl at address ``at`` to ``target`` (None if out of range)."""
    delta = target - at
    if delta % 4 or not fits_signed(delta // 4, 26):
        return None
    return (0x14000000 if mnemonic == "b" else 0x94000000) | ((delta // 4) & 0x3FFFFFF)


def mov_imm_steps(value):
    """The shortest movz/movn + movk sequence (or one orr of a bitmask
    immediate) putting the 64-bit ``value`` in a register: a list of
    (mnemonic, operands after the register)."""
    value &= MASK64
    halves = [(value >> (16 * i)) & 0xFFFF for i in range(4)]
    zeros = sum(1 for h in halves if h == 0)
    ones = sum(1 for h in halves if h == 0xFFFF)
    if ones > zeros:
        first = next((i for i, h in enumerate(halves) if h != 0xFFFF), 0)
        steps = [("movn", (halves[first] ^ 0xFFFF, 16 * first))]
        rest = [i for i in range(4) if i != first and halves[i] != 0xFFFF]
    else:
        first = next((i for i, h in enumerate(halves) if h != 0), 0)
        steps = [("movz", (halves[first], 16 * first))]
        rest = [i for i in range(4) if i != first and halves[i] != 0]
    steps += [("movk", (halves[i], 16 * i)) for i in rest]
    if len(steps) > 1 and encode_bitmask(value) is not None:
        return [("orr", ("xzr", value))]
    return steps
