"""Checks of the differential test corpus itself, run with the host CPython.

These tests do not involve pypyteach's VM.  They make sure the corpus in
tests/programs/ is what the VM tests expect it to be:

* every ``programs`` and ``bench`` file runs to completion, prints at least
  3 lines and writes nothing to stderr;
* every ``errors_`` file prints something and ends with an uncaught exception
  whose traceback line carries no "Did you mean" hint;
* outputs do not depend on the hash seed (each file is run with several
  PYTHONHASHSEED values) and never contain object addresses or a printed set
  of strings;
* every file stays inside pypyteach's Python subset (a static AST check), and
  the few features allowed only sparingly (str.format & co, property /
  staticmethod / classmethod, the walrus, printed class objects) stay rare;
* every ``rejected`` file parses, carries the ``# expect:`` / ``# line:``
  header, and its header names the first node outside the subset;
* sizes stay within the step budget of the (slow) VM.

Run:  python -m pytest tests/test_reference_corpus.py -q
"""

import ast
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reference import (  # noqa: E402
    count_bytecodes,
    program_paths,
    rejected_header,
    run_cpython,
    run_cpython_full,
)

PROGRAMS = program_paths("programs")
BENCH = program_paths("bench")
ERRORS = program_paths("errors")
REJECTED = program_paths("rejected")
RUNNABLE = PROGRAMS + BENCH + ERRORS

BENCH_NAMES = {"bench_richards.py", "bench_nbody.py", "bench_spectral_norm.py", "bench_fannkuch.py",
               "bench_constraint.py", "bench_textproc.py", "bench_raytrace.py"}

# Step budgets (CPython opcode counts, an estimate of the VM's step count).
PROGRAM_BUDGET = 25_000
BENCH_BUDGET = (60_000, 320_000)

HASH_SEEDS = ("0", "1", "4242")


def _ids(paths):
    return [p.name for p in paths]


# ---------------------------------------------------------------------------
# The subset, statically

ALLOWED_BUILTINS = {
    "print", "len", "range", "enumerate", "zip", "map", "filter", "sorted", "reversed", "min", "max",
    "sum", "abs", "any", "all", "divmod", "pow", "round", "int", "float", "str", "bool", "list",
    "tuple", "dict", "set", "repr", "ord", "chr", "hex", "bin", "isinstance", "iter", "next",
    "hasattr", "getattr", "setattr", "type", "super", "hash",
    "staticmethod", "classmethod", "property",
    # exception classes
    "BaseException", "Exception", "ArithmeticError", "LookupError", "ZeroDivisionError", "IndexError",
    "KeyError", "TypeError", "ValueError", "AttributeError", "NameError", "UnboundLocalError",
    "RecursionError", "RuntimeError", "StopIteration", "NotImplementedError", "OverflowError",
    "AssertionError",
}

# Names a program reads on purpose to provoke a NameError.
DELIBERATELY_UNDEFINED = re.compile(r"undefined|not_defined|never_defined")

ALLOWED_MATH = {"sqrt", "floor", "ceil", "sin", "cos", "exp", "log", "pi", "e"}

# Methods of builtin types that the subset has (plus generator.send and
# property's .setter).  Methods defined by the program itself are allowed too.
CORE_METHODS = {
    # str
    "join", "split", "strip", "lstrip", "rstrip", "replace", "upper", "lower", "capitalize",
    "startswith", "endswith", "find", "count",
    # list
    "append", "extend", "pop", "insert", "remove", "index", "sort", "reverse",
    # dict
    "get", "items", "keys", "values", "setdefault", "update",
    # set
    "add", "discard",
    # generators, property
    "send", "setter",
}

# str methods outside the core subset: allowed in at most 5 programs, which
# must say so in a "# extra: ..." comment.
EXTRA_METHODS = {"title", "zfill", "center", "ljust", "rjust", "isdigit", "isalpha", "splitlines",
                 "partition", "format"}
MAX_EXTRA_PROGRAMS = 5

SPARING_DECORATORS = {"staticmethod", "classmethod", "property"}
MAX_DECORATOR_PROGRAMS = 3
MAX_WALRUS_PROGRAMS = 2
MAX_CLASS_REPR_PROGRAMS = 2

FORBIDDEN_ATTRS = {"__dict__", "__slots__", "__class__", "__module__", "__qualname__", "__code__",
                   "__defaults__", "__closure__", "__globals__", "__doc__", "__mro__", "__bases__",
                   "__subclasses__", "__builtins__", "bit_length", "copy", "clear"}


def unsupported_nodes(tree):
    """Yield (node, reason) for each node outside the subset, in pre-order
    (source order) -- the first one is what pypyteach should report."""

    def visit(node):
        reason = None
        if isinstance(node, ast.With):
            reason = "with"
        elif isinstance(node, ast.AsyncWith):
            reason = "async with"
        elif isinstance(node, ast.AsyncFunctionDef):
            reason = "async def"
        elif isinstance(node, ast.AsyncFor):
            reason = "async for"
        elif isinstance(node, ast.Await):
            reason = "await"
        elif isinstance(node, ast.Match):
            reason = "match"
        elif isinstance(node, getattr(ast, "TryStar", ())):
            reason = "except*"
        elif isinstance(node, ast.Import):
            bad = [a.name for a in node.names if a.name != "math" or a.asname]
            if bad:
                reason = "import " + bad[0]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                reason = "relative import"
            elif node.module != "math":
                reason = "from %s import" % node.module
            elif any(a.name == "*" for a in node.names):
                reason = "from math import *"
            elif any(a.name not in ALLOWED_MATH or a.asname for a in node.names):
                reason = "from math import (not in the subset)"
        elif isinstance(node, ast.Constant) and isinstance(node.value, (bytes, complex)):
            reason = type(node.value).__name__
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
            reason = "@"
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.MatMult):
            reason = "@="
        if reason:
            yield node, reason
        if isinstance(node, ast.ClassDef):
            for kw in node.keywords:
                yield kw, "class keyword " + str(kw.arg)
            if len(node.bases) > 1:
                yield node.bases[1], "multiple inheritance"
        if isinstance(node, (ast.FunctionDef, ast.Lambda)) and node.args.posonlyargs:
            yield node.args.posonlyargs[0], "positional-only parameters"
        for child in ast.iter_child_nodes(node):
            yield from visit(child)

    yield from visit(tree)


def bound_names(tree):
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update(a.asname or a.name for a in node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update(node.names)
    return names


def defined_attributes(tree):
    """Names the program itself defines as methods or assigns as attributes."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.ClassDef):
            for stmt in node.body:
                if isinstance(stmt, ast.Assign):
                    names.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
    return names


def subset_problems(path):
    src = path.read_text(encoding="utf-8")
    tree = ast.parse(src, str(path))
    problems = ["line %d: %s" % (n.lineno, why) for n, why in unsupported_nodes(tree)]
    bound = bound_names(tree)
    own = defined_attributes(tree)
    extras_declared = set()
    for m in re.finditer(r"^# extra: (.+)$", src, re.M):
        extras_declared.update(w.strip().replace("str.", "") for w in m.group(1).split(","))
    hash_ok_lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "__hash__":
            hash_ok_lines.update(range(node.lineno, node.end_lineno + 1))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if node.id not in bound and node.id not in ALLOWED_BUILTINS and not DELIBERATELY_UNDEFINED.search(node.id):
                problems.append("line %d: name %r is not a subset builtin" % (node.lineno, node.id))
            if node.id == "hash" and node.lineno not in hash_ok_lines:
                problems.append("line %d: hash() outside __hash__" % node.lineno)
        elif isinstance(node, ast.Attribute):
            if node.attr in FORBIDDEN_ATTRS:
                problems.append("line %d: attribute %s" % (node.lineno, node.attr))
            if node.attr == "__name__":
                v = node.value
                if not (isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "type"):
                    problems.append("line %d: __name__ other than type(x).__name__" % node.lineno)
            if isinstance(node.value, ast.Name) and node.value.id == "math" and node.attr not in ALLOWED_MATH:
                problems.append("line %d: math.%s is not in the subset" % (node.lineno, node.attr))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            if name in CORE_METHODS or name in own or name.startswith("__"):
                continue
            if name in EXTRA_METHODS:
                if name not in extras_declared:
                    problems.append("line %d: .%s() needs a '# extra: %s' comment" % (node.lineno, name, name))
                continue
            if isinstance(node.func.value, ast.Name) and node.func.value.id == "math":
                continue
            problems.append("line %d: method .%s() is not in the subset" % (node.lineno, name))
    return problems


def uses_extras(path):
    return bool(re.search(r"^# extra:", path.read_text(encoding="utf-8"), re.M))


def uses_decorator(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for d in node.decorator_list:
                if isinstance(d, ast.Name) and d.id in SPARING_DECORATORS:
                    return True
    return False


def uses_walrus(path):
    return any(isinstance(n, ast.NamedExpr) for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))


# ---------------------------------------------------------------------------
# Output checks

ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
STRING_SET = re.compile(r"\{(?:'[^'\n]*'|\"[^\"\n]*\")(?:, (?:'[^'\n]*'|\"[^\"\n]*\"))*\}")
CLASS_REPR = re.compile(r"<class '")


def output_problems(out):
    problems = []
    if ADDRESS.search(out):
        problems.append("an object address is printed")
    for word in ("<function ", "<bound method", "<generator object", "<built-in", "<lambda>"):
        if word in out:
            problems.append("%r is printed" % word)
    m = STRING_SET.search(out)
    if m:
        problems.append("a set of strings is printed: %s" % m.group(0)[:60])
    return problems


# ---------------------------------------------------------------------------
# Tests


def test_corpus_sizes():
    assert len(PROGRAMS) >= 170
    assert {p.name for p in BENCH} == BENCH_NAMES
    assert len(ERRORS) >= 25
    assert len(REJECTED) >= 16
    names = [p.name for p in PROGRAMS + ERRORS]
    for n in names:
        assert re.match(r"^[a-z]+_\d{3}_[a-z0-9_]+\.py$", n), n


@pytest.mark.parametrize("path", PROGRAMS + BENCH, ids=_ids(PROGRAMS + BENCH))
def test_runs_cleanly(path):
    proc = run_cpython_full(path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert len(proc.stdout.splitlines()) >= 3
    assert output_problems(proc.stdout) == []


@pytest.mark.parametrize("path", ERRORS, ids=_ids(ERRORS))
def test_errors_end_with_uncaught_exception(path):
    out, exc_type, exc_message = run_cpython(path)
    assert exc_type is not None, "program ended normally"
    assert out.strip(), "an errors_ program prints something before failing"
    assert "Did you mean" not in exc_message and "Did you forget" not in exc_message
    assert output_problems(out) == []
    proc = run_cpython_full(path)
    assert "Warning" not in proc.stderr.splitlines()[0]


@pytest.mark.parametrize("path", RUNNABLE, ids=_ids(RUNNABLE))
def test_deterministic_across_hash_seeds(path):
    results = {run_cpython(path, hashseed=seed) for seed in HASH_SEEDS}
    assert len(results) == 1


@pytest.mark.parametrize("path", RUNNABLE, ids=_ids(RUNNABLE))
def test_inside_subset(path):
    assert subset_problems(path) == []


def test_sparing_features():
    extras = [p.name for p in RUNNABLE if uses_extras(p)]
    assert len(extras) <= MAX_EXTRA_PROGRAMS, extras
    decorated = [p.name for p in RUNNABLE if uses_decorator(p)]
    assert len(decorated) <= MAX_DECORATOR_PROGRAMS, decorated
    walrus = [p.name for p in RUNNABLE if uses_walrus(p)]
    assert 1 <= len(walrus) <= MAX_WALRUS_PROGRAMS, walrus
    class_reprs = [p.name for p in RUNNABLE if CLASS_REPR.search(run_cpython(p)[0])]
    assert len(class_reprs) <= MAX_CLASS_REPR_PROGRAMS, class_reprs


@pytest.mark.parametrize("path", REJECTED, ids=_ids(REJECTED))
def test_rejected_headers(path):
    header = rejected_header(path)
    assert header.get("expect"), "missing '# expect:' line"
    assert "line" in header and "col" in header, "missing '# line: N col: C' line"
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = list(unsupported_nodes(tree))
    assert found, "nothing outside the subset"
    first, reason = found[0]
    assert (first.lineno, first.col_offset) == (header["line"], header["col"]), reason
    if "inner" in header:
        _, line, col = header["inner"]
        assert any((n.lineno, n.col_offset) == (line, col) for n, _ in found[1:])


@pytest.mark.parametrize("path", PROGRAMS + ERRORS, ids=_ids(PROGRAMS + ERRORS))
def test_program_step_budget(path):
    assert count_bytecodes(path) <= PROGRAM_BUDGET


@pytest.mark.parametrize("path", BENCH, ids=_ids(BENCH))
def test_bench_step_budget(path):
    lo, hi = BENCH_BUDGET
    assert lo <= count_bytecodes(path) <= hi


def test_parse_exception_line():
    from reference import parse_exception_line
    assert parse_exception_line("ZeroDivisionError: division by zero") == ("ZeroDivisionError", "division by zero")
    assert parse_exception_line("AssertionError") == ("AssertionError", "")
    assert parse_exception_line("MyError: bad") == ("MyError", "bad")
    assert parse_exception_line("KeyError: 'a: b'") == ("KeyError", "'a: b'")
    assert parse_exception_line("__main__.Odd: x\n") == ("Odd", "x")
