"""The four targets, as data: one descriptor row per architecture.

Everything the shared parts (emu/ and jit/backend/) need to know about a
target is here: how Unicorn and Capstone are opened for it, its byte order,
and which registers play which role in the JIT's calling convention.  The
constants and gotchas are those measured in shared/anchors/emulation
(SUMMARY.md): e.g. AArch64 Unicorn pages are 1 KiB, so 4 KiB is used
everywhere; PPC64 needs the MSR[HV] context patch; s390x needs PSWM set for
31/64-bit addressing.

This module knows nothing of the JIT: which code generator serves a target
is jit/backend/__init__.py's business (``PACKAGES``).
"""

from dataclasses import dataclass, field, replace

import capstone
import unicorn

PAGE_SIZE = 4096            # every target (AArch64's Unicorn page is 1 KiB: 4 KiB is a multiple)


@dataclass(frozen=True)
class ArchDescriptor:
    name: str
    uc_arch: int
    uc_mode: int
    cs_arch: int
    cs_mode: int
    byteorder: str                  # "little" | "big"
    reg_module: str                 # unicorn.<arch>_const
    reg_prefix: str                 # UC_X86_REG_ ...
    int_arg_regs: tuple             # residual-call arguments, in order
    float_arg_regs: tuple
    int_result: str
    float_result: str
    frame_reg: str                  # holds the jitframe's address (callee-saved)
    stack_reg: str
    pc_reg: str
    scratch_int: tuple              # never allocated: free for instruction selection
    scratch_float: tuple
    int_regs: tuple                 # allocatable, caller-saved ones first
    float_regs: tuple
    callee_saved: frozenset         # preserved across residual calls
    ret_bytes: bytes                # native return: fills each trampoline slot
    fill_bytes: bytes               # traps: fills unused code and the exit page
    notes: str = ""
    page_size: int = PAGE_SIZE
    float_bits: dict = field(default_factory=dict)   # reg name -> how a float is read (see machine.py)
    flags_reg: str = None           # the condition flags, shown when stepping (None: not shown)
    flag_bits: tuple = ()           # ((name, bit), ...) of flags_reg worth naming; (name, bit, width): a field
    interrupt_faults: bool = False  # faults arrive as CPU interrupts, not UcErrors (emu/interrupts.py)
    uc_names: dict = field(default_factory=dict)     # our register name -> Unicorn's, where they differ

    @property
    def caller_saved(self):
        return frozenset(self.int_regs + self.float_regs + self.scratch_int
                         + self.scratch_float) - self.callee_saved

    def reg_class(self, name):
        return "float" if name in self.float_regs or name in self.scratch_float else "int"


_GPR = ("rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15")

X86_64 = ArchDescriptor(
    name="x86_64",
    uc_arch=unicorn.UC_ARCH_X86, uc_mode=unicorn.UC_MODE_64,
    cs_arch=capstone.CS_ARCH_X86, cs_mode=capstone.CS_MODE_64,
    byteorder="little",
    reg_module="unicorn.x86_const", reg_prefix="UC_X86_REG_",
    # System V AMD64 ABI, §3.2.3: INTEGER class in rdi rsi rdx rcx r8 r9,
    # SSE class in xmm0-7; results in rax / xmm0.
    int_arg_regs=("rdi", "rsi", "rdx", "rcx", "r8", "r9"),
    float_arg_regs=tuple("xmm%d" % i for i in range(8)),
    int_result="rax", float_result="xmm0",
    frame_reg="rbp", stack_reg="rsp", pc_reg="rip",
    scratch_int=("r10", "r11"), scratch_float=("xmm14", "xmm15"),
    int_regs=("rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "rbx", "r12", "r13", "r14", "r15"),
    float_regs=tuple("xmm%d" % i for i in range(14)),
    callee_saved=frozenset(["rbx", "rbp", "r12", "r13", "r14", "r15"]),
    ret_bytes=b"\xc3", fill_bytes=b"\xcc",          # ret; int3
    notes="PyPy's first 64-bit backend; rbp holds the jitframe as in PyPy's x86 backend.",
    flags_reg="eflags", flag_bits=(("CF", 0), ("ZF", 6), ("SF", 7), ("OF", 11)),
)

AARCH64 = ArchDescriptor(
    name="aarch64",
    uc_arch=unicorn.UC_ARCH_ARM64, uc_mode=unicorn.UC_MODE_ARM,
    cs_arch=capstone.CS_ARCH_ARM64, cs_mode=capstone.CS_MODE_ARM,
    byteorder="little",
    reg_module="unicorn.arm64_const", reg_prefix="UC_ARM64_REG_",
    # AAPCS64 §6.8.2: x0-x7, d0-d7; results x0 / d0.
    int_arg_regs=tuple("x%d" % i for i in range(8)),
    float_arg_regs=tuple("d%d" % i for i in range(8)),
    int_result="x0", float_result="d0",
    frame_reg="x29", stack_reg="sp", pc_reg="pc",
    scratch_int=("x16", "x17"), scratch_float=("d30", "d31"),     # IP0/IP1: veneer scratch
    int_regs=tuple("x%d" % i for i in range(16)) + tuple("x%d" % i for i in range(19, 29)),
    float_regs=tuple("d%d" % i for i in range(30)),
    callee_saved=frozenset(["x%d" % i for i in range(19, 30)] + ["d%d" % i for i in range(8, 16)]),
    ret_bytes=bytes.fromhex("c0035fd6"), fill_bytes=bytes.fromhex("000020d4"),   # ret; brk #0
    notes="Unicorn page size is 1 KiB; ldr/str imm12 offsets are scaled by 8; bl/blr clobber x30.",
    flags_reg="nzcv", flag_bits=(("V", 28), ("C", 29), ("Z", 30), ("N", 31)),
)

PPC64 = ArchDescriptor(
    name="ppc64",
    uc_arch=unicorn.UC_ARCH_PPC, uc_mode=unicorn.UC_MODE_PPC64 | unicorn.UC_MODE_BIG_ENDIAN,
    cs_arch=capstone.CS_ARCH_PPC, cs_mode=capstone.CS_MODE_64 | capstone.CS_MODE_BIG_ENDIAN,
    byteorder="big",
    reg_module="unicorn.ppc_const", reg_prefix="UC_PPC_REG_",
    # ELFv2 ABI: r3-r10, f1-f8; results r3 / f1.  r0 is a scratch that is
    # never a base (RA=0 means the number 0); r2 (TOC), r13 (thread) unused.
    int_arg_regs=tuple("r%d" % i for i in range(3, 11)),
    float_arg_regs=tuple("f%d" % i for i in range(1, 9)),
    int_result="r3", float_result="f1",
    frame_reg="r31", stack_reg="r1", pc_reg="pc",
    scratch_int=("r11", "r12", "r0"), scratch_float=("f0", "f13"),
    int_regs=tuple("r%d" % i for i in range(3, 11)) + tuple("r%d" % i for i in range(14, 31)),
    float_regs=tuple("f%d" % i for i in range(1, 13)) + tuple("f%d" % i for i in range(14, 32)),
    callee_saved=frozenset(["r%d" % i for i in range(14, 32)] + ["f%d" % i for i in range(14, 32)]),
    ret_bytes=bytes.fromhex("4e800020"), fill_bytes=bytes.fromhex("7fe00008"),  # blr; trap
    notes="Needs the MSR[HV] context patch and MSR[FP]; ld/std offsets are multiples of 4.",
    # CR field 0, the one compares and the o. forms set (CR bit 0 is the word's bit 31)
    flags_reg="cr", flag_bits=(("cr0.so", 28), ("cr0.eq", 29), ("cr0.gt", 30), ("cr0.lt", 31)),
    uc_names=dict([("r%d" % i, str(i)) for i in range(32)] + [("f%d" % i, "fpr%d" % i) for i in range(32)]),
)

# ppc64le: the same CPU with MSR[LE] set (not a Unicorn mode, SUMMARY gotcha 2),
# so the same Unicorn mode; Capstone and the heap are little-endian.
PPC64LE = replace(
    PPC64, name="ppc64le", byteorder="little",
    cs_mode=capstone.CS_MODE_64 | capstone.CS_MODE_LITTLE_ENDIAN,
    ret_bytes=PPC64.ret_bytes[::-1], fill_bytes=PPC64.fill_bytes[::-1],
    notes="ppc64 with MSR[LE] set after the MSR[HV] patch: instructions and data little-endian.",
)

S390X = ArchDescriptor(
    name="s390x",
    uc_arch=unicorn.UC_ARCH_S390X, uc_mode=unicorn.UC_MODE_BIG_ENDIAN,
    cs_arch=capstone.CS_ARCH_SYSZ, cs_mode=capstone.CS_MODE_BIG_ENDIAN,
    byteorder="big",
    reg_module="unicorn.s390x_const", reg_prefix="UC_S390X_REG_",
    # s390x ELF ABI: r2-r6, f0 f2 f4 f6; results r2 / f0.
    int_arg_regs=("r2", "r3", "r4", "r5", "r6"),
    float_arg_regs=("f0", "f2", "f4", "f6"),
    int_result="r2", float_result="f0",
    frame_reg="r11", stack_reg="r15", pc_reg="pc",
    scratch_int=("r0", "r1"), scratch_float=("f14", "f15"),
    int_regs=("r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r12", "r13"),
    float_regs=tuple("f%d" % i for i in range(14)),
    # The ABI's callee saves r6 too, but r6 is also the fifth argument: the
    # JIT's own call sequence overwrites it, so for the allocator it does not
    # survive a call (PyPy's zarch backend likewise keeps no value in r6
    # across calls).
    callee_saved=frozenset(["r7", "r8", "r9", "r10", "r11", "r12", "r13", "f8", "f9", "f10",
                            "f11", "f12", "f13"]),
    ret_bytes=bytes.fromhex("07fe"), fill_bytes=bytes.fromhex("0000"),     # br %r14; invalid
    notes="Set PSWM=0x180000000 (64-bit addressing) and CR0.AFP; branch offsets in halfwords.",
    # the condition code is PSW bits 18-19 (counted from the left of the 64-bit mask)
    flags_reg="pswm", flag_bits=(("CC", 44, 2),),
    interrupt_faults=True,
)

ARCHS = {desc.name: desc for desc in (X86_64, AARCH64, PPC64, PPC64LE, S390X)}


def descriptor(name):
    """The row for ``name``; ValueError for an unknown name."""
    try:
        desc = ARCHS[name]
    except KeyError:
        raise ValueError("unknown architecture %r (known: %s)" % (name, ", ".join(ARCHS))) from None
    return desc
