"""The AArch64 encoder against Capstone (every form) and Unicorn (real runs).

The expected disassembly is computed here from the operands, independently
of the encoder, following Capstone 5.0's spelling of A64 (its preferred
aliases: mov, cmp, cset, lsl...).  Facts about Capstone/Unicorn on this
machine: shared/anchors/emulation/SUMMARY.md and vectors.txt.
"""

import itertools
import struct

import pytest
from capstone import CS_ARCH_ARM64, CS_MODE_ARM, Cs
from hypothesis import given, settings, strategies as st
from unicorn import UC_ARCH_ARM64, UC_MODE_ARM, Uc
from unicorn import arm64_const as ua

from pypyteach.jit.backend.aarch64.codebuilder import (
    ALL_FORMS, CodeBuilder, EncodingError, Label, Mem, Shift, encode, encode_bitmask, encode_form,
    invert, mov_imm_steps)

CS = Cs(CS_ARCH_ARM64, CS_MODE_ARM)
BASE = 0x100000
MASK64 = (1 << 64) - 1


def cs_number(value):
    """Capstone prints -9..9 in decimal, everything else in hex."""
    if -9 <= value <= 9:
        return str(value)
    return hex(value) if value > 0 else "-" + hex(-value)


def imm(value):
    return "#" + cs_number(value)


def signed64(value):
    value &= MASK64
    return value - (1 << 64) if value >> 63 else value


def mem_text(mem):
    if mem.index is not None:
        return "[%s, %s%s]" % (mem.base, mem.index, ", lsl #%d" % mem.shift if mem.shift else "")
    return "[%s]" % mem.base if mem.disp == 0 else "[%s, %s]" % (mem.base, imm(mem.disp))


def operand_text(field, operand, address):
    if field in ("aimm",):
        return imm(operand) if operand < 4096 else "%s, lsl #12" % imm(operand >> 12)
    if field == "limm":                 # and/orr/eor print it unsigned (ands, tst, mov: signed)
        return imm(operand & MASK64)
    if field in ("imm16", "brk16", "lsl6", "sr6"):
        return imm(operand)
    if field == "hw":
        return "lsl #%d" % operand
    if field == "shift":
        return "%s #%d" % (operand.kind, operand.amount)
    if field.startswith("mem"):
        return mem_text(operand)
    if field.startswith("rel"):
        return imm(BASE + operand.offset)
    return operand          # registers, conditions


def expected_text(form, operands, address):
    mnemonic, fields = form.mnemonic, form.fields
    texts = [operand_text(f, o, address) for f, o in zip(fields, operands)]
    # Capstone's aliases and quirks
    if mnemonic in ("movz", "movn"):
        value, hw = operands[1], operands[2] if len(operands) == 3 else 0
        if value == 0 and hw:
            return "%s %s, #0, lsl #%d" % (mnemonic, operands[0], hw)
        value <<= hw
        if mnemonic == "movn":
            value = signed64(~value)
        return "mov %s, %s" % (operands[0], imm(signed64(value)))
    if mnemonic == "movk" and len(operands) == 3 and operands[2] == 0:
        texts = texts[:2]
    if mnemonic == "orr" and fields[2] == "limm" and operands[1] == "xzr":
        return "mov %s, %s" % (operands[0], imm(signed64(operands[2])))
    if mnemonic == "add" and fields[2] == "aimm" and operands[2] == 0 and "sp" in operands[:2]:
        return "mov %s, %s" % (operands[0], operands[1])
    if mnemonic == "ret" and operands == ("x30",):
        return "ret"
    if mnemonic == "tst" and fields[1] == "limm":
        return "tst %s, %s" % (operands[0], imm(signed64(operands[1])))
    if mnemonic == "ands" and fields[2] == "limm" and operands[0] != "xzr":
        return "ands %s, %s, %s" % (operands[0], operands[1], imm(signed64(operands[2])))
    regs3 = len(fields) >= 3 and fields[:3] == ("Rd", "Rn", "Rm")
    if regs3 and mnemonic in ("subs", "adds") and operands[0] == "xzr":
        return "%s %s" % ({"subs": "cmp", "adds": "cmn"}[mnemonic], ", ".join(texts[1:]))
    if mnemonic == "csinc" and operands[1] == operands[2] == "xzr":
        return "cset %s, %s" % (operands[0], invert(operands[3]))
    if regs3 and mnemonic in ("sub", "subs") and operands[1] == "xzr":
        return "%s %s" % ({"sub": "neg", "subs": "negs"}[mnemonic], ", ".join(texts[:1] + texts[2:]))
    if regs3 and mnemonic == "orr" and operands[1] == "xzr":
        return "mov %s, %s" % (operands[0], operands[2])
    if mnemonic == "ands" and operands[0] == "xzr":
        return "tst %s" % ", ".join(texts[1:])
    if mnemonic in ("madd", "msub") and operands[3] == "xzr":
        return "%s %s" % ({"madd": "mul", "msub": "mneg"}[mnemonic], ", ".join(texts[:3]))
    return ("%s %s" % (mnemonic, ", ".join(texts))).strip()


SAMPLES = {
    "Rd": ["x0", "x15", "x28", "xzr"], "Rd_sp": ["x0", "x28", "sp"],
    "Rn": ["x1", "x30", "xzr"], "Rn_sp": ["x1", "x29", "sp"],
    "Rm": ["x2", "x17", "xzr"], "Ra": ["x3", "x28", "xzr"],
    "Wt": ["w0", "w17", "w30", "wzr"],
    "Dd": ["d0", "d15", "d31"], "Dn": ["d1", "d30"], "Dm": ["d2", "d29"],
    "aimm": [0, 1, 4095, 4096, 0xFFF000], "limm": [0xFF, 0x5555555555555555, -8, 1 << 63, 0x0F0F0F0F0F0F0F0F],
    "imm16": [0, 1, 0xFFFF, 0x1234], "hw": [0, 16, 48], "lsl6": [1, 32, 63], "sr6": [1, 32, 63],
    "shift": [Shift("asr", 63), Shift("lsl", 3), Shift("lsr", 1)],
    "cond": ["eq", "lt", "hi", "le"], "ncond": ["eq", "ne", "lt", "hs", "vs"],
    "mem_u12": [Mem("x0", 0), Mem("sp", 8), Mem("x28", 32760)],
    "mem_s9": [Mem("x1", -256), Mem("x2", 255), Mem("sp", -8)],
    "mem_reg": [Mem("x1", 0, "x2", 3), Mem("sp", 0, "x28"), Mem("x0", 0, "xzr", 3)],
    "mem_u12_w": [Mem("x0", 0), Mem("sp", 4), Mem("x28", 16380), Mem("x3", 12)],
    "mem_reg_w": [Mem("x1", 0, "x2", 2), Mem("sp", 0, "x28"), Mem("x0", 0, "xzr", 2)],
    "brk16": [0, 1, 0xFFFF],
}


def bound_label(offset):
    label = Label()
    label.offset = offset
    return label


REL_SAMPLES = {"rel26": [0, -4, 8, 4 * ((1 << 25) - 1), -4 * (1 << 25)],
               "rel19": [0, -4, 8, 4 * ((1 << 18) - 1), -4 * (1 << 18)]}
AT = 4 * (1 << 25)          # instruction offset: room for the most negative branches


def cases():
    out = []
    for form in ALL_FORMS:
        pools = []
        for field in form.fields:
            if field in REL_SAMPLES:
                pools.append([bound_label(AT + d) for d in REL_SAMPLES[field]])
            else:
                pools.append(SAMPLES[field])
        for operands in itertools.islice(itertools.product(*pools), 40):
            out.append((form, operands))
    return out


CASES = cases()


@pytest.mark.parametrize("form, operands", CASES,
                         ids=["%s(%s)#%d" % (f.mnemonic, f.shape, i) for i, (f, _) in enumerate(CASES)])
def test_form_against_capstone(form, operands):
    word = encode_form(form, operands, AT)
    assert word is not None, "the encoder refused legal operands"
    data = struct.pack("<I", word)
    insns = list(CS.disasm(data, BASE + AT))
    assert len(insns) == 1, "Capstone cannot decode %s" % data.hex()
    text = ("%s %s" % (insns[0].mnemonic, insns[0].op_str)).strip()
    expected = expected_text(form, tuple(operands), BASE + AT)
    assert text == expected


def test_every_mnemonic_has_a_case():
    assert {f.mnemonic for f in ALL_FORMS} == {f.mnemonic for f, _ in CASES}


@pytest.mark.parametrize("mnemonic, operands", [
    ("add", ("x0", "x1", "sp")),             # the register form has no SP
    ("add", ("xzr", "sp", 1)),               # ... and the immediate form no XZR
    ("add", ("x0", "x1", 4097)),             # neither 12 bits nor 12 bits << 12
    ("sub", ("x0", "x1", -1)),
    ("and", ("x0", "x1", 0)),                # not a bitmask immediate
    ("orr", ("x0", "x1", 0x12345)),
    ("ldr", ("x0", Mem("x1", 4))),           # scaled offsets are multiples of 8
    ("ldr", ("x0", Mem("x1", -8))),          # negative: that is ldur
    ("ldur", ("x0", Mem("x1", 256))),
    ("ldr", ("x0", Mem("x1", 0, "x2", 2))),  # register offset: lsl #0 or #3 only
    ("ldr", ("w0", Mem("x1", 2))),           # 32-bit: scaled offsets are multiples of 4
    ("str", ("w0", Mem("x1", 16384))),       # ... up to 4 * 4095
    ("ldr", ("w0", Mem("x1", 0, "x2", 3))),  # 32-bit register offset: lsl #0 or #2 only
    ("ldr", ("w0", Mem("w1", 0))),           # the base is an X register
    ("movz", ("x0", 0x10000)),
    ("movk", ("x0", 1, 8)),
    ("lsl", ("x0", "x1", 64)),
    ("fadd", ("d0", "x1", "d2")),
    ("fmov", ("x0", "x1")),
    ("b.xx", (Label(),)),
    ("cset", ("x0", "al")),
    ("mul", ("sp", "x1", "x2")),
    ("x9", ()),
])
def test_bad_operands_raise(mnemonic, operands):
    with pytest.raises(EncodingError):
        encode(mnemonic, *operands)


def test_branch_out_of_range_raises():
    asm = CodeBuilder()
    far = asm.label_at(4 << 20)                 # 4 MiB away: beyond imm19's +-1 MiB
    with pytest.raises(EncodingError):
        asm.emit("cbz", "x0", far)
    asm.emit("b", far)                          # imm26: +-128 MiB
    forward = asm.new_label("forward")
    asm.emit("b.eq", forward)
    asm.code += bytes(1 << 20)
    with pytest.raises(EncodingError, match="imm19"):
        asm.bind(forward)


def test_forward_labels_are_patched():
    asm = CodeBuilder(base=BASE)
    done = asm.new_label("done")
    asm.emit("cbz", "x0", done)
    asm.emit("b.ne", done)
    asm.emit("b", done)
    asm.emit("nop")
    asm.bind(done)
    texts = ["%s %s" % (i.mnemonic, i.op_str) for i in CS.disasm(asm.getcode(), BASE)]
    target = hex(BASE + 16)
    assert texts == ["cbz x0, #" + target, "b.ne #" + target, "b #" + target, "nop "]
    with pytest.raises(EncodingError, match="unbound"):
        asm2 = CodeBuilder()
        asm2.emit("b", asm2.new_label("never"))
        asm2.getcode()


def test_records_keep_notes():
    asm = CodeBuilder()
    asm.note = "op1"
    asm.emit("mov", "x0", "x1")
    asm.emit("nop", note="op2")
    assert [(r.offset, r.size, r.mnemonic, r.note) for r in asm.records] == [(0, 4, "mov", "op1"), (4, 4, "nop", "op2")]


def test_invert():
    assert invert("eq") == "ne" and invert("lt") == "ge" and invert("hi") == "ls" and invert("vs") == "vc"


def decode_bitmask(n, immr, imms):
    """DecodeBitMasks (Arm ARM, shared pseudocode), for 64-bit operations."""
    length = (n << 6 | (~imms & 0x3F)).bit_length() - 1
    size = 1 << length
    s, r = imms & (size - 1), immr & (size - 1)
    elem = (1 << (s + 1)) - 1
    elem = ((elem >> r) | (elem << (size - r))) & ((1 << size) - 1)
    return sum(elem << (size * i) for i in range(64 // size))


def test_bitmask_immediates_exhaustively():
    """Every (N, immr, imms) that is valid round-trips through encode_bitmask."""
    seen = 0
    for n in (0, 1):
        for imms in range(64):
            length = (n << 6 | (~imms & 0x3F)).bit_length() - 1
            if length < 1:
                continue
            size = 1 << length
            if imms & (size - 1) == size - 1:
                continue                        # all ones: reserved
            for immr in range(size):
                value = decode_bitmask(n, immr, imms)
                assert decode_bitmask(*encode_bitmask(value)) == value
                seen += 1
    assert seen == 5334
    assert encode_bitmask(0) is None and encode_bitmask(MASK64) is None and encode_bitmask(0x12345) is None


def run_steps(value):
    uc = Uc(UC_ARCH_ARM64, UC_MODE_ARM)
    uc.mem_map(BASE, 0x1000)
    asm = CodeBuilder(base=BASE)
    for mnemonic, operands in mov_imm_steps(value):
        asm.emit(mnemonic, "x5", *operands)
    code = asm.getcode()
    uc.mem_write(BASE, code)
    uc.reg_write(ua.UC_ARM64_REG_X5, 0xDEADBEEF)
    uc.emu_start(BASE, BASE + len(code))
    return uc.reg_read(ua.UC_ARM64_REG_X5), len(code) // 4


@pytest.mark.parametrize("value, count", [(0, 1), (1, 1), (-1, 1), (0xFFFF, 1), (0x10000, 1), (-2, 1),
                                          (1 << 63, 1), ((1 << 63) - 1, 1), (0x123456789ABCDEF0, 4),
                                          (0x12345678, 2), (-0x12345678, 2), (0x5555555555555555, 1)])
def test_mov_imm_in_unicorn(value, count):
    assert run_steps(value) == (value & MASK64, count)


@settings(max_examples=300, deadline=None)
@given(st.integers(-(1 << 63), (1 << 64) - 1))
def test_mov_imm_any_value(value):
    assert run_steps(value)[0] == value & MASK64


def test_32_bit_loads_zero_extend_and_stores_write_four_bytes_in_unicorn():
    """A str's 4-byte code points: ldr wN clears bits 63:32 of xN (an item
    0xFFFFFFFF reads back unsigned), str wN writes 4 bytes only."""
    heap, exit_at = 0x200000, BASE + 0x100
    uc = Uc(UC_ARCH_ARM64, UC_MODE_ARM)
    uc.mem_map(BASE, 0x1000)
    uc.mem_map(heap, 0x1000)
    uc.mem_write(heap, struct.pack("<IIII", 0x1F600, 0xFFFFFFFF, 0x11111111, 0x22222222))
    asm = CodeBuilder(base=BASE)
    asm.emit("ldr", "w2", Mem("x0", 0))
    asm.emit("ldr", "w3", Mem("x0", 0, "x1", 2))            # item 1
    asm.emit("ldur", "w4", Mem("x5", -4))                   # item 1 again, unscaled
    asm.emit("str", "w6", Mem("x0", 8))
    asm.emit("str", "wzr", Mem("x0", 0, "x1", 2))
    asm.emit("stur", "w6", Mem("x5", 4))                    # item 3
    code = asm.getcode()
    uc.mem_write(BASE, code)
    for reg, value in ((ua.UC_ARM64_REG_X0, heap), (ua.UC_ARM64_REG_X1, 1), (ua.UC_ARM64_REG_X2, MASK64),
                       (ua.UC_ARM64_REG_X3, MASK64), (ua.UC_ARM64_REG_X4, MASK64),
                       (ua.UC_ARM64_REG_X5, heap + 8), (ua.UC_ARM64_REG_X6, 0x123456789ABCDEF0)):
        uc.reg_write(reg, value)
    uc.emu_start(BASE, BASE + len(code))
    assert uc.reg_read(ua.UC_ARM64_REG_X2) == 0x1F600
    assert uc.reg_read(ua.UC_ARM64_REG_X3) == uc.reg_read(ua.UC_ARM64_REG_X4) == 0xFFFFFFFF
    assert struct.unpack("<IIII", uc.mem_read(heap, 16)) == (0x1F600, 0, 0x9ABCDEF0, 0x9ABCDEF0)
