"""Which parts of Python pypyteach accepts.

``check_subset`` walks the tree in pre-order (``ast.iter_child_nodes``
order) before anything is compiled and rejects the FIRST node outside the
subset, with that node's line and column, so that an unsupported program is
refused before it runs and the error points at the construct itself.
"""

import ast

from ..errors import CompileError

SUBSET = "pypyteach's Python subset"

_SUPPORTED = (
    ast.Module, ast.FunctionDef, ast.ClassDef, ast.Return, ast.Delete, ast.Assign,
    ast.AugAssign, ast.AnnAssign, ast.For, ast.While, ast.If, ast.Raise, ast.Try,
    ast.Assert, ast.Import, ast.ImportFrom, ast.Global, ast.Nonlocal, ast.Expr,
    ast.Pass, ast.Break, ast.Continue,
    ast.BoolOp, ast.NamedExpr, ast.BinOp, ast.UnaryOp, ast.Lambda, ast.IfExp, ast.Dict,
    ast.Set, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Yield,
    ast.YieldFrom, ast.Compare, ast.Call, ast.FormattedValue, ast.JoinedStr,
    ast.Constant, ast.Attribute, ast.Subscript, ast.Starred, ast.Name, ast.List,
    ast.Tuple, ast.Slice,
    # 'await' outside 'async def' is a SyntaxError, reported by the compiler.
    ast.Await,
    ast.arguments, ast.arg, ast.keyword, ast.alias, ast.comprehension, ast.ExceptHandler,
    ast.expr_context, ast.boolop, ast.operator, ast.unaryop, ast.cmpop,
)

_CONSTRUCTS = {
    ast.With: "'with' statements are",
    ast.AsyncWith: "'async with' statements are",
    ast.AsyncFunctionDef: "'async def' functions are",
    ast.AsyncFor: "'async for' loops are",
    ast.Match: "'match' statements are",
}
if hasattr(ast, "TryStar"):
    _CONSTRUCTS[ast.TryStar] = "'except*' clauses are"


def not_in_subset(what):
    return "%s not part of %s" % (what, SUBSET)


class _Rejected(Exception):
    def __init__(self, message, node):
        Exception.__init__(self, message)
        self.message = message
        self.node = node


def check_subset(tree, filename, source):
    try:
        _walk(tree, tree)
    except _Rejected as exc:
        line = getattr(exc.node, "lineno", 1)
        lines = source.splitlines()
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        raise CompileError("UnsupportedError", exc.message, filename, line,
                           getattr(exc.node, "col_offset", 0), text) from None


def _walk(node, where):
    """Pre-order walk; ``where`` is the nearest node that has a position."""
    if hasattr(node, "lineno"):
        where = node
    _check(node, where)
    for child in ast.iter_child_nodes(node):
        _walk(child, where)


def _check(node, where):
    kind = type(node)
    if kind in _CONSTRUCTS:
        raise _Rejected(not_in_subset(_CONSTRUCTS[kind]), node)
    if not isinstance(node, _SUPPORTED):
        raise _Rejected(not_in_subset("'%s' constructs (ast.%s) are" % (kind.__name__, kind.__name__)),
                        where)
    checker = _CHECKS.get(kind)
    if checker is not None:
        checker(node, where)


def _check_constant(node, where):
    if isinstance(node.value, bytes):
        raise _Rejected(not_in_subset("bytes literals are"), node)
    if isinstance(node.value, complex):
        raise _Rejected(not_in_subset("complex literals (such as 1j) are"), node)


def _check_matmult(node, where):
    if isinstance(node.op, ast.MatMult):
        raise _Rejected(not_in_subset("the '@' operator is"), node)


_ONLY_MATH = " (only the 'math' module can be imported)"


def _check_import(node, where):
    for alias in node.names:
        if alias.name != "math":
            raise _Rejected(not_in_subset("'import %s' is" % alias.name) + _ONLY_MATH, node)


def _check_import_from(node, where):
    if node.level:
        raise _Rejected(not_in_subset("relative imports are"), node)
    if node.module != "math":
        names = ", ".join(alias.name for alias in node.names)
        raise _Rejected(not_in_subset("'from %s import %s' is" % (node.module, names))
                        + _ONLY_MATH, node)
    if any(alias.name == "*" for alias in node.names):
        raise _Rejected(not_in_subset("'from math import *' is"), node)


def _check_class(node, where):
    if node.keywords:
        raise _Rejected(not_in_subset("class keyword arguments (such as metaclass=...) are"),
                        node.keywords[0])


def _check_arguments(node, where):
    if node.posonlyargs:
        raise _Rejected(not_in_subset("positional-only parameters are"), node.posonlyargs[0])


def _check_comprehension(node, where):
    if node.is_async:
        raise _Rejected(not_in_subset("asynchronous comprehensions are"), where)


_CHECKS = {
    ast.Constant: _check_constant,
    ast.BinOp: _check_matmult,
    ast.AugAssign: _check_matmult,
    ast.Import: _check_import,
    ast.ImportFrom: _check_import_from,
    ast.ClassDef: _check_class,
    ast.arguments: _check_arguments,
    ast.comprehension: _check_comprehension,
}
