"""Expressions for the compiler (a mixin of compiler.Compiler).

Each ``visit_<Node>`` leaves the node's value on the stack (or stores /
deletes it, for targets).  The shapes are CPython 3.9's; constants are
folded as CPython's AST optimizer folds them (compiler/fold.py).
"""

import ast

from . import opcodes as op
from .wordcode import BytecodeLabel
from .code import FrozenSetConst
from .symtable import FUNCTION
from . import fold
from .fold import NOT_CONST as _NOT_CONST

BINARY_OPS = {
    ast.Add: op.BINARY_ADD, ast.Sub: op.BINARY_SUBTRACT, ast.Mult: op.BINARY_MULTIPLY,
    ast.Div: op.BINARY_TRUE_DIVIDE, ast.FloorDiv: op.BINARY_FLOOR_DIVIDE,
    ast.Mod: op.BINARY_MODULO, ast.Pow: op.BINARY_POWER, ast.LShift: op.BINARY_LSHIFT,
    ast.RShift: op.BINARY_RSHIFT, ast.BitAnd: op.BINARY_AND, ast.BitOr: op.BINARY_OR,
    ast.BitXor: op.BINARY_XOR,
}
UNARY_OPS = {ast.UAdd: op.UNARY_POSITIVE, ast.USub: op.UNARY_NEGATIVE,
             ast.Not: op.UNARY_NOT, ast.Invert: op.UNARY_INVERT}
COMPARE_OPS = {ast.Lt: "<", ast.LtE: "<=", ast.Eq: "==", ast.NotEq: "!=",
               ast.Gt: ">", ast.GtE: ">="}
CONVERSIONS = {-1: op.FVC_NONE, ord("s"): op.FVC_STR, ord("r"): op.FVC_REPR,
               ord("a"): op.FVC_ASCII}
COMP_OPS = {ast.ListComp: (op.BUILD_LIST, op.LIST_APPEND), ast.SetComp: (op.BUILD_SET, op.SET_ADD),
            ast.DictComp: (op.BUILD_MAP, op.MAP_ADD), ast.GeneratorExp: (None, None)}


class ExprCompiler:

    def visit_Lambda(self, node):
        def body():
            self.visit_expr(node.body)
            self.emit(op.RETURN_VALUE)
        self.compile_function(node, "<lambda>", "lambda", node.lineno, body)

    # -- expressions --------------------------------------------------------

    def constant_value(self, node):
        """The value of a constant expression after CPython's constant folding
        (its AST optimizer, Python/ast_opt.c: unary and binary operators on
        constants within its size limits, subscripts of constants, tuples of
        constants), or _NOT_CONST.  PyPy's astcompiler folds the same way."""
        value = self.folded.get(node, self.folded)
        if value is self.folded:
            value = self.folded[node] = self._fold(node)
        return value

    def _fold(self, node):
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Tuple) and isinstance(node.ctx, ast.Load):
            values = [self.constant_value(elt) for elt in node.elts]
            if all(value is not _NOT_CONST for value in values):
                return tuple(values)
            return _NOT_CONST
        if isinstance(node, ast.UnaryOp):
            return fold.unary(type(node.op), self.constant_value(node.operand))
        if isinstance(node, ast.BinOp):
            return fold.binary(type(node.op), self.constant_value(node.left), self.constant_value(node.right))
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            return fold.subscript(self.constant_value(node.value), self.constant_value(node.slice))
        return _NOT_CONST

    def is_constant(self, node):
        return self.constant_value(node) is not _NOT_CONST

    def visit_Constant(self, node):
        self.emit_const(node.value)

    def visit_Name(self, node):
        self.nameop(node.id, self.context(node))

    @staticmethod
    def context(node):
        return {ast.Load: "load", ast.Store: "store", ast.Del: "del"}[type(node.ctx)]

    def visit_Attribute(self, node):
        self.visit_expr(node.value)
        opcode = {"load": op.LOAD_ATTR, "store": op.STORE_ATTR,
                  "del": op.DELETE_ATTR}[self.context(node)]
        self.emit_name(opcode, node.attr)

    def visit_Subscript(self, node):
        value = self.constant_value(node) if isinstance(node.ctx, ast.Load) else _NOT_CONST
        if value is not _NOT_CONST:
            self.emit_const(value)
            return
        self.visit_expr(node.value)
        self.visit_expr(node.slice)
        self.emit({"load": op.BINARY_SUBSCR, "store": op.STORE_SUBSCR,
                   "del": op.DELETE_SUBSCR}[self.context(node)])

    def visit_Slice(self, node):
        for part in (node.lower, node.upper):
            if part is None:
                self.emit_const(None)
            else:
                self.visit_expr(part)
        if node.step is not None:
            self.visit_expr(node.step)
        self.emit(op.BUILD_SLICE, 3 if node.step is not None else 2)

    def visit_BinOp(self, node):
        value = self.constant_value(node)
        if value is not _NOT_CONST:
            self.emit_const(value)
            return
        self.visit_expr(node.left)
        self.visit_expr(node.right)
        self.emit(BINARY_OPS[type(node.op)])

    def visit_UnaryOp(self, node):
        value = self.constant_value(node)
        if value is not _NOT_CONST:
            self.emit_const(value)
            return
        self.visit_expr(node.operand)
        self.emit(UNARY_OPS[type(node.op)])

    def visit_BoolOp(self, node):
        jump = op.JUMP_IF_FALSE_OR_POP if isinstance(node.op, ast.And) else op.JUMP_IF_TRUE_OR_POP
        end = BytecodeLabel()
        for value in node.values[:-1]:
            self.visit_expr(value)
            self.emit_jump(jump, end)
        self.visit_expr(node.values[-1])
        self.place(end)

    def emit_compare(self, cmpop):
        kind = type(cmpop)
        if kind in (ast.Is, ast.IsNot):
            self.emit(op.IS_OP, int(kind is ast.IsNot))
        elif kind in (ast.In, ast.NotIn):
            self.emit(op.CONTAINS_OP, int(kind is ast.NotIn))
        else:
            self.emit(op.COMPARE_OP, op.COMPARE_OPS.index(COMPARE_OPS[kind]))

    def visit_Compare(self, node):
        self.visit_expr(node.left)
        if len(node.ops) == 1:
            if isinstance(node.ops[0], (ast.In, ast.NotIn)):
                self.visit_container(node.comparators[0])
            else:
                self.visit_expr(node.comparators[0])
            self.emit_compare(node.ops[0])
            return
        # a < b < c: keep b for the next comparison; on a false link, drop it.
        cleanup, end = BytecodeLabel(), BytecodeLabel()
        for cmpop, right in zip(node.ops[:-1], node.comparators[:-1]):
            self.visit_expr(right)
            self.emit(op.DUP_TOP)
            self.emit(op.ROT_THREE)
            self.emit_compare(cmpop)
            self.emit_jump(op.JUMP_IF_FALSE_OR_POP, cleanup)
        self.visit_expr(node.comparators[-1])
        self.emit_compare(node.ops[-1])
        self.emit_jump(op.JUMP_FORWARD, end)
        self.place(cleanup)
        self.emit(op.ROT_TWO)
        self.emit(op.POP_TOP)
        self.place(end)

    def jump_if(self, node, target, cond):
        """Jump to ``target`` if ``node`` is ``cond`` (CPython's compiler_jump_if):
        'not', 'and'/'or', chained comparisons and conditional expressions in a
        test become direct conditional jumps instead of computing a value."""
        saved = self.unit.pos
        self.unit.pos = self.position_of(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            self.jump_if(node.operand, target, not cond)
        elif isinstance(node, ast.BoolOp):
            self.jump_if_boolop(node, target, cond)
        elif isinstance(node, ast.IfExp):
            end, other = BytecodeLabel(), BytecodeLabel()
            self.jump_if(node.test, other, False)
            self.jump_if(node.body, target, cond)
            self.emit_jump(op.JUMP_FORWARD, end)
            self.place(other)
            self.jump_if(node.orelse, target, cond)
            self.place(end)
        elif isinstance(node, ast.Compare) and len(node.ops) > 1:
            self.jump_if_chain(node, target, cond)
        else:
            self.visit_expr(node)
            self.emit_jump(op.POP_JUMP_IF_TRUE if cond else op.POP_JUMP_IF_FALSE, target)
        self.unit.pos = saved

    def jump_if_boolop(self, node, target, cond):
        is_or = isinstance(node.op, ast.Or)
        short = target if is_or == cond else BytecodeLabel()
        for value in node.values[:-1]:
            self.jump_if(value, short, is_or)
        self.jump_if(node.values[-1], target, cond)
        if short is not target:
            self.place(short)

    def jump_if_chain(self, node, target, cond):
        cleanup, end = BytecodeLabel(), BytecodeLabel()
        self.visit_expr(node.left)
        for cmpop, right in zip(node.ops[:-1], node.comparators[:-1]):
            self.visit_expr(right)
            self.emit(op.DUP_TOP)
            self.emit(op.ROT_THREE)
            self.emit_compare(cmpop)
            self.emit_jump(op.POP_JUMP_IF_FALSE, cleanup)
        self.visit_expr(node.comparators[-1])
        self.emit_compare(node.ops[-1])
        self.emit_jump(op.POP_JUMP_IF_TRUE if cond else op.POP_JUMP_IF_FALSE, target)
        self.emit_jump(op.JUMP_FORWARD, end)
        self.place(cleanup)
        self.emit(op.POP_TOP)
        if not cond:
            self.emit_jump(op.JUMP_FORWARD, target)
        self.place(end)

    def visit_IfExp(self, node):
        other, end = BytecodeLabel(), BytecodeLabel()
        self.jump_if(node.test, other, False)
        self.visit_expr(node.body)
        self.emit_jump(op.JUMP_FORWARD, end)
        self.place(other)
        self.visit_expr(node.orelse)
        self.place(end)

    def visit_NamedExpr(self, node):
        self.visit_expr(node.value)
        self.emit(op.DUP_TOP)
        self.visit_expr(node.target)

    # -- displays -----------------------------------------------------------

    def emit_tuple(self, elts):
        """Push a tuple of ``elts``: one constant if they all are."""
        values = [self.constant_value(elt) for elt in elts]
        if all(value is not _NOT_CONST for value in values):
            self.emit_const(tuple(values))
        else:
            self.starunpack(elts, 0, op.BUILD_LIST, op.LIST_APPEND, op.LIST_EXTEND, True)

    def starunpack(self, elts, pushed, build, add, extend, as_tuple):
        """Build a list/set/tuple from ``elts`` that may contain ``*x``
        (CPython's starunpack_helper, without its constant folding)."""
        if not any(isinstance(elt, ast.Starred) for elt in elts):
            for elt in elts:
                self.visit_expr(elt)
            self.emit(op.BUILD_TUPLE if as_tuple else build, len(elts) + pushed)
            return
        started = False
        for i, elt in enumerate(elts):
            if isinstance(elt, ast.Starred):
                if not started:
                    self.emit(build, i + pushed)
                    started = True
                self.visit_expr(elt.value)
                self.emit(extend, 1)
            else:
                self.visit_expr(elt)
                if started:
                    self.emit(add, 1)
        if as_tuple:
            self.emit(op.LIST_TO_TUPLE)

    def visit_Tuple(self, node):
        ctx = self.context(node)
        if ctx == "store":
            self.unpack_targets(node)
        elif ctx == "del":
            for elt in node.elts:
                self.visit_expr(elt)
        else:
            self.emit_tuple(node.elts)

    def visit_List(self, node):
        ctx = self.context(node)
        if ctx == "store":
            self.unpack_targets(node)
        elif ctx == "del":
            for elt in node.elts:
                self.visit_expr(elt)
        else:
            self.starunpack(node.elts, 0, op.BUILD_LIST, op.LIST_APPEND, op.LIST_EXTEND, False)

    def visit_Set(self, node):
        constant = self.frozenset_constant(node)
        if constant is not None and len(constant) > 2:
            # as CPython: BUILD_SET 0; LOAD_CONST frozenset; SET_UPDATE 1
            self.emit(op.BUILD_SET, 0)
            self.emit_const(constant)
            self.emit(op.SET_UPDATE, 1)
            return
        self.starunpack(node.elts, 0, op.BUILD_SET, op.SET_ADD, op.SET_UPDATE, False)

    def frozenset_constant(self, node):
        """A set display of constants as a frozenset constant, or None."""
        if not isinstance(node, ast.Set):
            return None
        values = [self.constant_value(elt) for elt in node.elts]
        if any(value is _NOT_CONST for value in values):
            return None
        return FrozenSetConst(values)

    def visit_container(self, node):
        """An iterable or container operand: a set display of constants is
        folded to a frozenset constant (CPython's ``fold_iter``/``fold_compare``)."""
        constant = self.frozenset_constant(node)
        if constant is not None:
            self.emit_const(constant)
        else:
            self.visit_expr(node)

    def unpack_targets(self, node):
        elts = node.elts
        starred = [i for i, elt in enumerate(elts) if isinstance(elt, ast.Starred)]
        if len(starred) > 1:
            raise self.syntax_error("multiple starred expressions in assignment", node)
        if starred:
            before = starred[0]
            after = len(elts) - before - 1
            if before >= 256 or after >= 1 << 23:
                raise self.syntax_error("too many expressions in star-unpacking assignment",
                                        node)
            self.emit(op.UNPACK_EX, before | (after << 8))
        else:
            self.emit(op.UNPACK_SEQUENCE, len(elts))
        for elt in elts:
            self.visit_expr(elt.value if isinstance(elt, ast.Starred) else elt)

    def visit_Starred(self, node):
        # Reached only where a starred expression is not allowed.
        if isinstance(node.ctx, ast.Store):
            raise self.syntax_error("starred assignment target must be in a list or tuple", node)
        raise self.syntax_error("can't use starred expression here", node)

    def visit_Dict(self, node):
        """{k: v, **m}: runs of k: v pairs become maps merged with DICT_UPDATE."""
        have_dict = False
        run = []
        for key, value in zip(node.keys, node.values):
            if key is not None:
                run.append((key, value))
                continue
            if run:
                self.subdict(run)
                if have_dict:
                    self.emit(op.DICT_UPDATE, 1)
                have_dict, run = True, []
            if not have_dict:
                self.emit(op.BUILD_MAP, 0)
                have_dict = True
            self.visit_expr(value)
            self.emit(op.DICT_UPDATE, 1)
        if run:
            self.subdict(run)
            if have_dict:
                self.emit(op.DICT_UPDATE, 1)
            have_dict = True
        if not have_dict:
            self.emit(op.BUILD_MAP, 0)

    def subdict(self, pairs):
        keys = [pair[0] for pair in pairs]
        if len(pairs) > 1 and all(isinstance(k, ast.Constant) and type(k.value) is str for k in keys):
            for _, value in pairs:
                self.visit_expr(value)
            self.emit_const(tuple(k.value for k in keys))
            self.emit(op.BUILD_CONST_KEY_MAP, len(pairs))
            return
        for key, value in pairs:
            self.visit_expr(key)
            self.visit_expr(value)
        self.emit(op.BUILD_MAP, len(pairs))

    def visit_JoinedStr(self, node):
        for value in node.values:
            self.visit_expr(value)
        if len(node.values) != 1:
            self.emit(op.BUILD_STRING, len(node.values))

    def visit_FormattedValue(self, node):
        self.visit_expr(node.value)
        flags = CONVERSIONS[node.conversion]
        if node.format_spec is not None:
            self.visit_expr(node.format_spec)
            flags |= op.FVS_HAVE_SPEC
        self.emit(op.FORMAT_VALUE, flags)

    # -- calls --------------------------------------------------------------

    def visit_Call(self, node):
        func = node.func
        if self.is_zero_arg_super(node):
            # PEP 3135: super() means super(__class__, <first argument>).  Said
            # explicitly, it needs no look at the calling frame at run time.
            self.visit_expr(func)
            self.nameop("__class__", "load")
            self.nameop(self.unit.scope.params[0], "load")
            self.emit(op.CALL_FUNCTION, 2)
            return
        if (isinstance(func, ast.Attribute) and not node.keywords
                and not any(isinstance(arg, ast.Starred) for arg in node.args)):
            self.visit_expr(func.value)
            saved, self.unit.pos = self.unit.pos, self.position_of(func)
            self.emit_name(op.LOAD_METHOD, func.attr)
            self.unit.pos = saved
            for arg in node.args:
                self.visit_expr(arg)
            self.emit(op.CALL_METHOD, len(node.args))
            return
        self.visit_expr(func)
        self.call_helper(0, node.args, node.keywords)

    def is_zero_arg_super(self, node):
        return (isinstance(node.func, ast.Name) and node.func.id == "super" and not node.args
                and not node.keywords and self.unit.kind == "function"
                and "__class__" in self.unit.freevars and len(self.unit.scope.params) > 0)

    def call_helper(self, pushed, args, keywords):
        """Call what is on the stack (plus ``pushed`` arguments already there)."""
        seen = set()
        for kw in keywords:
            if kw.arg is not None:
                if kw.arg in seen:
                    raise self.syntax_error("keyword argument repeated: %s" % kw.arg, kw)
                seen.add(kw.arg)
        if (any(isinstance(arg, ast.Starred) for arg in args)
                or any(kw.arg is None for kw in keywords)):
            self.call_ex(pushed, args, keywords)
            return
        for arg in args:
            self.visit_expr(arg)
        if keywords:
            for kw in keywords:
                self.visit_expr(kw.value)
            self.emit_const(tuple(kw.arg for kw in keywords))
            self.emit(op.CALL_FUNCTION_KW, pushed + len(args) + len(keywords))
        else:
            self.emit(op.CALL_FUNCTION, pushed + len(args))

    def call_ex(self, pushed, args, keywords):
        # The positional part is always a real tuple, even for f(*x).
        self.starunpack(args, pushed, op.BUILD_LIST, op.LIST_APPEND, op.LIST_EXTEND, True)
        have_dict = False
        run = []
        for kw in keywords:
            if kw.arg is not None:
                run.append(kw)
                continue
            if run:
                self.subkwargs(run)
                if have_dict:
                    self.emit(op.DICT_MERGE, 1)
                have_dict, run = True, []
            if not have_dict:
                self.emit(op.BUILD_MAP, 0)
                have_dict = True
            self.visit_expr(kw.value)
            self.emit(op.DICT_MERGE, 1)
        if run:
            self.subkwargs(run)
            if have_dict:
                self.emit(op.DICT_MERGE, 1)
            have_dict = True
        self.emit(op.CALL_FUNCTION_EX, int(have_dict))

    def subkwargs(self, kws):
        if len(kws) > 1:
            for kw in kws:
                self.visit_expr(kw.value)
            self.emit_const(tuple(kw.arg for kw in kws))
            self.emit(op.BUILD_CONST_KEY_MAP, len(kws))
            return
        for kw in kws:
            self.emit_const(kw.arg)
            self.visit_expr(kw.value)
        self.emit(op.BUILD_MAP, len(kws))

    # -- generators and comprehensions ---------------------------------------

    def check_in_function(self, node, word):
        if self.unit.scope.kind != FUNCTION:
            raise self.syntax_error("'%s' outside function" % word, node)

    def visit_Yield(self, node):
        self.check_in_function(node, "yield")
        if node.value is None:
            self.emit_const(None)
        else:
            self.visit_expr(node.value)
        self.emit(op.YIELD_VALUE)

    def visit_YieldFrom(self, node):
        self.check_in_function(node, "yield")
        self.visit_expr(node.value)
        self.emit(op.GET_YIELD_FROM_ITER)
        self.emit_const(None)
        self.emit(op.YIELD_FROM)

    def visit_Await(self, node):
        self.check_in_function(node, "await")
        if self.unit.kind != "comprehension":
            raise self.syntax_error("'await' outside async function", node)
        raise self.unsupported("'await' expressions are", node)

    def visit_comprehension_expr(self, node):
        kind = type(node)
        names = {ast.ListComp: "<listcomp>", ast.SetComp: "<setcomp>",
                 ast.DictComp: "<dictcomp>", ast.GeneratorExp: "<genexpr>"}
        build, _ = COMP_OPS[kind]
        unit = self.enter_unit(node, names[kind], "comprehension", node.lineno, self.position_of(node))
        unit.argcount = 1
        if build is not None:
            self.emit(build, 0)
        self.comprehension_loop(node, 0, 0)
        if build is not None:
            self.emit(op.RETURN_VALUE)
        else:
            self.emit_const(None)
            self.emit(op.RETURN_VALUE)
        code = self.leave_unit()
        self.make_closure(code, 0)
        self.visit_container(node.generators[0].iter)
        self.emit(op.GET_ITER)
        self.emit(op.CALL_FUNCTION, 1)

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_comprehension_expr

    def comprehension_loop(self, node, index, depth):
        gen = node.generators[index]
        start, cleanup, anchor = BytecodeLabel(), BytecodeLabel(), BytecodeLabel()
        if index == 0:
            self.emit(op.LOAD_FAST, self.varname_index(".0"))
        else:
            self.visit_container(gen.iter)
            self.emit(op.GET_ITER)
        depth += 1
        self.place(start)
        self.emit_jump(op.FOR_ITER, anchor)
        self.visit_expr(gen.target)
        for cond in gen.ifs:
            self.jump_if(cond, cleanup, False)
        if index + 1 < len(node.generators):
            self.comprehension_loop(node, index + 1, depth)
        else:
            self.comprehension_element(node, depth)
        self.place(cleanup)
        self.emit_jump(op.JUMP_ABSOLUTE, start)
        self.place(anchor)

    def comprehension_element(self, node, depth):
        if isinstance(node, ast.GeneratorExp):
            self.visit_expr(node.elt)
            self.emit(op.YIELD_VALUE)
            self.emit(op.POP_TOP)
        elif isinstance(node, ast.DictComp):
            self.visit_expr(node.key)
            self.visit_expr(node.value)
            self.emit(op.MAP_ADD, depth + 1)
        else:
            self.visit_expr(node.elt)
            self.emit(COMP_OPS[type(node)][1], depth + 1)
