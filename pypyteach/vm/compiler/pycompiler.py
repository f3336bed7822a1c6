"""The bytecode compiler: Python source -> pypyteach Code objects.

Modelled on CPython 3.9's compile.c (the bytecode PyPy 7.3.11 runs), with the
differences listed in docs/DESIGN.md: one stack value per exception, only
JUMP_ABSOLUTE jumps backwards, almost no constant folding.

Pipeline: ``ast.parse`` -> ``check_subset`` (reject what pypyteach does not
support) -> ``build_symtable`` (scopes) -> ``Compiler`` (one ``Unit`` per code
object; expressions in exprs.py, statements in stmts.py) ->
``WordcodeAssembler`` (wordcode.py).
"""

import ast
import sys
import warnings

from . import opcodes as op
from .wordcode import WordcodeAssembler
from .code import Code, FrozenSetConst
from .exprs import ExprCompiler
from .stmts import StmtCompiler
from ..errors import CompileError
from .subset import check_subset, not_in_subset
from .symtable import (CELL, CLASS, FREE, FUNCTION, GLOBAL_EXPLICIT, GLOBAL_IMPLICIT,
                       LOCAL, build_symtable, mangle)


_TOO_DEEP = "the program is nested too deeply to compile"


def compile_source(source, filename):
    """Compile a module's source text; return its Code object."""
    # Parsing and compiling recurse once per nesting level of the tree
    # (several frames per level): give long expressions such as a+b+...+z room.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20000))
    try:
        return _compile(source, filename)
    except (MemoryError, RecursionError):
        raise CompileError("UnsupportedError", _TOO_DEEP, filename, 1, 0) from None
    finally:
        sys.setrecursionlimit(limit)


def _compile(source, filename):
    try:
        with warnings.catch_warnings():
            # The host parser's warnings (invalid escapes...) are not the
            # guest program's business.
            warnings.simplefilter("ignore")
            tree = ast.parse(source, filename)
    except SyntaxError as exc:
        raise _parse_error(exc, source, filename) from None
    except ValueError as exc:          # null bytes
        raise CompileError("SyntaxError", str(exc), filename, 1, 0) from None
    check_subset(tree, filename, source)
    table = build_symtable(tree, filename, source)
    return Compiler(source, filename, table).compile_module(tree)


def _parse_error(exc, source, filename):
    line = exc.lineno or 1
    lines = source.splitlines()
    text = lines[line - 1] if 0 < line <= len(lines) else (exc.text or "").rstrip("\n")
    return CompileError("SyntaxError", exc.msg, filename, line, max((exc.offset or 1) - 1, 0), text)


def position(node):
    line = node.lineno
    col = node.col_offset
    end_line = getattr(node, "end_lineno", None) or line
    end_col = getattr(node, "end_col_offset", None)
    return (line, col, end_line, col if end_col is None else end_col)


def const_key(value):
    """Constants are keyed by type and value, so True, 1 and 1.0 stay distinct
    (and 0.0 and -0.0: floats are keyed by repr)."""
    if isinstance(value, FrozenSetConst):
        return ("frozenset", frozenset(const_key(item) for item in value))   # equal sets merge
    if isinstance(value, tuple):
        return ("tuple", tuple(const_key(item) for item in value))
    if isinstance(value, float):
        return ("float", repr(value))
    if isinstance(value, Code):
        return ("code", id(value))
    return (type(value).__name__, value)


class Unit:
    """The code object being compiled: its instructions, tables and blocks."""

    def __init__(self, scope, name, qualname, kind, firstlineno, private, pos):
        self.scope = scope
        self.name = name
        self.qualname = qualname
        self.kind = kind            # module, class, function, lambda, comprehension
        self.firstlineno = firstlineno
        self.private = private      # class name for private name mangling
        self.pos = pos              # position given to the next instruction
        self.asm = WordcodeAssembler()
        self.consts, self.const_index = [], {}
        self.names, self.name_index = [], {}
        self.varnames = list(scope.params)
        self.varname_index = {name: i for i, name in enumerate(self.varnames)}
        self.cellvars = scope.cellvars()
        self.freevars = scope.freevars()
        self.fblocks = []
        self.argcount = 0
        self.kwonlyargcount = 0


class Compiler(ExprCompiler, StmtCompiler):
    def __init__(self, source, filename, table):
        self.source = source
        self.filename = filename
        self.table = table
        self.lines = source.splitlines()
        self.unit = None
        self.stack = []
        self.folded = {}            # node -> its constant value (exprs.constant_value)

    # -- errors -------------------------------------------------------------

    def error(self, kind, message, node):
        line = getattr(node, "lineno", None) or self.unit.pos[0]
        col = getattr(node, "col_offset", None)
        if col is None:
            col = self.unit.pos[1]
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return CompileError(kind, message, self.filename, line, col, text)

    def syntax_error(self, message, node):
        return self.error("SyntaxError", message, node)

    def unsupported(self, what, node):
        return self.error("UnsupportedError", not_in_subset(what), node)

    position_of = staticmethod(position)

    # -- dispatch -----------------------------------------------------------

    def visit(self, node):
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            name = type(node).__name__
            raise self.unsupported("'%s' constructs (ast.%s) are" % (name, name), node)
        return method(node)

    def visit_stmt(self, node):
        # As CPython: a statement's position sticks until the next statement,
        # so the jump closing a loop carries the line of the body's last one.
        self.unit.pos = position(node)
        self.visit(node)

    def visit_body(self, stmts):
        for stmt in stmts:
            self.visit_stmt(stmt)

    def visit_expr(self, node):
        saved = self.unit.pos
        self.unit.pos = position(node)
        self.visit(node)
        self.unit.pos = saved

    # -- emitting -----------------------------------------------------------

    def emit(self, opcode, arg=0):
        self.unit.asm.emit(opcode, arg, self.unit.pos)

    def emit_jump(self, opcode, label):
        self.unit.asm.emit(opcode, label, self.unit.pos)

    def place(self, label):
        self.unit.asm.place(label)

    def emit_const(self, value):
        unit = self.unit
        if not unit.asm.reachable:
            return      # dead code: do not grow co_consts either
        key = const_key(value)
        if key not in unit.const_index:
            unit.const_index[key] = len(unit.consts)
            unit.consts.append(value)
        self.emit(op.LOAD_CONST, unit.const_index[key])

    def name_index(self, name):
        unit = self.unit
        if name not in unit.name_index:
            unit.name_index[name] = len(unit.names)
            unit.names.append(name)
        return unit.name_index[name]

    def emit_name(self, opcode, name):
        """An instruction taking a co_names index (attribute names are mangled)."""
        if not self.unit.asm.reachable:
            return
        self.emit(opcode, self.name_index(mangle(self.unit.private, name)))

    def varname_index(self, name):
        unit = self.unit
        index = unit.varname_index.get(name)
        if index is None:
            index = unit.varname_index[name] = len(unit.varnames)
            unit.varnames.append(name)
        return index

    def cell_index(self, name):
        unit = self.unit
        if name in unit.cellvars:
            return unit.cellvars.index(name)
        return len(unit.cellvars) + unit.freevars.index(name)

    _NAME_OPS = {
        "deref": {"load": op.LOAD_DEREF, "store": op.STORE_DEREF, "del": op.DELETE_DEREF},
        "fast": {"load": op.LOAD_FAST, "store": op.STORE_FAST, "del": op.DELETE_FAST},
        "global": {"load": op.LOAD_GLOBAL, "store": op.STORE_GLOBAL, "del": op.DELETE_GLOBAL},
        "name": {"load": op.LOAD_NAME, "store": op.STORE_NAME, "del": op.DELETE_NAME},
    }

    def nameop(self, name, ctx):
        """Load, store or delete a variable (CPython's compiler_nameop)."""
        unit = self.unit
        if not unit.asm.reachable:
            return
        name = mangle(unit.private, name)
        scope = unit.scope.resolve(name)
        in_function = unit.scope.kind == FUNCTION
        if scope in (FREE, CELL):
            opcode = self._NAME_OPS["deref"][ctx]
            if opcode == op.LOAD_DEREF and unit.scope.kind == CLASS:
                opcode = op.LOAD_CLASSDEREF
            self.emit(opcode, self.cell_index(name))
        elif scope == LOCAL and in_function:
            self.emit(self._NAME_OPS["fast"][ctx], self.varname_index(name))
        elif scope == GLOBAL_EXPLICIT or (scope == GLOBAL_IMPLICIT and in_function):
            self.emit(self._NAME_OPS["global"][ctx], self.name_index(name))
        else:
            self.emit(self._NAME_OPS["name"][ctx], self.name_index(name))

    # -- code objects -------------------------------------------------------

    def compile_module(self, tree):
        self.enter_unit(tree, "<module>", "module", 1, (1, 0, 1, 0))
        self.visit_body(tree.body)
        self.emit_const(None)
        self.emit(op.RETURN_VALUE)
        return self.leave_unit()

    def enter_unit(self, node, name, kind, firstlineno, pos):
        scope = self.table.lookup(node)
        parent = self.unit
        private = parent.private if parent else None
        if kind == "class":
            private = name
        qualname = self.qualname_for(name, kind) if parent else name
        if parent is not None:
            self.stack.append(parent)
        self.unit = Unit(scope, name, qualname, kind, firstlineno, private, pos)
        return self.unit

    def qualname_for(self, name, kind):
        """CPython's compiler_set_qualname: C.method, f.<locals>.g."""
        parent = self.unit
        if parent.kind == "module":
            return name
        if kind in ("function", "class"):
            if parent.scope.resolve(mangle(parent.private, name)) == GLOBAL_EXPLICIT:
                return name
        if parent.kind in ("function", "lambda"):
            return parent.qualname + ".<locals>." + name
        return parent.qualname + "." + name

    def leave_unit(self):
        unit = self.unit
        co_code, positions, depth = unit.asm.assemble()
        code = Code(
            co_name=unit.name, co_qualname=unit.qualname, co_filename=self.filename,
            co_firstlineno=unit.firstlineno, co_argcount=unit.argcount,
            co_kwonlyargcount=unit.kwonlyargcount, co_flags=self.code_flags(unit),
            co_varnames=tuple(unit.varnames), co_cellvars=tuple(unit.cellvars),
            co_freevars=tuple(unit.freevars), co_names=tuple(unit.names),
            co_consts=tuple(unit.consts), co_code=co_code, positions=positions,
            co_stacksize=depth, source=self.source)
        self.unit = self.stack.pop() if self.stack else None
        return code

    def code_flags(self, unit):
        scope = unit.scope
        flags = 0
        if scope.kind == FUNCTION:
            flags |= op.CO_OPTIMIZED | op.CO_NEWLOCALS
            if scope.nested:
                flags |= op.CO_NESTED
            if scope.is_generator:
                flags |= op.CO_GENERATOR
            if scope.has_varargs:
                flags |= op.CO_VARARGS
            if scope.has_varkeywords:
                flags |= op.CO_VARKEYWORDS
        if not unit.cellvars and not unit.freevars:
            flags |= op.CO_NOFREE
        return flags

    def make_closure(self, code, flags):
        """Push a function made from ``code`` (CPython's compiler_make_closure)."""
        if code.co_freevars:
            for name in code.co_freevars:
                self.emit(op.LOAD_CLOSURE, self.cell_index(name))
            self.emit(op.BUILD_TUPLE, len(code.co_freevars))
            flags |= op.MAKE_CLOSURE
        self.emit_const(code)
        self.emit_const(code.co_qualname)
        self.emit(op.MAKE_FUNCTION, flags)

    def function_defaults(self, args):
        """Push the defaults tuple and kw-only defaults dict; return MAKE_FUNCTION flags."""
        flags = 0
        if args.defaults:
            self.emit_tuple(args.defaults)
            flags |= op.MAKE_DEFAULTS
        keys = []
        for arg, default in zip(args.kwonlyargs, args.kw_defaults):
            if default is not None:
                keys.append(mangle(self.unit.private, arg.arg))
                self.visit_expr(default)
        if keys:
            self.emit_const(tuple(keys))
            self.emit(op.BUILD_CONST_KEY_MAP, len(keys))
            flags |= op.MAKE_KWDEFAULTS
        return flags

    def compile_function(self, node, name, kind, firstlineno, body):
        """Defaults, then the function's own code, then MAKE_FUNCTION."""
        flags = self.function_defaults(node.args)
        unit = self.enter_unit(node, name, kind, firstlineno, position(node))
        unit.argcount = len(node.args.args)
        unit.kwonlyargcount = len(node.args.kwonlyargs)
        body()
        code = self.leave_unit()
        self.make_closure(code, flags)
