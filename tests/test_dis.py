"""The disassembler's text, exactly."""

from pypyteach.vm.compiler.pycompiler import compile_source
from pypyteach.vm.compiler.dis import dis_code, dis_source

SOURCE = '''\
def f(x, ys):
    for y in ys:
        if y is not None and y in x:
            x[y] = f"{y!r:>4}"
    return lambda: x
'''

EXPECTED = '''\
Disassembly of <code object <module>, file "ex.py", line 1>:
  1           0 LOAD_CONST               0 (<code object f, file "ex.py", line 1>)
              2 LOAD_CONST               1 ('f')
              4 MAKE_FUNCTION            0
              6 STORE_NAME               0 (f)
              8 LOAD_CONST               2 (None)
             10 RETURN_VALUE

Disassembly of <code object f, file "ex.py", line 1>:
  2           0 LOAD_FAST                1 (ys)
              2 GET_ITER
        >>    4 FOR_ITER                32 (to 38)
              6 STORE_FAST               2 (y)

  3           8 LOAD_FAST                2 (y)
             10 LOAD_CONST               0 (None)
             12 IS_OP                    1 (is not)
             14 POP_JUMP_IF_FALSE       36 (to 36)
             16 LOAD_FAST                2 (y)
             18 LOAD_DEREF               0 (x)
             20 CONTAINS_OP              0 (in)
             22 POP_JUMP_IF_FALSE       36 (to 36)

  4          24 LOAD_FAST                2 (y)
             26 LOAD_CONST               1 ('>4')
             28 FORMAT_VALUE             6 (repr, with format)
             30 LOAD_DEREF               0 (x)
             32 LOAD_FAST                2 (y)
             34 STORE_SUBSCR
        >>   36 JUMP_ABSOLUTE            4 (to 4)

  5     >>   38 LOAD_CLOSURE             0 (x)
             40 BUILD_TUPLE              1
             42 LOAD_CONST               2 (<code object <lambda>, file "ex.py", line 5>)
             44 LOAD_CONST               3 ('f.<locals>.<lambda>')
             46 MAKE_FUNCTION            8 (closure)
             48 RETURN_VALUE

Disassembly of <code object <lambda>, file "ex.py", line 5>:
  5           0 LOAD_DEREF               0 (x)
              2 RETURN_VALUE
'''


def test_dis_source_exact_text():
    assert dis_source(SOURCE, "ex.py") == EXPECTED


def test_dis_code_one_code_object():
    module = compile_source(SOURCE, "ex.py")
    text = dis_code(module.co_consts[0], recursive=False)
    sections = EXPECTED.split("\n\nDisassembly of ")
    assert text == "Disassembly of " + sections[1] + "\n"


def test_small_loop_exact_text():
    source = "def run(n):\n    i = 0\n    while i < n:\n        i += 1\n    return i\n"
    text = dis_code(compile_source(source, "loop.py").co_consts[0])
    assert text == '''\
Disassembly of <code object run, file "loop.py", line 1>:
  2           0 LOAD_CONST               0 (0)
              2 STORE_FAST               1 (i)

  3     >>    4 LOAD_FAST                1 (i)
              6 LOAD_FAST                0 (n)
              8 COMPARE_OP               0 (<)
             10 POP_JUMP_IF_FALSE       22 (to 22)

  4          12 LOAD_FAST                1 (i)
             14 LOAD_CONST               1 (1)
             16 INPLACE_ADD
             18 STORE_FAST               1 (i)
             20 JUMP_ABSOLUTE            4 (to 4)

  5     >>   22 LOAD_FAST                1 (i)
             24 RETURN_VALUE
'''


def test_extended_arg_is_shown_with_its_own_byte():
    source = "x = [" + ", ".join("'s%d'" % i for i in range(300)) + "]\n"
    lines = dis_source(source, "big.py").splitlines()
    index = lines.index("            516 EXTENDED_ARG             1")
    assert lines[index + 1] == "            518 LOAD_CONST             257 ('s257')"


def test_output_is_deterministic():
    assert dis_source(SOURCE, "ex.py") == dis_source(SOURCE, "ex.py")
    assert "0x" not in dis_source(SOURCE, "ex.py")
