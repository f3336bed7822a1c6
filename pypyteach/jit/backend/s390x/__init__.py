"""The s390x (z/Architecture) backend: codebuilder (encoder and its format
table), genops (instruction selection per resop), codegen (the code
generator the shared driver in jit/backend/tracecompiler.py calls) and cpu
(emulated CPU setup: 64-bit addressing, floating point).  In PyPy this is
rpython/jit/backend/zarch/."""

from .codegen import CODEGEN  # noqa: F401
from .cpu import setup as setup_cpu  # noqa: F401
