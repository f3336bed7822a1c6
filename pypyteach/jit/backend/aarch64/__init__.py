"""The AArch64 backend: codebuilder (encoder and its form table), genops
(instruction selection per resop), codegen (the code generator the shared
driver in jit/backend/tracecompiler.py calls) and cpu (emulated CPU setup)."""

from .codegen import CODEGEN  # noqa: F401
from .cpu import setup as setup_cpu  # noqa: F401
