"""Statements for the compiler (a mixin of compiler.Compiler).

Loops and exception handling follow CPython 3.9's compile.c, with ONE stack
value per exception (see opcodes.py).  Leaving blocks early (return, break,
continue) emits the cleanup of every block left, innermost first, as
CPython's compiler_unwind_fblock does: POP_BLOCK for a try, the finally body
(inlined again), POP_EXCEPT for a handler, POP_TOP for a for loop's iterator.
"""

import ast

from . import opcodes as op
from .wordcode import BytecodeLabel
from .symtable import FUNCTION

INPLACE_OPS = {
    ast.Add: op.INPLACE_ADD, ast.Sub: op.INPLACE_SUBTRACT, ast.Mult: op.INPLACE_MULTIPLY,
    ast.Div: op.INPLACE_TRUE_DIVIDE, ast.FloorDiv: op.INPLACE_FLOOR_DIVIDE,
    ast.Mod: op.INPLACE_MODULO, ast.Pow: op.INPLACE_POWER, ast.LShift: op.INPLACE_LSHIFT,
    ast.RShift: op.INPLACE_RSHIFT, ast.BitAnd: op.INPLACE_AND, ast.BitOr: op.INPLACE_OR,
    ast.BitXor: op.INPLACE_XOR,
}
MAX_BLOCKS = 20    # CPython's CO_MAXBLOCKS: the block stack has a fixed size
LOOPS = ("while", "for")


class FBlock:
    """A compile-time block: what leaving it early must clean up."""

    def __init__(self, kind, block=None, exit=None, datum=None):
        self.kind = kind        # while, for, try_except, finally_try, finally_end,
        #                         exception_handler, handler_cleanup, pop_value
        self.block = block      # loop head (continue target)
        self.exit = exit        # loop exit (break target)
        self.datum = datum      # finally body, or the 'as' name of a handler


class StmtCompiler:

    # -- blocks ---------------------------------------------------------------

    def push_fblock(self, node, kind, block=None, exit=None, datum=None):
        if len(self.unit.fblocks) >= MAX_BLOCKS:
            raise self.syntax_error("too many statically nested blocks", node)
        self.unit.fblocks.append(FBlock(kind, block, exit, datum))

    def pop_fblock(self, kind):
        fblock = self.unit.fblocks.pop()
        assert fblock.kind == kind, (fblock.kind, kind)

    def unwind_fblock(self, fblock, preserve_tos):
        """Emit the cleanup for leaving ``fblock`` early.  ``preserve_tos``:
        a return value sits on top of the stack and must stay there."""
        kind = fblock.kind
        if kind == "for":
            if preserve_tos:
                self.emit(op.ROT_TWO)
            self.emit(op.POP_TOP)                 # the iterator
        elif kind == "try_except":
            self.emit(op.POP_BLOCK)
        elif kind == "finally_try":
            self.emit(op.POP_BLOCK)
            if preserve_tos:
                self.push_fblock(None, "pop_value")
            saved = self.unit.pos
            self.visit_body(fblock.datum)         # the finally body, inlined
            self.unit.pos = saved
            if preserve_tos:
                self.pop_fblock("pop_value")
        elif kind == "finally_end":
            if preserve_tos:
                self.emit(op.ROT_TWO)
            self.emit(op.POP_TOP)                 # the exception object
            self.emit(op.POP_EXCEPT)
        elif kind == "handler_cleanup":
            if fblock.datum:
                self.emit(op.POP_BLOCK)
            self.emit(op.POP_EXCEPT)
            if fblock.datum:
                self.clear_name(fblock.datum)
        elif kind == "pop_value":
            if preserve_tos:
                self.emit(op.ROT_TWO)
            self.emit(op.POP_TOP)
        # while loops and exception_handler blocks need no cleanup

    def unwind_fblock_stack(self, preserve_tos, want_loop):
        """Unwind blocks innermost first; stop at a loop if ``want_loop``.
        Each block is off the stack while its cleanup is compiled, so a
        return inside an inlined finally body does not inline it again."""
        fblocks = self.unit.fblocks
        if not fblocks:
            return None
        top = fblocks[-1]
        if want_loop and top.kind in LOOPS:
            return top
        fblocks.pop()
        try:
            self.unwind_fblock(top, preserve_tos)
            return self.unwind_fblock_stack(preserve_tos, want_loop)
        finally:
            fblocks.append(top)

    def clear_name(self, name):
        """``except E as name`` ends with ``name = None; del name``."""
        self.emit_const(None)
        self.nameop(name, "store")
        self.nameop(name, "del")

    # -- simple statements ---------------------------------------------------

    def visit_Expr(self, node):
        # A constant statement (a docstring, ``...``) does nothing: skip it.
        if self.is_constant(node.value):
            return
        self.visit_expr(node.value)
        self.emit(op.POP_TOP)

    def visit_Pass(self, node):
        pass

    def visit_Global(self, node):
        pass        # handled by the symbol table

    visit_Nonlocal = visit_Global

    def visit_Assign(self, node):
        self.visit_expr(node.value)
        for i, target in enumerate(node.targets):
            if i < len(node.targets) - 1:
                self.emit(op.DUP_TOP)
            self.visit_expr(target)

    def visit_AugAssign(self, node):
        target = node.target
        saved, self.unit.pos = self.unit.pos, self.position_of(target)
        if isinstance(target, ast.Attribute):
            self.visit_expr(target.value)
            self.emit(op.DUP_TOP)
            self.emit_name(op.LOAD_ATTR, target.attr)
        elif isinstance(target, ast.Subscript):
            self.visit_expr(target.value)
            self.visit_expr(target.slice)
            self.emit(op.DUP_TOP_TWO)
            self.emit(op.BINARY_SUBSCR)
        else:
            self.nameop(target.id, "load")
        self.unit.pos = saved
        self.visit_expr(node.value)
        self.emit(INPLACE_OPS[type(node.op)])
        self.unit.pos = self.position_of(target)
        if isinstance(target, ast.Attribute):
            self.emit(op.ROT_TWO)
            self.emit_name(op.STORE_ATTR, target.attr)
        elif isinstance(target, ast.Subscript):
            self.emit(op.ROT_THREE)
            self.emit(op.STORE_SUBSCR)
        else:
            self.nameop(target.id, "store")
        self.unit.pos = saved

    def visit_AnnAssign(self, node):
        # The annotation is dropped; ``x: int`` alone emits nothing.
        if node.value is not None:
            self.visit_expr(node.value)
            self.visit_expr(node.target)

    def visit_Delete(self, node):
        for target in node.targets:
            self.visit_expr(target)

    def visit_Raise(self, node):
        count = 0
        if node.exc is not None:
            self.visit_expr(node.exc)
            count = 1
            if node.cause is not None:
                self.visit_expr(node.cause)
                count = 2
        self.emit(op.RAISE_VARARGS, count)

    def visit_Assert(self, node):
        end = BytecodeLabel()
        self.jump_if(node.test, end, True)
        self.emit(op.LOAD_ASSERTION_ERROR)
        if node.msg is not None:
            self.visit_expr(node.msg)
            self.emit(op.CALL_FUNCTION, 1)
        self.emit(op.RAISE_VARARGS, 1)
        self.place(end)

    def visit_Import(self, node):
        for alias in node.names:
            self.emit_const(0)
            self.emit_const(None)
            self.emit_name(op.IMPORT_NAME, alias.name)
            self.nameop(alias.asname or alias.name, "store")

    def visit_ImportFrom(self, node):
        self.emit_const(0)
        self.emit_const(tuple(alias.name for alias in node.names))
        self.emit_name(op.IMPORT_NAME, node.module)
        for alias in node.names:
            self.emit_name(op.IMPORT_FROM, alias.name)
            self.nameop(alias.asname or alias.name, "store")
        self.emit(op.POP_TOP)

    # -- return, break, continue ---------------------------------------------

    def visit_Return(self, node):
        if self.unit.scope.kind != FUNCTION:
            raise self.syntax_error("'return' outside function", node)
        value = node.value
        preserve_tos = value is not None and not self.is_constant(value)
        if preserve_tos:
            self.visit_expr(value)
        self.unwind_fblock_stack(preserve_tos, False)
        if value is None:
            self.emit_const(None)
        elif not preserve_tos:
            self.visit_expr(value)
        self.emit(op.RETURN_VALUE)

    def has_loop(self):
        return any(fblock.kind in LOOPS for fblock in self.unit.fblocks)

    def visit_Break(self, node):
        if not self.has_loop():
            raise self.syntax_error("'break' outside loop", node)
        loop = self.unwind_fblock_stack(False, True)
        self.unwind_fblock(loop, False)
        self.emit_jump(op.JUMP_ABSOLUTE, loop.exit)

    def visit_Continue(self, node):
        if not self.has_loop():
            raise self.syntax_error("'continue' not properly in loop", node)
        loop = self.unwind_fblock_stack(False, True)
        self.emit_jump(op.JUMP_ABSOLUTE, loop.block)

    # -- compound statements -------------------------------------------------

    def visit_If(self, node):
        end = BytecodeLabel()
        other = BytecodeLabel() if node.orelse else end
        self.jump_if(node.test, other, False)
        self.visit_body(node.body)
        if node.orelse:
            self.emit_jump(op.JUMP_FORWARD, end)
            self.place(other)
            self.visit_body(node.orelse)
        self.place(end)

    def visit_While(self, node):
        loop, end = BytecodeLabel(), BytecodeLabel()
        other = BytecodeLabel() if node.orelse else end
        # As CPython 3.9: ``while True:`` (any true constant) has no test.
        always = isinstance(node.test, ast.Constant) and bool(node.test.value)
        self.place(loop)
        self.push_fblock(node, "while", loop, end)
        if not always:
            self.jump_if(node.test, other, False)
        self.visit_body(node.body)
        self.emit_jump(op.JUMP_ABSOLUTE, loop)
        self.pop_fblock("while")
        if node.orelse:
            self.place(other)
            self.visit_body(node.orelse)
        self.place(end)

    def visit_For(self, node):
        start, cleanup, end = BytecodeLabel(), BytecodeLabel(), BytecodeLabel()
        self.push_fblock(node, "for", start, end)
        self.visit_container(node.iter)
        self.emit(op.GET_ITER)
        self.place(start)
        self.emit_jump(op.FOR_ITER, cleanup)
        self.visit_expr(node.target)
        self.visit_body(node.body)
        self.emit_jump(op.JUMP_ABSOLUTE, start)
        self.place(cleanup)
        self.pop_fblock("for")
        self.visit_body(node.orelse)
        self.place(end)

    def visit_Try(self, node):
        if node.finalbody:
            self.try_finally(node)
        else:
            self.try_except(node)

    def try_finally(self, node):
        """SETUP_FINALLY fin; body; POP_BLOCK; finally; JUMP_FORWARD exit;
        fin: finally; RERAISE; exit:"""
        fin, exit = BytecodeLabel(), BytecodeLabel()
        self.emit_jump(op.SETUP_FINALLY, fin)
        self.push_fblock(node, "finally_try", datum=node.finalbody)
        if node.handlers:
            self.try_except(node)
        else:
            self.visit_body(node.body)
        self.emit(op.POP_BLOCK)
        self.pop_fblock("finally_try")
        self.visit_body(node.finalbody)
        self.emit_jump(op.JUMP_FORWARD, exit)
        self.place(fin)
        self.push_fblock(node, "finally_end")
        self.visit_body(node.finalbody)
        self.pop_fblock("finally_end")
        self.emit(op.RERAISE)
        self.place(exit)

    def try_except(self, node):
        """SETUP_FINALLY handlers; body; POP_BLOCK; else; JUMP_FORWARD end;
        handlers: one clause after the other; RERAISE; end:"""
        handlers, end = BytecodeLabel(), BytecodeLabel()
        self.emit_jump(op.SETUP_FINALLY, handlers)
        self.push_fblock(node, "try_except")
        self.visit_body(node.body)
        self.pop_fblock("try_except")
        self.emit(op.POP_BLOCK)
        self.visit_body(node.orelse)
        self.emit_jump(op.JUMP_FORWARD, end)
        self.place(handlers)
        self.push_fblock(node, "exception_handler")
        for i, handler in enumerate(node.handlers):
            if handler.type is None and i < len(node.handlers) - 1:
                raise self.syntax_error("default 'except:' must be last", handler)
            self.except_clause(handler, end)
        self.pop_fblock("exception_handler")
        self.emit(op.RERAISE)
        self.place(end)

    def except_clause(self, handler, end):
        self.unit.pos = self.position_of(handler)
        after = BytecodeLabel()                     # the next clause
        if handler.type is not None:
            self.emit(op.DUP_TOP)
            self.visit_expr(handler.type)
            self.emit_jump(op.JUMP_IF_NOT_EXC_MATCH, after)
        if handler.name:
            # try: body finally: name = None; del name
            cleanup = BytecodeLabel()
            self.nameop(handler.name, "store")
            self.emit_jump(op.SETUP_FINALLY, cleanup)
            self.push_fblock(handler, "handler_cleanup", datum=handler.name)
            self.visit_body(handler.body)
            self.pop_fblock("handler_cleanup")
            self.emit(op.POP_BLOCK)
            self.emit(op.POP_EXCEPT)
            self.clear_name(handler.name)
            self.emit_jump(op.JUMP_FORWARD, end)
            self.place(cleanup)
            self.clear_name(handler.name)
            self.emit(op.RERAISE)
        else:
            self.emit(op.POP_TOP)
            self.push_fblock(handler, "handler_cleanup")
            self.visit_body(handler.body)
            self.pop_fblock("handler_cleanup")
            self.emit(op.POP_EXCEPT)
            self.emit_jump(op.JUMP_FORWARD, end)
        self.place(after)

    # -- definitions ---------------------------------------------------------

    def visit_FunctionDef(self, node):
        for deco in node.decorator_list:
            self.visit_expr(deco)
        firstlineno = node.decorator_list[0].lineno if node.decorator_list else node.lineno

        def body():
            self.visit_body(node.body)
            self.emit_const(None)
            self.emit(op.RETURN_VALUE)
        self.compile_function(node, node.name, "function", firstlineno, body)
        for _ in node.decorator_list:
            self.emit(op.CALL_FUNCTION, 1)
        self.nameop(node.name, "store")

    def visit_ClassDef(self, node):
        for deco in node.decorator_list:
            self.visit_expr(deco)
        firstlineno = node.decorator_list[0].lineno if node.decorator_list else node.lineno
        unit = self.enter_unit(node, node.name, "class", firstlineno, self.position_of(node))
        self.nameop("__name__", "load")
        self.nameop("__module__", "store")
        self.emit_const(unit.qualname)
        self.nameop("__qualname__", "store")
        self.visit_body(node.body)
        if unit.scope.needs_class_closure:
            # Hand the __class__ cell to type() so that it gets filled in.
            self.emit(op.LOAD_CLOSURE, self.cell_index("__class__"))
            self.emit(op.DUP_TOP)
            self.nameop("__classcell__", "store")
        else:
            self.emit_const(None)
        self.emit(op.RETURN_VALUE)
        code = self.leave_unit()
        self.emit(op.LOAD_BUILD_CLASS)
        self.make_closure(code, 0)
        self.emit_const(node.name)
        self.call_helper(2, node.bases, node.keywords)
        for _ in node.decorator_list:
            self.emit(op.CALL_FUNCTION, 1)
        self.nameop(node.name, "store")
