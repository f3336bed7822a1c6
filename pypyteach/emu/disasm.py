"""Capstone disassembly of machine code, for any target in emu/arch.py.

This module only decodes bytes: one ``Insn`` per instruction.  What each
instruction implements (its trace op, its source line) is the JIT's
knowledge: jit/backend/listing.py annotates these rows with it.
"""

from dataclasses import dataclass

import capstone

from .arch import ARCHS

_DISASSEMBLERS = {}


def disassembler(arch):
    cs = _DISASSEMBLERS.get(arch)
    if cs is None:
        desc = ARCHS[arch]
        cs = _DISASSEMBLERS[arch] = capstone.Cs(desc.cs_arch, desc.cs_mode)
    return cs


@dataclass(frozen=True)
class Insn:
    address: int
    bytes: bytes
    mnemonic: str
    op_str: str

    @property
    def text(self):
        return ("%s %s" % (self.mnemonic, self.op_str)).strip()


# Capstone 5.0 does not decode the Power ISA's XO-form arithmetic with OE=1
# (addo., subfo., mulldo.: overflow recorded in XER), which the PPC64
# backend uses for int_*_ovf.  Such a word is the plain instruction with
# bit 21 (IBM numbering; 1 << 10) set: decode that, and put the "o" back.
_XO_ARITHMETIC = frozenset(["add", "subf", "neg", "mulld", "divd", "divdu", "addc", "subfc", "adde",
                            "subfe", "addze", "subfze", "addme", "subfme", "mullw", "divw", "divwu"])


def gap_text(desc, data):
    """The text of a 4-byte instruction Capstone cannot decode though the
    target has it (see above), or None."""
    if desc.cs_arch != capstone.CS_ARCH_PPC or len(data) < 4:
        return None
    word = int.from_bytes(data[:4], desc.byteorder)
    if word >> 26 != 31 or not word & (1 << 10):
        return None
    plain = (word & ~(1 << 10)).to_bytes(4, desc.byteorder)
    insn = next(disassembler(desc.name).disasm(plain, 0), None)
    if insn is None or insn.mnemonic.rstrip(".") not in _XO_ARITHMETIC:
        return None
    name = insn.mnemonic[:-1] + "o." if insn.mnemonic.endswith(".") else insn.mnemonic + "o"
    return ("%s %s" % (name, insn.op_str)).strip()


def decode(arch, address, data):
    """Every instruction of ``data`` (loaded at ``address``), through the
    words Capstone cannot decode though the target has them (``gap_text``).
    Capstone stops silently at truly undecodable bytes (anchors gotcha 11):
    the rest becomes one Insn whose mnemonic is "(undecodable)"."""
    data, desc, cs = bytes(data), ARCHS[arch], disassembler(arch)
    insns, offset = [], 0
    while offset < len(data):
        for insn in cs.disasm(data[offset:], address + offset):
            insns.append(Insn(insn.address, bytes(insn.bytes), insn.mnemonic, insn.op_str))
            offset += insn.size
        text = gap_text(desc, data[offset:offset + 4])
        if text is None:
            break
        mnemonic, _, op_str = text.partition(" ")
        insns.append(Insn(address + offset, data[offset:offset + 4], mnemonic, op_str))
        offset += 4
    if offset < len(data):
        insns.append(Insn(address + offset, data[offset:], "(undecodable)", ""))
    return insns
