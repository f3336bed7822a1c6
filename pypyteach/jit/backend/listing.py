"""The machine code of a compiled trace, annotated (DESIGN decision 4).

Every instruction is shown with the trace op it implements (the address
ranges the code generator recorded, see compiled.py CodeNote) and that op's
provenance: the user's code, bytecode and source line.  ``disassemble``
gives data rows for the run record and the views; ``format_listing`` a text
listing in the spirit of PyPy's ``jit-backend-dump`` read through its trace.
Decoding itself is emu/disasm.py's (Capstone).
"""

from dataclasses import dataclass

from ...emu.disasm import decode
from ..logger import Names, format_trace


@dataclass(frozen=True)
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


def source_of(op):
    """(code name, filename, line, offset, opname) of a trace op, or None."""
    prov = op.provenance if op is not None else None
    if prov is None:
        return None
    return (prov.code_name, prov.filename, prov.line, prov.offset, prov.opname)


def disassemble(trace, code=None):
    """One Row per instruction of a compiled trace (a MachineTrace); ``code``:
    the bytes to decode, if not the block's as they are now."""
    block = trace.block
    positions = {id(op): i for i, op in enumerate(trace.operations)}
    rows = []
    for insn in decode(trace.arch, block.address, block.code if code is None else code):
        note = block.note_at(insn.address)
        if insn.mnemonic == "(undecodable)":
            rows.append(Row(insn.address, insn.bytes, insn.mnemonic, "", None, "data", -1, None))
            continue
        op = note.op if note is not None else None
        role = note.role if note is not None else "body"
        rows.append(Row(insn.address, insn.bytes, insn.mnemonic, insn.op_str, op, role,
                        positions.get(id(op), -1), source_of(op)))
    return rows


def op_ranges(trace):
    """{op: [(start, end), ...]}: the address ranges of each op's instructions
    (a guard has two: its test in the body, its exit stub out of line)."""
    ranges = {}
    for start, end, note in trace.block.spans:
        spans = ranges.setdefault(note.op, [])
        if spans and spans[-1][1] == start:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return ranges


def op_lines(trace):
    """The text of each op of the trace, as the JIT log prints it."""
    names = Names()
    lines = format_trace(trace.inputargs, trace.operations, names)
    texts = {id(op): line for op, line in zip(trace.operations, lines[1:])}
    return texts, names


def format_listing(trace):
    """The code of a loop or bridge, grouped under the op each part implements."""
    rows = disassemble(trace)
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


def fault_note_text(block, note):
    """What a faulting instruction implements, for emu's EmulatorFault:
    the op as the JIT log prints it, its role and its source line."""
    op = note.op
    if op is None:
        return note.role
    text = None
    if block.owner is not None and hasattr(block.owner, "operations"):
        text = op_lines(block.owner)[0].get(id(op))
    text = (text or op.name).strip()
    if note.role not in (None, "body"):
        text += " (%s)" % note.role
    prov = op.provenance
    if prov is not None:
        text += " <- %s line %d #%d %s" % (prov.filename, prov.line, prov.offset, prov.opname)
    return text
