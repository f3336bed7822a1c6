"""Scope analysis: which names are local, global, free or cell variables.

This is CPython's symtable.c in miniature, over Python's ``ast``.  It runs in
two passes, as CPython's does:

1. ``_Builder`` walks the tree once, creating one ``Scope`` per module, class,
   function, lambda and comprehension, and records for every name how it is
   used there (flags such as DEF_LOCAL, USE, DEF_GLOBAL, DEF_PARAM).
2. ``_analyze`` walks the scopes top-down, passing the names bound by
   enclosing *function* scopes (class bodies do not count, which is why a
   method does not see class attributes), and decides each name's scope:
   LOCAL, GLOBAL_EXPLICIT, GLOBAL_IMPLICIT, FREE or CELL.

The compiler then asks ``scope.resolve(name)`` to pick LOAD_FAST, LOAD_GLOBAL,
LOAD_DEREF, LOAD_NAME, ...
"""

import ast

from ..errors import CompileError

# How a name is used inside one scope (bit flags, as CPython's symtable.h).
DEF_GLOBAL = 1          # global statement
DEF_LOCAL = 2           # assigned to
DEF_PARAM = 4           # a parameter
DEF_NONLOCAL = 8        # nonlocal statement
USE = 16                # read
DEF_FREE_CLASS = 32     # bound in a class body and free in one of its methods
DEF_IMPORT = 64         # bound by import
DEF_ANNOT = 128         # annotated (x: int)
DEF_COMP_ITER = 256     # a comprehension's loop variable
DEF_BOUND = DEF_LOCAL | DEF_PARAM | DEF_IMPORT

# What a name finally is.
LOCAL = "local"
GLOBAL_EXPLICIT = "global_explicit"
GLOBAL_IMPLICIT = "global_implicit"
FREE = "free"
CELL = "cell"

MODULE, CLASS, FUNCTION = "module", "class", "function"

COMPREHENSION_NAMES = {
    ast.ListComp: "listcomp", ast.SetComp: "setcomp",
    ast.DictComp: "dictcomp", ast.GeneratorExp: "genexpr",
}
_COMP_WORDS = {"listcomp": "list comprehension", "setcomp": "set comprehension",
               "dictcomp": "dict comprehension", "genexpr": "generator expression"}


def mangle(private, name):
    """Private name mangling: ``__x`` inside class ``C`` becomes ``_C__x``."""
    if private is None or not name.startswith("__") or name.endswith("__") or "." in name:
        return name
    stripped = private.lstrip("_")
    if not stripped:
        return name
    return "_" + stripped + name


class Scope:
    """One block of the program: module, class body, or function-like."""

    def __init__(self, name, kind, node, parent):
        self.name = name
        self.kind = kind
        self.node = node
        self.parent = parent
        self.symbols = {}           # name -> flags, in first-seen order
        self.scopes = {}            # name -> LOCAL/GLOBAL_*/FREE/CELL (after analysis)
        self.params = []            # parameter names, in co_varnames order
        self.children = []
        self.directives = {}        # name -> node of its global/nonlocal (error location)
        self.comprehension = None   # "listcomp", ... for comprehension scopes
        self.is_generator = False
        self.has_varargs = False
        self.has_varkeywords = False
        self.needs_class_closure = False   # class whose methods use __class__/super
        self.has_free = False
        self.child_free = False
        self.nested = parent is not None and (parent.nested or parent.kind == FUNCTION)
        self.comp_iter_target = False
        self.comp_iter_expr = 0

    def resolve(self, name):
        """The scope of ``name`` here; unknown names are implicit globals."""
        return self.scopes.get(name, GLOBAL_IMPLICIT)

    def flags(self, name):
        return self.symbols.get(name, 0)

    def names_in(self, *kinds):
        return sorted(n for n, s in self.scopes.items() if s in kinds)

    def locals(self):
        return self.names_in(LOCAL, CELL)

    def globals(self):
        return self.names_in(GLOBAL_EXPLICIT, GLOBAL_IMPLICIT)

    def frees(self):
        return self.names_in(FREE)

    def cells(self):
        return self.names_in(CELL)

    def cellvars(self):
        """co_cellvars: sorted, as CPython; a class's only cell is __class__."""
        if self.needs_class_closure:
            return ("__class__",)
        return tuple(self.names_in(CELL))

    def freevars(self):
        """co_freevars: free names, plus class-body names also free in a method."""
        return tuple(sorted(n for n, s in self.scopes.items()
                            if s == FREE or self.symbols.get(n, 0) & DEF_FREE_CLASS))

    def __repr__(self):
        return "<Scope %s %s>" % (self.kind, self.name)


class SymbolTable:
    """The scopes of one module, looked up by the AST node that opens them."""

    def __init__(self, top, by_node):
        self.top = top
        self._by_node = by_node

    def lookup(self, node):
        return self._by_node[node]


def build_symtable(tree, filename, source):
    builder = _Builder(filename, source)
    top = builder.build(tree)
    _analyze(top, None, set(), set(), builder)
    return SymbolTable(top, builder.by_node)


class _Builder(ast.NodeVisitor):
    """Pass 1: create the scopes and record every use of every name."""

    def __init__(self, filename, source):
        self.filename = filename
        self.lines = source.splitlines()
        self.by_node = {}
        self.stack = []
        self.cur = None
        self.module = None
        self.private = None

    def error(self, message, node):
        line = getattr(node, "lineno", 1)
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        raise CompileError("SyntaxError", message, self.filename, line,
                           getattr(node, "col_offset", 0), text)

    def build(self, tree):
        self.module = self.enter("top", MODULE, tree)
        for stmt in tree.body:
            self.visit(stmt)
        self.leave()
        return self.module

    # -- scopes ---------------------------------------------------------

    def enter(self, name, kind, node):
        scope = Scope(name, kind, node, self.cur)
        if self.cur is not None:
            self.cur.children.append(scope)
        self.by_node[node] = scope
        self.stack.append(scope)
        self.cur = scope
        return scope

    def leave(self):
        self.stack.pop()
        self.cur = self.stack[-1] if self.stack else None

    def add_def(self, name, flag, node, scope=None):
        scope = scope or self.cur
        name = mangle(self.private, name)
        old = scope.symbols.get(name, 0)
        if flag & DEF_PARAM and old & DEF_PARAM:
            self.error("duplicate argument '%s' in function definition" % name, node)
        new = old | flag
        if scope.comp_iter_target:
            if new & (DEF_GLOBAL | DEF_NONLOCAL):
                self.error("comprehension inner loop cannot rebind assignment "
                           "expression target '%s'" % name, node)
            new |= DEF_COMP_ITER
        scope.symbols[name] = new
        if flag & DEF_PARAM:
            scope.params.append(name)
        elif flag & DEF_GLOBAL:
            # As CPython: a global declaration anywhere marks the module's name too.
            self.module.symbols[name] = self.module.symbols.get(name, 0) | flag

    # -- statements -----------------------------------------------------

    def visit_FunctionDef(self, node):
        self.add_def(node.name, DEF_LOCAL, node)
        self.visit_defaults(node.args)
        self.visit_annotations(node.args, node.returns)
        for deco in node.decorator_list:
            self.visit(deco)
        self.enter(node.name, FUNCTION, node)
        self.visit_params(node.args)
        for stmt in node.body:
            self.visit(stmt)
        self.leave()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        self.visit_defaults(node.args)
        self.enter("lambda", FUNCTION, node)
        self.visit_params(node.args)
        self.visit(node.body)
        self.leave()

    def visit_defaults(self, args):
        for default in args.defaults:
            self.visit(default)
        for default in args.kw_defaults:
            if default is not None:
                self.visit(default)

    def visit_annotations(self, args, returns):
        # Annotations are dropped by the compiler but, as in CPython, the
        # names they mention still count as uses in the enclosing scope.
        for arg in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
            if arg is not None and arg.annotation is not None:
                self.visit(arg.annotation)
        if returns is not None:
            self.visit(returns)

    def visit_params(self, args):
        for arg in args.posonlyargs + args.args + args.kwonlyargs:
            self.add_def(arg.arg, DEF_PARAM, arg)
        if args.vararg:
            self.add_def(args.vararg.arg, DEF_PARAM, args.vararg)
            self.cur.has_varargs = True
        if args.kwarg:
            self.add_def(args.kwarg.arg, DEF_PARAM, args.kwarg)
            self.cur.has_varkeywords = True

    def visit_ClassDef(self, node):
        self.add_def(node.name, DEF_LOCAL, node)
        for expr in node.bases:
            self.visit(expr)
        for kw in node.keywords:
            self.visit(kw.value)
        for deco in node.decorator_list:
            self.visit(deco)
        self.enter(node.name, CLASS, node)
        saved, self.private = self.private, node.name
        for stmt in node.body:
            self.visit(stmt)
        self.private = saved
        self.leave()

    def visit_Global(self, node):
        self.declare(node, DEF_GLOBAL, "global")

    def visit_Nonlocal(self, node):
        self.declare(node, DEF_NONLOCAL, "nonlocal")

    def declare(self, node, flag, word):
        for name in node.names:
            cur = self.cur.flags(mangle(self.private, name))
            if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT):
                if cur & DEF_PARAM:
                    msg = "name '%s' is parameter and %s" % (name, word)
                elif cur & USE:
                    msg = "name '%s' is used prior to %s declaration" % (name, word)
                elif cur & DEF_ANNOT:
                    msg = "annotated name '%s' can't be %s" % (name, word)
                else:
                    msg = "name '%s' is assigned to before %s declaration" % (name, word)
                self.error(msg, node)
            self.add_def(name, flag, node)
            self.cur.directives.setdefault(mangle(self.private, name), node)

    def visit_AnnAssign(self, node):
        target = node.target
        if isinstance(target, ast.Name):
            cur = self.cur.flags(mangle(self.private, target.id))
            if cur & (DEF_GLOBAL | DEF_NONLOCAL) and self.cur is not self.module and node.simple:
                word = "global" if cur & DEF_GLOBAL else "nonlocal"
                self.error("annotated name '%s' can't be %s" % (target.id, word), node)
            if node.simple:
                self.add_def(target.id, DEF_ANNOT | DEF_LOCAL, target)
            elif node.value is not None:
                self.add_def(target.id, DEF_LOCAL, target)
        else:
            self.visit(target)
        self.visit(node.annotation)
        if node.value is not None:
            self.visit(node.value)

    def visit_Import(self, node):
        for alias in node.names:
            name = alias.asname or alias.name.split(".")[0]
            self.add_def(name, DEF_IMPORT, node)

    def visit_ImportFrom(self, node):
        for alias in node.names:
            if alias.name != "*":
                self.add_def(alias.asname or alias.name, DEF_IMPORT, node)

    def visit_ExceptHandler(self, node):
        if node.type is not None:
            self.visit(node.type)
        if node.name:
            self.add_def(node.name, DEF_LOCAL, node)
        for stmt in node.body:
            self.visit(stmt)

    # -- expressions ----------------------------------------------------

    def visit_Name(self, node):
        flag = USE if isinstance(node.ctx, ast.Load) else DEF_LOCAL
        self.add_def(node.id, flag, node)
        # Zero-argument super() needs the __class__ cell.
        if (isinstance(node.ctx, ast.Load) and node.id == "super"
                and self.cur.kind == FUNCTION):
            self.add_def("__class__", USE, node)

    def visit_Yield(self, node):
        if node.value is not None:
            self.visit(node.value)
        self.mark_generator(node)

    def visit_YieldFrom(self, node):
        self.visit(node.value)
        self.mark_generator(node)

    def mark_generator(self, node):
        self.cur.is_generator = True
        if self.cur.comprehension:
            self.error("'yield' inside %s" % _COMP_WORDS[self.cur.comprehension], node)

    def visit_NamedExpr(self, node):
        if self.cur.comp_iter_expr > 0:
            self.error("assignment expression cannot be used in a comprehension "
                       "iterable expression", node)
        if self.cur.comprehension:
            self.extend_namedexpr_scope(node.target)
        self.visit(node.value)
        self.visit(node.target)

    def extend_namedexpr_scope(self, target):
        """A walrus in a comprehension binds in the enclosing function or module."""
        name = target.id
        for scope in reversed(self.stack):
            if scope.comprehension:
                if scope.flags(name) & DEF_COMP_ITER:
                    self.error("assignment expression cannot rebind comprehension "
                               "iteration variable '%s'" % name, target)
                continue
            if scope.kind == FUNCTION:
                flag = DEF_GLOBAL if scope.flags(name) & DEF_GLOBAL else DEF_NONLOCAL
                self.add_def(name, flag, target)
                self.cur.directives.setdefault(name, target)
                self.add_def(name, DEF_LOCAL, target, scope)
                return
            if scope.kind == MODULE:
                self.add_def(name, DEF_GLOBAL, target)
                self.cur.directives.setdefault(name, target)
                self.add_def(name, DEF_GLOBAL, target, scope)
                return
            self.error("assignment expression within a comprehension cannot be "
                       "used in a class body", target)

    def visit_comprehension_expr(self, node):
        generators = node.generators
        outermost = generators[0]
        # The outermost iterable is evaluated in the enclosing scope.
        self.cur.comp_iter_expr += 1
        self.visit(outermost.iter)
        self.cur.comp_iter_expr -= 1
        kind = COMPREHENSION_NAMES[type(node)]
        scope = self.enter(kind, FUNCTION, node)
        scope.comprehension = kind
        self.add_def(".0", DEF_PARAM, node)
        self.visit_comp_target(outermost.target)
        for cond in outermost.ifs:
            self.visit(cond)
        for gen in generators[1:]:
            self.visit_comp_target(gen.target)
            scope.comp_iter_expr += 1
            self.visit(gen.iter)
            scope.comp_iter_expr -= 1
            for cond in gen.ifs:
                self.visit(cond)
        if isinstance(node, ast.DictComp):
            self.visit(node.value)
            self.visit(node.key)
        else:
            self.visit(node.elt)
        scope.is_generator = isinstance(node, ast.GeneratorExp)
        self.leave()

    def visit_comp_target(self, target):
        self.cur.comp_iter_target = True
        self.visit(target)
        self.cur.comp_iter_target = False

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_comprehension_expr


def _analyze(scope, bound, free, global_, builder):
    """Pass 2 (CPython's analyze_block): decide every name's scope.

    ``bound`` holds the names bound in enclosing function scopes (None at
    module level), ``global_`` the names known to be global.  Adds to ``free``
    the names this scope and its children need from outside.
    """
    local = set()
    newglobal, newfree, newbound = set(), set(), set()
    if scope.kind == CLASS:
        # A class body's names are invisible to its methods: pass down only
        # what the class itself sees.
        newglobal |= global_
        if bound is not None:
            newbound |= bound
    for name, flags in scope.symbols.items():
        _analyze_name(scope, name, flags, bound, local, free, global_, builder)
    if scope.kind != CLASS:
        if scope.kind == FUNCTION:
            newbound |= local
        if bound is not None:
            newbound |= bound
        newglobal |= global_
    else:
        newbound.add("__class__")
    allfree = set()
    for child in scope.children:
        child_free = set()
        _analyze(child, set(newbound), child_free, set(newglobal), builder)
        allfree |= child_free
        if child.has_free or child.child_free:
            scope.child_free = True
    newfree |= allfree
    if scope.kind == FUNCTION:
        for name in list(scope.scopes):
            if scope.scopes[name] == LOCAL and name in newfree:
                scope.scopes[name] = CELL
                newfree.discard(name)
    elif scope.kind == CLASS and "__class__" in newfree:
        newfree.discard("__class__")
        scope.needs_class_closure = True
    _record_child_frees(scope, bound, newfree)
    free |= newfree


def _analyze_name(scope, name, flags, bound, local, free, global_, builder):
    if flags & DEF_GLOBAL:
        if flags & DEF_NONLOCAL:
            builder.error("name '%s' is nonlocal and global" % name, scope.directives.get(name))
        scope.scopes[name] = GLOBAL_EXPLICIT
        global_.add(name)
        if bound is not None:
            bound.discard(name)
    elif flags & DEF_NONLOCAL:
        where = scope.directives.get(name)
        if bound is None:
            builder.error("nonlocal declaration not allowed at module level", where)
        if name not in bound:
            builder.error("no binding for nonlocal '%s' found" % name, where)
        scope.scopes[name] = FREE
        scope.has_free = True
        free.add(name)
    elif flags & DEF_BOUND:
        scope.scopes[name] = LOCAL
        local.add(name)
        global_.discard(name)
    elif bound is not None and name in bound:
        scope.scopes[name] = FREE
        scope.has_free = True
        free.add(name)
    else:
        if scope.nested:
            scope.has_free = True
        scope.scopes[name] = GLOBAL_IMPLICIT


def _record_child_frees(scope, bound, newfree):
    """Names free in a child pass through this scope (CPython's update_symbols)."""
    for name in sorted(newfree):
        if name in scope.symbols:
            if scope.kind == CLASS and scope.symbols[name] & (DEF_BOUND | DEF_GLOBAL):
                scope.symbols[name] |= DEF_FREE_CLASS
            continue
        if bound is not None and name not in bound:
            continue
        scope.symbols[name] = 0
        scope.scopes[name] = FREE
