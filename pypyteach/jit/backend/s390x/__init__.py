"""The s390x (z/Architecture) backend: codebuilder (encoder and its format
table), genops (instruction selection per resop), codegen (the code
generator the shared driver in jit/backend/tracecompiler.py calls) and cpu
(emulated CPU setup: 64-bit addressing, floating point).  In PyPy this is
rpython/jit/backend/zarch/."""

from .codegen import CODEGEN  # noqa: F401
from .cpu import setup as setup_cpu  # noqa: F401

# Unicorn's s390x corrupts a count-limited run when another one nests in
# it (runner.MachineBackend.nests_under_step_budget)
NESTS_UNDER_STEP_BUDGET = False
