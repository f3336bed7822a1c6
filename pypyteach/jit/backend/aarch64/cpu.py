"""Preparing the emulated AArch64 CPU (``setup_cpu``, called by emu.Machine once memory is mapped).

The JIT's code uses the FP/SIMD registers (d0-d31): CPACR_EL1.FPEN (bits
20-21, Arm ARM D19.2.30) must be 0b11 so that they do not trap at EL1, the
level Unicorn runs code at.  Unicorn 2.1 already sets it; writing it again
keeps the backend independent of that default.  Nothing else is needed:
no MMU (addresses are physical), little-endian data.
"""

from unicorn.arm64_const import UC_ARM64_REG_CPACR_EL1

FPEN = 3 << 20


def setup(machine):
    uc = machine.uc
    uc.reg_write(UC_ARM64_REG_CPACR_EL1, uc.reg_read(UC_ARM64_REG_CPACR_EL1) | FPEN)
