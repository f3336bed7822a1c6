"""Single-stepping compiled code, for the widgets.

A Stepper runs one instruction per ``step()`` (``emu_start(count=1)``; about
60 000 instructions/s) and reports what it did: the instruction (address,
bytes, Capstone text), the trace op it implements, the registers after it,
and the heap words it read and wrote (UC_HOOK_MEM_READ/WRITE).  What an
instruction implements is the installer's note, opaque here.  Those hooks
exist only while a Stepper is active: ``finish`` or ``run_to_end`` removes
them and flushes the translations that called them, so ordinary runs stay
hook-free (shared/anchors/emulation, gotcha 5).  The JIT's backend turns
these steps into plain records for the views, naming the heap words each
touched while the run is live (jit/backend/runner.py ``execute_token_stepped``).
"""

from dataclasses import dataclass, field

import unicorn

from .machine import EXIT_ADDRESS, STACK_BASE, STACK_SIZE


@dataclass
class Step:
    address: int
    bytes: bytes
    text: str
    note: object                    # what the instruction implements (the installer's note; None: a trampoline)
    block: object                   # the CodeBlock, None in a trampoline
    registers: dict = field(default_factory=dict)    # after the instruction: name -> raw value
    reads: list = field(default_factory=list)        # [(address, size, value)]
    writes: list = field(default_factory=list)
    host_call: str = None           # a trampoline slot's name: host code ran here

    def format(self):
        text = "0x%x: %-24s %-34s" % (self.address, self.bytes.hex(" "), self.text)
        if self.host_call:
            text += " ; host call %s" % self.host_call
        for address, size, value in self.reads:
            text += " ; read [0x%x]=%d" % (address, value)
        for address, size, value in self.writes:
            text += " ; write [0x%x]=%d" % (address, value)
        return text


class Stepper:
    def __init__(self, machine, entry, frame_addr, on_finish=None):
        if machine.depth or machine.stepper is not None:
            raise RuntimeError("the machine is already running or stepping")
        self.machine = machine
        self.on_finish = on_finish
        self.result = None
        self.done = False
        self.steps = 0
        self.pc = entry
        desc = machine.desc
        machine.write_reg(desc.stack_reg, STACK_BASE + STACK_SIZE - 64)
        machine.write_reg(desc.frame_reg, frame_addr)
        self._names = [desc.frame_reg, desc.stack_reg] + list(desc.int_regs) + list(desc.scratch_int) \
            + list(desc.float_regs) + list(desc.scratch_float) + ([desc.flags_reg] if desc.flags_reg else [])
        self._reads, self._writes = [], []
        uc = machine.uc
        self._hooks = [uc.hook_add(unicorn.UC_HOOK_MEM_READ, self._on_read),
                       uc.hook_add(unicorn.UC_HOOK_MEM_WRITE, self._on_write)]
        uc.ctl_flush_tb()
        machine.stepper = self
        # a host call that runs compiled code again nests a run, which must
        # keep a count hook alive (machine.run); the step then ends where
        # Unicorn's shared counter says (it may run past the call's return)
        machine._outer_budget = 1 << 62

    def _on_read(self, uc, access, address, size, value, user_data):
        data = bytes(uc.mem_read(address, size))
        self._reads.append((address, size, int.from_bytes(data, self.machine.desc.byteorder, signed=True)))

    def _on_write(self, uc, access, address, size, value, user_data):
        self._writes.append((address, size, value))

    def registers(self):
        machine = self.machine
        regs = {name: machine.read_reg(name) for name in self._names}
        regs[machine.desc.pc_reg] = machine.read_reg(machine.desc.pc_reg)
        return regs

    def step(self):
        """Run one instruction; returns its Step.  At the exit the Stepper
        finishes (``done``; ``result`` holds what on_finish returned)."""
        if self.done:
            raise RuntimeError("stepping is over: the code reached its exit")
        machine = self.machine
        address, data, text = machine.instruction_at(self.pc) or (self.pc, b"", "?")
        block = machine.block_at(self.pc)
        slot = machine.slot_at(self.pc)
        self._reads, self._writes = [], []
        self._emulate(1, stepping=True)
        self.steps += 1
        self.pc = machine.read_reg(machine.desc.pc_reg)
        note = block.note_at(address) if block else None
        step = Step(address, data, text, note, block, self.registers(), self._reads,
                    self._writes, slot.name if slot else None)
        if self.pc == EXIT_ADDRESS:
            self.finish()
        return step

    def run_to_end(self, budget=None):
        """Remove the stepping hooks and run the rest at full speed."""
        if self.done:
            return self.result
        self._remove_hooks()
        if self.pc != EXIT_ADDRESS:
            self._emulate(budget)
        self.pc = EXIT_ADDRESS
        return self.finish()

    def _emulate(self, count, stepping=False):
        """Run ``count`` instructions from ``pc`` as a run of the machine; an
        emulator fault or a host call's error ends the stepping and propagates."""
        machine = self.machine
        machine.depth += 1
        machine._host_error.append(None)
        try:
            machine._emulate(self.pc, count, None, stepping=stepping)
        except Exception:
            self._abandon()
            raise
        finally:
            machine.depth -= 1
            error = machine._host_error.pop()
        if error is not None:
            self._abandon()
            raise error

    def finish(self):
        self._remove_hooks()
        self.done = True
        if self.on_finish is not None:
            self.result, self.on_finish = self.on_finish(True), None
        return self.result

    def _abandon(self):
        self._remove_hooks()
        self.done = True
        if self.on_finish is not None:
            self.on_finish, on_finish = None, self.on_finish
            on_finish(False)

    def _remove_hooks(self):
        machine = self.machine
        for hook in self._hooks:
            machine.uc.hook_del(hook)
        if self._hooks:
            machine.uc.ctl_flush_tb()
        self._hooks = []
        if machine.stepper is self:
            machine.stepper = None
