"""The x86-64 instruction forms the JIT backend emits: one row per form.

Each row is ``(mnemonic, shape, op_en, opcode)``, copied from the summary
table at the top of the instruction's page in the Intel 64 and IA-32
Architectures Software Developer's Manual (SDM):

- ``shape``: the operand kinds, as in the SDM's "Instruction" column
  (``r64, r/m64`` is split into two rows, ``r64, r64`` and ``r64, m64``).
  Kinds: ``r64 r32 r8 xmm`` registers, ``cl`` the CL register only,
  ``m64 m32 m8 m128`` memory of that size, ``m`` an address (lea),
  ``imm8 imm32 imm64`` immediates, ``rel8 rel32`` jump targets, ``none``.
- ``op_en``: the SDM's "Op/En" column (Vol. 2A §3.1.1.4): which operand goes
  in ModRM.reg (R), ModRM.rm (M), the immediate (I), the low bits of the
  opcode byte (O), the relative offset (D); C is the implicit CL; ZO means no
  operands.  Newer SDM editions letter some of these A, B, C...; we keep the
  older, self-describing names.
- ``opcode``: the SDM's "Opcode" column (Vol. 2A §3.1.1.1): prefixes
  (``66 F2 F3``), ``REX.W``, opcode bytes, ``XX+rd`` (register in the low 3
  bits), ``/r`` or ``/digit`` (ModRM.reg), ``ib id io`` (immediate size),
  ``cb cd`` (relative offset size).

Nothing here is code: rx86.py parses the opcode strings once at import and
checks each row against its shape.  Families (the six ALU operations, the 16
condition codes) are written as loops over small tables to keep the rows
uniform; every generated row still shows up by grepping for its mnemonic.
"""

# Condition codes, in encoding order (SDM Vol. 1 Appendix B, Table B-1, and
# the Jcc / SETcc pages in Vol. 2A / 2B).  Names are Capstone's spellings.
CONDITIONS = ("o", "no", "b", "ae", "e", "ne", "be", "a",
              "s", "ns", "p", "np", "l", "ge", "le", "g")

# Other spellings of the same condition code (SDM Vol. 2A, Jcc page).
CONDITION_ALIASES = {
    "c": "b", "nae": "b", "nb": "ae", "nc": "ae", "z": "e", "nz": "ne",
    "na": "be", "nbe": "a", "pe": "p", "po": "np",
    "nge": "l", "nl": "ge", "ng": "le", "nle": "g",
}

# The classic two-operand integer ALU group: name, base opcode, /digit for
# the 80/81/83 immediate group (SDM Vol. 2A Appendix A.4, Table A-6 group 1;
# instruction pages ADD, OR, AND in 2A, SUB in 2B, XOR in 2C, CMP in 2A).
ALU_OPERATIONS = (("add", 0x00, 0), ("or", 0x08, 1), ("and", 0x20, 4),
                  ("sub", 0x28, 5), ("xor", 0x30, 6), ("cmp", 0x38, 7))


def _alu_rows(name, base, digit):
    return [
        (name, "r64, r64", "MR", f"REX.W + {base + 1:02X} /r"),
        (name, "m64, r64", "MR", f"REX.W + {base + 1:02X} /r"),
        (name, "r64, m64", "RM", f"REX.W + {base + 3:02X} /r"),
        (name, "r64, imm8", "MI", f"REX.W + 83 /{digit} ib"),
        (name, "r64, imm32", "MI", f"REX.W + 81 /{digit} id"),
        (name, "m64, imm8", "MI", f"REX.W + 83 /{digit} ib"),
        (name, "m64, imm32", "MI", f"REX.W + 81 /{digit} id"),
    ]


# Shifts: SDM Vol. 2B, "SAL/SAR/SHL/SHR—Shift" (group 2, C1 and D3).
SHIFT_OPERATIONS = (("shl", 4), ("shr", 5), ("sar", 7))


def _shift_rows(name, digit):
    return [
        (name, "r64, imm8", "MI", f"REX.W + C1 /{digit} ib"),
        (name, "r64, cl", "MC", f"REX.W + D3 /{digit}"),
    ]


def _condition_rows(cc, number):
    return [
        # Jcc—Jump if Condition Is Met (Vol. 2A): 70+cc cb, 0F 80+cc cd.
        ("j" + cc, "rel8", "D", f"{0x70 + number:02X} cb"),
        ("j" + cc, "rel32", "D", f"0F {0x80 + number:02X} cd"),
        # SETcc—Set Byte on Condition (Vol. 2B); ModRM.reg is unused: /0.
        ("set" + cc, "r8", "M", f"0F {0x90 + number:02X} /0"),
    ]


MOVES = [
    # MOV (Vol. 2B).  r64, r64 uses 89 /r (MR), like GNU as and PyPy.
    ("mov", "r64, r64", "MR", "REX.W + 89 /r"),
    ("mov", "m64, r64", "MR", "REX.W + 89 /r"),
    ("mov", "r64, m64", "RM", "REX.W + 8B /r"),
    ("mov", "r64, imm32", "MI", "REX.W + C7 /0 id"),    # sign-extended
    ("mov", "r64, imm64", "OI", "REX.W + B8+rd io"),    # Capstone: movabs
    ("mov", "m64, imm32", "MI", "REX.W + C7 /0 id"),
    # The same MOV opcodes without REX.W: 32-bit operands (Vol. 2B MOV,
    # 8B /r, 89 /r, C7 /0 id), the 4-byte items of a str (a code point per
    # item).  Writing a 32-bit register zero-extends into its 64 bits
    # (Vol. 1 §3.4.1.1), so the load is an unsigned one.  Named after PyPy's
    # MOV32 (rx86.py/regloc.py: load_from_mem and save_into_mem use it for
    # a 4-byte unsigned item), so that ``mov`` of a Mem and an immediate
    # still means the 64-bit form; Capstone spells these ``mov``.
    ("mov32", "r32, m32", "RM", "8B /r"),
    ("mov32", "m32, r32", "MR", "89 /r"),
    ("mov32", "m32, imm32", "MI", "C7 /0 id"),
    # LEA—Load Effective Address (Vol. 2A).
    ("lea", "r64, m", "RM", "REX.W + 8D /r"),
    # MOVZX—Move With Zero-Extend (Vol. 2B); the r32 form widens a SETcc
    # result (writing a 32-bit register clears bits 63:32, Vol. 1 §3.4.1.1).
    ("movzx", "r64, r8", "RM", "REX.W + 0F B6 /r"),
    ("movzx", "r64, m8", "RM", "REX.W + 0F B6 /r"),
    ("movzx", "r32, r8", "RM", "0F B6 /r"),
    # PUSH, POP (Vol. 2B): 64-bit by default, no REX.W.
    ("push", "r64", "O", "50+rd"),
    ("pop", "r64", "O", "58+rd"),
]

ARITHMETIC = [
    # TEST—Logical Compare (Vol. 2B).
    ("test", "r64, r64", "MR", "REX.W + 85 /r"),
    ("test", "r64, imm32", "MI", "REX.W + F7 /0 id"),
    # IMUL—Signed Multiply (Vol. 2A).
    ("imul", "r64, r64", "RM", "REX.W + 0F AF /r"),
    ("imul", "r64, m64", "RM", "REX.W + 0F AF /r"),
    ("imul", "r64, r64, imm8", "RMI", "REX.W + 6B /r ib"),
    ("imul", "r64, r64, imm32", "RMI", "REX.W + 69 /r id"),
    # NEG, NOT (Vol. 2B), IDIV (Vol. 2A): group 3, F7 /digit.
    ("neg", "r64", "M", "REX.W + F7 /3"),
    ("not", "r64", "M", "REX.W + F7 /2"),
    ("idiv", "r64", "M", "REX.W + F7 /7"),
    # CWD/CDQ/CQO—sign-extend rax into rdx:rax before idiv (Vol. 2A).
    ("cqo", "none", "ZO", "REX.W + 99"),
]

CONTROL = [
    # JMP (Vol. 2A): EB cb, E9 cd, FF /4.
    ("jmp", "rel8", "D", "EB cb"),
    ("jmp", "rel32", "D", "E9 cd"),
    ("jmp", "r64", "M", "FF /4"),
    # CALL (Vol. 2A): E8 cd, FF /2.
    ("call", "rel32", "D", "E8 cd"),
    ("call", "r64", "M", "FF /2"),
    # RET (Vol. 2B), INT3 (Vol. 2A "INT n/INTO/INT3/INT1"),
    # UD2 (Vol. 2B "UD—Undefined Instruction"), NOP (Vol. 2B).
    ("ret", "none", "ZO", "C3"),
    ("int3", "none", "ZO", "CC"),
    ("ud2", "none", "ZO", "0F 0B"),
    ("nop", "none", "ZO", "90"),
]

SSE2 = [
    # MOVSD—Move or Merge Scalar Double Precision (Vol. 2B).
    ("movsd", "xmm, xmm", "RM", "F2 0F 10 /r"),
    ("movsd", "xmm, m64", "RM", "F2 0F 10 /r"),
    ("movsd", "m64, xmm", "MR", "F2 0F 11 /r"),
    # ADDSD (2A), SUBSD (2B), MULSD (2B), DIVSD (2A), SQRTSD (2B).
    ("addsd", "xmm, xmm", "RM", "F2 0F 58 /r"),
    ("addsd", "xmm, m64", "RM", "F2 0F 58 /r"),
    ("subsd", "xmm, xmm", "RM", "F2 0F 5C /r"),
    ("subsd", "xmm, m64", "RM", "F2 0F 5C /r"),
    ("mulsd", "xmm, xmm", "RM", "F2 0F 59 /r"),
    ("mulsd", "xmm, m64", "RM", "F2 0F 59 /r"),
    ("divsd", "xmm, xmm", "RM", "F2 0F 5E /r"),
    ("divsd", "xmm, m64", "RM", "F2 0F 5E /r"),
    ("sqrtsd", "xmm, xmm", "RM", "F2 0F 51 /r"),
    # UCOMISD—Unordered Compare, sets ZF PF CF (Vol. 2B).
    ("ucomisd", "xmm, xmm", "RM", "66 0F 2E /r"),
    ("ucomisd", "xmm, m64", "RM", "66 0F 2E /r"),
    # XORPD (Vol. 2C), ANDPD (Vol. 2A): float negation / abs with a mask.
    # The m128 operand must be 16-byte aligned (legacy SSE, Vol. 1 §4.1.1).
    ("xorpd", "xmm, xmm", "RM", "66 0F 57 /r"),
    ("xorpd", "xmm, m128", "RM", "66 0F 57 /r"),
    ("andpd", "xmm, xmm", "RM", "66 0F 54 /r"),
    ("andpd", "xmm, m128", "RM", "66 0F 54 /r"),
    # CVTSI2SD, CVTTSD2SI (Vol. 2A): the mandatory prefix goes before REX
    # (Vol. 2A §2.2.1: REX must immediately precede the opcode).
    ("cvtsi2sd", "xmm, r64", "RM", "F2 REX.W 0F 2A /r"),
    ("cvttsd2si", "r64, xmm", "RM", "F2 REX.W 0F 2C /r"),
    # MOVD/MOVQ (Vol. 2B): bit-copy between a GPR and an xmm register.
    ("movq", "xmm, r64", "RM", "66 REX.W 0F 6E /r"),
    ("movq", "r64, xmm", "MR", "66 REX.W 0F 7E /r"),
]


def _build_forms():
    rows = []
    for name, base, digit in ALU_OPERATIONS:
        rows += _alu_rows(name, base, digit)
    for name, digit in SHIFT_OPERATIONS:
        rows += _shift_rows(name, digit)
    for number, cc in enumerate(CONDITIONS):
        rows += _condition_rows(cc, number)
    return rows + MOVES + ARITHMETIC + CONTROL + SSE2


FORMS = _build_forms()
