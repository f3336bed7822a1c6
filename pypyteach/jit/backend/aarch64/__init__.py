"""The AArch64 backend: codebuilder (encoder and its form table), genops
(instruction selection per resop), assembler (the code generator the shared
driver in jit/backend/assembler.py calls) and cpu (emulated CPU setup)."""

from .assembler import CODEGEN  # noqa: F401
