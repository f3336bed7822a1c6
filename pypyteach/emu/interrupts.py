"""Faults that arrive as CPU interrupts (s390x).

On s390x, Unicorn reports an access to unmapped memory, an invalid opcode or
a divide exception neither as a UcError nor through UC_HOOK_MEM_UNMAPPED
(shared/anchors/emulation, gotcha 8): the CPU takes a *program interrupt*
(interrupt number 3) at the faulting instruction, and an interrupt hook that
does not stop the emulator sees it retried forever.  The Machine's hook
stops, and this module says what went wrong, from the instruction itself:
Unicorn exposes neither the program-interruption code nor the address.

The storage operand is decoded from the formats that address memory (PoO
figure 5-2): RX (D2(X2,B2), 12-bit), RXY and RSY (20-bit signed
displacement), SIL and SS (D(B)).  The address is unmapped if no region
holds it; that is the fault the JIT's code can cause.
"""

import unicorn

PROGRAM_INTERRUPT = 3

# opcodes that store (write) to their first storage operand
_STORES_RX = {0x50, 0x60, 0x40, 0x42, 0x70}          # st, std, sth, stc, ste
_STORES_RXY = {0xE324, 0xE350, 0xED67, 0xE372}        # stg, sty, stdy, stcy
_DIVIDES = {0xB90D, 0xB987, 0xB91D, 0xB997, 0x1D}     # dsgr, dlgr, dsgfr, dlr, dr


def _reg(machine, number):
    return machine._read64("r%d" % number) if number else 0


def storage_operands(machine, data):
    """[(address, writes)] of the instruction's storage operands."""
    b0 = data[0]
    if b0 in (0xE3, 0xED, 0xEB) and len(data) >= 6:           # RXY / RSY: 20-bit signed displacement
        x = data[1] & 0xF if b0 != 0xEB else 0
        base = data[2] >> 4
        disp = ((data[2] & 0xF) << 8 | data[3]) | data[4] << 12
        disp -= (1 << 20) if disp >> 19 else 0
        opcode = b0 << 8 | data[5]
        if b0 == 0xED and opcode not in (0xED65, 0xED67):
            return []
        return [((_reg(machine, base) + _reg(machine, x) + disp), opcode in _STORES_RXY)]
    if b0 == 0xE5 and len(data) >= 6:                          # SIL: D1(B1) is stored to
        return [(_reg(machine, data[2] >> 4) + ((data[2] & 0xF) << 8 | data[3]), True)]
    if b0 == 0xD2 and len(data) >= 6:                          # SS (mvc): to D1(B1) from D2(B2)
        return [(_reg(machine, data[4] >> 4) + ((data[4] & 0xF) << 8 | data[5]), False),
                (_reg(machine, data[2] >> 4) + ((data[2] & 0xF) << 8 | data[3]), True)]
    if 0x40 <= b0 < 0x80 and b0 != 0x41 and len(data) >= 4:    # RX (0x41 la computes, never accesses)
        x, base, disp = data[1] & 0xF, data[2] >> 4, (data[2] & 0xF) << 8 | data[3]
        return [((_reg(machine, base) + _reg(machine, x) + disp), b0 in _STORES_RX)]
    return []


def _mapped(machine, address):
    try:
        machine.uc.mem_read(address, 1)
        return True
    except unicorn.UcError:
        return False


def classify(machine, intno, pc):
    """(kind, faulting address or None) of an interrupt taken at ``pc``."""
    if intno != PROGRAM_INTERRUPT:
        return "CPU interrupt %d" % intno, None
    insn = machine.instruction_at(pc)
    if insn is None:
        return "instruction fetch from unmapped memory", pc
    address, data, text = insn
    if text == "(undecodable)":
        return "invalid instruction", None
    for operand, writes in storage_operands(machine, data):
        operand &= (1 << 64) - 1
        if not _mapped(machine, operand):
            return ("write to unmapped memory" if writes else "read of unmapped memory"), operand
    opcode = data[0] << 8 | data[1] if data[0] in (0xB9,) else data[0]
    if opcode in _DIVIDES:
        return "CPU exception (e.g. divide error)", None
    return "CPU exception (program interrupt)", None
