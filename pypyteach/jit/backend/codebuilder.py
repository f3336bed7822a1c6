"""What every architecture's encoder shares (its CodeBuilder).

An encoder (x86/rx86.py, aarch64/codebuilder.py) turns one instruction, a
mnemonic and operands, into bytes.  Its CodeBuilder class appends them,
keeps one ``Record`` per instruction (what the views list), and binds
``Label``s, patching the forward references waiting for them.  This module
holds the part that is the same on every architecture; the formats and
their field encoders are the architecture's own.
"""

from dataclasses import dataclass



@dataclass
class Record:
    """One instruction an encoder's CodeBuilder emitted, and what for."""
    offset: int
    size: int
    mnemonic: str
    shape: str
    operands: tuple
    note: object = None


class BranchOutOfReach(ValueError):
    """A branch whose target is further away than its encoding reaches (an
    architecture's encoder raises a subclass of this and of its own
    EncodingError).  The trace compiler then compiles the trace again with
    ``far_branches`` set: conditional branches to out-of-line code take a
    longer sequence (PPC64's bc reaches +-32 KiB; its b +-32 MiB)."""


class Label:
    """A code position; ``offset`` (from the assembler's base) is None until bound."""

    def __init__(self, name=None):
        self.name = name
        self.offset = None

    def __repr__(self):
        return f"Label({self.name!r}, offset={self.offset})"


class CodeBuilderBase:
    """What every encoder's CodeBuilder shares: the code, a Record per
    instruction, labels, and forward references patched when their label is
    bound.  Subclasses set ``Error`` (their EncodingError) and write
    ``emit``, ``getcode`` and ``_patch(label, *fixup)``; a fixup is
    ``(label, ...)``, what ``_patch`` needs after the label."""

    Error = ValueError

    def __init__(self, base=0):
        self.base = base            # the guest address of code[0]
        self.code = bytearray()
        self.records = []
        self.note = None            # default annotation of emitted code
        self._fixups = []

    @property
    def offset(self):
        return len(self.code)

    def new_label(self, name=None):
        return Label(name)

    def label_at(self, address, name=None):
        """A label already bound to an absolute guest address."""
        label = Label(name or hex(address))
        label.offset = address - self.base
        return label

    def bind(self, label):
        """Bind ``label`` here and patch the jumps waiting for it."""
        if label.offset is not None:
            raise self.Error(f"label {label.name!r} is already bound")
        label.offset = self.offset
        waiting = [f for f in self._fixups if f[0] is label]
        self._fixups = [f for f in self._fixups if f[0] is not label]
        for fixup in waiting:
            self._patch(label, *fixup[1:])
