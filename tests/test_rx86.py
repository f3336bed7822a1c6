"""The x86-64 encoder against Capstone (every form) and Unicorn (real runs).

The expected disassembly is computed here from the operands, independently
of the encoder, following Capstone 5.0's Intel syntax; its quirks are the
CAPSTONE_* constants below.  Facts about Capstone/Unicorn on this machine:
shared/anchors/emulation/SUMMARY.md and vectors.txt.
"""

import itertools
import math
import struct

import pytest
from capstone import CS_ARCH_X86, CS_MODE_64, Cs
from hypothesis import HealthCheck, given, settings, strategies as st
from unicorn import UC_ARCH_X86, UC_MODE_64, Uc
from unicorn import x86_const as ux

from pypyteach.jit.backend.x86 import rx86
from pypyteach.jit.backend.x86.rx86 import (
    ALL_FORMS, FORMS_BY_MNEMONIC, GPR8, GPR32, GPR64, XMM, CodeBuilder,
    EncodingError, Label, Mem, encode, encode_form)
from pypyteach.jit.backend.x86.rx86_table import CONDITION_ALIASES, CONDITIONS

CS = Cs(CS_ARCH_X86, CS_MODE_64)
BASE = 0x100000                      # code address, as in the anchors
MASK64 = (1 << 64) - 1

# --- Capstone's text, computed from the operands -----------------------------

SIZE_PTR = {"m8": "byte ptr ", "m32": "dword ptr ", "m64": "qword ptr ", "m128": "xmmword ptr ",
            "m": ""}                                   # lea: no size
# Quirks of Capstone 5.0 (measured): REX.W B8+rd is spelled "movabs"; the
# immediates of mov/and/or/xor print as unsigned 64-bit, those of the 32-bit
# mov (our mov32, PyPy's MOV32, which Capstone spells mov) as unsigned
# 32-bit, shift counts as an unsigned byte, all others signed; an absolute address prints unsigned;
# scale 1 prints no "*1" (so [index] with no base looks like [base]).
CAPSTONE_NAMES = {("mov", "r64, imm64"): "movabs", ("mov32", "r32, m32"): "mov",
                  ("mov32", "m32, r32"): "mov", ("mov32", "m32, imm32"): "mov"}
CAPSTONE_UNSIGNED_IMM = {"mov": MASK64, "mov32": 0xFFFFFFFF, "and": MASK64, "or": MASK64,
                         "xor": MASK64, "shl": 0xFF, "shr": 0xFF, "sar": 0xFF}


def cs_number(value):
    """Capstone prints -9..9 in decimal, everything else in hex."""
    if -9 <= value <= 9:
        return str(value)
    return hex(value) if value > 0 else "-" + hex(-value)


def cs_memory(mem, kind):
    terms = [mem.base] if mem.base else []
    if mem.index:
        terms.append(mem.index if mem.scale == 1 else f"{mem.index}*{mem.scale}")
    if not terms:
        inner = cs_number(mem.disp & MASK64)
    else:
        inner = " + ".join(terms)
        if mem.disp:
            sign = "+" if mem.disp > 0 else "-"
            inner += f" {sign} {cs_number(abs(mem.disp))}"
    return f"{SIZE_PTR[kind]}[{inner}]"


def cs_operand(form, kind, operand, target):
    if kind.startswith("m"):
        return cs_memory(operand, kind)
    if kind.startswith("imm"):
        return cs_number(operand & CAPSTONE_UNSIGNED_IMM.get(form.mnemonic, -1))
    if kind.startswith("rel"):
        return cs_number(target & MASK64)
    return operand                                     # a register name


def expected_text(form, operands, target=None):
    name = CAPSTONE_NAMES.get((form.mnemonic, form.shape), form.mnemonic)
    shown = [cs_operand(form, kind, op, target)
             for kind, op in zip(form.kinds, operands)]
    return f"{name} {', '.join(shown)}".strip()


def disassemble(code):
    return [(address - BASE, size, f"{mnemonic} {op_str}".strip())
            for address, size, mnemonic, op_str in CS.disasm_lite(code, BASE)]


# --- Assembling a list of operand tuples with one form ------------------------

def emit_checked(asm, form, operands, expected):
    """Emit one form; rel operands are given as jump deltas and become
    labels at the right absolute address."""
    if form.kinds and form.kinds[0].startswith("rel"):
        delta = operands[0]
        size = len(encode_form(form, [Label()]).data)
        target = BASE + asm.offset + size + delta
        record = asm.emit_form(form.mnemonic, form.shape, asm.label_at(target))
        text = expected_text(form, operands, target)
    else:
        record = asm.emit_form(form.mnemonic, form.shape, *operands)
        text = expected_text(form, operands)
    expected.append((record.offset, record.size, text))


def check_against_capstone(form, operand_rows):
    asm, expected = CodeBuilder(BASE), []
    for operands in operand_rows:
        emit_checked(asm, form, operands, expected)
    got = disassemble(asm.getcode())
    for want, have in zip(expected, got):
        assert have == want, f"{form.mnemonic} {form.shape}"
    assert len(got) == len(expected), "Capstone stopped early"


# --- Every form over every register, boundary immediates and addresses -------

DISPS = (0, 1, -1, 9, -10, 127, -128, 128, -129, 2**31 - 1, -2**31)
INDEXES = (None,) + tuple(r for r in GPR64 if r != "rsp")
MEMS = [Mem(base, disp, index, scale if index else 1)
        for (base, index), (disp, scale) in zip(
            itertools.product(GPR64 + (None,), INDEXES),
            itertools.cycle(itertools.product(DISPS, (1, 2, 4, 8))))]
MEMS += [Mem(base, disp) for base in GPR64 + (None,) for disp in DISPS]
SAMPLES = {
    "r64": GPR64, "r32": GPR32, "r8": GPR8, "xmm": XMM, "cl": ("cl",),
    "m": MEMS, "m8": MEMS, "m32": MEMS, "m64": MEMS, "m128": MEMS,
    "imm8": (-128, 127, -1, 0, 1, 9, 10, -9, -10),
    "imm32": (-2**31, 2**31 - 1, -129, 128, -128, 127, 0, -1, 0x12345678),
    "imm64": (2**63 - 1, -2**63, 2**64 - 1, 2**32, -2**31 - 1, 0, -1),
    "rel8": (-128, 127, 0, -2, 1),
    "rel32": (-2**31, 2**31 - 1, -129, 128, 0, -5),
}


def operand_rows(form):
    """The full product of the samples when small; otherwise walk the
    longest sample list and cycle the others alongside it."""
    pools = [SAMPLES[kind] for kind in form.kinds]
    if math.prod(len(pool) for pool in pools) <= 4096:
        return list(itertools.product(*pools))
    longest = max(len(pool) for pool in pools)
    return [tuple(pool[i % len(pool)] for pool in pools) for i in range(longest)]


def form_id(form):
    return f"{form.mnemonic}:{form.shape}"


@pytest.mark.parametrize("form", ALL_FORMS, ids=form_id)
def test_every_form_matches_capstone(form):
    check_against_capstone(form, operand_rows(form))


def test_memory_operands_cover_special_bases_and_indexes():
    bases = {m.base for m in MEMS}
    indexes = {m.index for m in MEMS}
    assert {"rsp", "rbp", "r12", "r13", None} <= bases
    assert {"r12", "r13", "rbp", "r8", "r15"} <= indexes and "rsp" not in indexes
    assert {m.disp for m in MEMS} == set(DISPS)
    assert {m.scale for m in MEMS} == {1, 2, 4, 8}


# --- Hypothesis: random operands per form -------------------------------------

REGISTER_LISTS = {"r64": GPR64, "r32": GPR32, "r8": GPR8, "xmm": XMM}
mems = st.builds(lambda base, disp, index, scale: Mem(base, disp, index,
                                                     scale if index else 1),
                 st.sampled_from(GPR64 + (None,)), st.integers(-2**31, 2**31 - 1),
                 st.sampled_from(INDEXES), st.sampled_from((1, 2, 4, 8)))
STRATEGIES = {
    **{kind: st.sampled_from(names) for kind, names in REGISTER_LISTS.items()},
    "cl": st.just("cl"), "m": mems, "m8": mems, "m32": mems, "m64": mems, "m128": mems,
    "imm8": st.integers(-128, 127), "imm32": st.integers(-2**31, 2**31 - 1),
    "imm64": st.integers(-2**63, 2**64 - 1),
    "rel8": st.integers(-128, 127), "rel32": st.integers(-2**31, 2**31 - 1),
}
HYPOTHESIS = settings(max_examples=25, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("form", ALL_FORMS, ids=form_id)
@HYPOTHESIS
@given(data=st.data())
def test_random_operands_match_capstone(form, data):
    operands = data.draw(st.tuples(*[STRATEGIES[k] for k in form.kinds]))
    check_against_capstone(form, [operands])


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_emit_picks_the_shortest_accepting_form(data):
    """emit() never loses to the form the operands were drawn for."""
    drawn = data.draw(st.sampled_from(ALL_FORMS))
    operands = data.draw(st.tuples(*[STRATEGIES[k] for k in drawn.kinds]))
    if drawn.kinds and drawn.kinds[0].startswith("rel"):
        return                      # jumps: see the CodeBuilder tests
    asm = CodeBuilder(BASE)
    record = asm.emit(drawn.mnemonic, *operands)
    chosen = rx86.find_form(record.mnemonic, record.shape)
    assert record.size <= len(encode_form(drawn, operands).data)
    assert disassemble(asm.getcode()) == [
        (0, record.size, expected_text(chosen, operands))]


# --- The table itself --------------------------------------------------------

def test_the_table_has_no_duplicate_form():
    keys = [(f.mnemonic, f.shape) for f in ALL_FORMS]
    assert len(keys) == len(set(keys))
    encodings = [(f.opcode, f.shape) for f in ALL_FORMS]
    assert len(encodings) == len(set(encodings)), "two names, one encoding"


def test_the_table_covers_what_the_backend_needs():
    needed = {
        "mov": {"r64, r64", "r64, m64", "m64, r64", "r64, imm32",
                "r64, imm64", "m64, imm32"},
        "mov32": {"r32, m32", "m32, r32", "m32, imm32"},
        "lea": {"r64, m"}, "movzx": {"r64, m8", "r64, r8", "r32, r8"},
        "test": {"r64, r64", "r64, imm32"}, "cqo": {"none"},
        "imul": {"r64, r64", "r64, m64", "r64, r64, imm32"},
        "jmp": {"rel8", "rel32", "r64"}, "call": {"r64", "rel32"},
        "movsd": {"xmm, xmm", "xmm, m64", "m64, xmm"},
        "movq": {"xmm, r64", "r64, xmm"}, "cvtsi2sd": {"xmm, r64"},
        "cvttsd2si": {"r64, xmm"}, "andpd": {"xmm, m128"},
    }
    for name in ("add", "sub", "and", "or", "xor", "cmp"):
        needed[name] = {"r64, r64", "r64, m64", "m64, r64", "r64, imm8",
                        "r64, imm32", "m64, imm8", "m64, imm32"}
    for name in ("shl", "sar", "shr"):
        needed[name] = {"r64, imm8", "r64, cl"}
    for name in ("neg", "not", "idiv", "push", "pop"):
        needed[name] = {"r64"}
    for name in ("ret", "int3", "ud2", "nop"):
        needed[name] = {"none"}
    for name in ("addsd", "subsd", "mulsd", "divsd", "ucomisd", "xorpd"):
        needed[name] = {"xmm, xmm"}
    for cc in CONDITIONS:
        needed["j" + cc] = {"rel8", "rel32"}
        needed["set" + cc] = {"r8"}
    for name, shapes in needed.items():
        have = {form.shape for form in FORMS_BY_MNEMONIC[name]}
        assert shapes <= have, name


def test_opcode_column_is_parsed_like_the_sdm():
    recipe = rx86.parse_opcode("F2 REX.W 0F 2A /r")
    assert (recipe.prefixes, recipe.rex_w, recipe.opcode, recipe.modrm_reg) == (
        b"\xf2", True, b"\x0f\x2a", "r")
    recipe = rx86.parse_opcode("REX.W + B8+rd io")
    assert (recipe.opcode, recipe.plus_register, recipe.imm_size) == (b"\xb8", True, 8)
    assert rx86.parse_opcode("0F 8C cd").rel_size == 4
    assert rx86.parse_opcode("REX.W + 83 /7 ib").modrm_reg == 7


def test_an_inconsistent_row_is_rejected_at_load():
    with pytest.raises(EncodingError, match="inconsistent imm size"):
        rx86._load_forms([("add", "r64, imm8", "MI", "REX.W + 81 /0 id")])
    with pytest.raises(EncodingError, match="inconsistent /r"):
        rx86._load_forms([("mov", "r64, m64", "RM", "REX.W + 8B /0")])


OPERAND_EXAMPLES = {"r64": "rax", "r32": "eax", "r8": "dl", "cl": "cl",
                    "xmm": "xmm1", "m": Mem("rbx", 8), "imm8": 5,
                    "imm32": 1000, "imm64": 2**40, "rel": Label("x")}


def accepts(name, operands):
    try:
        rx86.candidate_forms(name, operands)
        return True
    except EncodingError:
        return False


@pytest.mark.parametrize("name", sorted(FORMS_BY_MNEMONIC)
                         + ["j" + a for a in CONDITION_ALIASES]
                         + ["set" + a for a in CONDITION_ALIASES])
def test_missing_forms_raise_a_clear_error(name):
    kinds = list(OPERAND_EXAMPLES)
    for arity in range(4):
        for combo in itertools.product(kinds, repeat=arity):
            operands = [OPERAND_EXAMPLES[k] for k in combo]
            if accepts(name, operands):
                continue
            with pytest.raises(EncodingError) as error:
                CodeBuilder().emit(name, *operands)
            message = str(error.value)
            assert repr(name) in message and rx86.describe(operands) in message


@pytest.mark.parametrize("name", ["movsx", "div", "cmovl", "addq", "jcxz", "inc"])
def test_unknown_mnemonics_are_named(name):
    with pytest.raises(EncodingError, match=f"unknown x86 mnemonic '{name}'.*r64, imm8"):
        encode(name, "rax", 1)


def test_operand_range_errors():
    with pytest.raises(EncodingError, match=r"'add' takes \(r64, imm64\)"):
        encode("add", "rax", 2**31)
    with pytest.raises(EncodingError, match="rsp cannot be an index"):
        Mem("rax", 0, "rsp")
    with pytest.raises(EncodingError, match="scale"):
        Mem("rax", 0, "rcx", 3)
    with pytest.raises(EncodingError, match="without an index"):
        Mem("rax", 0, None, 8)
    with pytest.raises(EncodingError, match="disp32"):
        Mem("rax", 2**31)
    with pytest.raises(EncodingError, match="register"):
        Mem("eax")
    with pytest.raises(EncodingError, match="not an x86 operand"):
        encode("push", "ah")


# --- Selection, REX, labels and records ---------------------------------------

def test_shortest_immediate_and_register_rules():
    assert encode("add", "rax", 127) == bytes.fromhex("4883c07f")
    assert encode("add", "rax", 128) == bytes.fromhex("4881c080000000")
    assert encode("mov", "rax", -2**31) == bytes.fromhex("48c7c000000080")
    assert encode("mov", "rax", 2**31) == bytes.fromhex("48b80000008000000000")
    assert encode("sete", "al") == bytes.fromhex("0f94c0")          # no REX
    assert encode("sete", "sil") == bytes.fromhex("400f94c6")       # REX for sil
    assert encode("movzx", "eax", "dil") == bytes.fromhex("400fb6c7")
    assert encode("mov", "rax", Mem("r13")) == bytes.fromhex("498b4500")
    assert encode("mov", "rax", Mem("r12")) == bytes.fromhex("498b0424")
    assert encode("setz", "al") == encode("sete", "al")


def test_reproduces_the_anchor_vectors():
    # shared/anchors/emulation/vectors.txt, x86-64 "sum loop"
    asm = CodeBuilder(BASE)
    loop = asm.new_label("loop")
    asm.emit("xor", rx86.rax, rx86.rax)
    asm.emit("xor", rx86.rcx, rx86.rcx)
    asm.bind(loop)
    asm.emit("add", "rax", "rcx")
    asm.emit("add", "rcx", 1)
    asm.emit("cmp", "rcx", "rdi")
    asm.emit("jl", loop)
    asm.emit("ret")
    assert asm.getcode().hex() == "4831c04831c94801c84883c1014839f97cf4c3"
    # "load/add/store" and "guard exit" (movabs kept 10 bytes for patching)
    assert (encode("mov", "rax", Mem("rdi", 8)) + encode("add", "rax", "rsi")
            + encode("mov", Mem("rdi", 16), "rax")).hex() == "488b47084801f048894710"
    guard = CodeBuilder(BASE)
    guard.emit_form("mov", "r64, imm64", "r11", 0x10F000)
    guard.emit("jmp", "r11")
    guard.emit("call", "r11")
    assert guard.getcode().hex() == "49bb00f010000000000041ffe341ffd3"


def test_backward_jumps_choose_rel8_up_to_minus_128():
    asm = CodeBuilder(BASE)
    top = asm.new_label("top")
    asm.bind(top)
    asm.emit("nop")
    for _ in range(125):
        asm.emit("nop")
    assert asm.emit("jne", top).size == 2            # 126 + 2 = 128 back
    assert asm.emit("jne", top).size == 6            # 130 back: rel32
    assert asm.emit("jmp", top).size == 5
    assert disassemble(asm.getcode())[-3:] == [
        (126, 2, "jne 0x100000"), (128, 6, "jne 0x100000"), (134, 5, "jmp 0x100000")]


def test_forward_jumps_are_patched_when_bound():
    asm = CodeBuilder(BASE)
    far, near = asm.new_label("far"), asm.new_label("near")
    assert asm.emit("je", far).size == 6              # unbound: rel32
    short = asm.emit_form("jmp", "rel8", near)
    for _ in range(127):
        asm.emit("int3")
    asm.bind(near)                                    # exactly +127
    asm.emit("ud2")
    asm.bind(far)
    code = asm.getcode()
    assert disassemble(code[:8]) == [(0, 6, "je 0x100089"), (6, 2, "jmp 0x100087")]
    assert short.offset == 6 and asm.records[-1].mnemonic == "ud2"


def test_short_forward_jump_out_of_range_and_unbound_labels():
    asm = CodeBuilder()
    label = asm.new_label("exit")
    asm.emit_form("jmp", "rel8", label)
    with pytest.raises(EncodingError, match="unbound labels: exit"):
        asm.getcode()
    for _ in range(128):
        asm.emit("nop")
    with pytest.raises(EncodingError, match="does not fit in rel8"):
        asm.bind(label)
    with pytest.raises(EncodingError, match="already bound"):
        asm.bind(label)


def test_records_keep_offsets_and_annotations():
    asm = CodeBuilder(BASE)
    asm.note = "i1 = int_add(i0, 1)"
    asm.emit("add", "rax", 1)
    asm.emit("jo", asm.label_at(0x10F000), note="guard_no_overflow")
    asm.note = None
    asm.emit("ret")
    assert [(r.offset, r.size, r.mnemonic, r.shape, r.note) for r in asm.records] == [
        (0, 4, "add", "r64, imm8", "i1 = int_add(i0, 1)"),
        (4, 6, "jo", "rel32", "guard_no_overflow"),
        (10, 1, "ret", "none", None)]


# --- Running the code in Unicorn (patterns from the anchors' SUMMARY.md) -----

EXIT = 0x10F000                                   # guard exit address
STACK, HEAP = 0x200000, 0x300000


def run(code, registers, heap=b""):
    uc = Uc(UC_ARCH_X86, UC_MODE_64)
    uc.mem_map(BASE, 0x10000)
    uc.mem_map(STACK, 0x10000)
    uc.mem_map(HEAP, 0x10000)
    uc.mem_write(BASE, code)
    uc.mem_write(HEAP, heap)
    uc.reg_write(ux.UC_X86_REG_RSP, STACK + 0x8000)
    for name, value in registers.items():
        uc.reg_write(getattr(ux, f"UC_X86_REG_{name.upper()}"), value & MASK64)
    uc.emu_start(BASE, until=EXIT)
    return uc


def exit_through(asm):
    """A guard exit as the JIT emits it: movabs r11, EXIT; jmp r11."""
    asm.emit_form("mov", "r64, imm64", "r11", EXIT)
    asm.emit("jmp", "r11")


def sum_loop():
    asm = CodeBuilder(BASE)
    loop, done, add = (asm.new_label(n) for n in ("loop", "done", "add"))
    asm.emit("xor", "rax", "rax")
    asm.emit("xor", "rcx", "rcx")
    asm.emit("test", "rdi", "rdi")
    asm.emit_form("jle", "rel8", done)           # forward rel8, patched
    asm.bind(loop)
    asm.emit("call", add)                        # forward rel32, patched
    asm.emit("add", "rcx", 1)
    asm.emit("cmp", "rcx", "rdi")
    asm.emit("jl", loop)                          # backward rel8
    asm.emit("jmp", done)                         # forward rel32, patched
    asm.bind(add)
    asm.emit("push", "r12")
    asm.emit("mov", "r12", "rcx")
    asm.emit("add", "rax", "r12")
    asm.emit("pop", "r12")
    asm.emit("ret")
    asm.bind(done)
    exit_through(asm)
    return asm.getcode()


@pytest.mark.parametrize("n", [0, 1, 10, 1000, -5])
def test_sum_loop_runs_in_unicorn(n):
    uc = run(sum_loop(), {"rdi": n, "r12": 77})
    assert uc.reg_read(ux.UC_X86_REG_RAX) == sum(range(n))
    assert uc.reg_read(ux.UC_X86_REG_RIP) == EXIT
    assert uc.reg_read(ux.UC_X86_REG_R12) == 77


def test_integer_arithmetic_runs_in_unicorn():
    asm = CodeBuilder(BASE)
    asm.emit("mov", "rax", "rdi")
    asm.emit("cqo")
    asm.emit("idiv", "rsi")                       # rax = q, rdx = r
    asm.emit("mov", Mem("rbx", 0, "r13", 8), "rax")
    asm.emit("imul", "rdx", "rdx", 1000)
    asm.emit("lea", "r8", Mem("rdx", 3, "rdx", 2))   # 3 * rdx + 3
    asm.emit("mov", "rcx", 3)
    asm.emit("shl", "r8", "cl")
    asm.emit("sar", "r8", 1)
    asm.emit("neg", "r8")
    asm.emit("cmp", "r8", Mem("rbx", 0, "r13", 8))
    asm.emit("setl", "r9b")
    asm.emit("movzx", "r9d", "r9b")
    asm.emit("not", "r10")
    exit_through(asm)
    a, b = -1234567, 89
    uc = run(asm.getcode(), {"rdi": a, "rsi": b, "rbx": HEAP, "r13": 3,
                             "r9": -1, "r10": 0x0F0F})
    q = int(a / b)
    r = a - q * b
    r8 = -((3 * r * 1000 + 3) << 3 >> 1)
    signed = lambda reg: struct.unpack("<q", struct.pack("<Q", uc.reg_read(reg)))[0]
    assert struct.unpack("<q", uc.mem_read(HEAP + 24, 8))[0] == q
    assert signed(ux.UC_X86_REG_R8) == r8
    assert uc.reg_read(ux.UC_X86_REG_R9) == int(r8 < q)
    assert signed(ux.UC_X86_REG_R10) == ~0x0F0F


def test_sse2_float_arithmetic_runs_in_unicorn():
    a, b = 7.25, -2.5
    mask = struct.pack("<QQ", 0x7FFFFFFFFFFFFFFF, 0x7FFFFFFFFFFFFFFF)
    heap = struct.pack("<dd", a, b) + mask            # mask at HEAP+16, aligned
    asm = CodeBuilder(BASE)
    asm.emit("movsd", "xmm0", Mem("rdi"))
    asm.emit("movsd", "xmm9", Mem("rdi", 8))
    asm.emit("movsd", "xmm2", "xmm0")
    asm.emit("mulsd", "xmm2", "xmm9")                 # a*b
    asm.emit("divsd", "xmm0", Mem("rdi", 8))          # a/b
    asm.emit("subsd", "xmm0", "xmm2")                 # a/b - a*b
    asm.emit("cvtsi2sd", "xmm3", "rsi")
    asm.emit("addsd", "xmm0", "xmm3")                 # + n
    asm.emit("xorpd", "xmm4", "xmm4")
    asm.emit("subsd", "xmm4", "xmm0")                 # -x
    asm.emit("andpd", "xmm4", Mem("rdi", 16))         # abs
    asm.emit("sqrtsd", "xmm5", "xmm4")
    asm.emit("movsd", Mem("rdi", 32), "xmm4")
    asm.emit("movq", "rax", "xmm0")
    asm.emit("cvttsd2si", "rdx", "xmm5")
    asm.emit("movq", "xmm6", "rdx")
    asm.emit("movq", "r8", "xmm6")
    asm.emit("ucomisd", "xmm4", "xmm3")
    asm.emit("seta", "cl")
    asm.emit("movzx", "rcx", "cl")
    exit_through(asm)
    uc = run(asm.getcode(), {"rdi": HEAP, "rsi": 100}, heap)
    x = a / b - a * b + 100
    assert struct.unpack("<d", struct.pack("<Q", uc.reg_read(ux.UC_X86_REG_RAX)))[0] == x
    assert struct.unpack("<d", uc.mem_read(HEAP + 32, 8))[0] == abs(x)
    assert uc.reg_read(ux.UC_X86_REG_RDX) == int(math.sqrt(abs(x)))
    assert uc.reg_read(ux.UC_X86_REG_R8) == int(math.sqrt(abs(x)))
    assert uc.reg_read(ux.UC_X86_REG_RCX) == int(abs(x) > 100)


def test_mov32_loads_zero_extended_and_stores_four_bytes_in_unicorn():
    """A str's 4-byte code point: mov32 r32, m32 clears bits 63:32 of the
    64-bit register (an astral or 0xFFFFFFFF item reads back unsigned);
    mov32 m32, r32 / imm32 write 4 bytes and leave the neighbours alone."""
    heap = struct.pack("<IIII", 0x1F600, 0xFFFFFFFF, 0x11111111, 0x22222222)
    asm = CodeBuilder(BASE)
    asm.emit("mov32", "eax", Mem("rdi", 0))
    asm.emit("mov32", "r9d", Mem("rdi", 0, "rsi", 4))         # item 1
    asm.emit("mov32", Mem("rdi", 8), "r10d")
    asm.emit("mov32", Mem("rdi", 0, "rsi", 4), -2)             # item 1 = 0xFFFFFFFE
    exit_through(asm)
    uc = run(asm.getcode(), {"rdi": HEAP, "rsi": 1, "rax": -1, "r9": -1,
                             "r10": 0x123456789ABCDEF0}, heap)
    assert uc.reg_read(ux.UC_X86_REG_RAX) == 0x1F600
    assert uc.reg_read(ux.UC_X86_REG_R9) == 0xFFFFFFFF
    assert struct.unpack("<IIII", uc.mem_read(HEAP, 16)) == (0x1F600, 0xFFFFFFFE, 0x9ABCDEF0, 0x22222222)
