"""The object space: the guest objects and every operation on them.

Named after PyPy's ``ObjSpace``.  It owns the space itself (``objspace``),
the world built when a space starts (``typesetup``), the generic operations
(``descroperation``: arithmetic, comparison; ``attributes``: getattr and
method lookup with maps; ``containerops``: subscription, iteration), the
bridge from host functions to guest callables with the argument-parsing
helpers every builtin method uses (``gateway``), the builtins module
(``builtins``), ``math`` (``mathmodule``), the guest exception carrier
(``operationerror``) and ``std/``, one module per builtin type as PyPy's
objspace/std.  It imports ``vm.memory``, ``vm.compiler`` (code objects) and
``vm.errors``; never the interpreter.
"""
