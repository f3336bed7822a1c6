"""Preparing the emulated s390x CPU (``setup_cpu``, called by emu.Machine once memory is mapped).

Measured in shared/anchors/emulation (SUMMARY.md, gotchas 3, 4 and 8):

- Unicorn resets the PSW mask to 0, which is 24-bit addressing: every
  address from 16 MiB on (code, heap) would fault.  PSW bits 31 and 32
  (EA, BA: extended and basic addressing mode, PoO "Program-Status Word")
  both set select 64-bit addressing: PSWM = 0x1_8000_0000.  The program
  mask (PSW bits 20-23) stays 0: a fixed-point overflow only sets CC3,
  never interrupts, as the JIT's overflow checks expect.
- Binary floating point needs the AFP-register control, CR0 bit 45 (bit 18
  counting from the right, PoO "Control Registers"); without it any BFP
  instruction is a data exception (a program interrupt).
- Unmapped accesses arrive as program interrupts, not as Unicorn errors:
  the descriptor's ``interrupt_faults`` makes emu/machine.py install the
  interrupt hook that stops and reports them.
"""

from unicorn.s390x_const import UC_S390X_REG_CR0, UC_S390X_REG_PSWM

PSWM_64BIT = 0x1_8000_0000
CR0_AFP = 1 << 18


def setup(machine):
    uc = machine.uc
    uc.reg_write(UC_S390X_REG_PSWM, PSWM_64BIT)
    uc.reg_write(UC_S390X_REG_CR0, uc.reg_read(UC_S390X_REG_CR0) | CR0_AFP)
