"""The compiler: Python source to pypyteach code objects.

It owns the subset check (``subset``), scope analysis (``symtable``), code
generation from the ast (``pycompiler`` with ``exprs`` and ``stmts``), the
wordcode assembler that lays out instructions and resolves jumps
(``wordcode``), the opcode table (``opcodes``, the single source of truth for
the bytecode), code objects (``code``), the disassembler (``dis``) and the
liveness analysis the JIT uses at loop headers (``liveness``).  It imports
only ``vm.errors``: bytecode knows nothing of heaps or objects.
"""
