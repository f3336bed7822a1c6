"""The opcode table is the single source of truth: the compiler emits, the
interpreter handles and the disassembler prints every entry."""

from pypyteach.vm.compiler import opcodes
from pypyteach.vm.compiler.pycompiler import compile_source
from pypyteach.vm.compiler.dis import dis_code
from pypyteach.vm.interpreter.dispatch import Interpreter
from pypyteach.vm.interpreter.pyopcode import OpcodeHandlers
from reference import program_paths

# Opcodes the corpus may legitimately never produce, and why.
NOT_IN_CORPUS = {
    "NOP": "emitted by no construct of the subset",
    "ROT_FOUR": "emitted by no construct of the subset",
    "EXTENDED_ARG": "needs an argument over 255 (covered by test_compiler)",
    "DELETE_DEREF": "del of a closure variable: rare",
    "DELETE_GLOBAL": "del of a global from a function: rare",
    "DELETE_NAME": "del at module level: may be absent",
    "LOAD_CLASSDEREF": "a class body reading a free variable: rare",
    "IMPORT_FROM": "from math import x: may be absent",
    "DICT_MERGE": "f(**kw): may be absent",
    "BUILD_CONST_KEY_MAP": "may be absent",
    "SET_UPDATE": "{*a}: may be absent",
    "DICT_UPDATE": "{**a}: may be absent",
    "INPLACE_POWER": "may be absent", "INPLACE_LSHIFT": "may be absent", "INPLACE_RSHIFT": "may be absent",
    "INPLACE_AND": "may be absent", "INPLACE_OR": "may be absent", "INPLACE_XOR": "may be absent",
    "INPLACE_TRUE_DIVIDE": "may be absent", "INPLACE_FLOOR_DIVIDE": "may be absent",
    "INPLACE_MODULO": "may be absent", "ROT_THREE": "may be absent", "DUP_TOP_TWO": "may be absent",
    "YIELD_FROM": "may be absent", "GET_YIELD_FROM_ITER": "may be absent",
}


def corpus_opcodes():
    seen = set()
    for kind in ("programs", "bench", "errors"):
        for path in program_paths(kind):
            for code in compile_source(path.read_text(), path.name).nested_codes():
                seen.update(instr.opname for instr in code.instructions)
    return seen


def test_every_opcode_has_a_handler():
    for info in opcodes.OPCODES:
        assert callable(getattr(OpcodeHandlers, info.name, None)), info.name


def test_handlers_name_only_opcodes():
    names = {name for name in vars(OpcodeHandlers) if name.isupper()}
    assert names == {info.name for info in opcodes.OPCODES}


def test_the_corpus_exercises_the_opcode_table():
    seen = corpus_opcodes()
    missing = {info.name for info in opcodes.OPCODES} - seen - set(NOT_IN_CORPUS)
    assert not missing, "opcodes never compiled from the corpus: %s" % sorted(missing)


def test_disassembler_prints_every_instruction_of_the_corpus():
    for path in program_paths("programs")[:40]:
        for code in compile_source(path.read_text(), path.name).nested_codes():
            text = dis_code(code)
            for instr in code.instructions:
                assert instr.opname in text


def test_opcode_numbers_and_names_are_unique():
    assert len({i.code for i in opcodes.OPCODES}) == len(opcodes.OPCODES)
    assert len({i.name for i in opcodes.OPCODES}) == len(opcodes.OPCODES)


def test_only_jump_absolute_jumps_backwards_in_the_corpus():
    for path in program_paths("programs"):
        for code in compile_source(path.read_text(), path.name).nested_codes():
            for instr in code.instructions:
                target = opcodes.jump_target(instr.opcode, instr.arg, instr.offset)
                if target is not None and target <= instr.offset:
                    assert instr.opname == "JUMP_ABSOLUTE", (path.name, instr)
