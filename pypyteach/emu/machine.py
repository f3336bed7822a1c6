"""One emulated CPU over the VM's own heap (DESIGN decision 2).

A Machine is one Unicorn instance with this memory map (every address below
2**31, so x86-64 reaches all of it with rel32 branches and disp32 operands):

    0x0070_0000  page tables (x86-64 only, see jit/backend/x86/cpu.py)
    0x0080_0000  stack (256 KiB)
    0x00F0_0000  trampolines: one native ``ret`` per host-call target (16 bytes apart)
    0x00FF_0000  the exit page: every run ends by jumping here
    0x0100_0000  code: compiled loops and bridges, one after the other
    0x1000_0000  the VM heap: heap.mem itself, mapped zero-copy (mem_map_ptr)

Compiled code reaches host code (residual calls, runtime helpers) with a
native call to a trampoline slot; a UC_HOOK_CODE hook over the trampoline
page runs the slot's Python handler *before* the ``ret`` executes.  Runs end
with ``emu_start(until=EXIT)`` (measured in shared/anchors/emulation: the
``until`` form is the one that stays reliable when a hook starts a nested
run).  No hook covers the code region, so compiled loops run at full
Unicorn speed; stepping.py adds per-instruction hooks only while stepping.

Faults (unmapped access, invalid instruction, CPU exception, budget
exhausted) raise EmulatorFault naming the code block (loop or bridge), the
trace op and the instruction.  The Machine stays usable: every run sets its
own registers, and nothing else was touched.
"""

import bisect
import ctypes
import importlib
import struct

import capstone
import unicorn

try:                                # the C entry points, without the binding's per-call class lookup
    from unicorn.unicorn_py3.unicorn import uclib as _uclib
except ImportError:                 # another binding layout: use the public API
    _uclib = None

from ..vm.errors import PyPyTeachError
from .arch import ARCHS, PAGE_SIZE, ArchDescriptor, descriptor   # noqa: F401  (the table, re-exported)

PAGE_TABLES = 0x0070_0000                   # x86-64: identity-mapping page tables (x86/cpu.py)
STACK_BASE = 0x0080_0000
STACK_SIZE = 0x40000
TRAMPOLINE_BASE = 0x00F0_0000
TRAMPOLINE_SIZE = 0x10000
SLOT_SIZE = 16
EXIT_ADDRESS = 0x00FF_0000
CODE_BASE = 0x0100_0000
CODE_CHUNK = 0x10_0000
CODE_LIMIT = 0x0F00_0000
U64 = (1 << 64) - 1

_UC_ERRORS = {
    unicorn.UC_ERR_READ_UNMAPPED: "read of unmapped memory",
    unicorn.UC_ERR_WRITE_UNMAPPED: "write to unmapped memory",
    unicorn.UC_ERR_FETCH_UNMAPPED: "instruction fetch from unmapped memory",
    unicorn.UC_ERR_INSN_INVALID: "invalid instruction",
    unicorn.UC_ERR_EXCEPTION: "CPU exception (e.g. divide error)",
    unicorn.UC_ERR_READ_PROT: "read of protected memory",
    unicorn.UC_ERR_WRITE_PROT: "write to protected memory",
    unicorn.UC_ERR_FETCH_PROT: "fetch from non-executable memory",
}


def signed(value):
    value &= U64
    return value - (1 << 64) if value >> 63 else value


class EmulatorFault(PyPyTeachError):
    """Emulated code failed: what, in which block, at which instruction, and
    what that instruction implements (the machine's ``note_text`` callback
    names it: the JIT's trace op and source line, for compiled code)."""

    def __init__(self, kind, machine, pc, detail=""):
        self.kind = kind
        self.pc = pc
        self.detail = detail
        self.arch = machine.desc.name
        self.block = machine.block_at(pc)
        self.loop = self.block.owner if self.block is not None else None
        self.note = self.block.note_at(pc) if self.block is not None else None
        self.note_text = machine.note_text(self.block, self.note) if self.note is not None else None
        self.insn = machine.instruction_at(pc)          # (address, bytes, text) or None
        PyPyTeachError.__init__(self, self.describe())

    def describe(self):
        where = self.block.name if self.block is not None else "no compiled code"
        text = "%s emulator fault in %s: %s" % (self.arch, where, self.kind)
        if self.detail:
            text += " (%s)" % self.detail
        if self.note_text:
            text += "; trace op: %s" % self.note_text
        if self.insn is not None:
            address, data, asm = self.insn
            text += "; instruction 0x%x: %s  %s" % (address, data.hex(" "), asm)
        else:
            text += "; pc 0x%x" % self.pc
        return text


class CodeBlock:
    """Machine code installed at ``address``: a compiled loop, a bridge or a
    helper.  ``spans`` are (start, end, note) address ranges recorded while
    assembling: the trace op (or a label such as "exit stub") each
    instruction implements."""

    def __init__(self, address, code, name, owner=None, spans=()):
        self.address = address
        self.code = bytearray(code)
        self.name = name
        self.owner = owner
        # three parallel lists, not one tuple per span: a JIT keeps thousands
        # of blocks, and Python's cyclic GC walks every tuple it keeps
        spans = sorted(spans, key=lambda span: span[0])
        self._starts = [span[0] for span in spans]
        self._ends = [span[1] for span in spans]
        self._notes = [span[2] for span in spans]

    @property
    def spans(self):
        return list(zip(self._starts, self._ends, self._notes))

    @property
    def end(self):
        return self.address + len(self.code)

    def note_at(self, address):
        index = bisect.bisect_right(self._starts, address) - 1
        if index >= 0 and address < self._ends[index]:
            return self._notes[index]
        return None

    def __repr__(self):
        return "<CodeBlock %s 0x%x-0x%x>" % (self.name, self.address, self.end)


class Slot:
    """A trampoline slot: ``handler(machine)`` runs when code calls ``address``."""

    def __init__(self, address, handler, name):
        self.address = address
        self.handler = handler
        self.name = name


class Machine:
    def __init__(self, arch, heap, setup_cpu=None, note_text=None):
        """``setup_cpu(machine)``, when given, prepares the CPU once memory is
        mapped (the backend's business: x86-64 turns paging on).
        ``note_text(block, note)`` says what an instruction implements, for
        fault messages (the notes are the installer's, opaque here)."""
        self.note_text = note_text or (lambda block, note: str(note))
        self.desc = arch if isinstance(arch, ArchDescriptor) else descriptor(arch)
        if heap.byteorder != self.desc.byteorder:
            raise ValueError("the %s machine is %s-endian; this heap stores words %s-endian "
                             "(choose the VM's byteorder to match the target)"
                             % (self.desc.name, self.desc.byteorder, heap.byteorder))
        self.heap = heap
        self.uc = unicorn.Uc(self.desc.uc_arch, self.desc.uc_mode)
        self._uch = getattr(self.uc, "_uch", None)
        self._regbuf = (ctypes.c_uint64 * 8)()
        self.cs = capstone.Cs(self.desc.cs_arch, self.desc.cs_mode)
        regs = importlib.import_module(self.desc.reg_module)
        self._reg_ids = {name[len(self.desc.reg_prefix):].lower(): value for name, value in vars(regs).items()
                         if name.startswith(self.desc.reg_prefix)}
        self._reg_ids.update({ours: self._reg_ids[theirs] for ours, theirs in self.desc.uc_names.items()})
        self.blocks = []
        self._block_starts = []
        self.slots = []
        self.code_cursor = CODE_BASE
        self.code_mapped = CODE_BASE
        self.depth = 0                  # > 0 while a run is in progress (runs nest through host calls)
        self._host_error = [None]
        self.runs = 0
        self.stepper = None
        self.fault_handlers = {}        # pc -> resume address: implicit null checks
        self._outer_budget = None
        self._contexts = []             # one saved CPU context per nesting depth, reused (context_update)
        self._map_memory()
        if setup_cpu is not None:
            setup_cpu(self)
        self._fault_address = None
        self.uc.hook_add(unicorn.UC_HOOK_CODE, self._on_trampoline, None,
                         TRAMPOLINE_BASE, TRAMPOLINE_BASE + TRAMPOLINE_SIZE - 1)
        # Only below the heap: a memory hook covering an address sends every
        # store there through Unicorn's slow path (uc_mem_hook_installed).
        self.uc.hook_add(unicorn.UC_HOOK_MEM_INVALID, self._on_invalid_memory, None, 0, heap.base - 1)
        self._interrupt = None
        if self.desc.interrupt_faults:  # s390x: faults are program interrupts (emu/interrupts.py)
            self.uc.hook_add(unicorn.UC_HOOK_INTR, self._on_interrupt)
        self.uc.ctl_flush_tb()          # gotcha 5: hooks only reach code translated after them

    # -- memory --------------------------------------------------------------------------

    def _map_memory(self):
        uc, heap = self.uc, self.heap
        if heap.base % PAGE_SIZE or heap.size % PAGE_SIZE:
            raise ValueError("heap base and size must be multiples of %d" % PAGE_SIZE)
        # zero-copy: Unicorn reads and writes heap.mem itself (SUMMARY: mem_map_ptr)
        self._heap_buffer = (ctypes.c_char * heap.size).from_buffer(heap.mem)
        uc.mem_map_ptr(heap.base, heap.size, unicorn.UC_PROT_ALL, ctypes.addressof(self._heap_buffer))
        uc.mem_map(STACK_BASE, STACK_SIZE, unicorn.UC_PROT_READ | unicorn.UC_PROT_WRITE)
        # writable too: Unicorn's s390x takes a program interrupt fetching
        # from a page without UC_PROT_WRITE (measured; nothing stores there)
        uc.mem_map(TRAMPOLINE_BASE, TRAMPOLINE_SIZE, unicorn.UC_PROT_ALL)
        uc.mem_write(TRAMPOLINE_BASE, self._fill(TRAMPOLINE_SIZE))
        uc.mem_map(EXIT_ADDRESS, PAGE_SIZE, unicorn.UC_PROT_READ | unicorn.UC_PROT_EXEC)
        uc.mem_write(EXIT_ADDRESS, self._fill(PAGE_SIZE))
        self._map_code(CODE_BASE + CODE_CHUNK)

    def executable_ranges(self):
        """[start, end) ranges holding code (the rest is data: never executed)."""
        return [(TRAMPOLINE_BASE, EXIT_ADDRESS + PAGE_SIZE), (CODE_BASE, CODE_LIMIT)]

    def _fill(self, size):
        fill = self.desc.fill_bytes
        return (fill * (size // len(fill) + 1))[:size]

    def _map_code(self, end):
        while self.code_mapped < end:
            if self.code_mapped + CODE_CHUNK > CODE_LIMIT:
                raise MemoryError("the code region is full (%d MiB)" % ((CODE_LIMIT - CODE_BASE) >> 20))
            self.uc.mem_map(self.code_mapped, CODE_CHUNK, unicorn.UC_PROT_ALL)
            self.uc.mem_write(self.code_mapped, self._fill(CODE_CHUNK))
            self.code_mapped += CODE_CHUNK

    def next_code_address(self):
        """Where the next install() puts its code (assemble against this base)."""
        return self.code_cursor

    def install(self, code, name, owner=None, spans=()):
        """Copy ``code`` to the next free code address; returns its CodeBlock.
        Written with mem_write, never through the host pointer (gotcha 6: a
        stale translation would keep running the old bytes)."""
        address = self.code_cursor
        self._map_code(address + len(code))
        self.uc.mem_write(address, bytes(code))
        self.uc.ctl_remove_cache(address, address + max(len(code), 1))
        self.code_cursor = (address + len(code) + 15) & ~15
        block = CodeBlock(address, code, name, owner, spans)
        index = bisect.bisect_right(self._block_starts, address)
        self.blocks.insert(index, block)
        self._block_starts.insert(index, address)
        return block

    def patch(self, address, data):
        """Overwrite installed code (a guard's jump re-pointed to its bridge)
        and drop the translations that cover it."""
        self.uc.mem_write(address, bytes(data))
        self.uc.ctl_remove_cache(address, address + len(data))
        block = self.block_at(address)
        if block is not None:
            start = address - block.address
            block.code[start:start + len(data)] = data

    def block_at(self, address):
        index = bisect.bisect_right(self._block_starts, address) - 1
        if index >= 0 and address < self.blocks[index].end:
            return self.blocks[index]
        return None

    def instruction_at(self, address):
        """(address, bytes, "mnemonic operands") of the instruction at ``address``."""
        try:
            data = bytes(self.uc.mem_read(address, 16))
        except unicorn.UcError:
            return None
        for insn in self.cs.disasm(data, address, 1):
            return insn.address, bytes(insn.bytes), ("%s %s" % (insn.mnemonic, insn.op_str)).strip()
        from .disasm import gap_text
        return address, data[:4], gap_text(self.desc, data) or "(undecodable)"

    def add_fault_handler(self, address, resume):
        """If the instruction at ``address`` reads the unmapped page 0 (a NULL
        object's header), continue at ``resume`` instead of faulting."""
        self.fault_handlers[address] = resume

    # -- trampolines ------------------------------------------------------------------------

    def add_trampoline(self, handler, name):
        """A new slot; compiled code calls its address to run ``handler(machine)``."""
        index = len(self.slots)
        if (index + 1) * SLOT_SIZE > TRAMPOLINE_SIZE:
            raise MemoryError("no trampoline slot left (%d in use)" % index)
        address = TRAMPOLINE_BASE + index * SLOT_SIZE
        self.uc.mem_write(address, self.desc.ret_bytes)
        self.uc.ctl_remove_cache(address, address + SLOT_SIZE)
        self.slots.append(Slot(address, handler, name))
        return address

    def slot_at(self, address):
        if TRAMPOLINE_BASE <= address < TRAMPOLINE_BASE + len(self.slots) * SLOT_SIZE:
            return self.slots[(address - TRAMPOLINE_BASE) // SLOT_SIZE]
        return None

    def _on_trampoline(self, uc, address, size, user_data):
        slot = self.slot_at(address)
        if slot is None:
            return
        try:
            slot.handler(self)
        except BaseException as exc:       # re-raised by run(), after the emulator stopped
            self._host_error[-1] = exc
            uc.emu_stop()

    def _on_interrupt(self, uc, intno, user_data):
        """Stop at once (an unstopped interrupt is retried forever); the run
        reports it as a fault, unless it came from the exit page's fill."""
        pc = self.read_reg(self.desc.pc_reg)
        if pc != EXIT_ADDRESS:
            self._interrupt = (intno, pc)
        uc.emu_stop()

    def _on_invalid_memory(self, uc, access, address, size, value, user_data):
        self._fault_address = address
        return False

    # -- registers ---------------------------------------------------------------------------

    # Host calls read and write a few registers each: through the C entry
    # points directly (the binding's reg_read costs ~3 us, this ~0.5 us).
    # The low 64 bits of a register are buffer word 0 (registers are stored
    # in host order); wide registers (xmm) fill more words.

    def reg_id(self, name):
        return self._reg_ids[name]

    def _read64(self, name):
        if _uclib is None:
            return self.uc.reg_read(self._reg_ids[name]) & U64
        buf = self._regbuf
        buf[0] = buf[1] = 0
        _uclib.uc_reg_read(self._uch, self._reg_ids[name], buf)
        return buf[0]

    def _write64(self, name, value):
        if _uclib is None or self.desc.reg_class(name) == "float":
            return self.uc.reg_write(self._reg_ids[name], value)
        buf = self._regbuf
        buf[0] = value
        _uclib.uc_reg_write(self._uch, self._reg_ids[name], buf)

    def read_reg(self, name):
        if self.desc.reg_class(name) == "float":
            return self.uc.reg_read(self._reg_ids[name])
        return self._read64(name)

    def write_reg(self, name, value):
        if self.desc.reg_class(name) == "float":
            return self.uc.reg_write(self._reg_ids[name], value)
        self._write64(name, value & U64)

    def read_int_reg(self, name):
        return signed(self._read64(name))

    def int_regs_reader(self, names):
        """A function returning the signed values of the integer registers
        ``names``, read in one uc_reg_read_batch call: a residual call's
        handler reads its register arguments this way (one C call for all
        of them, where each read_int_reg is one)."""
        count = len(names)
        if _uclib is None or count == 0:
            return lambda: [self.read_int_reg(name) for name in names]
        ids = (ctypes.c_int * count)(*[self._reg_ids[name] for name in names])
        values = (ctypes.c_int64 * count)()
        pointers = (ctypes.c_void_p * count)(*[ctypes.addressof(values) + 8 * i for i in range(count)])
        read_batch, uch = _uclib.uc_reg_read_batch, self._uch

        def read():
            read_batch(uch, ids, pointers, count)
            return values[:]
        return read

    def write_int_reg(self, name, value):
        self._write64(name, int(value) & U64)

    def read_float_reg(self, name):
        return struct.unpack("<d", struct.pack("<Q", self._read64(name)))[0]

    def write_float_reg(self, name, value):
        self.uc.reg_write(self._reg_ids[name], struct.unpack("<Q", struct.pack("<d", value))[0])

    # -- running -----------------------------------------------------------------------------

    def run(self, entry, frame_addr, budget=None, timeout_us=None):
        """Run from ``entry`` with the jitframe at ``frame_addr`` until the
        code jumps to the exit page.  ``budget``: at most that many
        instructions (else EmulatorFault); ``timeout_us``: microseconds.
        Runs nest: a host call may run compiled code again (its registers
        are saved and restored around the inner run)."""
        uc = self.uc
        nested = self.depth > 0
        context = self._save_context() if nested else None
        sp = (self.read_reg(self.desc.stack_reg) - 1024) & ~15 if nested else STACK_BASE + STACK_SIZE - 64
        self.write_reg(self.desc.stack_reg, sp)
        self.write_reg(self.desc.frame_reg, frame_addr)
        self.depth += 1
        self._host_error.append(None)
        self._fault_address = None
        self.runs += 1
        if nested:
            # Unicorn's instruction count is global: emu_start(count=0) would
            # delete the count hook and flush every translation while the
            # outer run is inside one (a crash).  A nested run keeps the outer
            # run's count (restarting it), never flushes, has no timeout.
            budget, timeout_us = self._outer_budget, None
        else:
            self._outer_budget = budget
        try:
            self._emulate(entry, budget, timeout_us, nested=nested)
        finally:
            self.depth -= 1
            error = self._host_error.pop()
            if context is not None:
                uc.context_restore(context)
        if error is not None:
            raise error

    def _save_context(self):
        """The registers of the run this one nests in, saved into the
        context object kept for this depth (allocating one per nested run
        costs more than the run's own entry)."""
        contexts, index = self._contexts, self.depth - 1
        if index < len(contexts):
            self.uc.context_update(contexts[index])
            return contexts[index]
        contexts.append(self.uc.context_save())
        return contexts[index]

    def _emulate(self, entry, budget, timeout_us, stepping=False, nested=False):
        uc = self.uc
        flush = budget and not (stepping or nested)     # a Stepper flushed once, when it began
        if flush:
            uc.ctl_flush_tb()               # gotcha 5: count= needs fresh translations
        try:
            while entry is not None:
                entry = self._emulate_from(entry, budget, timeout_us)
        finally:
            if flush:
                uc.ctl_flush_tb()           # drop the counting translations: full speed again
        pc = self.read_reg(self.desc.pc_reg)
        if not stepping and pc != EXIT_ADDRESS and self._host_error[-1] is None:
            what = "budget of %d instructions exhausted" % budget if budget else "timeout"
            raise EmulatorFault(what, self, pc)

    def _emulate_from(self, entry, budget, timeout_us):
        """Run; None when done, or where to go on after an implicit null check."""
        try:
            self.uc.emu_start(entry, EXIT_ADDRESS, timeout=timeout_us or 0, count=budget or 0)
        except unicorn.UcError as err:
            pc = self.read_reg(self.desc.pc_reg)
            address = self._fault_address
            if err.errno == unicorn.UC_ERR_READ_UNMAPPED and address is not None and address < PAGE_SIZE \
                    and pc in self.fault_handlers:
                self._fault_address = None
                return self.fault_handlers[pc]
            detail = "address 0x%x" % address if address is not None else ""
            raise EmulatorFault(_UC_ERRORS.get(err.errno, str(err)), self, pc, detail) from None
        if self._interrupt is not None:
            return self._interrupt_fault()
        return None

    def _interrupt_fault(self):
        """A fault taken as an interrupt: resume after an implicit null
        check, else raise EmulatorFault as for a UcError."""
        from .interrupts import classify
        intno, pc = self._interrupt
        self._interrupt = None
        kind, address = classify(self, intno, pc)
        if kind == "read of unmapped memory" and address < PAGE_SIZE and pc in self.fault_handlers:
            return self.fault_handlers[pc]
        raise EmulatorFault(kind, self, pc, "address 0x%x" % address if address is not None else "")

    def start_stepping(self, entry, frame_addr, on_finish=None):
        """A Stepper (stepping.py): one instruction at a time, with registers
        and memory accesses, for the widgets."""
        from .stepping import Stepper
        return Stepper(self, entry, frame_addr, on_finish)
