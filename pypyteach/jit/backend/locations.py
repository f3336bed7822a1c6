"""Where a value lives while machine code runs: a register, a jitframe slot,
or nowhere at all (an immediate, for constants).

Floats are 64-bit patterns wherever they are not in a float register
(jitframe slots, immediates): ``float_bits``/``bits_float`` convert.
"""

import struct
from dataclasses import dataclass

from ..resoperation import Const, ConstFloat


@dataclass(frozen=True)
class Reg:
    name: str
    cls: str                # "int" (ints and refs) or "float"

    def __repr__(self):
        return self.name


@dataclass(frozen=True)
class FrameSlot:
    index: int              # item of the jitframe

    def __repr__(self):
        return "frame[%d]" % self.index


@dataclass(frozen=True)
class Imm:
    value: int              # for floats: the 64-bit pattern (signed)
    cls: str = "int"

    def __repr__(self):
        return "$%d" % self.value if self.cls == "int" else "$float(%r)" % bits_float(self.value)


_REGS, _SLOTS = {}, {}


def reg(name, cls):
    """The one Reg object for a register (locations are kept by the
    thousands in compiled traces: share them)."""
    key = (name, cls)
    loc = _REGS.get(key)
    if loc is None:
        loc = _REGS[key] = Reg(name, cls)
    return loc


def slot(index):
    loc = _SLOTS.get(index)
    if loc is None:
        loc = _SLOTS[index] = FrameSlot(index)
    return loc


def float_bits(value):
    """The IEEE 754 pattern of a double, as a signed 64-bit int."""
    return struct.unpack("<q", struct.pack("<d", value))[0]


def bits_float(bits):
    return struct.unpack("<d", struct.pack("<q", bits))[0]


def kind_class(kind):
    """Register class of a value kind: i and r share the integer registers."""
    return "float" if kind == "f" else "int"


def imm_of(const):
    if isinstance(const, ConstFloat):
        return Imm(float_bits(const.value), "float")
    assert isinstance(const, Const), const
    return Imm(int(const.value), "int")
