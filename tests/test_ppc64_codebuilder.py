"""The PPC64 encoder against Capstone (every form, both byte orders) and GNU as.

The expected disassembly is computed here from the operands, independently
of the encoder, following Capstone 5.0's spelling of the Power ISA (its
extended mnemonics: mr, sldi, clrldi, rotldi, srwi, mtxer, cmpdi without
cr0...).  Capstone 5.0 does not decode the overflow-recording XO forms
(OE=1: addo., subfo., mulldo.): those are checked against GNU as, and
against Capstone through the word with OE cleared, which is what
emu/disasm.py shows them as (with the "o" put back).

Where GNU as for powerpc64 is installed (Debian: binutils-powerpc64-linux-gnu,
binutils-powerpc64le-linux-gnu; .ci/run installs them) every case is also
assembled by it and the bytes compared; elsewhere that comparison is skipped.
"""

import itertools
import shutil
import subprocess

import pytest
from capstone import CS_ARCH_PPC, CS_MODE_64, CS_MODE_BIG_ENDIAN, CS_MODE_LITTLE_ENDIAN, Cs

from pypyteach.emu.disasm import gap_text
from pypyteach.emu.arch import ARCHS
from pypyteach.jit.backend.ppc64.codebuilder import (
    ALL_FORMS, CodeBuilder, CodeBuilderLE, EncodingError, Label, Mem, encode, encode_form, load_imm_steps)

CS = {"big": Cs(CS_ARCH_PPC, CS_MODE_64 | CS_MODE_BIG_ENDIAN),
      "little": Cs(CS_ARCH_PPC, CS_MODE_64 | CS_MODE_LITTLE_ENDIAN)}
GAS = {"big": "powerpc64-linux-gnu-as", "little": "powerpc64le-linux-gnu-as"}
OBJCOPY = {"big": "powerpc64-linux-gnu-objcopy", "little": "powerpc64le-linux-gnu-objcopy"}
OVERFLOW_FORMS = {"addo.", "subfo.", "mulldo."}
CRBIT = ("lt", "gt", "eq", "un")


def cs_number(value):
    """Capstone prints -9..9 in decimal, everything else in hex."""
    if -9 <= value <= 9:
        return str(value)
    return hex(value) if value > 0 else "-" + hex(-value)


def crbit_text(bit):
    return "cr%d%s" % (bit // 4, CRBIT[bit % 4])


def operand_text(field, operand, at):
    if field.startswith("mem"):
        return "%s(%s)" % (cs_number(operand.disp), operand.base)
    if field.startswith("rel"):
        return cs_number(operand.offset)        # Capstone prints the target (the code starts at 0)
    if field in ("bt", "ba", "bb", "bc"):
        return crbit_text(operand)
    if isinstance(operand, int):
        return cs_number(operand)
    return operand


def expected_text(form, operands, at):
    mnemonic, fields = form.mnemonic, form.fields
    texts = [operand_text(f, o, at) for f, o in zip(fields, operands)]
    if fields and fields[0] == "crf" and mnemonic != "fcmpu" and operands[0] == "cr0":
        texts = texts[1:]                                   # cmpd r3, r4: cr0 is implied
    if mnemonic == "ori" and operands == ("r0", "r0", 0):
        return "nop"
    if mnemonic == "xori" and operands == ("r0", "r0", 0):
        return "xnop"
    if mnemonic == "or" and operands[1] == operands[2]:
        return "mr %s, %s" % (operands[0], operands[1])
    if mnemonic in ("mtspr", "mfspr"):
        spr = operands[0] if mnemonic == "mtspr" else operands[1]
        reg = operands[1] if mnemonic == "mtspr" else operands[0]
        return "%s%s %s" % (mnemonic[:2], spr, reg)
    if mnemonic == "rldicr" and operands[2] + operands[3] == 63:
        return "sldi %s, %s, %s" % (operands[0], operands[1], cs_number(operands[2]))
    if mnemonic == "rldicl" and operands[3] == 0 and operands[2]:
        return "rotldi %s, %s, %s" % (operands[0], operands[1], cs_number(operands[2]))
    if mnemonic == "rldicl" and operands[2] == 0:
        return "clrldi %s, %s, %s" % (operands[0], operands[1], cs_number(operands[3]))
    if mnemonic == "rlwinm" and operands[4] == 31 and operands[2] == 32 - operands[3]:
        return "srwi %s, %s, %s" % (operands[0], operands[1], cs_number(operands[3]))
    if mnemonic == "rlwinm" and operands[3] == 0 and operands[4] == 31 - operands[2]:
        return "slwi %s, %s, %s" % (operands[0], operands[1], cs_number(operands[2]))
    if mnemonic == "rlwinm" and operands[3] == 0 and operands[4] == 31:
        return "rotlwi %s, %s, %s" % (operands[0], operands[1], cs_number(operands[2]))
    if mnemonic == "rlwinm" and operands[2] == 0 and operands[4] == 31:
        return "clrlwi %s, %s, %s" % (operands[0], operands[1], cs_number(operands[3]))
    return ("%s %s" % (mnemonic, ", ".join(texts))).strip()


SAMPLES = {
    "rT": ["r0", "r3", "r31"], "rA": ["r0", "r4", "r30"], "rB": ["r0", "r5", "r12"],
    "rA_nz": ["r1", "r11", "r31"], "rA_or_0": [0, "r4", "r31"],
    "fT": ["f0", "f1", "f31"], "fA": ["f2", "f13"], "fB": ["f3", "f30"], "fC": ["f4", "f29"],
    "crf": ["cr0", "cr1", "cr7"], "bt": [2, 0, 31], "ba": [0, 5], "bb": [2, 30], "bc": [0, 1, 2, 3, 29],
    "si16": [0, 1, -1, 9, 10, -10, 0x7FFF, -0x8000], "ui16": [0, 1, 63, 0xFFFF],
    "mem_d": [Mem("r1", -8), Mem("r11", 0), Mem("r31", 0x7FFF), Mem("r4", -0x8000)],
    "mem_ds": [Mem("r1", -8), Mem("r11", 0), Mem("r31", 0x7FFC), Mem("r4", -0x8000)],
    "sh6": [1, 3, 32, 63], "mb6": [0, 1, 31, 32, 60], "sh5": [0, 1, 3, 31], "mb5": [0, 31], "me5": [31, 20],
    "spr": ["xer", "ctr", "lr"],
}


def bound_label(offset):
    label = Label()
    label.offset = offset
    return label


AT = 1 << 25            # instruction offset: room for the most negative branches
# (a bc to itself, BD=0, is printed by Capstone without its target: not sampled)
REL_SAMPLES = {"rel24": [0, -4, 8, (1 << 25) - 4, -(1 << 25)], "rel14": [-4, 8, (1 << 15) - 4, -(1 << 15)]}


def cases():
    out = []
    for form in ALL_FORMS:
        pools = []
        for field in form.fields:
            if field in REL_SAMPLES:
                pools.append([bound_label(AT + d) for d in REL_SAMPLES[field]])
            else:
                pools.append(SAMPLES[field])
        for operands in itertools.islice(itertools.product(*pools), 30):
            out.append((form, operands))
    return out


CASES = cases()


def capstone_text(data, byteorder, address=AT):
    insns = list(CS[byteorder].disasm(data, address))
    assert len(insns) == 1 and insns[0].size == 4, (data.hex(), insns)
    return ("%s %s" % (insns[0].mnemonic, insns[0].op_str)).strip()


def word_bytes(form, operands, byteorder):
    word = encode_form(form, operands, AT)
    assert word is not None, (form, operands)
    return word.to_bytes(4, byteorder)


@pytest.mark.parametrize("byteorder", ["big", "little"])
def test_every_form_disassembles_as_written(byteorder):
    seen = set()
    for form, operands in CASES:
        data = word_bytes(form, operands, byteorder)
        if form.mnemonic in OVERFLOW_FORMS:
            # Capstone 5.0 has no OE=1 forms: the word without OE, and the view's text
            plain = (int.from_bytes(data, byteorder) & ~(1 << 10)).to_bytes(4, byteorder)
            base = form.mnemonic.replace("o.", ".")
            texts = [operand_text(f, o, AT) for f, o in zip(form.fields, operands)]
            assert capstone_text(plain, byteorder) == "%s %s" % (base, ", ".join(texts)), form
            assert gap_text(ARCHS["ppc64" if byteorder == "big" else "ppc64le"], data) == \
                "%s %s" % (form.mnemonic, ", ".join(texts))
        else:
            assert capstone_text(data, byteorder) == expected_text(form, operands, AT), (form, operands)
        seen.add(form)
    assert seen == set(ALL_FORMS)


def gas_operand(field, operand, at):
    if field.startswith("mem"):
        return "%d(%s)" % (operand.disp, operand.base)
    if field.startswith("rel"):
        return ".%+d" % (operand.offset - at)
    if field == "spr":
        return str({"xer": 1, "lr": 8, "ctr": 9}[operand])
    return str(operand)


def gas_bytes(byteorder, lines, tmp_path):
    if shutil.which(GAS[byteorder]) is None or shutil.which(OBJCOPY[byteorder]) is None:
        pytest.skip("GNU as for powerpc64 (%s) is not installed: apt-get install binutils-%s-linux-gnu "
                    "(CI does)" % (GAS[byteorder], GAS[byteorder][:-3].rstrip("-linux-gnu")))
    source, obj, raw = tmp_path / "t.s", tmp_path / "t.o", tmp_path / "t.bin"
    source.write_text(".text\n" + "\n".join(lines) + "\n")
    subprocess.run([GAS[byteorder], "-mpower10", "-mregnames", "-o", str(obj), str(source)], check=True)
    subprocess.run([OBJCOPY[byteorder], "-O", "binary", "-j", ".text", str(obj), str(raw)], check=True)
    return raw.read_bytes()


@pytest.mark.parametrize("byteorder", ["big", "little"])
def test_every_form_matches_gnu_as(byteorder, tmp_path):
    lines = []
    for form, operands in CASES:
        lines.append("%s %s" % (form.mnemonic, ", ".join(gas_operand(f, o, AT) for f, o in
                                                         zip(form.fields, operands))))
    assembled = gas_bytes(byteorder, lines, tmp_path)
    assert len(assembled) == 4 * len(CASES)
    for index, ((form, operands), line) in enumerate(zip(CASES, lines)):
        ours = word_bytes(form, operands, byteorder)
        assert ours == assembled[4 * index:4 * index + 4], (line, ours.hex(), assembled[4 * index:4 * index + 4].hex())


@pytest.mark.parametrize("operands", [
    ("ld", "r3", Mem("r4", 6)),             # DS-form: 6 would encode lwa
    ("ld", "r3", Mem("r0", 8)),             # r0 as a base means 0
    ("lwz", "r3", Mem("r0", 8)),
    ("stw", "r3", Mem("r4", 0x8000)),       # D-form: a signed 16-bit displacement
    ("lwzx", "r3", "r0", "r4"),             # X-form: RA=0 means 0
    ("addi", "r3", "r0", 1),
    ("li", "r3", 0x8000),
    ("ori", "r3", "r4", -1),
    ("cmpdi", "cr8", "r3", 0),
    ("sradi", "r3", "r4", 64),
    ("fadd", "f1", "r2", "f3"),
    ("add", "r3", "r4"),
    ("bogus", "r3"),
])
def test_bad_operands_raise_encoding_error(operands):
    with pytest.raises(EncodingError):
        encode(*operands)


def test_byte_orders_store_the_same_word():
    assert encode("li", "r3", 1, byteorder="big") == bytes.fromhex("38600001")
    assert encode("li", "r3", 1, byteorder="little") == bytes.fromhex("01006038")


@pytest.mark.parametrize("builder", [CodeBuilder, CodeBuilderLE])
def test_forward_branches_are_patched(builder):
    asm = builder(base=0x1000000)
    done = asm.new_label("done")
    asm.emit("cmpdi", "cr0", "r3", 0)
    asm.emit("beq", done)
    asm.emit("b", done)
    asm.emit("nop")
    asm.bind(done)
    asm.emit("blr")
    code = asm.getcode()
    order = builder.BYTEORDER
    texts = [i.mnemonic + " " + i.op_str for i in CS[order].disasm(code, 0x1000000)]
    assert texts == ["cmpdi r3, 0", "beq 0x1000010", "b 0x1000010", "nop ", "blr "]


def test_a_conditional_branch_out_of_reach_is_an_encoding_error():
    asm = CodeBuilder()
    far = asm.new_label("exit stub")
    asm.emit("bne", far)
    for _ in range(8192):
        asm.emit("nop")
    with pytest.raises(EncodingError, match="exit stub.*out of reach"):
        asm.bind(far)


def test_backward_branch_out_of_reach_is_refused_at_emit():
    asm = CodeBuilder()
    top = asm.new_label("top")
    asm.bind(top)
    for _ in range(8193):
        asm.emit("nop")
    with pytest.raises(EncodingError):
        asm.emit("blt", top)
    asm.emit("b", top)                      # the I-form reaches +-32 MiB


@pytest.mark.parametrize("value", [0, 1, -1, 0x7FFF, -0x8000, 0x8000, 0x12345678, -0x12345678, 0x7FFFFFFF,
                                   -0x80000000, 0x80000000, 1 << 32, 0x123456789ABCDEF0, -(1 << 63),
                                   (1 << 63) - 1, 0xFFF8000000000000, 0x0000FFFF00000000])
def test_load_imm_steps_compute_the_value(value):
    """Simulated on the words the steps mean (li/lis sign-extend, ori/oris
    OR in, rldicr 32,31 shifts up)."""
    mask = (1 << 64) - 1
    reg = None
    for mnemonic, operands in load_imm_steps(value):
        if mnemonic == "li":
            reg = operands[0] & mask
        elif mnemonic == "lis":
            reg = (operands[0] << 16) & mask
        elif mnemonic == "ori":
            reg |= operands[1]
        elif mnemonic == "oris":
            reg |= operands[1] << 16
        else:
            assert (mnemonic, operands) == ("rldicr", ("self", 32, 31))
            reg = (reg << 32) & mask
        encode(mnemonic, "r3", *["r3" if o == "self" else o for o in operands])
    assert reg == value & mask
    assert len(load_imm_steps(value)) <= 5
