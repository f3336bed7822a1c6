"""x86-64 instruction encoder, driven by the table in rx86_table.py.

Named after PyPy's rpython/jit/backend/x86/rx86.py.  The forms are data
(rx86_table.FORMS, copied from the Intel SDM's opcode columns); this module
only holds the small format encoders that every form shares:

- REX prefix (SDM Vol. 2A §2.2.1, Figure 2-4 / 2-5 / 2-6),
- ModRM and SIB bytes, displacement (Vol. 2A §2.1.5, Tables 2-2 and 2-3),
- immediates and relative offsets (Vol. 2A §2.2.1.5, §3.1.1.1),

and an ``CodeBuilder`` that appends instructions, binds labels, patches
forward jumps, and remembers which trace operation each instruction
implements.  tests/test_rx86.py checks every form against Capstone.

    asm = CodeBuilder(base=0x100000)
    loop = asm.new_label("loop")
    asm.bind(loop)
    asm.emit("add", "rax", Mem("rdi", 8), note=op)
    asm.emit("jl", loop)
"""

import struct
from dataclasses import dataclass
from functools import cached_property
from typing import Optional

from ..codebuilder import CodeBuilderBase, Label, Record
from .rx86_table import CONDITION_ALIASES, FORMS


class EncodingError(ValueError):
    """An instruction that has no encoding: unknown form, operand range..."""


# --- Registers (SDM Vol. 1 §3.4.1.1, Table 3-2; Vol. 2A Table 3-1) ----------
# Names are strings; a register's number is its index in its tuple.

GPR64 = ("rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
         "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15")
GPR32 = ("eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
         "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d")
# Byte registers as seen with a REX prefix: 4-7 are spl bpl sil dil, not
# ah ch dh bh (which this encoder never uses).
GPR8 = ("al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
        "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b")
XMM = tuple(f"xmm{number}" for number in range(16))

(rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi,
 r8, r9, r10, r11, r12, r13, r14, r15) = GPR64
(xmm0, xmm1, xmm2, xmm3, xmm4, xmm5, xmm6, xmm7,
 xmm8, xmm9, xmm10, xmm11, xmm12, xmm13, xmm14, xmm15) = XMM

REGISTERS = {}          # name -> (kind, number)
for _kind, _names in (("r64", GPR64), ("r32", GPR32), ("r8", GPR8),
                      ("xmm", XMM)):
    for _number, _name in enumerate(_names):
        REGISTERS[_name] = (_kind, _number)


def register(name, kinds=("r64", "r32", "r8", "xmm")):
    """(kind, number) of a register name; EncodingError if not one."""
    if isinstance(name, str) and name in REGISTERS:
        kind, number = REGISTERS[name]
        if kind in kinds:
            return kind, number
    raise EncodingError(f"not a {'/'.join(kinds)} register: {name!r}")


def needs_rex_for_byte_register(name):
    # spl bpl sil dil exist only with a REX prefix (Vol. 2A §2.2.1.2).
    return name in ("spl", "bpl", "sil", "dil")


# --- Operands: memory, labels ------------------------------------------------

@dataclass(frozen=True)
class Mem:
    """[base + index*scale + disp]; base None = absolute/no base."""
    base: Optional[str]
    disp: int = 0
    index: Optional[str] = None
    scale: int = 1

    def __post_init__(self):
        if self.base is not None:
            register(self.base, ("r64",))
        if self.index is not None and register(self.index, ("r64",)) == ("r64", 4):
            raise EncodingError("rsp cannot be an index register")
        if self.scale not in (1, 2, 4, 8):
            raise EncodingError(f"scale must be 1, 2, 4 or 8, not {self.scale}")
        if self.index is None and self.scale != 1:
            raise EncodingError(f"scale {self.scale} given without an index")
        if not fits_signed(self.disp, 32):
            raise EncodingError(f"displacement {self.disp:#x} is not a disp32")


def fits_signed(value, bits):
    return -(1 << (bits - 1)) <= value < (1 << (bits - 1))


# --- Forms: the table rows, with their opcode column parsed -----------------

@dataclass(frozen=True)
class Recipe:
    """The Opcode column of one row (Vol. 2A §3.1.1.1)."""
    prefixes: bytes         # mandatory/legacy prefixes: 66, F2, F3
    rex_w: bool             # REX.W: 64-bit operand size
    opcode: bytes
    plus_register: bool     # "+rd": register number in the low 3 bits
    modrm_reg: object       # "r" (/r), a digit 0-7 (/digit) or None
    imm_size: int           # ib id io -> 1 4 8
    rel_size: int           # cb cd -> 1 4


SIZE_CODES = {"ib": ("imm", 1), "id": ("imm", 4), "io": ("imm", 8),
              "cb": ("rel", 1), "cd": ("rel", 4)}


def parse_opcode(text):
    """'F2 REX.W 0F 2A /r' -> Recipe.  Prefixes come before REX.W/opcode."""
    prefixes, opcode, fields = bytearray(), bytearray(), {}
    for token in text.replace(" + ", " ").split():
        if token == "REX.W":
            fields["rex_w"] = True
        elif token in SIZE_CODES:
            which, size = SIZE_CODES[token]
            fields[which] = size
        elif token.startswith("/"):
            fields["modrm"] = "r" if token == "/r" else int(token[1:])
        elif token.endswith("+rd"):
            opcode.append(int(token[:-3], 16))
            fields["plus"] = True
        elif token in ("66", "F2", "F3") and not opcode and "rex_w" not in fields:
            prefixes.append(int(token, 16))
        else:
            opcode.append(int(token, 16))
    return Recipe(bytes(prefixes), fields.get("rex_w", False), bytes(opcode),
                  fields.get("plus", False), fields.get("modrm"),
                  fields.get("imm", 0), fields.get("rel", 0))


@dataclass(frozen=True)
class Form:
    mnemonic: str
    shape: str              # "r64, imm8" (as written in the table)
    op_en: str              # "RM", "MI", ..., "ZO"
    opcode: str             # the SDM Opcode column text
    recipe: Recipe

    @cached_property
    def kinds(self):
        return () if self.shape == "none" else tuple(self.shape.split(", "))

    @property
    def places(self):
        """Op/En letter per operand: R, M, I, O, D or C (Vol. 2A §3.1.1.4)."""
        return "" if self.op_en == "ZO" else self.op_en


IMM_SIZES = {"imm8": 1, "imm32": 4, "imm64": 8}
REL_SIZES = {"rel8": 1, "rel32": 4}


def check_form(form):
    """Reject a row whose opcode column disagrees with its shape/Op-En."""
    recipe, kinds, places = form.recipe, form.kinds, form.places
    expected = {
        "operand count": len(kinds) == len(places),
        "imm size": recipe.imm_size == sum(IMM_SIZES.get(k, 0) for k in kinds),
        "rel size": recipe.rel_size == sum(REL_SIZES.get(k, 0) for k in kinds),
        "/r": (recipe.modrm_reg == "r") == ("R" in places),
        "/digit": isinstance(recipe.modrm_reg, int) == ("M" in places and "R" not in places),
        "+rd": recipe.plus_register == ("O" in places),
    }
    for what, ok in expected.items():
        if not ok:
            raise EncodingError(f"table row {form.mnemonic} {form.shape} "
                                f"({form.opcode}): inconsistent {what}")


def _load_forms(rows):
    forms, by_mnemonic = [], {}
    for mnemonic, shape, op_en, opcode in rows:
        form = Form(mnemonic, shape, op_en, opcode, parse_opcode(opcode))
        check_form(form)
        forms.append(form)
        by_mnemonic.setdefault(mnemonic, []).append(form)
    return forms, by_mnemonic


ALL_FORMS, FORMS_BY_MNEMONIC = _load_forms(FORMS)


# --- Operand kinds and form selection ---------------------------------------

def operand_kinds(operand):
    """Every table kind an operand may stand for."""
    if isinstance(operand, Mem):
        return {"m", "m8", "m32", "m64", "m128"}
    if isinstance(operand, Label):
        return {"rel8", "rel32"}
    if isinstance(operand, int) and not isinstance(operand, bool):
        return {kind for kind, bits in (("imm8", 8), ("imm32", 32))
                if fits_signed(operand, bits)} | (
            {"imm64"} if -(1 << 63) <= operand < (1 << 64) else set())
    if isinstance(operand, str) and operand in REGISTERS:
        kind = REGISTERS[operand][0]
        return {kind, "cl"} if operand == "cl" else {kind}
    raise EncodingError(f"not an x86 operand: {operand!r}")


def describe(operands):
    """The narrowest kind of each operand, for error messages."""
    return ", ".join(_narrowest_kind(operand) for operand in operands) or "none"


def _narrowest_kind(operand):
    kinds = operand_kinds(operand)
    for kind in ("m", "rel32", "imm8", "imm32", "imm64", "r64", "r32", "r8", "xmm"):
        if kind in kinds:
            return {"rel32": "rel"}.get(kind, kind)
    return "int out of range"


def canonical_mnemonic(mnemonic):
    """'jz' -> 'je', 'setnae' -> 'setb'; other names unchanged."""
    for head in ("j", "set"):
        if mnemonic.startswith(head) and mnemonic[len(head):] in CONDITION_ALIASES:
            return head + CONDITION_ALIASES[mnemonic[len(head):]]
    return mnemonic


def candidate_forms(mnemonic, operands):
    """The forms of ``mnemonic`` whose shape accepts ``operands``."""
    name = canonical_mnemonic(mnemonic)
    if name not in FORMS_BY_MNEMONIC:
        raise EncodingError(f"unknown x86 mnemonic {mnemonic!r} "
                            f"(operands: {describe(operands)})")
    kinds = [operand_kinds(operand) for operand in operands]
    found = [form for form in FORMS_BY_MNEMONIC[name]
             if len(form.kinds) == len(kinds)
             and all(k in ks for k, ks in zip(form.kinds, kinds))]
    if not found:
        known = " | ".join(form.shape for form in FORMS_BY_MNEMONIC[name])
        raise EncodingError(f"no form of {mnemonic!r} takes "
                            f"({describe(operands)}); its forms: {known}")
    return found


def find_form(mnemonic, shape):
    for form in FORMS_BY_MNEMONIC.get(canonical_mnemonic(mnemonic), ()):
        if form.shape == shape:
            return form
    raise EncodingError(f"no form {mnemonic!r} with shape ({shape})")


# --- Format encoders (Vol. 2A §2.1, §2.2.1) ---------------------------------

def rex_prefix(w, r, x, b, forced):
    """0100WRXB, omitted when all bits are 0 and no byte register needs it."""
    if not (w or r or x or b or forced):
        return b""
    return bytes([0x40 | w << 3 | r << 2 | x << 1 | b])


def modrm(mod, reg, rm):
    return bytes([mod << 6 | (reg & 7) << 3 | (rm & 7)])


def sib(scale, index, base):
    return bytes([{1: 0, 2: 1, 4: 2, 8: 3}[scale] << 6 | (index & 7) << 3 | (base & 7)])


def displacement_mode(disp, base):
    """(mod, bytes): no disp, disp8 or disp32 (Table 2-2).  rbp/r13 as a
    base has no mod=00 form (that slot means RIP/disp32): use disp8 0."""
    if disp == 0 and base & 7 != 5:
        return 0, b""
    if fits_signed(disp, 8):
        return 1, struct.pack("<b", disp)
    return 2, struct.pack("<i", disp)


def encode_address(reg, mem):
    """(X bit, B bit, ModRM+SIB+disp) for a memory operand (Tables 2-2, 2-3)."""
    index = register(mem.index)[1] if mem.index is not None else None
    if mem.base is None:
        # No base: mod=00 + SIB base=101 means disp32 only (§2.2.1.6:
        # rm=101 alone would be RIP-relative in 64-bit mode).
        sib_index = 4 if index is None else index
        return (sib_index >> 3, 0, modrm(0, reg, 4) + sib(mem.scale, sib_index, 5)
                + struct.pack("<i", mem.disp))
    base = register(mem.base)[1]
    mod, disp = displacement_mode(mem.disp, base)
    if index is None and base & 7 != 4:
        return 0, base >> 3, modrm(mod, reg, base) + disp
    # rsp/r12 as a base, or any index: rm=100 escapes to a SIB byte;
    # index=100 with REX.X=0 means "no index".
    sib_index = 4 if index is None else index
    return (sib_index >> 3, base >> 3,
            modrm(mod, reg, 4) + sib(mem.scale, sib_index, base) + disp)


def encode_rm(reg, operand):
    """(X, B, bytes) for the ModRM.rm operand: a register or memory."""
    if isinstance(operand, Mem):
        return encode_address(reg, operand)
    number = register(operand)[1]
    return 0, number >> 3, modrm(3, reg, number)


def encode_immediate(value, size):
    if size == 8:
        return struct.pack("<Q", value & (1 << 64) - 1)
    if not fits_signed(value, size * 8):
        raise EncodingError(f"immediate {value} does not fit in {size} byte(s)")
    return struct.pack({1: "<b", 4: "<i"}[size], value)


@dataclass(frozen=True)
class Encoding:
    """Bytes of one instruction; a relative offset, if any, is the last
    ``rel_size`` bytes (zero until the CodeBuilder fills it)."""
    data: bytes
    rel_size: int = 0
    label: Optional[Label] = None


def encode_form(form, operands):
    """Encode ``operands`` with one table form (no shape check)."""
    recipe = form.recipe
    by_place = dict(zip(form.places, operands))
    reg = by_place.get("R")
    reg_field = register(reg)[1] if reg is not None else recipe.modrm_reg or 0
    x = b = 0
    opcode, tail = recipe.opcode, b""
    if "M" in by_place:
        x, b, tail = encode_rm(reg_field, by_place["M"])
    if "O" in by_place:
        number = register(by_place["O"])[1]
        b, opcode = number >> 3, opcode[:-1] + bytes([opcode[-1] | number & 7])
    forced = any(isinstance(op, str) and needs_rex_for_byte_register(op)
                 for op in operands)
    rex = rex_prefix(int(recipe.rex_w), reg_field >> 3, x, b, forced)
    if "I" in by_place:
        tail += encode_immediate(by_place["I"], recipe.imm_size)
    tail += bytes(recipe.rel_size)
    return Encoding(recipe.prefixes + rex + opcode + tail,
                    recipe.rel_size, by_place.get("D"))


def encode(mnemonic, *operands):
    """Bytes of one instruction without labels: the shortest valid form."""
    best = None
    for form in candidate_forms(mnemonic, operands):
        try:
            data = encode_form(form, operands).data
        except EncodingError:
            continue
        if best is None or len(data) < len(best):
            best = data
    if best is None:
        raise EncodingError(f"{mnemonic} {describe(operands)}: operand out of range")
    return best


# --- The assembler -----------------------------------------------------------

class CodeBuilder(CodeBuilderBase):
    """Appends instructions to ``code``; ``base`` is the guest address of
    code[0] (for absolute labels and disassembly).  A fixup is (label,
    field offset, size, end offset)."""

    Error = EncodingError

    def emit(self, mnemonic, *operands, note=None):
        """Emit the shortest form of ``mnemonic`` that takes ``operands``.
        A jump to an unbound (forward) label gets rel32; use
        emit_form(..., "rel8", label) for a short forward jump."""
        best = None
        for form in candidate_forms(mnemonic, operands):
            try:
                encoding = encode_form(form, operands)
            except EncodingError:
                continue
            if self._reachable(encoding) and (
                    best is None or len(encoding.data) < len(best[1].data)):
                best = form, encoding
        if best is None:
            raise EncodingError(f"{mnemonic} {describe(operands)}: "
                                f"operand or jump target out of range")
        return self._append(best[0], best[1], operands, note)

    def emit_form(self, mnemonic, shape, *operands, note=None):
        """Emit exactly the form ``mnemonic shape`` (e.g. a short forward
        jump, or a 10-byte movabs that will be patched later)."""
        form = find_form(mnemonic, shape)
        accepted = candidate_forms(mnemonic, operands)
        if form not in accepted:
            raise EncodingError(f"{mnemonic} ({shape}) does not take "
                                f"({describe(operands)})")
        return self._append(form, encode_form(form, operands), operands, note)

    def getcode(self):
        """The finished bytes; every jumped-to label must be bound."""
        if self._fixups:
            names = sorted({f[0].name or "?" for f in self._fixups})
            raise EncodingError(f"unbound labels: {', '.join(names)}")
        return bytes(self.code)

    def _reachable(self, encoding):
        label = encoding.label
        if label is None:
            return True
        if label.offset is None:
            return encoding.rel_size == 4
        end = self.offset + len(encoding.data)
        return fits_signed(label.offset - end, 8 * encoding.rel_size)

    def _append(self, form, encoding, operands, note):
        start = self.offset
        self.code += encoding.data
        end = self.offset
        if encoding.label is not None:
            field = end - encoding.rel_size
            if encoding.label.offset is None:
                self._fixups.append((encoding.label, field, encoding.rel_size, end))
            else:
                self._patch(encoding.label, field, encoding.rel_size, end)
        record = Record(start, end - start, form.mnemonic, form.shape,
                        tuple(operands), self.note if note is None else note)
        self.records.append(record)
        return record

    def _patch(self, label, field, size, end):
        # Relative offsets count from the end of the jump (Vol. 2A, JMP).
        delta = label.offset - end
        if not fits_signed(delta, 8 * size):
            raise EncodingError(f"jump to {label.name!r} ({delta:+d} bytes) "
                                f"does not fit in rel{8 * size}")
        self.code[field:end] = struct.pack("<b" if size == 1 else "<i", delta)
