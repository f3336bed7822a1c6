"""Tests of the bytecode compiler on its own (no interpreter needed).

Independent references used here: the host CPython's ``compile()`` (for the
compile-time SyntaxErrors and for code-object metadata), its ``symtable``
module (for scope analysis), and real PyPy 7.3.11 JIT logs (for the offsets,
opnames and lines of the eight anchor loops).  The exact listings below were
also checked against CPython 3.9.18's ``dis`` where pypyteach's bytecode is
meant to be identical (all eight loops, closures, classes, expressions).
"""

import ast
import pathlib
import re
import symtable as host_symtable
import types

import pytest

from pypyteach.vm.compiler import opcodes
from pypyteach.vm.compiler.pycompiler import Compiler, compile_source
from pypyteach.vm.compiler.dis import describe_arg
from pypyteach.vm.errors import CompileError
from pypyteach.vm.compiler.symtable import CELL, build_symtable

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROGRAMS = sorted(p for p in (ROOT / "tests" / "programs").glob("**/*.py")
                  if "rejected" not in p.parts)
ANCHORS = pathlib.Path("/work/shared/anchors/pypy-7.3.11")


# -- helpers ------------------------------------------------------------------

def listing(code):
    """One string per instruction: opname and resolved argument."""
    out = []
    for ins in code.instructions:
        if ins.opcode in opcodes.HAS_ARG:
            desc = describe_arg(code, ins.opcode, ins.arg, ins.offset)
            out.append("%s %s" % (ins.opname, desc if desc else ins.arg))
        else:
            out.append(ins.opname)
    return out


def find(code, qualname):
    for c in code.nested_codes():
        if c.co_qualname == qualname:
            return c
    raise KeyError(qualname)


def expect(text):
    return [line.strip() for line in text.strip().splitlines()]


def simulate(code):
    """Follow every path through ``code`` and check the compiler's contract:
    jumps land on instructions, only JUMP_ABSOLUTE goes backwards, every
    instruction is reached with one stack depth, never below zero, RETURN_VALUE
    at depth 1.  Returns the maximum depth."""
    starts = {}
    for ins in code.instructions:
        off = ins.offset
        starts[off] = ins
        while off > 0 and code.co_code[off - 2] == opcodes.EXTENDED_ARG:
            off -= 2
            starts[off] = ins
    order = [ins.offset for ins in code.instructions]
    following = dict(zip(order, order[1:]))
    depth_at, todo, max_depth = {}, [(0, 0)], 0
    while todo:
        off, depth = todo.pop()
        while True:
            ins = starts[off]
            off = ins.offset
            if off in depth_at:
                assert depth_at[off] == depth, (code, off)
                break
            depth_at[off] = depth
            info = opcodes.OPS_BY_CODE[ins.opcode]
            if ins.opname == "RETURN_VALUE":
                assert depth == 1, (code, off)
            if info.jump:
                target = opcodes.jump_target(ins.opcode, ins.arg, off)
                assert target in starts, (code, off, target)
                if target <= off:
                    assert ins.opname == "JUMP_ABSOLUTE", (code, off, ins.opname)
                jumped = depth + opcodes.stack_effect(ins.opcode, ins.arg, True)
                max_depth = max(max_depth, jumped)
                todo.append((target, jumped))
            if info.terminates:
                break
            depth += opcodes.stack_effect(ins.opcode, ins.arg, False)
            assert depth >= 0, (code, off)
            max_depth = max(max_depth, depth)
            assert off in following, "falls off the end of %r" % code
            off = following[off]
    return max_depth


def check_all(source, filename="t.py"):
    module = compile_source(source, filename)
    nlines = max(len(source.splitlines()), 1)
    for code in module.nested_codes():
        assert code.co_stacksize >= simulate(code)
        assert code.source == source
        assert len(code.positions) == len(code.co_code) // 2
        for line, col, end_line, end_col in code.positions:
            assert 1 <= line <= end_line <= nlines and col >= 0 and end_col >= 0
    return module


# -- exact bytecode -----------------------------------------------------------

LOOPS = {
    "int_loop": ("def run(n):\n    i = 0\n    total = 0\n    while i < n:\n"
                 "        total += i\n        i += 1\n    return total\n", """
        LOAD_CONST 0
        STORE_FAST i
        LOAD_CONST 0
        STORE_FAST total
        LOAD_FAST i
        LOAD_FAST n
        COMPARE_OP <
        POP_JUMP_IF_FALSE to 34
        LOAD_FAST total
        LOAD_FAST i
        INPLACE_ADD
        STORE_FAST total
        LOAD_FAST i
        LOAD_CONST 1
        INPLACE_ADD
        STORE_FAST i
        JUMP_ABSOLUTE to 8
        LOAD_FAST total
        RETURN_VALUE"""),
    "float_loop": ("def run(n):\n    total = 0.0\n    for i in range(n):\n"
                   "        total += i * 0.5\n    return total\n", """
        LOAD_CONST 0.0
        STORE_FAST total
        LOAD_GLOBAL range
        LOAD_FAST n
        CALL_FUNCTION 1
        GET_ITER
        FOR_ITER to 30
        STORE_FAST i
        LOAD_FAST total
        LOAD_FAST i
        LOAD_CONST 0.5
        BINARY_MULTIPLY
        INPLACE_ADD
        STORE_FAST total
        JUMP_ABSOLUTE to 12
        LOAD_FAST total
        RETURN_VALUE"""),
    "call_loop": ("def run(n):\n    total = 0\n    for i in range(n):\n"
                  "        total += f(i)\n    return total\n", """
        LOAD_CONST 0
        STORE_FAST total
        LOAD_GLOBAL range
        LOAD_FAST n
        CALL_FUNCTION 1
        GET_ITER
        FOR_ITER to 30
        STORE_FAST i
        LOAD_FAST total
        LOAD_GLOBAL f
        LOAD_FAST i
        CALL_FUNCTION 1
        INPLACE_ADD
        STORE_FAST total
        JUMP_ABSOLUTE to 12
        LOAD_FAST total
        RETURN_VALUE"""),
    "attr_loop": ("def run(n):\n    p = Point(0, 0)\n    for i in range(n):\n"
                  "        p.x += 1\n    return p.x\n", """
        LOAD_GLOBAL Point
        LOAD_CONST 0
        LOAD_CONST 0
        CALL_FUNCTION 2
        STORE_FAST p
        LOAD_GLOBAL range
        LOAD_FAST n
        CALL_FUNCTION 1
        GET_ITER
        FOR_ITER to 38
        STORE_FAST i
        LOAD_FAST p
        DUP_TOP
        LOAD_ATTR x
        LOAD_CONST 1
        INPLACE_ADD
        ROT_TWO
        STORE_ATTR x
        JUMP_ABSOLUTE to 18
        LOAD_FAST p
        LOAD_ATTR x
        RETURN_VALUE"""),
    "alloc_loop": ("def run(n):\n    total = 0\n    for i in range(n):\n"
                   "        p = Point(i, i + 1)\n        total += p.x + p.y\n    return total\n", """
        LOAD_CONST 0
        STORE_FAST total
        LOAD_GLOBAL range
        LOAD_FAST n
        CALL_FUNCTION 1
        GET_ITER
        FOR_ITER to 48
        STORE_FAST i
        LOAD_GLOBAL Point
        LOAD_FAST i
        LOAD_FAST i
        LOAD_CONST 1
        BINARY_ADD
        CALL_FUNCTION 2
        STORE_FAST p
        LOAD_FAST total
        LOAD_FAST p
        LOAD_ATTR x
        LOAD_FAST p
        LOAD_ATTR y
        BINARY_ADD
        INPLACE_ADD
        STORE_FAST total
        JUMP_ABSOLUTE to 12
        LOAD_FAST total
        RETURN_VALUE"""),
    "list_loop": ("def run(lst):\n    total = 0\n    i = 0\n    n = len(lst)\n    while i < n:\n"
                  "        total += lst[i]\n        i += 1\n    return total\n", """
        LOAD_CONST 0
        STORE_FAST total
        LOAD_CONST 0
        STORE_FAST i
        LOAD_GLOBAL len
        LOAD_FAST lst
        CALL_FUNCTION 1
        STORE_FAST n
        LOAD_FAST i
        LOAD_FAST n
        COMPARE_OP <
        POP_JUMP_IF_FALSE to 46
        LOAD_FAST total
        LOAD_FAST lst
        LOAD_FAST i
        BINARY_SUBSCR
        INPLACE_ADD
        STORE_FAST total
        LOAD_FAST i
        LOAD_CONST 1
        INPLACE_ADD
        STORE_FAST i
        JUMP_ABSOLUTE to 16
        LOAD_FAST total
        RETURN_VALUE"""),
    # The if-body's jump to the end of the if goes straight back to the loop
    # head (jump threading, as CPython 3.9 and PyPy's logs).
    "branchy_loop": ("def run(n):\n    total = 0\n    for i in range(n):\n        if i % 3 == 0:\n"
                     "            total += i\n        else:\n            total -= 1\n    return total\n", """
        LOAD_CONST 0
        STORE_FAST total
        LOAD_GLOBAL range
        LOAD_FAST n
        CALL_FUNCTION 1
        GET_ITER
        FOR_ITER to 48
        STORE_FAST i
        LOAD_FAST i
        LOAD_CONST 3
        BINARY_MODULO
        LOAD_CONST 0
        COMPARE_OP ==
        POP_JUMP_IF_FALSE to 38
        LOAD_FAST total
        LOAD_FAST i
        INPLACE_ADD
        STORE_FAST total
        JUMP_ABSOLUTE to 12
        LOAD_FAST total
        LOAD_CONST 1
        INPLACE_SUBTRACT
        STORE_FAST total
        JUMP_ABSOLUTE to 12
        LOAD_FAST total
        RETURN_VALUE"""),
    "polymorphic_loop": ("def run(lst):\n    total = 0\n    for x in lst:\n"
                         "        total += x\n    return total\n", """
        LOAD_CONST 0
        STORE_FAST total
        LOAD_FAST lst
        GET_ITER
        FOR_ITER to 22
        STORE_FAST x
        LOAD_FAST total
        LOAD_FAST x
        INPLACE_ADD
        STORE_FAST total
        JUMP_ABSOLUTE to 8
        LOAD_FAST total
        RETURN_VALUE"""),
}


@pytest.mark.parametrize("name", sorted(LOOPS))
def test_anchor_loop_bytecode(name):
    source, expected = LOOPS[name]
    assert listing(find(check_all(source), "run")) == expect(expected)


def test_listcomp_with_conditional_expression():
    module = check_all("lst = [i if i % 2 == 0 else i * 0.5 for i in range(n)]\n")
    assert listing(find(module, "<listcomp>")) == expect("""
        BUILD_LIST 0
        LOAD_FAST .0
        FOR_ITER to 34
        STORE_FAST i
        LOAD_FAST i
        LOAD_CONST 2
        BINARY_MODULO
        LOAD_CONST 0
        COMPARE_OP ==
        POP_JUMP_IF_FALSE to 24
        LOAD_FAST i
        JUMP_FORWARD to 30
        LOAD_FAST i
        LOAD_CONST 0.5
        BINARY_MULTIPLY
        LIST_APPEND 2
        JUMP_ABSOLUTE to 4
        RETURN_VALUE""")
    assert listing(module)[:8] == expect("""
        LOAD_CONST <code object <listcomp>, file "t.py", line 1>
        LOAD_CONST '<listcomp>'
        MAKE_FUNCTION 0
        LOAD_NAME range
        LOAD_NAME n
        CALL_FUNCTION 1
        GET_ITER
        CALL_FUNCTION 1""")


def test_closure_with_nonlocal():
    module = check_all("def make_counter(step=1):\n    count = 0\n    def tick():\n"
                       "        nonlocal count\n        count += step\n        return count\n"
                       "    return tick\n")
    outer = find(module, "make_counter")
    assert outer.co_cellvars == ("count", "step")
    assert listing(outer) == expect("""
        LOAD_CONST 0
        STORE_DEREF count
        LOAD_CLOSURE count
        LOAD_CLOSURE step
        BUILD_TUPLE 2
        LOAD_CONST <code object tick, file "t.py", line 3>
        LOAD_CONST 'make_counter.<locals>.tick'
        MAKE_FUNCTION closure
        STORE_FAST tick
        LOAD_FAST tick
        RETURN_VALUE""")
    assert listing(find(module, "make_counter.<locals>.tick")) == expect("""
        LOAD_DEREF count
        LOAD_DEREF step
        INPLACE_ADD
        STORE_DEREF count
        LOAD_DEREF count
        RETURN_VALUE""")


def test_class_with_super_gets_class_cell():
    module = check_all("class B(A):\n    def __init__(self, x):\n"
                       "        super().__init__(x)\n        self.y = x\n")
    assert listing(module)[:8] == expect("""
        LOAD_BUILD_CLASS
        LOAD_CONST <code object B, file "t.py", line 1>
        LOAD_CONST 'B'
        MAKE_FUNCTION 0
        LOAD_CONST 'B'
        LOAD_NAME A
        CALL_FUNCTION 3
        STORE_NAME B""")
    body = find(module, "B")
    assert body.co_cellvars == ("__class__",)
    assert listing(body) == expect("""
        LOAD_NAME __name__
        STORE_NAME __module__
        LOAD_CONST 'B'
        STORE_NAME __qualname__
        LOAD_CLOSURE __class__
        BUILD_TUPLE 1
        LOAD_CONST <code object __init__, file "t.py", line 2>
        LOAD_CONST 'B.__init__'
        MAKE_FUNCTION closure
        STORE_NAME __init__
        LOAD_CLOSURE __class__
        DUP_TOP
        STORE_NAME __classcell__
        RETURN_VALUE""")
    # pypyteach spells out PEP 3135's super(__class__, <first argument>)
    assert listing(find(module, "B.__init__"))[:7] == expect("""
        LOAD_GLOBAL super
        LOAD_DEREF __class__
        LOAD_FAST self
        CALL_FUNCTION 2
        LOAD_METHOD __init__
        LOAD_FAST x
        CALL_METHOD 1""")


def test_try_except_as_finally_uses_one_exception_value():
    module = check_all("def f(x):\n    try:\n        y = g(x)\n    except KeyError as e:\n"
                       "        y = e\n    except ValueError:\n        y = 0\n    finally:\n"
                       "        h()\n    return y\n")
    assert listing(find(module, "f")) == expect("""
        SETUP_FINALLY to 78
        SETUP_FINALLY to 16
        LOAD_GLOBAL g
        LOAD_FAST x
        CALL_FUNCTION 1
        STORE_FAST y
        POP_BLOCK
        JUMP_FORWARD to 68
        DUP_TOP
        LOAD_GLOBAL KeyError
        JUMP_IF_NOT_EXC_MATCH to 50
        STORE_FAST e
        SETUP_FINALLY to 42
        LOAD_FAST e
        STORE_FAST y
        POP_BLOCK
        POP_EXCEPT
        LOAD_CONST None
        STORE_FAST e
        DELETE_FAST e
        JUMP_FORWARD to 68
        LOAD_CONST None
        STORE_FAST e
        DELETE_FAST e
        RERAISE
        DUP_TOP
        LOAD_GLOBAL ValueError
        JUMP_IF_NOT_EXC_MATCH to 66
        POP_TOP
        LOAD_CONST 0
        STORE_FAST y
        POP_EXCEPT
        JUMP_FORWARD to 68
        RERAISE
        POP_BLOCK
        LOAD_GLOBAL h
        CALL_FUNCTION 0
        POP_TOP
        JUMP_FORWARD to 86
        LOAD_GLOBAL h
        CALL_FUNCTION 0
        POP_TOP
        RERAISE
        LOAD_FAST y
        RETURN_VALUE""")


def test_break_and_continue_unwind_blocks():
    module = check_all("def loops(n):\n    while True:\n        n -= 1\n        if n < 0:\n"
                       "            break\n        if n % 2:\n            continue\n"
                       "    for i in range(n):\n        try:\n            break\n        finally:\n"
                       "            print(i)\n    else:\n        return -1\n    return i\n")
    assert listing(find(module, "loops")) == expect("""
        LOAD_FAST n
        LOAD_CONST 1
        INPLACE_SUBTRACT
        STORE_FAST n
        LOAD_FAST n
        LOAD_CONST 0
        COMPARE_OP <
        POP_JUMP_IF_FALSE to 18
        JUMP_ABSOLUTE to 30
        LOAD_FAST n
        LOAD_CONST 2
        BINARY_MODULO
        POP_JUMP_IF_FALSE to 28
        JUMP_ABSOLUTE to 0
        JUMP_ABSOLUTE to 0
        LOAD_GLOBAL range
        LOAD_FAST n
        CALL_FUNCTION 1
        GET_ITER
        FOR_ITER to 70
        STORE_FAST i
        SETUP_FINALLY to 58
        POP_BLOCK
        LOAD_GLOBAL print
        LOAD_FAST i
        CALL_FUNCTION 1
        POP_TOP
        POP_TOP
        JUMP_ABSOLUTE to 74
        LOAD_GLOBAL print
        LOAD_FAST i
        CALL_FUNCTION 1
        POP_TOP
        RERAISE
        JUMP_ABSOLUTE to 38
        LOAD_CONST -1
        RETURN_VALUE
        LOAD_FAST i
        RETURN_VALUE""")


def test_return_inside_finally_preserves_value():
    module = check_all("def f(xs):\n    for x in xs:\n        try:\n            return x\n"
                       "        finally:\n            print(x)\n")
    assert listing(find(module, "f")) == expect("""
        LOAD_FAST xs
        GET_ITER
        FOR_ITER to 40
        STORE_FAST x
        SETUP_FINALLY to 28
        LOAD_FAST x
        POP_BLOCK
        LOAD_GLOBAL print
        LOAD_FAST x
        CALL_FUNCTION 1
        POP_TOP
        ROT_TWO
        POP_TOP
        RETURN_VALUE
        LOAD_GLOBAL print
        LOAD_FAST x
        CALL_FUNCTION 1
        POP_TOP
        RERAISE
        JUMP_ABSOLUTE to 4
        LOAD_CONST None
        RETURN_VALUE""")


def test_generator_and_genexpr():
    module = check_all("def gen(xs):\n    yield from xs\n    yield sum(x * x for x in xs)\n")
    gen = find(module, "gen")
    assert gen.co_flags & opcodes.CO_GENERATOR
    assert listing(gen)[:5] == expect("""
        LOAD_FAST xs
        GET_YIELD_FROM_ITER
        LOAD_CONST None
        YIELD_FROM
        POP_TOP""")
    genexpr = find(module, "gen.<locals>.<genexpr>")
    assert genexpr.co_name == "<genexpr>" and genexpr.co_flags & opcodes.CO_GENERATOR
    assert genexpr.co_argcount == 1 and genexpr.co_varnames == (".0", "x")
    assert listing(genexpr) == expect("""
        LOAD_FAST .0
        FOR_ITER to 18
        STORE_FAST x
        LOAD_FAST x
        LOAD_FAST x
        BINARY_MULTIPLY
        YIELD_VALUE
        POP_TOP
        JUMP_ABSOLUTE to 2
        LOAD_CONST None
        RETURN_VALUE""")


def test_calls():
    module = check_all("def calls(o, a, kw):\n    o.m(a, 1)\n    f(a, k=2)\n    f(*a, **kw)\n"
                       "    f(a, *a, x=1, **kw, y=2)\n")
    assert listing(find(module, "calls"))[:-2] == expect("""
        LOAD_FAST o
        LOAD_METHOD m
        LOAD_FAST a
        LOAD_CONST 1
        CALL_METHOD 2
        POP_TOP
        LOAD_GLOBAL f
        LOAD_FAST a
        LOAD_CONST 2
        LOAD_CONST ('k',)
        CALL_FUNCTION_KW 2
        POP_TOP
        LOAD_GLOBAL f
        BUILD_LIST 0
        LOAD_FAST a
        LIST_EXTEND 1
        LIST_TO_TUPLE
        BUILD_MAP 0
        LOAD_FAST kw
        DICT_MERGE 1
        CALL_FUNCTION_EX 1
        POP_TOP
        LOAD_GLOBAL f
        LOAD_FAST a
        BUILD_LIST 1
        LOAD_FAST a
        LIST_EXTEND 1
        LIST_TO_TUPLE
        LOAD_CONST 'x'
        LOAD_CONST 1
        BUILD_MAP 1
        LOAD_FAST kw
        DICT_MERGE 1
        LOAD_CONST 'y'
        LOAD_CONST 2
        BUILD_MAP 1
        DICT_MERGE 1
        CALL_FUNCTION_EX 1
        POP_TOP""")


def test_expressions():
    module = check_all("def expr(a, b, c):\n"
                       "    return a < b < c, a and b or c, a if b else c, f\"{a!r:>{b}}\"\n")
    assert listing(find(module, "expr")) == expect("""
        LOAD_FAST a
        LOAD_FAST b
        DUP_TOP
        ROT_THREE
        COMPARE_OP <
        JUMP_IF_FALSE_OR_POP to 18
        LOAD_FAST c
        COMPARE_OP <
        JUMP_FORWARD to 22
        ROT_TWO
        POP_TOP
        LOAD_FAST a
        JUMP_IF_FALSE_OR_POP to 28
        LOAD_FAST b
        JUMP_IF_TRUE_OR_POP to 32
        LOAD_FAST c
        LOAD_FAST b
        POP_JUMP_IF_FALSE to 40
        LOAD_FAST a
        JUMP_FORWARD to 42
        LOAD_FAST c
        LOAD_FAST a
        LOAD_CONST '>'
        LOAD_FAST b
        FORMAT_VALUE 0
        BUILD_STRING 2
        FORMAT_VALUE repr, with format
        BUILD_TUPLE 4
        RETURN_VALUE""")


def test_assignments_assert_del_raise():
    module = check_all("def upd(d, k, s):\n    d[k] += 1\n    a, *b = s\n    a, b = b, a\n"
                       "    assert a, 'no a'\n    del d[k], d[1:2]\n    raise ValueError(a) from None\n")
    assert listing(find(module, "upd")) == expect("""
        LOAD_FAST d
        LOAD_FAST k
        DUP_TOP_TWO
        BINARY_SUBSCR
        LOAD_CONST 1
        INPLACE_ADD
        ROT_THREE
        STORE_SUBSCR
        LOAD_FAST s
        UNPACK_EX 1
        STORE_FAST a
        STORE_FAST b
        LOAD_FAST b
        LOAD_FAST a
        ROT_TWO
        STORE_FAST a
        STORE_FAST b
        LOAD_FAST a
        POP_JUMP_IF_TRUE to 46
        LOAD_ASSERTION_ERROR
        LOAD_CONST 'no a'
        CALL_FUNCTION 1
        RAISE_VARARGS 1
        LOAD_FAST d
        LOAD_FAST k
        DELETE_SUBSCR
        LOAD_FAST d
        LOAD_CONST 1
        LOAD_CONST 2
        BUILD_SLICE 2
        DELETE_SUBSCR
        LOAD_GLOBAL ValueError
        LOAD_FAST a
        CALL_FUNCTION 1
        LOAD_CONST None
        RAISE_VARARGS 2""")


def test_module_imports_decorators_defaults():
    module = check_all("import math\nfrom math import sqrt, pi as p\n@dec\n@make(2)\n"
                       "def f(a, b=1, *args, c=2, **kw):\n    return a\n")
    assert listing(module) == expect("""
        LOAD_CONST 0
        LOAD_CONST None
        IMPORT_NAME math
        STORE_NAME math
        LOAD_CONST 0
        LOAD_CONST ('sqrt', 'pi')
        IMPORT_NAME math
        IMPORT_FROM sqrt
        STORE_NAME sqrt
        IMPORT_FROM pi
        STORE_NAME p
        POP_TOP
        LOAD_NAME dec
        LOAD_NAME make
        LOAD_CONST 2
        CALL_FUNCTION 1
        LOAD_CONST (1,)
        LOAD_CONST 2
        LOAD_CONST ('c',)
        BUILD_CONST_KEY_MAP 1
        LOAD_CONST <code object f, file "t.py", line 3>
        LOAD_CONST 'f'
        MAKE_FUNCTION defaults, kwdefaults
        CALL_FUNCTION 1
        CALL_FUNCTION 1
        STORE_NAME f
        LOAD_CONST None
        RETURN_VALUE""")
    f = find(module, "f")
    assert f.co_varnames == ("a", "b", "c", "args", "kw")
    assert (f.co_argcount, f.co_kwonlyargcount, f.co_firstlineno) == (2, 1, 3)
    assert f.co_flags & opcodes.CO_VARARGS and f.co_flags & opcodes.CO_VARKEYWORDS


def test_constants_are_kept_apart_and_folded_as_cpython_folds():
    module = check_all('"""doc"""\nx = (True, 1, 1.0, -0.0, 0.0, -1, (2, "s"), ...)\ny = 2 * 3\n'
                       "z = (x, 1)\nw = -x\n")
    assert module.co_consts == ((True, 1, 1.0, -0.0, 0.0, -1, (2, "s"), Ellipsis), 6, 1, None)
    assert "BINARY_MULTIPLY" not in listing(module)
    assert "BUILD_TUPLE 2" in listing(module) and "UNARY_NEGATIVE" in listing(module)


@pytest.mark.parametrize("expr", [
    "2**64 - 1", "2**200", "2**128", "1 << 127", "1 << 129", "-(3)", "~5", "not 0", "'ab' * 3", "'x' * 5000",
    "(1, 2) * 3", "(1,) * 300", "(1, (2, 3)) * 200", "'abc'[1]", "(1, 2, 3)[-1]", "'abc'[5]", "1 / 0", "1 / 2",
    "7 // 2", "'%d' % 5", "7 % 3", "3 & 5 | 8 ^ 1", "2.0 ** 0.5", "2.0 ** 10000", "(1, 2)[0:1]", "10 ** 6 * 3",
    "-2 ** 2", "(2 ** 64) * (2 ** 64)", "(2 ** 64) * (2 ** 65)", "'a' + 'b'", "1 + 'a'", "~1.5",
])
def test_constant_folding_matches_cpython(expr):
    """Folded exactly where CPython's AST optimizer folds (its size limits,
    no folding of what raises or of string formatting)."""
    source = "x = %s\n" % expr
    ours = [c for c in check_all(source).co_consts if c is not None]
    theirs = [c for c in compile(source, "t", "exec").co_consts if c is not None]
    assert ours == theirs
    func = find(check_all("def f():\n    'doc'\n    return 1\n"), "f")
    assert func.co_consts == (1,)


def test_names_and_qualnames():
    module = check_all("def f():\n    g = lambda: [x for x in ()]\n    class C:\n"
                       "        def m(self):\n            return {y: y for y in ()}\n    return g, C\n")
    assert [(c.co_name, c.co_qualname) for c in module.nested_codes()] == [
        ("<module>", "<module>"), ("f", "f"), ("<lambda>", "f.<locals>.<lambda>"),
        ("<listcomp>", "f.<locals>.<lambda>.<locals>.<listcomp>"), ("C", "f.<locals>.C"),
        ("m", "f.<locals>.C.m"), ("<dictcomp>", "f.<locals>.C.m.<locals>.<dictcomp>")]


def test_class_body_reads_free_variable_with_load_classderef():
    module = check_all("def f():\n    x = 1\n    class C:\n        y = x\n    return C\n")
    assert "LOAD_CLASSDEREF x" in listing(find(module, "f.<locals>.C"))


def test_extended_arg_for_many_constants():
    source = "def f(x):\n" + "".join("    x = x + %d\n" % i for i in range(300)) + "    return x\n"
    f = find(check_all(source), "f")
    assert len(f.co_consts) == 300
    ops = [f.co_code[i] for i in range(0, len(f.co_code), 2)]
    assert opcodes.EXTENDED_ARG in ops
    last = [ins for ins in f.instructions if ins.opname == "LOAD_CONST"][-1]
    assert f.co_consts[last.arg] == 299 and last.arg == 299
    assert f.positions[last.offset // 2 - 1] == f.positions[last.offset // 2]
    assert f.by_slot[last.offset // 2 - 1] is f.by_slot[last.offset // 2]


def test_extended_arg_for_far_jumps():
    body = "".join("            n = n - 1\n" for _ in range(200))
    source = "def g(n):\n    while n:\n        if n > 1:\n" + body + "        n = n - 1\n    return n\n"
    g = find(check_all(source), "g")
    jumps = [ins for ins in g.instructions if ins.opname == "POP_JUMP_IF_FALSE"]
    assert all(ins.arg > 255 * 2 for ins in jumps)
    assert all(g.co_code[ins.offset - 2] == opcodes.EXTENDED_ARG for ins in jumps)
    assert listing(g)[-3:] == ["JUMP_ABSOLUTE to 0", "LOAD_FAST n", "RETURN_VALUE"]


# -- rule checks over a corpus --------------------------------------------------

SNIPPETS = [
    "while a:\n    if b:\n        continue\n    elif c:\n        break\nelse:\n    d()\n",
    "for i in x:\n    for j in y:\n        if i < j < k:\n            break\n    else:\n        continue\n",
    "def f(x):\n    try:\n        return g()\n    except E as e:\n        return e\n    finally:\n"
    "        if x:\n            return 1\n",
    "def f():\n    for x in y:\n        try:\n            continue\n        except:\n            break\n"
    "        finally:\n            pass\n",
    "def f():\n    while 1:\n        try:\n            try:\n                break\n            finally:\n"
    "                return 2\n        finally:\n            continue\n",
    "x = [a for a in b if a if not a or a and c for d in a]\n",
    "y = {k: v for k, v in z if (w := k)}\n",
    "def g():\n    x = yield 1\n    yield from x\n    return [y for y in (yield)] if False else 0\n",
    "assert x < y <= z, f'{x!a:{y}}'\nassert not (a or b)\n",
    "def f(*a, **k):\n    return f(*a, *a, 1, **k, **k), {**k, 'a': 1}, {*a, 1}, [*a], (*a,)\n",
    "x = a if b and (c if d else e) else f\n",
    "while (a if b else c):\n    pass\n",
    "try:\n    pass\nexcept (A, B):\n    pass\nelse:\n    x = 1\n",
    "class C(B):\n    def m(self):\n        return lambda: __class__\n    @property\n    def p(self):\n"
    "        return super().p\n",
    "del a, b.c, d[e], d[1:2:3]\nglobal q\nq = 1\n",
]


@pytest.mark.parametrize("source", SNIPPETS)
def test_snippets_keep_the_contract(source):
    check_all(source)


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda p: p.stem)
def test_corpus_programs_keep_the_contract(path):
    check_all(path.read_text(), str(path))


# -- anchors: the eight PyPy loops and their JIT logs ---------------------------

ANCHOR_LOOPS = sorted(ANCHORS.glob("loops/*.py"))
needs_anchors = pytest.mark.skipif(not ANCHOR_LOOPS, reason="no PyPy anchors here")


@needs_anchors
@pytest.mark.parametrize("path", ANCHOR_LOOPS, ids=lambda p: p.stem)
def test_anchor_loops_compile(path):
    check_all(path.read_text(), str(path))


_MERGE_POINT = re.compile(r"debug_merge_point\(\d+, \d+, '([^;']+);[^:]+:(\d+)-(\d+)~#(\d+) (\w+)'\)")


@needs_anchors
@pytest.mark.parametrize("name", [p.stem for p in ANCHOR_LOOPS])
def test_offsets_match_pypy_jit_logs(name):
    """Every (function, offset, opname, line) PyPy's JIT logged for the full
    program is what pypyteach compiles too."""
    source = (ANCHORS / "progs" / (name + ".py")).read_text()
    source = source.replace("import sys, time", "", 1)     # keep the line numbers
    codes = {(c.co_name, c.co_firstlineno): c for c in compile_source(source, name).nested_codes()}
    points = set(_MERGE_POINT.findall((ANCHORS / "logs" / (name + ".log")).read_text()))
    assert points
    for func, first, line, offset, opname in points:
        by_offset = {ins.offset: ins for ins in codes[(func, int(first))].instructions}
        ins = by_offset[int(offset)]
        assert (ins.opname, ins.line) == (opname, int(line)), (func, offset)


# -- errors -----------------------------------------------------------------------

def compile_error(source):
    with pytest.raises(CompileError) as info:
        compile_source(source, "t.py")
    return info.value


SUBSET = "not part of pypyteach's Python subset"
ONLY_MATH = " (only the 'math' module can be imported)"
REJECTED = [
    ("x = 1\nwith open(f) as g:\n    pass\n", "'with' statements are " + SUBSET, 2, 0),
    ("async def f():\n    await x\n", "'async def' functions are " + SUBSET, 1, 0),
    ("def f():\n    async with a:\n        pass\n", "'async with' statements are " + SUBSET, 2, 4),
    ("def f():\n    async for a in b:\n        pass\n", "'async for' loops are " + SUBSET, 2, 4),
    ("match x:\n    case 1:\n        pass\n", "'match' statements are " + SUBSET, 1, 0),
    ("try:\n    pass\nexcept* ValueError:\n    pass\n", "'except*' clauses are " + SUBSET, 1, 0),
    ("import os\n", "'import os' is " + SUBSET + ONLY_MATH, 1, 0),
    ("import math, sys\n", "'import sys' is " + SUBSET + ONLY_MATH, 1, 0),
    ("def f():\n    from os import path, sep\n",
     "'from os import path, sep' is " + SUBSET + ONLY_MATH, 2, 4),
    ("from . import x\n", "relative imports are " + SUBSET, 1, 0),
    ("from math import *\n", "'from math import *' is " + SUBSET, 1, 0),
    ("class C(metaclass=M):\n    pass\n",
     "class keyword arguments (such as metaclass=...) are " + SUBSET, 1, 8),
    ("def f(a, /, b):\n    pass\n", "positional-only parameters are " + SUBSET, 1, 6),
    ("x = b'abc'\n", "bytes literals are " + SUBSET, 1, 4),
    ("x = 1 + 2j\n", "complex literals (such as 1j) are " + SUBSET, 1, 8),
    ("x = a @ b\n", "the '@' operator is " + SUBSET, 1, 4),
    ("x @= b\n", "the '@' operator is " + SUBSET, 1, 0),
]


@pytest.mark.parametrize("source, message, line, col", REJECTED)
def test_rejected_constructs(source, message, line, col):
    err = compile_error(source)
    assert (err.kind, err.message, err.line, err.col) == ("UnsupportedError", message, line, col)
    assert err.filename == "t.py" and err.source_line == source.splitlines()[line - 1]


def _rejected_corpus():
    try:
        from reference import program_paths
    except ImportError:
        return []
    return program_paths("rejected")


@pytest.mark.parametrize("path", _rejected_corpus(), ids=lambda p: p.stem)
def test_rejected_corpus(path):
    """tests/programs/rejected: the first node outside the subset (pre-order)
    is reported, at the line and column the file's header gives."""
    from reference import rejected_header
    header = rejected_header(path)
    err = compile_error(path.read_text())
    assert (err.kind, err.line, err.col) == ("UnsupportedError", header["line"], header["col"])
    words = re.findall(r"[a-z*@]+", header["expect"].lower())
    assert all(word in err.message.lower() for word in words), (header["expect"], err.message)


def test_unknown_node_is_rejected_not_crashed():
    compiler = Compiler("x\n", "t.py", build_symtable(ast.parse("x\n"), "t.py", "x\n"))
    compiler.enter_unit(compiler.table.top.node, "<module>", "module", 1, (1, 0, 1, 1))
    with pytest.raises(CompileError) as info:
        compiler.visit(ast.MatchSingleton(value=None, lineno=1, col_offset=0))
    assert info.value.kind == "UnsupportedError" and "MatchSingleton" in info.value.message


def test_parse_errors_become_compile_errors():
    err = compile_error("x = (1,\n")
    try:
        compile("x = (1,\n", "t.py", "exec")
    except SyntaxError as host:
        assert (err.kind, err.message, err.line, err.col) == (
            "SyntaxError", host.msg, host.lineno, host.offset - 1)


SYNTAX_ERRORS = [
    "return 1\n", "class C:\n    return 1\n", "break\n", "def f():\n    break\n", "continue\n",
    "for x in y:\n    def f():\n        continue\n", "yield 1\n", "class C:\n    yield 1\n",
    "x = yield from y\n", "await x\n", "def f():\n    await x\n",
    "nonlocal x\n", "def f():\n    nonlocal x\n", "class C:\n    nonlocal x\n",
    "def f():\n    print(x)\n    global x\n", "def f():\n    x = 1\n    global x\n",
    "def f(x):\n    global x\n", "def f(x, x):\n    pass\n", "def f(a, *, a):\n    pass\n",
    "lambda a, a: 1\n", "[(yield x) for x in y]\n", "def f():\n    return {(yield) for x in y}\n",
    "def f():\n    return ((yield x) for x in y)\n", "def f():\n    return {x: (yield) for x in y}\n",
    "try:\n    pass\nexcept:\n    pass\nexcept ValueError:\n    pass\n",
    "*a, *b = c\n", "*a = b\n", "x = *a\n", "f(a=1, a=2)\n",
    "def f():\n    x: int\n    global x\n", "def f():\n    global x\n    x: int = 3\n",
    "[i := 0 for i in range(3)]\n", "[x for x in (y := [1])]\n",
    "class C:\n    [y := 1 for x in z]\n", "def f():\n    nonlocal f\n",
    "def f():\n    x = 1\n    def g():\n        print(x)\n        nonlocal x\n",
    "def f(x):\n    def g():\n        nonlocal x\n        global x\n",
]


@pytest.mark.parametrize("source", SYNTAX_ERRORS)
def test_compile_time_syntax_errors_match_cpython(source):
    with pytest.raises(SyntaxError) as host:
        compile(source, "t.py", "exec")
    err = compile_error(source)
    assert (err.kind, err.message, err.line) == ("SyntaxError", host.value.msg, host.value.lineno)
    assert err.col == host.value.offset - 1


# -- scopes, against the host CPython's symtable and compile() --------------------

SCOPE_SNIPPETS = [
    "def f(a):\n    def g():\n        return a\n    return g\n",
    "def f():\n    x = 1\n    class C:\n        x = 2\n        def m(self):\n            return x\n"
    "        y = x\n    return C\n",
    "class C:\n    def m(self):\n        return super().m()\n    def n(self):\n        return __class__\n",
    "def f():\n    y = 2\n    return [x + y for x in range(3) if x]\n",
    "x = 1\ndef f():\n    global x\n    x = 2\n    def g():\n        return x\n",
    "def f():\n    a = 1\n    def g():\n        nonlocal a\n        a = 2\n        def h():\n"
    "            return a\n    return g\n",
    "def f():\n    return [(y := x) for x in range(3)], y\n",
    "[(z := x) for x in range(3)]\n",
    "def f(*args, **kw):\n    return lambda q=args: q + kw\n",
    "class A:\n    z = 1\n    g = (z for _ in range(3))\n    h = [q for q in range(z) if q < z]\n",
    "def f():\n    def g():\n        def h():\n            return v\n        return h\n    v = 3\n    return g\n",
    "def f():\n    x: int\n    y: int = 3\n    return x\n",
    "def f():\n    try:\n        pass\n    except E as e:\n        return lambda: e\n",
    "def outer():\n    class C:\n        def __m(self):\n            return __k\n    __k = 1\n",
    "def f():\n    import math\n    from math import sqrt as s\n    return lambda: math.pi + s(2)\n",
    "def f():\n    def g():\n        return super()\n",
]


def _host_kind(symbol):
    if symbol.is_free():
        return "free"
    if symbol.is_declared_global():
        return "global_explicit"
    if symbol.is_local():
        return "local"
    return "global_implicit"


def _compare_tables(host, mine):
    host_kinds = {s.get_name(): _host_kind(s) for s in host.get_symbols()}
    my_kinds = {name: "local" if kind == CELL else kind for name, kind in mine.scopes.items()}
    assert my_kinds == host_kinds, mine
    if host.get_type() == "function":
        assert tuple(mine.params) == host.get_parameters()
    assert [c.get_name() for c in host.get_children()] == [c.name for c in mine.children]
    for h, m in zip(host.get_children(), mine.children):
        _compare_tables(h, m)


def _host_codes(code):
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _host_codes(const)


@pytest.mark.parametrize("source", SCOPE_SNIPPETS + [p.read_text() for p in PROGRAMS[:40]])
def test_scopes_match_host_symtable(source):
    _compare_tables(host_symtable.symtable(source, "t.py", "exec"),
                    build_symtable(ast.parse(source), "t.py", source).top)
    host = list(_host_codes(compile(source, "t.py", "exec")))
    mine = list(compile_source(source, "t.py").nested_codes())
    assert len(host) == len(mine)
    for h, m in zip(host, mine):
        assert (m.co_name, m.co_qualname, m.co_firstlineno) == (h.co_name, h.co_qualname, h.co_firstlineno)
        assert (m.co_argcount, m.co_kwonlyargcount, m.co_varnames) == (
            h.co_argcount, h.co_kwonlyargcount, h.co_varnames)
        # CPython 3.9 (our model) sorts cell variables; 3.11 does not.
        assert sorted(m.co_cellvars) == sorted(h.co_cellvars) and m.co_freevars == h.co_freevars
        assert m.co_flags & 0x3F == h.co_flags & 0x3F


def test_stack_effect_reads_the_table():
    se = opcodes.stack_effect
    assert se(opcodes.BINARY_ADD) == -1 and se(opcodes.DUP_TOP_TWO) == 2
    assert se(opcodes.FOR_ITER, 4, True) == -1 and se(opcodes.FOR_ITER, 4, False) == 1
    assert se(opcodes.SETUP_FINALLY, 4, True) == 1 and se(opcodes.SETUP_FINALLY, 4, False) == 0
    assert se(opcodes.CALL_FUNCTION_KW, 3) == -4 and se(opcodes.CALL_METHOD, 2) == -3
    assert se(opcodes.MAKE_FUNCTION, 0x0B) == -4 and se(opcodes.UNPACK_EX, 1 | (2 << 8)) == 3
    assert se(opcodes.COMPARE_OP, 2) == -1 and se(opcodes.UNARY_NOT) == 0
    assert all(isinstance(se(info.code, 1, jump), int)
               for info in opcodes.OPCODES for jump in (True, False))
