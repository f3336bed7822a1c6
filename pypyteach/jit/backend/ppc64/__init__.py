"""The PPC64 backend, one package for both byte orders: codebuilder
(encoder and its form table), genops (instruction selection per resop),
codegen (the code generator the shared driver in
jit/backend/tracecompiler.py calls) and cpu (emulated CPU setup).

``CODEGENS`` names the code generator of each target: ppc64 (big-endian)
and ppc64le differ only in the byte order of the code they write."""

from .codegen import CODEGEN, CODEGENS  # noqa: F401
from .cpu import setup as setup_cpu  # noqa: F401
