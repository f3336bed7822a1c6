"""The s390x encoder against Capstone (every form), GNU as (where installed)
and Unicorn (real runs).

The expected disassembly is computed here from the operands, independently
of the encoder, following Capstone 5.0's spelling of z/Architecture (AT&T
style: %r registers, D(X, B) operands, the extended branch mnemonics j<cc>
and jg<cc>).  Capstone stops silently at bytes it cannot decode, so every
check also asserts it consumed the whole instruction.  Facts about
Capstone/Unicorn on this machine: shared/anchors/emulation/SUMMARY.md.
"""

import os
import shutil
import subprocess
import tempfile

import pytest
from capstone import CS_ARCH_SYSZ, CS_MODE_BIG_ENDIAN, Cs

from pypyteach.jit.backend.s390x.codebuilder import (
    ALL_FORMS, CC_MASK, CodeBuilder, EncodingError, Label, Mem, branch_bytes, encode, invert, mov_imm_steps)

CS = Cs(CS_ARCH_SYSZ, CS_MODE_BIG_ENDIAN)
AT = 0x100                                  # every case is encoded at this offset
SUFFIX = {mask: name for name, mask in CC_MASK.items()}

# operand samples per kind: the edges of each field
SAMPLES = {
    "r": ["r1", "r2", "r15"], "rp": ["r0", "r2", "r14"], "f": ["f0", "f7", "f15"], "m": [0, 5, 15],
    "s16": [0, -1, 9, 10, -32768, 32767], "u16": [0, 0x8000, 0xFFFF],
    "s32": [0, -10, -(1 << 31), (1 << 31) - 1], "u32": [0, 9, 0xFFFFFFFF], "len": [0, 7, 255],
    "dxb12": [Mem("r11", 0), Mem("r11", 4095, "r4"), Mem("r1", 16)],
    "dxb20": [Mem("r11", -8, "r4"), Mem("r2", (1 << 19) - 1), Mem("r15", -(1 << 19)), Mem(None, 100)],
    "db12": [Mem("r11", 0), Mem("r12", 4095)],
    "db20": [Mem(None, 63), Mem("r3", 0), Mem("r3", -5)],
}
TARGETS = [AT - 0x40, AT, AT + 6, AT + 0xFFFE]


def number(value):
    """Capstone prints -9..9 in decimal, everything else in hex."""
    if -9 <= value <= 9:
        return str(value)
    return hex(value) if value > 0 else "-" + hex(-value)


def mem_text(mem):
    inside = ", ".join("%" + r for r in (mem.index, mem.base) if r is not None)
    return number(mem.disp) + ("(%s)" % inside if inside else "")


def operand_text(kind, operand):
    if kind in ("r", "rp", "f"):
        return "%" + operand
    if kind.startswith("d"):
        return mem_text(operand)
    if kind.startswith("rel"):
        return hex(operand.offset)
    return number(operand)


def expected_text(form, operands):
    texts = [operand_text(k, o) for k, o in zip(form.kinds, operands)]
    mnemonic = form.mnemonic
    if mnemonic in ("brc", "brcl"):                 # the extended mnemonics
        mask = operands[0]
        if mask == 0:
            return "%s 0, %s" % (mnemonic, texts[1])
        prefix = "j" if mnemonic == "brc" else "jg"
        return "%s%s %s" % (prefix, SUFFIX.get(mask, ""), texts[1])
    if mnemonic == "bcr" and operands[0]:
        return "b%sr %s" % (SUFFIX.get(operands[0], ""), texts[1])
    if mnemonic == "mvc":                           # D1(L, B1): the length, not L - 1
        first = operands[0]
        return "mvc %s(%s, %%%s), %s" % (number(first.disp), number(operands[1] + 1), first.base, texts[2])
    return "%s %s" % (mnemonic, ", ".join(texts))


def label(offset):
    result = Label(hex(offset))
    result.offset = offset
    return result


def cases(form):
    """Operand lists covering each kind's samples (the first sample of the others)."""
    def samples(kind):
        if kind.startswith("rel"):
            return [label(t) for t in TARGETS]
        return SAMPLES[kind]
    rows = []
    for position, kind in enumerate(form.kinds):
        for sample in samples(kind):
            row = [samples(k)[0] for k in form.kinds]
            row[position] = sample
            rows.append(row)
    return rows


ALL_CASES = [(form, operands) for form in ALL_FORMS for operands in cases(form)]


def disassemble_one(data):
    insns = list(CS.disasm(data, AT))
    assert sum(i.size for i in insns) == len(data), "Capstone stopped early on %s" % data.hex()
    assert len(insns) == 1
    insn = insns[0]
    return ("%s %s" % (insn.mnemonic, insn.op_str)).strip()


@pytest.mark.parametrize("form, operands", ALL_CASES,
                         ids=["%s-%d" % (f.mnemonic, i) for i, (f, o) in enumerate(ALL_CASES)])
def test_form_against_capstone(form, operands):
    data = encode(form.mnemonic, *operands, offset=AT)
    assert len(data) == form.size
    assert len(data) == {0: 2, 1: 4, 2: 4, 3: 6}[data[0] >> 6]      # the opcode's first two bits
    assert disassemble_one(data) == expected_text(form, operands)


# -- GNU as ------------------------------------------------------------------------------------

GNU_AS = shutil.which("s390x-linux-gnu-as")
GNU_OBJCOPY = shutil.which("s390x-linux-gnu-objcopy")


def gas_operand(kind, operand):
    if kind in ("r", "rp", "f"):
        return "%" + operand
    if kind.startswith("rel"):
        return ".%+d" % (operand.offset - AT)
    if kind.startswith("d"):
        inside = ",".join("%" + r for r in (operand.index or "r0", operand.base or "r0")) \
            if kind.startswith("dxb") else "%" + (operand.base or "r0")
        return "%d(%s)" % (operand.disp, inside)
    return str(operand)


def gas_line(form, operands):
    if form.mnemonic == "mvc":
        first, second = operands[0], operands[2]
        return "mvc %d(%d,%%%s),%d(%%%s)" % (first.disp, operands[1] + 1, first.base, second.disp, second.base)
    return "%s %s" % (form.mnemonic, ",".join(gas_operand(k, o) for k, o in zip(form.kinds, operands)))


@pytest.mark.skipif(GNU_AS is None or GNU_OBJCOPY is None,
                    reason="GNU as for s390x is not installed (Debian: apt-get install binutils-s390x-linux-gnu; "
                           ".ci/run installs it)")
def test_every_case_against_gnu_as():
    """One source file, every case in its own section at offset AT (so
    relative branches mean the same); each section's bytes must be exactly
    the encoder's."""
    source = [".text"]
    for number_, (form, operands) in enumerate(ALL_CASES):
        source += [".section .c%d,\"ax\"" % number_, ".org %d" % AT, gas_line(form, operands)]
    with tempfile.TemporaryDirectory() as tmp:
        src, obj = os.path.join(tmp, "all.s"), os.path.join(tmp, "all.o")
        with open(src, "w") as f:
            f.write("\n".join(source) + "\n")
        subprocess.run([GNU_AS, "-m64", "-march=z196", "-o", obj, src], check=True, capture_output=True)
        for number_, (form, operands) in enumerate(ALL_CASES):
            out = os.path.join(tmp, "c%d.bin" % number_)
            subprocess.run([GNU_OBJCOPY, "-O", "binary", "-j", ".c%d" % number_, obj, out], check=True)
            with open(out, "rb") as f:
                got = f.read()[AT:]
            assert got == encode(form.mnemonic, *operands, offset=AT), gas_line(form, operands)


# -- errors, labels, helpers -------------------------------------------------------------------

@pytest.mark.parametrize("mnemonic, operands", [
    ("lg", ("r2", Mem("r0", 8))),               # r0 is not a base
    ("lg", ("r2", Mem("r3", 8, "r0"))),         # nor an index
    ("lg", ("r2", Mem("r3", 1 << 19))),         # 20-bit signed displacement
    ("la", ("r2", Mem("r3", -1))),              # 12-bit unsigned
    ("st", ("r2", Mem("r3", 4096))),            # ST: 12-bit unsigned (STY: 20-bit signed)
    ("llgf", ("r2", Mem("r0", 8))),
    ("mlgr", ("r1", "r2")),                     # an even/odd pair starts even
    ("lghi", ("r1", 1 << 15)), ("lghi", ("f1", 1)), ("lghi", ("r1",)),
    ("mvghi", (Mem("r2", 0, "r3"), 1)),         # no index in D(B)
    ("frob", ()),
])
def test_bad_operands_raise(mnemonic, operands):
    with pytest.raises(EncodingError):
        encode(mnemonic, *operands)


def test_branch_out_of_range_raises():
    asm = CodeBuilder()
    far = asm.new_label("far")
    asm.emit("brc", 8, far)
    asm.code += bytes(0x10000)
    with pytest.raises(EncodingError, match="far"):
        asm.bind(far)


def test_forward_labels_are_patched_in_halfwords():
    asm = CodeBuilder(base=0x1000)
    ahead = asm.new_label("ahead")
    asm.emit("brcl", 4, ahead)
    asm.emit("lghi", "r1", 5)
    asm.emit("brc", 15, ahead)
    asm.bind(ahead)
    asm.emit("bcr", 15, "r14")
    code = asm.getcode()
    assert code[:6] == bytes.fromhex("c044") + (14 // 2).to_bytes(4, "big")
    assert [i.mnemonic for i in CS.disasm(code, 0x1000)] == ["jgl", "lghi", "j", "br"]
    assert [r.size for r in asm.records] == [6, 4, 4, 2]


def test_unbound_label_is_an_error():
    asm = CodeBuilder()
    asm.emit("brc", 8, asm.new_label("nowhere"))
    with pytest.raises(EncodingError, match="nowhere"):
        asm.getcode()


def test_branch_bytes_to_an_absolute_address():
    data = branch_bytes("brcl", 0x1000000, 0xFF0000)
    assert disassemble_one(data).startswith("jg ")
    assert list(CS.disasm(data, 0x1000000))[0].op_str == hex(0xFF0000)
    call = branch_bytes("brasl", 0x1000000, 0xF00010, first=14)
    assert list(CS.disasm(call, 0x1000000))[0].op_str == "%%r14, %s" % hex(0xF00010)


def test_invert_gives_the_complementary_mask():
    assert invert(CC_MASK["e"]) == CC_MASK["ne"] and invert(CC_MASK["l"]) == CC_MASK["nl"]
    assert invert(CC_MASK["o"]) == CC_MASK["no"]
    assert all(invert(invert(m)) == m and m & invert(m) == 0 for m in range(16))


MOV_VALUES = [0, 1, -1, 32767, -32768, 32768, (1 << 31) - 1, -(1 << 31), 1 << 31, (1 << 32) - 1, 1 << 32,
              -(1 << 32), 0x123456789ABCDEF0, -0x123456789ABCDEF0, (1 << 63) - 1, -(1 << 63), 0xFFF8 << 48]


@pytest.mark.parametrize("value", MOV_VALUES)
def test_mov_imm_in_unicorn(value):
    import unicorn
    from unicorn import s390x_const as S
    uc = unicorn.Uc(unicorn.UC_ARCH_S390X, unicorn.UC_MODE_BIG_ENDIAN)
    uc.reg_write(S.UC_S390X_REG_PSWM, 0x180000000)
    code = b"".join(encode(m, "r7", *ops) for m, ops in mov_imm_steps(value))
    uc.mem_map(0x100000, 0x1000)
    uc.mem_write(0x100000, code)
    uc.reg_write(S.UC_S390X_REG_R7, 0x5555555555555555)
    uc.emu_start(0x100000, 0x100000 + len(code))
    assert uc.reg_read(S.UC_S390X_REG_R7) == value & ((1 << 64) - 1)
    assert len(mov_imm_steps(value)) <= 2


def test_32_bit_loads_zero_extend_and_stores_write_four_bytes_in_unicorn():
    """A str's 4-byte code points, big-endian: llgf zeroes bits 0-31 (an item
    0xFFFFFFFF reads back unsigned), st/sty write the low 4 bytes only."""
    import struct
    import unicorn
    from unicorn import s390x_const as S
    heap = 0x200000
    uc = unicorn.Uc(unicorn.UC_ARCH_S390X, unicorn.UC_MODE_BIG_ENDIAN)
    uc.reg_write(S.UC_S390X_REG_PSWM, 0x180000000)
    code = b"".join([encode("llgf", "r2", Mem("r11", 0)),
                     encode("llgf", "r3", Mem("r11", 0, "r4")),         # item 1
                     encode("llgf", "r5", Mem("r12", -4)),               # item 1, negative displacement
                     encode("st", "r6", Mem("r11", 8)),
                     encode("sty", "r6", Mem("r12", 4))])                # item 3
    uc.mem_map(0x100000, 0x1000)
    uc.mem_map(heap, 0x1000)
    uc.mem_write(0x100000, code)
    uc.mem_write(heap, struct.pack(">IIII", 0x1F600, 0xFFFFFFFF, 0x11111111, 0x22222222))
    for reg, value in ((S.UC_S390X_REG_R11, heap), (S.UC_S390X_REG_R12, heap + 8), (S.UC_S390X_REG_R4, 4),
                       (S.UC_S390X_REG_R2, -1), (S.UC_S390X_REG_R3, -1), (S.UC_S390X_REG_R5, -1),
                       (S.UC_S390X_REG_R6, 0x123456789ABCDEF0)):
        uc.reg_write(reg, value & ((1 << 64) - 1))
    uc.emu_start(0x100000, 0x100000 + len(code))
    assert uc.reg_read(S.UC_S390X_REG_R2) == 0x1F600
    assert uc.reg_read(S.UC_S390X_REG_R3) == uc.reg_read(S.UC_S390X_REG_R5) == 0xFFFFFFFF
    assert struct.unpack(">IIII", uc.mem_read(heap, 16)) == (0x1F600, 0xFFFFFFFF, 0x9ABCDEF0, 0x9ABCDEF0)
