"""Preparing the emulated x86-64 CPU (``setup_cpu``, called by emu.Machine once memory is mapped).

Unicorn starts x86-64 in long mode without paging: every page is then
executable for QEMU's TLB, and Unicorn 2.1 sends every store to an
executable page through its slow path (``notdirty_write``, to catch
self-modifying code): measured, a store costs ~50 ns instead of ~4 ns
(Unicorn PR #2337 fixes it upstream).  So we turn paging on with identity
page tables (2 MiB pages over the first 2 GiB: virtual = physical, so the
heap's guest addresses do not change) and mark every page that holds no
code NX (no-execute): data stores become fast, and compiled code that
jumped into data would fault.  Pages without memory behind them stay
present: an access there is still an "unmapped memory" fault.

Intel SDM Vol. 3A §4.5 (4-level paging), Table 4-17 (PDE mapping a 2 MiB
page: P=bit 0, R/W=bit 1, PS=bit 7, XD=bit 63), §2.2.1 (EFER.NXE bit 11),
§2.5 (CR0.PG bit 31, CR4.PAE bit 5).
"""

import struct

import unicorn
from unicorn.x86_const import UC_X86_REG_CR0, UC_X86_REG_CR3, UC_X86_REG_CR4

from ....emu.machine import PAGE_TABLES

LARGE_PAGE = 1 << 21
COVERED = 2 << 30                   # every guest address the JIT uses is below 2 GiB (imm32 operands)
EFER = 0xC000_0080
PRESENT, WRITABLE, LARGE, NO_EXECUTE = 1, 2, 1 << 7, 1 << 63


def page_directory_entries(executable):
    entries = []
    for page in range(0, COVERED, LARGE_PAGE):
        entry = page | PRESENT | WRITABLE | LARGE
        if not any(start < page + LARGE_PAGE and page < end for start, end in executable):
            entry |= NO_EXECUTE
        entries.append(entry)
    return entries


def setup(machine):
    uc = machine.uc
    pds = COVERED // (512 * LARGE_PAGE)
    pml4, pdpt, pd = PAGE_TABLES, PAGE_TABLES + 0x1000, PAGE_TABLES + 0x2000
    uc.mem_map(PAGE_TABLES, 0x2000 + 0x1000 * pds, unicorn.UC_PROT_READ | unicorn.UC_PROT_WRITE)
    uc.mem_write(pml4, struct.pack("<Q", pdpt | PRESENT | WRITABLE))
    uc.mem_write(pdpt, struct.pack("<%dQ" % pds, *[pd + 0x1000 * i | PRESENT | WRITABLE for i in range(pds)]))
    entries = page_directory_entries(machine.executable_ranges())
    uc.mem_write(pd, struct.pack("<%dQ" % len(entries), *entries))
    uc.reg_write(UC_X86_REG_CR3, pml4)
    uc.reg_write(UC_X86_REG_CR4, uc.reg_read(UC_X86_REG_CR4) | 1 << 5)          # PAE
    uc.msr_write(EFER, uc.msr_read(EFER) | 1 << 11)                            # NXE
    uc.reg_write(UC_X86_REG_CR0, uc.reg_read(UC_X86_REG_CR0) | 1 << 31 | 1)     # PG, PE
