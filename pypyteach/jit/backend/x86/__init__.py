"""The x86-64 backend: rx86 (encoder) and its instruction table, genops
(instruction selection per resop) and assembler (the code generator the
shared driver in jit/backend/assembler.py calls)."""

from .assembler import CODEGEN  # noqa: F401
