"""PPC64 (Power ISA) instruction encoder, driven by a table of forms.

Named after PyPy's rpython/jit/backend/ppc/codebuilder.py (whose
``ppc_assembler.py`` builds its instructions from "forms" too).  Every
instruction is one 32-bit word, stored big-endian on ppc64 and
little-endian on ppc64le (the same word: only the byte order of the code
differs).  A word is a primary opcode (bits 0-5, IBM numbering: bit 0 is
the most significant) and fields at fixed places; the Power ISA (v3.1,
Book I, section 1.6 "Instruction Formats") names the layouts, and this
module has one field encoder per kind of field they share:

- I-form (1.6.1): b, bl: LI, a 24-bit word offset (+-32 MiB);
- B-form (1.6.2): bc: BO (what to test), BI (which CR bit), BD, a 14-bit
  word offset (+-32 KiB): the extended mnemonics blt/bgt/beq/bso and their
  negations bge/ble/bne/bns test one bit of CR field 0;
- D-form (1.6.4): addi, addis, ori, oris, xori, andi., cmpdi, cmpldi, lfd,
  stfd, lwz, stw (a str's 4-byte code points: lwz zero-extends the word): a 16-bit immediate or displacement (RA=0 in a base position means
  the value 0, not r0: such fields refuse r0);
- DS-form (1.6.5): ld, std: the displacement is a multiple of 4 (its low
  two bits are the extended opcode: 6 would encode ``lwa``!);
- X-form (1.6.7): and, or, xor, nor, sld, srd, srad, extsb/h/w, cmpd,
  cmpld, ldx, stdx, lwzx, stwx, lfdx, stfdx, fcmpu, fneg, fabs, fmr, fcfid, fctidz,
  tw (the trap filling unused code);
- XL-form (1.6.8): bclr (blr), bcctr (bctr, bctrl), cror;
- XFX-form (1.6.9): mtspr/mfspr (mtxer, mtctr, mflr...), mfcr;
- XS-form (1.6.15): sradi (a 6-bit shift split 5+1);
- XO-form (1.6.16): add, subf, neg, mulld, mulhd, mulhdu, divd and the
  overflow-recording ``o.`` forms addo., subfo., mulldo. (OE=1: XER[OV],
  XER[SO]; Rc=1: CR0, whose SO bit copies XER[SO]);
- A-form (1.6.17): fadd, fsub, fmul, fdiv; isel;
- M-form (1.6.19): rlwinm (extracting one CR bit after mfcr);
- MD-form (1.6.20): rldicl, rldicr (the sldi/srdi/clrldi aliases), 6-bit
  shift and mask fields each split 5+1.

Chapter references for what each instruction does: Book I chapter 2
(Branch Facility), 3 (Fixed-Point Facility), 4 (Floating-Point Facility).
Only 64-bit forms exist here, the JIT's values being words, except the word
loads and stores of a str's 4-byte code points (lwz, lwzx, stw, stwx).  A wrong
register class or an operand out of range raises EncodingError.

``CodeBuilder`` appends instructions, binds labels and patches forward
branches (offsets count from the branch itself).  A conditional branch
reaches +-32 KiB: one further away raises BranchTooFar (an EncodingError)
naming the label, never wrong code; the trace compiler then compiles the
trace again with far branches (codegen.py ``cond_branch``).  tests/test_ppc64_codebuilder.py checks every form
against Capstone and, where installed, GNU as.
"""

import struct
from dataclasses import dataclass

from ..codebuilder import BranchOutOfReach, CodeBuilderBase, Label, Record


class EncodingError(ValueError):
    """An instruction that has no encoding: unknown form, operand range, reach..."""


class BranchTooFar(EncodingError, BranchOutOfReach):
    """A forward branch whose label was bound out of its reach."""


GPRS = tuple("r%d" % i for i in range(32))
FPRS = tuple("f%d" % i for i in range(32))
CRFIELDS = tuple("cr%d" % i for i in range(8))
CR_BITS = {"lt": 0, "gt": 1, "eq": 2, "so": 3}         # bit of a CR field (so: "un" after fcmpu)
# the conditional branches on CR0: (branch if the bit is set: BO=12, if clear: BO=4)
BRANCHES = {"blt": (12, "lt"), "bgt": (12, "gt"), "beq": (12, "eq"), "bso": (12, "so"),
            "bge": (4, "lt"), "ble": (4, "gt"), "bne": (4, "eq"), "bns": (4, "so")}
SPRS = {"xer": 1, "lr": 8, "ctr": 9}


@dataclass(frozen=True)
class Mem:
    """disp(base): a D- or DS-form memory operand."""
    base: str
    disp: int = 0


def fits_signed(value, bits):
    return -(1 << (bits - 1)) <= value < (1 << (bits - 1))


def _is_int(operand):
    return isinstance(operand, int) and not isinstance(operand, bool)


def _number(operand, names):
    if isinstance(operand, str) and operand in names:
        return names.index(operand)
    return None


# Field encoders: function(operand, offset) -> the bits to OR in, or None
# when the operand does not fit (another form of the mnemonic may).

def _gpr(shift, nonzero=False):
    """A GPR at ``shift``; ``nonzero``: RA in a base/addend position, where
    field value 0 means the number 0, so r0 is refused."""
    def encode(operand, offset):
        number = _number(operand, GPRS)
        if number is None or (nonzero and number == 0):
            return None
        return number << shift
    return encode


def _gpr_or_zero(shift):
    """isel's RA: a GPR other than r0, or the literal 0."""
    def encode(operand, offset):
        if operand == 0 and _is_int(operand):
            return 0
        return _gpr(shift, nonzero=True)(operand, offset)
    return encode


def _fpr(shift):
    def encode(operand, offset):
        number = _number(operand, FPRS)
        return None if number is None else number << shift
    return encode


def _crf(operand, offset):
    number = _number(operand, CRFIELDS)
    return None if number is None else number << 23


def _crbit(shift):
    def encode(operand, offset):
        return operand << shift if _is_int(operand) and 0 <= operand < 32 else None
    return encode


def _si16(operand, offset):
    return operand & 0xFFFF if _is_int(operand) and fits_signed(operand, 16) else None


def _ui16(operand, offset):
    return operand if _is_int(operand) and 0 <= operand <= 0xFFFF else None


def _mem_d(operand, offset):
    """D-form: signed 16-bit displacement, base not r0."""
    if not isinstance(operand, Mem) or not _is_int(operand.disp) or not fits_signed(operand.disp, 16):
        return None
    base = _gpr(16, nonzero=True)(operand.base, offset)
    return None if base is None else base | (operand.disp & 0xFFFF)


def _mem_ds(operand, offset):
    """DS-form: like D, the displacement a multiple of 4."""
    if not isinstance(operand, Mem) or not _is_int(operand.disp) or operand.disp % 4:
        return None
    return _mem_d(operand, offset)


def _sh6_split(operand, offset):
    """MD/XS-form sh: sh[0:4] in bits 16-20, sh[5] in bit 30 (IBM numbering)."""
    if not _is_int(operand) or not 0 <= operand <= 63:
        return None
    return (operand & 0x1F) << 11 | (operand >> 5) << 1


def _mb6_split(operand, offset):
    """MD-form mb/me: the 6-bit value stored as mb[1:5] || mb[0] in bits 21-26."""
    if not _is_int(operand) or not 0 <= operand <= 63:
        return None
    return (operand & 0x1F) << 6 | (operand >> 5) << 5


def _m5(shift):
    def encode(operand, offset):
        return operand << shift if _is_int(operand) and 0 <= operand <= 31 else None
    return encode


def _spr(operand, offset):
    """XFX-form spr: the 10-bit number with its two 5-bit halves swapped."""
    number = SPRS.get(operand)
    if number is None:
        return None
    return ((number & 0x1F) << 5 | number >> 5) << 11


def _rel_field(bits, mask):
    """A branch offset in bytes from the branch itself (a multiple of 4);
    an unbound label gives 0 now and is patched by bind()."""
    def encode(operand, offset):
        if not isinstance(operand, Label):
            return None
        if operand.offset is None:
            return 0
        delta = operand.offset - offset
        if delta % 4 or not fits_signed(delta, bits):
            return None
        return delta & mask
    return encode


FIELDS = {
    "rT": _gpr(21), "rA": _gpr(16), "rB": _gpr(11), "rA_nz": _gpr(16, nonzero=True),
    "rA_or_0": _gpr_or_zero(16),
    "fT": _fpr(21), "fA": _fpr(16), "fB": _fpr(11), "fC": _fpr(6),
    "crf": _crf, "bt": _crbit(21), "ba": _crbit(16), "bb": _crbit(11), "bc": _crbit(6),
    "si16": _si16, "ui16": _ui16, "mem_d": _mem_d, "mem_ds": _mem_ds,
    "sh6": _sh6_split, "mb6": _mb6_split, "sh5": _m5(11), "mb5": _m5(6), "me5": _m5(1),
    "spr": _spr, "rel24": _rel_field(26, 0x03FFFFFC), "rel14": _rel_field(16, 0xFFFC),
}
RELATIVE = {"rel24": (26, 0x03FFFFFC), "rel14": (16, 0xFFFC)}


def _op(primary):
    return primary << 26


def _x(xo, rc=0):
    """Primary opcode 31, X-form extended opcode in bits 21-30."""
    return _op(31) | xo << 1 | rc


def _xo(xo, oe=0, rc=0):
    """XO-form: OE in bit 21, the 9-bit extended opcode in bits 22-30."""
    return _op(31) | oe << 10 | xo << 1 | rc


def _fp(xo):
    return _op(63) | xo << 1


# --- The table ---------------------------------------------------------------
# (mnemonic, operand fields in assembler order, base word).  A mnemonic's
# forms are tried in order; the first that takes the operands is used.

FORMS_TABLE = [
    # D-form: arithmetic and logical immediates (Book I 3.3.9, 3.3.13)
    ("li", ("rT", "si16"), _op(14)),                            # addi rT, 0, si
    ("addi", ("rT", "rA_nz", "si16"), _op(14)),
    ("lis", ("rT", "si16"), _op(15)),                           # addis rT, 0, si
    ("addis", ("rT", "rA_nz", "si16"), _op(15)),
    ("ori", ("rA", "rT", "ui16"), _op(24)),                     # RS in the rT place
    ("oris", ("rA", "rT", "ui16"), _op(25)),
    ("xori", ("rA", "rT", "ui16"), _op(26)),
    ("andi.", ("rA", "rT", "ui16"), _op(28)),
    ("nop", (), _op(24)),                                       # ori r0, r0, 0
    # D-form compares (3.3.10): BF in bits 6-8, L=1 (64-bit) in bit 10
    ("cmpdi", ("crf", "rA", "si16"), _op(11) | 1 << 21),
    ("cmpldi", ("crf", "rA", "ui16"), _op(10) | 1 << 21),
    # DS-form / D-form loads and stores (3.3.2, 3.3.3; 4.6.2, 4.6.3)
    ("ld", ("rT", "mem_ds"), _op(58)),
    ("std", ("rT", "mem_ds"), _op(62)),
    ("lfd", ("fT", "mem_d"), _op(50)),
    # the word (32-bit) forms, for a str's 4-byte code points: Load Word and
    # Zero (3.3.2, lwz: RT = 32 zero bits || the word, as PyPy's ppc backend
    # loads an unsigned 4-byte item) and Store Word (3.3.3, stw: the low 32 bits)
    ("lwz", ("rT", "mem_d"), _op(32)),
    ("stw", ("rT", "mem_d"), _op(36)),
    ("stfd", ("fT", "mem_d"), _op(54)),
    # X-form indexed loads and stores: EA = (RA|0) + RB
    ("ldx", ("rT", "rA_nz", "rB"), _x(21)),
    ("stdx", ("rT", "rA_nz", "rB"), _x(149)),
    ("lwzx", ("rT", "rA_nz", "rB"), _x(23)),
    ("stwx", ("rT", "rA_nz", "rB"), _x(151)),
    ("lfdx", ("fT", "rA_nz", "rB"), _x(599)),
    ("stfdx", ("fT", "rA_nz", "rB"), _x(727)),
    # XO-form arithmetic (3.3.9); the o. forms record overflow in XER and CR0
    ("add", ("rT", "rA", "rB"), _xo(266)),
    ("addo.", ("rT", "rA", "rB"), _xo(266, 1, 1)),
    ("subf", ("rT", "rA", "rB"), _xo(40)),                      # rT = rB - rA
    ("subfo.", ("rT", "rA", "rB"), _xo(40, 1, 1)),
    ("neg", ("rT", "rA"), _xo(104)),
    ("mulld", ("rT", "rA", "rB"), _xo(233)),
    ("mulldo.", ("rT", "rA", "rB"), _xo(233, 1, 1)),
    ("mulhd", ("rT", "rA", "rB"), _xo(73)),
    ("mulhdu", ("rT", "rA", "rB"), _xo(9)),
    ("divd", ("rT", "rA", "rB"), _xo(489)),
    # X-form compares (3.3.10) and logical ops (3.3.13): RS in the rT place
    ("cmpd", ("crf", "rA", "rB"), _x(0) | 1 << 21),
    ("cmpld", ("crf", "rA", "rB"), _x(32) | 1 << 21),
    ("and", ("rA", "rT", "rB"), _x(28)),
    ("or", ("rA", "rT", "rB"), _x(444)),
    ("xor", ("rA", "rT", "rB"), _x(316)),
    ("nor", ("rA", "rT", "rB"), _x(124)),
    ("extsb", ("rA", "rT"), _x(954)),
    ("extsh", ("rA", "rT"), _x(922)),
    ("extsw", ("rA", "rT"), _x(986)),
    # X-form shifts by register (3.3.14.2): counts 64..127 give 0 / the sign
    ("sld", ("rA", "rT", "rB"), _x(27)),
    ("srd", ("rA", "rT", "rB"), _x(539)),
    ("srad", ("rA", "rT", "rB"), _x(794)),
    # XS-form, MD-form and M-form rotates (3.3.14)
    ("sradi", ("rA", "rT", "sh6"), _op(31) | 413 << 2),
    ("rldicl", ("rA", "rT", "sh6", "mb6"), _op(30) | 0 << 2),
    ("rldicr", ("rA", "rT", "sh6", "mb6"), _op(30) | 1 << 2),
    ("rlwinm", ("rA", "rT", "sh5", "mb5", "me5"), _op(21)),
    # A-form integer select (3.3.12): rT = CR[bc] ? (RA|0) : RB
    ("isel", ("rT", "rA_or_0", "rB", "bc"), _op(31) | 15 << 1),
    # XFX-form moves to/from special registers (3.3.17)
    ("mtspr", ("spr", "rT"), _x(467)),
    ("mfspr", ("rT", "spr"), _x(339)),
    ("mfcr", ("rT",), _x(19)),
    # X-form trap (3.3.11): tw 31, 0, 0 is ``trap``
    ("trap", (), _x(4) | 31 << 21),
    # Floating point (Book I chapter 4): A-form arithmetic, X-form the rest
    ("fadd", ("fT", "fA", "fB"), _op(63) | 21 << 1),
    ("fsub", ("fT", "fA", "fB"), _op(63) | 20 << 1),
    ("fmul", ("fT", "fA", "fC"), _op(63) | 25 << 1),            # the second factor is FRC
    ("fdiv", ("fT", "fA", "fB"), _op(63) | 18 << 1),
    ("fsqrt", ("fT", "fB"), _op(63) | 22 << 1),                 # A-form, FRA and FRC unused
    ("fcmpu", ("crf", "fA", "fB"), _fp(0)),
    ("fneg", ("fT", "fB"), _fp(40)),
    ("fabs", ("fT", "fB"), _fp(264)),
    ("fmr", ("fT", "fB"), _fp(72)),
    ("fcfid", ("fT", "fB"), _fp(846)),
    ("fctidz", ("fT", "fB"), _fp(815)),
    # I-form, B-form and XL-form branches (Book I chapter 2)
    ("b", ("rel24",), _op(18)),
    ("bl", ("rel24",), _op(18) | 1),
    ("blr", (), _op(19) | 20 << 21 | 16 << 1),                 # bclr 20, 0
    ("bctr", (), _op(19) | 20 << 21 | 528 << 1),               # bcctr 20, 0
    ("bctrl", (), _op(19) | 20 << 21 | 528 << 1 | 1),
    ("cror", ("bt", "ba", "bb"), _op(19) | 449 << 1),
] + [(name, ("rel14",), _op(16) | bo << 21 | CR_BITS[bit] << 16) for name, (bo, bit) in BRANCHES.items()]


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
    """The word of ``form`` with ``operands`` for an instruction at ``offset``, or None."""
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
    raise EncodingError("%s %s: no form takes these operands (register class, r0 as a base, immediate "
                        "or displacement out of range, DS offset not a multiple of 4, or branch target "
                        "too far); forms: %s" % (mnemonic, ", ".join(map(repr, operands)),
                                                 "; ".join("(%s)" % f.shape for f in forms)))


def word_format(byteorder):
    return ">I" if byteorder == "big" else "<I"


def encode(mnemonic, *operands, offset=0, byteorder="big"):
    """The 4 bytes of one instruction."""
    return struct.pack(word_format(byteorder), choose(mnemonic, operands, offset)[1])


# --- The builder -------------------------------------------------------------

class CodeBuilder(CodeBuilderBase):
    """Appends big-endian instructions (ppc64); ``CodeBuilderLE`` stores
    the same words little-endian (ppc64le).  A fixup is (label, offset of
    the instruction, field name)."""

    Error = EncodingError
    BYTEORDER = "big"

    def __init__(self, base=0):
        super().__init__(base)
        self._format = word_format(self.BYTEORDER)

    def emit(self, mnemonic, *operands, note=None):
        offset = self.offset
        form, word = choose(mnemonic, operands, offset)
        self.code += struct.pack(self._format, word)
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
        bits, mask = RELATIVE[field]
        delta = label.offset - at
        if not fits_signed(delta, bits):
            kind = "conditional branch (B-form, +-32 KiB)" if field == "rel14" else "branch (I-form, +-32 MiB)"
            raise BranchTooFar("%s to %r is %+d bytes away: out of reach; the trace's code is too long "
                                "for this backend" % (kind, label.name, delta))
        word = struct.unpack_from(self._format, self.code, at)[0]
        struct.pack_into(self._format, self.code, at, word | (delta & mask))


class CodeBuilderLE(CodeBuilder):
    BYTEORDER = "little"


def branch_word(mnemonic, at, target):
    """The word of a b/bl at address ``at`` to ``target`` (None if out of range)."""
    delta = target - at
    if delta % 4 or not fits_signed(delta, 26):
        return None
    return _op(18) | (delta & 0x03FFFFFC) | (1 if mnemonic == "bl" else 0)


def load_imm_steps(value):
    """The shortest li/lis/ori/sldi/oris sequence putting the 64-bit
    ``value`` in a register: a list of (mnemonic, operands after the
    register; "self" stands for the register itself).  As PyPy's
    ppc load_imm: 16 bits (li), 32 bits (lis + ori), else the high half
    as 32 bits, shifted up 32 (rldicr, i.e. sldi), then oris + ori."""
    value &= (1 << 64) - 1
    signed = value - (1 << 64) if value >> 63 else value
    if fits_signed(signed, 16):
        return [("li", (signed,))]
    if fits_signed(signed, 32):
        steps = [("lis", (signed >> 16,))]
        if value & 0xFFFF:
            steps.append(("ori", ("self", value & 0xFFFF)))
        return steps
    high = signed >> 32
    steps = load_imm_steps(high)
    steps.append(("rldicr", ("self", 32, 31)))
    if (value >> 16) & 0xFFFF:
        steps.append(("oris", ("self", (value >> 16) & 0xFFFF)))
    if value & 0xFFFF:
        steps.append(("ori", ("self", value & 0xFFFF)))
    return steps
