"""s390x (z/Architecture) instruction encoder, driven by a table of formats.

Named after PyPy's rpython/jit/backend/zarch/codebuilder.py (with its
instruction table, instructions.py).  Unlike A64's fixed words, an s390x
instruction is 2, 4 or 6 bytes: the first two bits of the opcode say which
(00: 2, 01/10: 4, 11: 6), and the *format* says where the opcode's bytes and
the operand fields sit.  So this encoder is two tables:

- ``FORMATS``: one tiny encoder per format, from the z/Architecture
  Principles of Operation (SA22-7832, chapter 5 "Program Execution",
  section "Instructions", figure 5-2 "Instruction formats"); each takes the
  opcode and the operands' field values, in assembler order, and returns
  the bytes (big-endian: the machine's byte order);
- ``INSTRUCTIONS``: mnemonic -> (format, opcode, operand kinds), the
  opcodes from the PoO's appendix B (instructions arranged by mnemonic).

Operands: ``"r0"``..``"r15"`` (general registers), ``"f0"``..``"f15"``
(floating-point registers), ints (immediates, masks), ``Mem(base, disp,
index)`` for D2(X2,B2) and ``Label``s for relative branches.  Register 0 as
a base or index means "none" on s390x (PoO "Address generation"): a Mem
naming r0 raises EncodingError rather than silently addressing from 0.

Relative branches (BRC, BRCL, BRASL) count in halfwords from the branch
itself (PoO "Relative-branch instructions"); BRC reaches +-64 KiB, the RIL
forms +-4 GiB, so the JIT uses BRCL/BRASL for anything that may be far.

Every condition is a 4-bit *mask* over the 2-bit condition code: mask bit
8 selects CC0, 4 CC1, 2 CC2, 1 CC3 (PoO "Branch on condition").  The
opposite condition is ``mask ^ 15``: no separate "unordered" case exists,
CC3 is just one more code.

``CodeBuilder`` appends instructions, binds labels, patches forward
branches and records which trace operation each instruction implements.
tests/test_s390x_codebuilder.py checks every form against Capstone and GNU
``as``.

    asm = CodeBuilder(base=0x1000000)
    loop = asm.new_label("loop")
    asm.bind(loop)
    asm.emit("lg", "r2", Mem("r11", 16))
    asm.emit("brcl", 4, loop)
"""

from dataclasses import dataclass
from typing import Optional

from ..codebuilder import CodeBuilderBase, Label, Record

MASK64 = (1 << 64) - 1


class EncodingError(ValueError):
    """An instruction that has no encoding: unknown mnemonic, operand out of range..."""


@dataclass(frozen=True)
class Mem:
    """D(X,B): ``base`` + ``index`` + ``disp``; base/index None or a register but r0."""
    base: Optional[str]
    disp: int = 0
    index: Optional[str] = None


GPRS = tuple("r%d" % i for i in range(16))
FPRS = tuple("f%d" % i for i in range(16))

# condition masks (PoO: mask bit 8 = CC0 ... 1 = CC3); the names are Capstone's suffixes
CC_MASK = {"o": 1, "h": 2, "nle": 3, "l": 4, "nhe": 5, "lh": 6, "ne": 7, "e": 8, "nlh": 9, "he": 10,
           "nl": 11, "le": 12, "nh": 13, "no": 14}


def invert(mask):
    """The condition true exactly when ``mask`` is false."""
    return mask ^ 15


def fits_signed(value, bits):
    return -(1 << (bits - 1)) <= value < (1 << (bits - 1))


# --- Operand kinds: an operand -> its field value(s) ---------------------------

def _reg(names):
    def field(operand):
        if operand not in names:
            raise EncodingError("expected a register %s..%s, got %r" % (names[0], names[-1], operand))
        return names.index(operand)
    return field


def _even_reg(operand):
    """The even register of an even/odd pair (MLGR, DSGR work on R1 and R1+1)."""
    number = _reg(GPRS)(operand)
    if number % 2:
        raise EncodingError("%r: this operand names an even/odd register pair, so it must be even" % operand)
    return number


def _address_reg(name, what):
    if name is None:
        return 0
    if name not in GPRS or name == "r0":
        raise EncodingError("%s %r: r1..r15 (r0 as a base or index means 'no register')" % (what, name))
    return GPRS.index(name)


def _int(bits, signed):
    def field(operand):
        if not isinstance(operand, int) or isinstance(operand, bool):
            raise EncodingError("expected an immediate, got %r" % (operand,))
        low, high = (-(1 << (bits - 1)), 1 << (bits - 1)) if signed else (0, 1 << bits)
        if not low <= operand < high:
            raise EncodingError("immediate %d does not fit in %s%d" % (operand, "s" if signed else "u", bits))
        return operand & ((1 << bits) - 1)
    return field


def _mem(disp_bits, signed, indexed):
    def field(operand):
        if not isinstance(operand, Mem):
            raise EncodingError("expected a Mem, got %r" % (operand,))
        if operand.index is not None and not indexed:
            raise EncodingError("this form has no index register: %r" % (operand,))
        _int(disp_bits, signed)(operand.disp)
        return (operand.disp & ((1 << disp_bits) - 1), _address_reg(operand.index, "index"),
                _address_reg(operand.base, "base"))
    return field


def _rel(bits):
    def field(operand):
        if not isinstance(operand, Label):
            raise EncodingError("expected a Label, got %r" % (operand,))
        return operand
    field.rel_bits = bits
    return field


KINDS = {
    "r": _reg(GPRS), "f": _reg(FPRS), "m": _int(4, False), "rp": _even_reg,
    "s16": _int(16, True), "u16": _int(16, False), "s32": _int(32, True), "u32": _int(32, False),
    "len": _int(8, False),
    "dxb12": _mem(12, False, True),         # D2(X2,B2), unsigned 12-bit displacement
    "dxb20": _mem(20, True, True),          # D2(X2,B2), signed 20-bit (long-displacement facility)
    "db12": _mem(12, False, False),         # D(B)
    "db20": _mem(20, True, False),
    "rel16": _rel(16), "rel32": _rel(32),
}


# --- Formats (PoO figure 5-2): opcode + field values -> bytes -------------------

def _split20(disp):
    """A 20-bit displacement's DL (low 12 bits) and DH (high 8): stored DL first."""
    return disp & 0xFFF, disp >> 12


def fmt_rr(op, r1, r2):                       # RR: OP R1 R2
    return bytes([op, r1 << 4 | r2])


def fmt_rre(op, r1, r2):                      # RRE: OP(16) //// R1 R2
    return op.to_bytes(2, "big") + bytes([0, r1 << 4 | r2])


def fmt_rrf_a(op, r1, r2, r3):                # RRF-a: OP(16) R3 M4 R1 R2   (agrk R1,R2,R3)
    return op.to_bytes(2, "big") + bytes([r3 << 4, r1 << 4 | r2])


def fmt_rrf_e(op, r1, m3, r2):                # RRF-e: OP(16) M3 M4 R1 R2   (cgdbr R1,M3,R2)
    return op.to_bytes(2, "big") + bytes([m3 << 4, r1 << 4 | r2])


def fmt_rx(op, r1, dxb):                      # RX-a: OP R1 X2 B2 D2(12)
    d, x, b = dxb
    return bytes([op, r1 << 4 | x, b << 4 | d >> 8, d & 0xFF])


def fmt_rxy(op, r1, dxb):                     # RXY-a: OP(8) R1 X2 B2 DL2(12) DH2(8) OP(8)
    d, x, b = dxb
    dl, dh = _split20(d)
    return bytes([op >> 8, r1 << 4 | x, b << 4 | dl >> 8, dl & 0xFF, dh, op & 0xFF])


def fmt_ri(op, r1, i2):                       # RI-a/RI-c: OP(8) R1|M1 OP(4) I2(16)
    return bytes([op >> 4, r1 << 4 | (op & 0xF)]) + i2.to_bytes(2, "big")


def fmt_ril(op, r1, i2):                      # RIL-a/b/c: OP(8) R1|M1 OP(4) I2(32)
    return bytes([op >> 4, r1 << 4 | (op & 0xF)]) + i2.to_bytes(4, "big")


def fmt_rsy(op, r1, r3, db):                  # RSY-a: OP(8) R1 R3 B2 DL2 DH2 OP(8)
    d, _, b = db
    dl, dh = _split20(d)
    return bytes([op >> 8, r1 << 4 | r3, b << 4 | dl >> 8, dl & 0xFF, dh, op & 0xFF])


def fmt_sil(op, db, i2):                      # SIL: OP(16) B1 D1(12) I2(16)
    d, _, b = db
    return op.to_bytes(2, "big") + bytes([b << 4 | d >> 8, d & 0xFF]) + i2.to_bytes(2, "big")


def fmt_ss_a(op, db1, length, db2):           # SS-a: OP L(8) B1 D1 B2 D2; L is the length - 1
    (d1, _, b1), (d2, _, b2) = db1, db2
    return bytes([op, length, b1 << 4 | d1 >> 8, d1 & 0xFF, b2 << 4 | d2 >> 8, d2 & 0xFF])


FORMATS = {     # name -> (encoder, length in bytes)
    "RR": (fmt_rr, 2), "RRE": (fmt_rre, 4), "RRF-a": (fmt_rrf_a, 4), "RRF-e": (fmt_rrf_e, 4),
    "RX-a": (fmt_rx, 4), "RXY-a": (fmt_rxy, 6), "RI": (fmt_ri, 4), "RIL": (fmt_ril, 6),
    "RSY-a": (fmt_rsy, 6), "SIL": (fmt_sil, 6), "SS-a": (fmt_ss_a, 6),
}


# --- Instructions (PoO appendix B): mnemonic -> format, opcode, operand kinds --------

INSTRUCTIONS = {
    # loads and stores (general registers)
    "lg": ("RXY-a", 0xE304, ("r", "dxb20")),        # LOAD (64)
    "stg": ("RXY-a", 0xE324, ("r", "dxb20")),       # STORE (64)
    # a str's 4-byte code points (PyPy's zarch backend: LLGF for an unsigned
    # 4-byte load, ST/STY for the store); LLGF zeroes bits 0-31 of R1
    "llgf": ("RXY-a", 0xE316, ("r", "dxb20")),      # LOAD LOGICAL (64 <- 32)
    "st": ("RX-a", 0x50, ("r", "dxb12")),           # STORE (32)
    "sty": ("RXY-a", 0xE350, ("r", "dxb20")),       # STORE (32), long displacement
    "la": ("RX-a", 0x41, ("r", "dxb12")),           # LOAD ADDRESS
    "lay": ("RXY-a", 0xE371, ("r", "dxb20")),       # LOAD ADDRESS (long displacement)
    "mvghi": ("SIL", 0xE548, ("db12", "s16")),      # MOVE (64 <- 16)
    "mvc": ("SS-a", 0xD2, ("db12", "len", "db12")), # MOVE (character): len is the length - 1
    "cghsi": ("SIL", 0xE558, ("db12", "s16")),      # COMPARE HALFWORD IMMEDIATE (64 <- 16), storage
    # register moves and immediates
    "lgr": ("RRE", 0xB904, ("r", "r")),             # LOAD (64)
    "lghi": ("RI", 0xA79, ("r", "s16")),            # LOAD HALFWORD IMMEDIATE (64 <- 16)
    "lgfi": ("RIL", 0xC01, ("r", "s32")),           # LOAD IMMEDIATE (64 <- 32)
    "llilf": ("RIL", 0xC0F, ("r", "u32")),          # LOAD LOGICAL IMMEDIATE (low)
    "llihf": ("RIL", 0xC0E, ("r", "u32")),          # LOAD LOGICAL IMMEDIATE (high)
    "iilf": ("RIL", 0xC09, ("r", "u32")),           # INSERT IMMEDIATE (low)
    "ltgr": ("RRE", 0xB902, ("r", "r")),            # LOAD AND TEST (64)
    "lcgr": ("RRE", 0xB903, ("r", "r")),            # LOAD COMPLEMENT (64)
    "lpgr": ("RRE", 0xB900, ("r", "r")),            # LOAD POSITIVE (64)
    "lgbr": ("RRE", 0xB906, ("r", "r")),            # LOAD BYTE (64 <- 8)
    "lghr": ("RRE", 0xB907, ("r", "r")),            # LOAD HALFWORD (64 <- 16)
    "lgfr": ("RRE", 0xB914, ("r", "r")),            # LOAD (64 <- 32)
    # arithmetic and logic: distinct-operands forms (z196) and immediates
    "agrk": ("RRF-a", 0xB9E8, ("r", "r", "r")),     # ADD (64)
    "sgrk": ("RRF-a", 0xB9E9, ("r", "r", "r")),     # SUBTRACT (64)
    "ngrk": ("RRF-a", 0xB9E4, ("r", "r", "r")),     # AND (64)
    "ogrk": ("RRF-a", 0xB9E6, ("r", "r", "r")),     # OR (64)
    "xgrk": ("RRF-a", 0xB9E7, ("r", "r", "r")),     # EXCLUSIVE OR (64)
    "agr": ("RRE", 0xB908, ("r", "r")),             # ADD (64)
    "sgr": ("RRE", 0xB909, ("r", "r")),             # SUBTRACT (64)
    "msgr": ("RRE", 0xB90C, ("r", "r")),            # MULTIPLY SINGLE (64)
    "ngr": ("RRE", 0xB980, ("r", "r")),             # AND (64)
    "msg": ("RXY-a", 0xE30C, ("r", "dxb20")),
    "mlg": ("RXY-a", 0xE386, ("rp", "dxb20")),
    "ng": ("RXY-a", 0xE380, ("r", "dxb20")),        # AND (64), storage operand
    "sg": ("RXY-a", 0xE309, ("r", "dxb20")),        # SUBTRACT (64), storage operand
    "mlgr": ("RRE", 0xB986, ("rp", "r")),            # MULTIPLY LOGICAL (128 <- 64): R1 even
    "dsgr": ("RRE", 0xB90D, ("rp", "r")),            # DIVIDE SINGLE (64): R1 even
    "aghi": ("RI", 0xA7B, ("r", "s16")),            # ADD HALFWORD IMMEDIATE (64)
    "agfi": ("RIL", 0xC28, ("r", "s32")),           # ADD IMMEDIATE (64 <- 32)
    "msgfi": ("RIL", 0xC20, ("r", "s32")),          # MULTIPLY SINGLE IMMEDIATE (64 <- 32)
    "oihh": ("RI", 0xA58, ("r", "u16")),            # OR IMMEDIATE (high high)
    "nill": ("RI", 0xA57, ("r", "u16")),            # AND IMMEDIATE (low low)
    "sllg": ("RSY-a", 0xEB0D, ("r", "r", "db20")),  # SHIFT LEFT SINGLE LOGICAL (64)
    "srlg": ("RSY-a", 0xEB0C, ("r", "r", "db20")),  # SHIFT RIGHT SINGLE LOGICAL (64)
    "srag": ("RSY-a", 0xEB0A, ("r", "r", "db20")),  # SHIFT RIGHT SINGLE (64)
    # comparisons
    "cgr": ("RRE", 0xB920, ("r", "r")),             # COMPARE (64)
    "clgr": ("RRE", 0xB921, ("r", "r")),            # COMPARE LOGICAL (64)
    "cg": ("RXY-a", 0xE320, ("r", "dxb20")),
    "clg": ("RXY-a", 0xE321, ("r", "dxb20")),
    "cghi": ("RI", 0xA7F, ("r", "s16")),            # COMPARE HALFWORD IMMEDIATE (64)
    "cgfi": ("RIL", 0xC2C, ("r", "s32")),           # COMPARE IMMEDIATE (64 <- 32)
    "clgfi": ("RIL", 0xC2E, ("r", "u32")),          # COMPARE LOGICAL IMMEDIATE (64 <- 32)
    # branches
    "brc": ("RI", 0xA74, ("m", "rel16")),           # BRANCH RELATIVE ON CONDITION
    "brcl": ("RIL", 0xC04, ("m", "rel32")),         # BRANCH RELATIVE ON CONDITION LONG
    "brasl": ("RIL", 0xC05, ("r", "rel32")),        # BRANCH RELATIVE AND SAVE LONG
    "bcr": ("RR", 0x07, ("m", "r")),                # BRANCH ON CONDITION (bcr 15,r14 = br r14)
    "basr": ("RR", 0x0D, ("r", "r")),               # BRANCH AND SAVE
    # binary floating point (long: 64-bit)
    "ld": ("RX-a", 0x68, ("f", "dxb12")),           # LOAD (long)
    "std": ("RX-a", 0x60, ("f", "dxb12")),          # STORE (long)
    "ldy": ("RXY-a", 0xED65, ("f", "dxb20")),
    "stdy": ("RXY-a", 0xED67, ("f", "dxb20")),
    "ldr": ("RR", 0x28, ("f", "f")),                # LOAD (long)
    "ldgr": ("RRE", 0xB3C1, ("f", "r")),            # LOAD FPR FROM GR (bits, no conversion)
    "lgdr": ("RRE", 0xB3CD, ("r", "f")),            # LOAD GR FROM FPR
    "adbr": ("RRE", 0xB31A, ("f", "f")),            # ADD (long BFP)
    "sdbr": ("RRE", 0xB31B, ("f", "f")),            # SUBTRACT (long BFP)
    "mdbr": ("RRE", 0xB31C, ("f", "f")),            # MULTIPLY (long BFP)
    "ddbr": ("RRE", 0xB31D, ("f", "f")),            # DIVIDE (long BFP)
    "sqdbr": ("RRE", 0xB315, ("f", "f")),           # SQUARE ROOT (long BFP)
    "cdbr": ("RRE", 0xB319, ("f", "f")),            # COMPARE (long BFP): CC3 = unordered
    "lcdfr": ("RRE", 0xB373, ("f", "f")),           # LOAD COMPLEMENT (long): the sign bit only
    "lpdfr": ("RRE", 0xB370, ("f", "f")),           # LOAD POSITIVE (long): the sign bit only
    "cdgbr": ("RRE", 0xB3A5, ("f", "r")),           # CONVERT FROM FIXED (64 -> long BFP)
    "cgdbr": ("RRF-e", 0xB3A9, ("r", "m", "f")),    # CONVERT TO FIXED (long BFP -> 64), M3 rounding
}


@dataclass(frozen=True)
class Form:
    mnemonic: str
    format: str
    opcode: int
    kinds: tuple

    @property
    def shape(self):
        return "%s %s" % (self.format, ", ".join(self.kinds))

    @property
    def size(self):
        return FORMATS[self.format][1]

    @property
    def relative(self):
        return next((i for i, kind in enumerate(self.kinds) if kind.startswith("rel")), None)


ALL_FORMS = tuple(Form(m, *row) for m, row in INSTRUCTIONS.items())
FORMS_BY_MNEMONIC = {form.mnemonic: form for form in ALL_FORMS}


def form_of(mnemonic):
    form = FORMS_BY_MNEMONIC.get(mnemonic)
    if form is None:
        raise EncodingError("unknown mnemonic %r" % (mnemonic,))
    return form


def encode_form(form, operands, offset=0):
    """The bytes of ``form`` with ``operands`` at ``offset``; an unbound
    label encodes as 0 (patched when bound)."""
    if len(operands) != len(form.kinds):
        raise EncodingError("%s takes %d operands (%s), got %d"
                            % (form.mnemonic, len(form.kinds), form.shape, len(operands)))
    fields = []
    for kind, operand in zip(form.kinds, operands):
        value = KINDS[kind](operand)
        if isinstance(value, Label):
            value = _relative(value, offset, KINDS[kind].rel_bits) if value.offset is not None else 0
        fields.append(value)
    return FORMATS[form.format][0](form.opcode, *fields)


def _relative(label, at, bits):
    """The halfword count from the branch at ``at`` to ``label``, as an unsigned field."""
    delta = label.offset - at
    if delta % 2 or not fits_signed(delta // 2, bits):
        raise EncodingError("branch to %r (%+d bytes) does not fit in %d halfword bits" % (label.name, delta, bits))
    return (delta // 2) & ((1 << bits) - 1)


def encode(mnemonic, *operands, offset=0):
    """The 2, 4 or 6 bytes of one instruction."""
    return encode_form(form_of(mnemonic), operands, offset)


# --- The code builder -----------------------------------------------------------

class CodeBuilder(CodeBuilderBase):
    """Appends instructions to ``code``; ``base`` is the guest address of
    code[0].  A fixup is (label, offset of the branch, its form)."""

    Error = EncodingError

    def emit(self, mnemonic, *operands, note=None):
        offset = self.offset
        form = form_of(mnemonic)
        data = encode_form(form, operands, offset)
        self.code += data
        position = form.relative
        if position is not None and operands[position].offset is None:
            self._fixups.append((operands[position], offset, form, operands))
        record = Record(offset, len(data), mnemonic, form.shape, tuple(operands), self.note if note is None else note)
        self.records.append(record)
        return record

    def getcode(self):
        if self._fixups:
            names = sorted({str(f[0].name) for f in self._fixups})
            raise EncodingError("unbound labels: %s" % ", ".join(names))
        return bytes(self.code)

    def _patch(self, label, at, form, operands):
        data = encode_form(form, operands, at)
        self.code[at:at + len(data)] = data


def branch_bytes(mnemonic, at, target, first=15):
    """The 6 bytes of brcl ``first`` (mask) or brasl r``first`` at address ``at`` to ``target``."""
    label = Label(hex(target))
    label.offset = target - at
    return encode(mnemonic, first if mnemonic == "brcl" else "r%d" % first, label, offset=0)


def mov_imm_steps(value):
    """The shortest sequence putting the 64-bit ``value`` in a register: a
    list of (mnemonic, operands after the register)."""
    value &= MASK64
    signed = value - (1 << 64) if value >> 63 else value
    if fits_signed(signed, 16):
        return [("lghi", (signed,))]
    if fits_signed(signed, 32):
        return [("lgfi", (signed,))]
    high, low = value >> 32, value & 0xFFFFFFFF
    if high == 0:
        return [("llilf", (low,))]
    steps = [("llihf", (high,))]
    if low:
        steps.append(("iilf", (low,)))
    return steps
