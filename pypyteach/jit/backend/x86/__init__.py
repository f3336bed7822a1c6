"""The x86-64 backend: rx86 (encoder) and its instruction table, genops
(instruction selection per resop) and codegen (the code generator the
shared driver in jit/backend/tracecompiler.py calls)."""

from .codegen import CODEGEN  # noqa: F401
from .cpu import setup as setup_cpu  # noqa: F401
