"""Frames: the interpreter's state for one running code object.

A frame is the JIT's *virtualizable* (as PyPy's PyFrame): while tracing, its
locals and value stack hold trace boxes instead of being written to memory
on every bytecode, and a failing guard rebuilds frames from resume data.
Its fields are therefore kept few and plain: ``locals_w`` (locals then
cells/free variables live in ``cells_w``), ``stack``, ``pc``, ``blocks``.
"""

from ..memory.heap import NULL

SETUP_FINALLY_BLOCK = 0
EXCEPT_HANDLER_BLOCK = 1


class Frame:
    __slots__ = ("code", "w_func", "w_globals", "w_locals", "locals_w", "cells_w", "stack", "pc",
                 "last_instr", "blocks", "back", "is_entry", "w_init_self", "generator")

    def __init__(self, code, w_func, w_globals, locals_w, cells_w, w_locals=NULL):
        self.code = code
        self.w_func = w_func            # NULL for module code
        self.w_globals = w_globals
        self.w_locals = w_locals        # the namespace dict of module and class bodies
        self.locals_w = locals_w
        self.cells_w = cells_w
        self.stack = []
        self.pc = 0                     # offset of the next instruction to run
        self.last_instr = -1            # offset of the instruction running or last run
        self.blocks = []                # (kind, handler offset, stack level, saved state)
        self.back = None
        self.is_entry = False           # the bottom frame of one dispatch() call (a generator's
                                        # frame that is not: resumed by FOR_ITER in the same loop)
        self.w_init_self = NULL         # set when running __init__: the call's result
        self.generator = NULL           # the W_GeneratorObject running this frame

    @property
    def lineno(self):
        offset = self.last_instr if self.last_instr >= 0 else 0
        return self.code.line_at(offset)

    def roots(self):
        """Every heap address this frame holds."""
        yield from self.stack
        yield from self.locals_w
        yield from self.cells_w
        yield self.w_func
        yield self.w_globals
        yield self.w_locals
        yield self.w_init_self
        yield self.generator
        for block in self.blocks:
            saved = block[3]
            if saved:
                yield saved[0]

    def __repr__(self):
        return "<Frame %s at #%d>" % (self.code.co_name, self.last_instr)
