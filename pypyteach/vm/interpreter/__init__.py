"""The interpreter: frames and the dispatch loop over pypyteach bytecode.

It owns frames and their value stacks (``pyframe``: the JIT's virtualizable),
one handler per opcode (``pyopcode``), the dispatch loop with guest calls
and exception unwinding (``dispatch``), and the JIT hints it declares
(``jithints``: greens, reds, ``jit_merge_point``, ``can_enter_jit``; as
RPython's rlib.jit, the interpreter only declares them, the JIT acts on
them).  It imports every other room of vm/, and nothing outside vm/.
"""
