"""Constant folding as CPython's AST optimizer does it (Python/ast_opt.c).

An operator applied to constants becomes the constant result, unless the
result could be big (CPython's limits below: a folded constant must not cost
memory or time the program might never spend) or the operation raises (the
error is left for run time).  ``%`` on strings is never folded (formatting
stays visible), nor ``@``.  PyPy's astcompiler (pypy/interpreter/astcompiler/
optimize.py) folds the same operators.
"""

import ast
import operator

NOT_CONST = object()

MAX_INT_SIZE = 128           # bits
MAX_COLLECTION_SIZE = 256
MAX_STR_SIZE = 4096
MAX_TOTAL_ITEMS = 1024

_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Invert: operator.invert, ast.Not: operator.not_}
_BINARY = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow,
    ast.LShift: operator.lshift, ast.RShift: operator.rshift, ast.BitOr: operator.or_,
    ast.BitXor: operator.xor, ast.BitAnd: operator.and_,
}
# the constants the VM's code objects hold (bytes, complex and Ellipsis are
# outside the subset)
_FOLDABLE = (bool, int, float, str, tuple, type(None))


def _foldable(value):
    if isinstance(value, tuple):
        return all(_foldable(item) for item in value)
    return type(value) in _FOLDABLE


def _apply(func, *args):
    if not all(_foldable(arg) for arg in args):
        return NOT_CONST
    try:
        result = func(*args)
    except Exception:               # 1/0, 2.0**10000, ~1.5, "a" + 1: raised at run time
        return NOT_CONST
    # (-8) ** (1/3) is complex in CPython: outside the subset, so the
    # ValueError the VM raises for it stays at run time
    return result if _foldable(result) else NOT_CONST


def unary(kind, value):
    func = _UNARY.get(kind)
    if value is NOT_CONST or func is None:
        return NOT_CONST
    return _apply(func, value)


def binary(kind, left, right):
    func = _BINARY.get(kind)
    if left is NOT_CONST or right is NOT_CONST or func is None:
        return NOT_CONST
    too_big = {ast.Mult: _multiply_too_big, ast.Pow: _power_too_big, ast.LShift: _lshift_too_big}.get(kind)
    if too_big is not None and too_big(left, right):
        return NOT_CONST
    if kind is ast.Mod and isinstance(left, str):
        return NOT_CONST
    return _apply(func, left, right)


def subscript(value, index):
    if value is NOT_CONST or index is NOT_CONST or not isinstance(value, (str, tuple)):
        return NOT_CONST
    return _apply(operator.getitem, value, index)


def _is_int(value):
    return isinstance(value, int)       # bool included, as PyLong_Check


def _multiply_too_big(left, right):
    if _is_int(left) and _is_int(right):
        return bool(left and right) and left.bit_length() + right.bit_length() > MAX_INT_SIZE
    if _is_int(left):
        left, right = right, left
    if not _is_int(right):
        return False
    if isinstance(left, tuple) and left:
        return right < 0 or right > MAX_COLLECTION_SIZE // len(left) or \
            (right and _items(left) > MAX_TOTAL_ITEMS // right)
    if isinstance(left, str) and left:
        return right > MAX_STR_SIZE // len(left)
    return False


def _items(value):
    """CPython's check_complexity: items in nested tuples."""
    return sum(1 + _items(item) if isinstance(item, tuple) else 1 for item in value)


def _power_too_big(left, right):
    if _is_int(left) and _is_int(right) and left and right > 0:
        return left.bit_length() > MAX_INT_SIZE // right
    return False


def _lshift_too_big(left, right):
    if _is_int(left) and _is_int(right) and left and right:
        if right < 0:
            return False                  # ValueError at run time: not folded anyway
        return right > MAX_INT_SIZE or left.bit_length() > MAX_INT_SIZE - right
    return False
