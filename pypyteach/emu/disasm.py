"""Capstone disassembly of compiled loops and bridges (DESIGN decision 4).

Every instruction is shown with the trace op it implements (the address
ranges the assembler recorded, see jit/backend/compiled.py CodeNote) and
that op's provenance: the user's code, bytecode and source line, and the
interpreter function that recorded it.  ``disassemble`` gives data rows for
views; ``format_listing`` a text listing in the spirit of PyPy's
``jit-backend-dump`` read through its trace.
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


@dataclass
class Row:
    address: int
    bytes: bytes
    mnemonic: str
    op_str: str
    op: object                  # the trace op (None: no op, e.g. undecodable padding)
    role: str                   # "body", "exit stub", "slow path", "entry", "bridge entry", "label moves"
    index: int                  # the op's position in the trace (-1: not in this trace)
    source: tuple               # (code name, filename, line, bytecode offset, opname) or None

    @property
    def text(self):
        return ("%s %s" % (self.mnemonic, self.op_str)).strip()


def _source(op):
    prov = getattr(op, "provenance", None)
    if prov is None:
        return None
    return (prov.code_name, prov.filename, prov.line, prov.offset, prov.opname)


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


def instructions(desc, data, address, cs=None):
    """[(address, bytes, mnemonic, op_str)] of the code ``data`` at
    ``address``, through the words Capstone cannot decode (``gap_text``);
    it stops at the first truly undecodable bytes (gotcha 11)."""
    cs = cs or disassembler(desc.name)
    out, offset = [], 0
    while offset < len(data):
        for insn in cs.disasm(data[offset:], address + offset):
            out.append((insn.address, bytes(insn.bytes), insn.mnemonic, insn.op_str))
            offset += insn.size
        text = gap_text(desc, data[offset:offset + 4])
        if text is None:
            break
        mnemonic, _, op_str = text.partition(" ")
        out.append((address + offset, data[offset:offset + 4], mnemonic, op_str))
        offset += 4
    return out


def disassemble(trace, cs=None):
    """One Row per instruction of a compiled trace (a MachineTrace)."""
    block = trace.block
    data = bytes(block.code)
    positions = {id(op): i for i, op in enumerate(trace.operations)}
    rows, end = [], block.address
    for address, raw, mnemonic, op_str in instructions(ARCHS[trace.arch], data, block.address, cs):
        note = block.note_at(address)
        op = getattr(note, "op", note)
        rows.append(Row(address, raw, mnemonic, op_str, op,
                        getattr(note, "role", "body"), positions.get(id(op), -1), _source(op)))
        end = address + len(raw)
    if end < block.end:          # Capstone stops silently at undecodable bytes (gotcha 11)
        rows.append(Row(end, data[end - block.address:], "(undecodable)", "", None, "data", -1, None))
    return rows


def op_ranges(trace):
    """{op: [(start, end), ...]}: the address ranges of each op's instructions
    (a guard has two: its test in the body, its exit stub out of line)."""
    ranges = {}
    for start, end, note in trace.block.spans:
        op = getattr(note, "op", note)
        spans = ranges.setdefault(op, [])
        if spans and spans[-1][1] == start:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return ranges


def op_lines(trace):
    """The text of each op of the trace, as the JIT log prints it."""
    from ..jit.logger import format_trace, Names
    names = Names()
    lines = format_trace(trace.inputargs, trace.operations, names)
    texts = {id(op): line for op, line in zip(trace.operations, lines[1:])}
    return texts, names


def format_listing(trace, cs=None):
    """The code of a loop or bridge, grouped under the op each part implements."""
    rows = disassemble(trace, cs)
    texts, _ = op_lines(trace)
    markers = {}
    for address, op in trace.markers:
        markers.setdefault(address, []).append(op)
    out = ["%s (%s) at 0x%x: %d bytes, %d instructions" % (
        trace.title(), trace.arch, trace.block.address, len(trace.block.code), len(rows))]
    current = None
    for row in rows:
        for op in markers.pop(row.address, ()):
            out.append("  # %s" % texts.get(id(op), op.name))
            current = None
        key = (id(row.op), row.role)
        if key != current:
            current = key
            out.append(_heading(row, texts))
        out.append("    0x%x: %-30s %s" % (row.address, row.bytes.hex(" "), row.text))
    return "\n".join(out)


def _heading(row, texts):
    op = row.op
    if op is None:
        return "  -- %s" % row.role
    text = texts.get(id(op)) or "%s (in the parent trace)" % op.name
    where = ""
    if row.source is not None:
        code, _, line, offset, opname = row.source
        where = "    <- %s line %d #%d %s" % (code, line, offset, opname)
    role = "" if row.role == "body" else " [%s]" % row.role
    return "  %s%s%s" % (text, role, where)
