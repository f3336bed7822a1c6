"""Disassembler for pypyteach code objects, in the spirit of ``python -m dis``.

Each line shows: the source line number (at the first instruction of each
line), ``>>`` on jump targets, the byte offset, the opcode name, the
argument and, in parentheses, what the argument means.  Unlike CPython no
memory addresses are printed, so the output is deterministic.
"""

from . import opcodes
from .code import Code

_OPNAME_WIDTH = 20
_OPARG_WIDTH = 5
_MAKE_FUNCTION_FLAGS = ("defaults", "kwdefaults", "annotations", "closure")
_FORMAT_CONVERSIONS = ("", "str", "repr", "ascii")


def code_header(code):
    return '<code object %s, file "%s", line %d>' % (
        code.co_name, code.co_filename, code.co_firstlineno)


def dis_source(source, filename):
    from .pycompiler import compile_source
    return dis_code(compile_source(source, filename))


def dis_code(code, recursive=True):
    """Disassemble ``code`` and, if ``recursive``, every code object nested in
    its constants, depth first; each is introduced by a header line and
    separated from the previous one by a blank line.  Ends with a newline."""
    codes = code.nested_codes() if recursive else [code]
    return "\n\n".join("Disassembly of %s:\n%s" % (code_header(c), _dis_one(c))
                       for c in codes) + "\n"


def raw_instructions(code):
    """(offset, opcode, raw arg, full arg): EXTENDED_ARG prefixes shown too."""
    extended = 0
    co_code = code.co_code
    for offset in range(0, len(co_code), 2):
        opcode, arg = co_code[offset], co_code[offset + 1]
        full = extended | arg
        extended = (full << 8) if opcode == opcodes.EXTENDED_ARG else 0
        yield offset, opcode, arg, full


def jump_targets(code):
    """The offsets some jump of ``code`` goes to (the disassembler marks them ``>>``)."""
    targets = set()
    for instr in code.instructions:
        target = opcodes.jump_target(instr.opcode, instr.arg, instr.offset)
        if target is not None:
            targets.add(target)
    return targets


def _dis_one(code):
    targets = jump_targets(code)
    lines = []
    last_line = None
    max_line = max((pos[0] for pos in code.positions), default=1)
    line_width = max(3, len(str(max_line)))
    for offset, opcode, raw, full in raw_instructions(code):
        line = code.positions[offset // 2][0]
        fields = []
        if line != last_line:
            if last_line is not None:
                lines.append("")
            fields.append(str(line).rjust(line_width))
            last_line = line
        else:
            fields.append(" " * line_width)
        fields.append("   ")
        fields.append(">>" if offset in targets else "  ")
        fields.append(str(offset).rjust(4))
        fields.append(opcodes.opname(opcode).ljust(_OPNAME_WIDTH))
        if opcode in opcodes.HAS_ARG:
            shown = raw if opcode == opcodes.EXTENDED_ARG else full
            fields.append(str(shown).rjust(_OPARG_WIDTH))
            if opcode != opcodes.EXTENDED_ARG:
                desc = describe_arg(code, opcode, full, offset)
                if desc:
                    fields.append("(" + desc + ")")
        lines.append(" ".join(fields).rstrip())
    return "\n".join(lines)


def _const_repr(value):
    if isinstance(value, Code):
        return code_header(value)
    return repr(value)


def describe_arg(code, opcode, arg, offset):
    """What an argument means: a constant, a name, a jump target, ..."""
    kind = opcodes.OPS_BY_CODE[opcode].arg
    name = opcodes.opname(opcode)
    if kind == opcodes.ARG_CONST:
        return _const_repr(code.co_consts[arg])
    if kind == opcodes.ARG_NAME:
        return code.co_names[arg]
    if kind == opcodes.ARG_LOCAL:
        return code.co_varnames[arg]
    if kind == opcodes.ARG_FREE:
        return (code.co_cellvars + code.co_freevars)[arg]
    if kind in (opcodes.ARG_JABS, opcodes.ARG_JREL):
        return "to %d" % opcodes.jump_target(opcode, arg, offset)
    if kind == opcodes.ARG_COMPARE:
        return opcodes.COMPARE_OPS[arg]
    if name == "IS_OP":
        return "is not" if arg else "is"
    if name == "CONTAINS_OP":
        return "not in" if arg else "in"
    if name == "MAKE_FUNCTION":
        return ", ".join(flag for i, flag in enumerate(_MAKE_FUNCTION_FLAGS) if arg & (1 << i))
    if name == "FORMAT_VALUE":
        desc = _FORMAT_CONVERSIONS[arg & opcodes.FVC_MASK]
        if arg & opcodes.FVS_HAVE_SPEC:
            desc = (desc + ", " if desc else "") + "with format"
        return desc
    return ""
