"""What a machine backend keeps of a compiled loop or bridge.

MachineTrace has llgraph's CompiledTrace attributes (``inputargs``,
``operations``, ``labels``, ``number``) plus the machine code: its CodeBlock
(emu/machine.py: address, bytes, and the address ranges of each op), the
exits, the label addresses and the register allocation, so views can show
the trace, its code and its registers side by side.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CodeNote:
    """What an instruction implements: a trace op, and in which role
    ("body", "exit stub", "slow path", "entry", "bridge entry", "label moves")."""
    op: object
    role: str = "body"

    @property
    def name(self):
        return self.op.name if self.op is not None else self.role

    @property
    def args(self):
        return self.op.args if self.op is not None else ()


@dataclass
class ExitInfo:
    number: int
    op: object                  # the guard, or the allocation leaving for a "nursery" exit
    kind: str                   # "guard" | "nursery"
    trace: object               # the MachineTrace holding the op
    fail_locs: list = None      # where each fail_arg is when the op leaves (Reg, FrameSlot, Imm)
    jump_address: int = None    # the stub's final jump (re-pointed to a bridge)
    save_address: int = None    # the shared code saving fail_locs into jitframe slots 0..n-1


@dataclass
class TargetInfo:
    """A compiled label: where it is and where it wants its arguments."""
    address: int
    locs: list
    trace: object


@dataclass
class MachineTrace:
    kind: str                   # "loop" | "bridge"
    inputargs: list
    operations: list
    arch: str
    guard: object = None        # bridges: the GuardDescr they leave from
    block: object = None        # emu.machine.CodeBlock
    entry: int = None
    exits: list = field(default_factory=list)
    label_addresses: dict = field(default_factory=dict)     # TargetToken -> address
    offsets: dict = field(default_factory=dict)             # op -> offset of its first instruction
    markers: list = field(default_factory=list)             # (address, op) of ops without code
    allocation: object = None
    frame_depth: int = 0
    timings: dict = field(default_factory=dict)
    _number: int = None

    def __post_init__(self):
        self.labels = {op.descr: i for i, op in enumerate(self.operations) if op.name == "label"}

    def __hash__(self):
        return id(self)

    def __eq__(self, other):
        return self is other

    @property
    def number(self):
        return self._number

    @number.setter
    def number(self, value):
        self._number = value
        if self.block is not None:
            self.block.name = self.title()

    def title(self):
        number = "?" if self._number is None else self._number
        if self.kind == "bridge" and self.guard is not None:
            return "Bridge %s out of Guard 0x%x" % (number, self.guard.number)
        return "%s %s" % (self.kind.capitalize(), number)

    @property
    def address(self):
        return self.block.address

    @property
    def code(self):
        return bytes(self.block.code)

    def disassemble(self):
        """Rows: one per instruction, with its op and source line (listing.py)."""
        from .listing import disassemble
        return disassemble(self)

    def format(self):
        from .listing import format_listing
        return format_listing(self)

    def __repr__(self):
        return "<MachineTrace %s at 0x%x>" % (self.title(), self.entry or 0)
