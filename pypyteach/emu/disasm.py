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


def decode(arch, address, data):
    """Every instruction of ``data`` (loaded at ``address``).  Capstone stops
    silently at undecodable bytes (anchors gotcha 11): the rest becomes one
    Insn whose mnemonic is "(undecodable)"."""
    data = bytes(data)
    insns, end = [], address
    for insn in disassembler(arch).disasm(data, address):
        insns.append(Insn(insn.address, bytes(insn.bytes), insn.mnemonic, insn.op_str))
        end = insn.address + insn.size
    if end < address + len(data):
        insns.append(Insn(end, data[end - address:], "(undecodable)", ""))
    return insns
