"""Preparing the emulated PPC64 CPU (``setup_cpu``, called by emu.Machine once memory is mapped).

Facts measured in shared/anchors/emulation (SUMMARY.md, gotchas 1, 2, 4):

- Unicorn's only usable 64-bit model is its default, POWER10
  (``ctl_set_cpu_model(UC_CPU_PPC64_*)`` indexes the PPC32 table);
- its reset leaves MSR[HV] clear, and then every instruction fetch raises an
  instruction storage interrupt (UC_ERR_EXCEPTION); ``reg_write(MSR)``
  cannot set HV.  The patch: find where MSR sits in the raw
  ``context_save()`` bytes (toggle MSR[FP], see which bytes change), set
  HV there, ``context_restore()``;
- floating-point instructions need MSR[FP], or they raise the
  "FP unavailable" interrupt;
- ppc64le is not a Unicorn mode: the big-endian mode with MSR[LE] set makes
  instruction fetches and data accesses little-endian.

In PyPy the ppc backend runs on a real POWER machine under Linux, which has
set all of this up for the process long before the JIT runs.
"""

import ctypes
import sys

from unicorn.ppc_const import UC_PPC_REG_MSR

MSR_SF = 1 << 63        # 64-bit mode (Unicorn's reset value)
MSR_HV = 1 << 60        # hypervisor state
MSR_FP = 1 << 13        # floating point available
MSR_LE = 1 << 0         # little-endian mode


def _msr_offset(uc):
    """Where MSR is stored in the raw context: a host-order 64-bit word
    holding MSR's value whose FP byte (and only bytes there) changes when
    MSR[FP] is toggled."""
    host = sys.byteorder
    msr = uc.reg_read(UC_PPC_REG_MSR)
    uc.context_save()                   # the first save also fills in header words
    before = bytes(uc.context_save())
    uc.reg_write(UC_PPC_REG_MSR, msr ^ MSR_FP)
    after = bytes(uc.context_save())
    uc.reg_write(UC_PPC_REG_MSR, msr)
    for index, (a, b) in enumerate(zip(before, after)):
        # FP (bit 13) is in the word's byte 1 from its least significant end
        start = index - 1 if host == "little" else index - 6
        if a != b and start >= 0 and int.from_bytes(before[start:start + 8], host) == msr:
            return start
    raise RuntimeError("PPC64 set-up: MSR not found in Unicorn's saved context")


def _set_hv(uc):
    """Set MSR[HV] through the saved context (the register write ignores it)."""
    start = _msr_offset(uc)
    context = uc.context_save()
    raw = bytearray(bytes(context))
    host = sys.byteorder
    msr = int.from_bytes(raw[start:start + 8], host) | MSR_HV
    raw[start:start + 8] = msr.to_bytes(8, host)
    ctypes.memmove(context.context, bytes(raw), len(raw))
    uc.context_restore(context)


def setup(machine):
    uc = machine.uc
    _set_hv(uc)
    msr = uc.reg_read(UC_PPC_REG_MSR) | MSR_FP
    if machine.desc.byteorder == "little":
        msr |= MSR_LE
    uc.reg_write(UC_PPC_REG_MSR, msr)
    if not uc.reg_read(UC_PPC_REG_MSR) & MSR_HV:
        raise RuntimeError("PPC64 set-up: MSR[HV] did not stick; instruction fetches would fault")
