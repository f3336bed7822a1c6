"""The heap: one byte-addressable memory holding every guest object.

DESIGN decision 2: the interpreter and, later, the machine code running in
Unicorn share this very buffer.  Addresses are guest addresses: byte 0 of the
buffer sits at ``HEAP_BASE``, so a pointer stored in the heap can be
dereferenced by emulated code unchanged.  The byte order is a setting because
s390x and big-endian PPC64 store words big-endian.

Words are 8 bytes.  Every object starts with a header word holding its type
id (``tid``); see layout.py for the fields that follow.
"""

import mmap
import struct
import sys

HEAP_BASE = 0x1000_0000     # below 2**31, so an address fits an x86-64 imm32
WORD = 8
NULL = 0
DEFAULT_HEAP_SIZE = 64 * 1024 * 1024

BYTEORDERS = ("little", "big")
NATIVE_PREFIX = "<" if sys.byteorder == "little" else ">"
MAXINT, MININT = (1 << 63) - 1, -(1 << 63)


class Heap:
    def __init__(self, size=DEFAULT_HEAP_SIZE, byteorder="little"):
        if byteorder not in BYTEORDERS:
            raise ValueError("byteorder must be 'little' or 'big', not %r" % (byteorder,))
        if size % 4096 or size <= 0:
            raise ValueError("heap size must be a positive multiple of 4096, not %r" % (size,))
        self.size = size
        self.byteorder = byteorder
        self.base = HEAP_BASE
        self.end = HEAP_BASE + size
        # An anonymous mapping, not bytearray(size): the OS hands out zeroed
        # pages when first touched, where bytearray zeroes all 64 MiB up front
        # (a quarter of pypyteach's start-up).  Both are writable buffers, so
        # struct, slicing and Unicorn's mem_map_ptr see the same bytes.
        self.mem = mmap.mmap(-1, size)
        prefix = "<" if byteorder == "little" else ">"
        self._make_accessors(prefix)

    def _make_accessors(self, prefix):
        # Closures over the buffer: these are the hottest functions of the VM.
        mem, base = self.mem, self.base
        q_unpack = struct.Struct(prefix + "q").unpack_from
        q_pack = struct.Struct(prefix + "q").pack_into
        d_unpack = struct.Struct(prefix + "d").unpack_from
        d_pack = struct.Struct(prefix + "d").pack_into
        i_unpack = struct.Struct(prefix + "I").unpack_from
        i_pack = struct.Struct(prefix + "I").pack_into

        if prefix == NATIVE_PREFIX:
            # The host's own byte order: an aligned word is one item of a
            # memoryview cast to words, about twice as fast as struct.  An
            # unaligned or out-of-range address goes the struct way, which
            # raises the same errors as before.
            words = memoryview(mem).cast("q")
            floats = memoryview(mem).cast("d")
            self.words = words          # for the direct ll operations' own closures (lloperation.py)

            def read_int(addr):
                off = addr - base
                if off & 7 or off < 0:
                    return q_unpack(mem, off)[0]
                return words[off >> 3]

            def write_int(addr, value):
                off = addr - base
                if off & 7 or off < 0 or not MININT <= value <= MAXINT:
                    q_pack(mem, off, value)
                else:
                    words[off >> 3] = value

            def read_float(addr):
                off = addr - base
                if off & 7 or off < 0:
                    return d_unpack(mem, off)[0]
                return floats[off >> 3]
        else:
            self.words = None

            def read_int(addr):
                return q_unpack(mem, addr - base)[0]

            def write_int(addr, value):
                q_pack(mem, addr - base, value)

            def read_float(addr):
                return d_unpack(mem, addr - base)[0]

        def write_float(addr, value):
            d_pack(mem, addr - base, value)

        def read_u32(addr):
            return i_unpack(mem, addr - base)[0]

        def write_u32(addr, value):
            i_pack(mem, addr - base, value)

        self.read_int = read_int
        self.write_int = write_int
        self.read_float = read_float
        self.write_float = write_float
        self.read_u32 = read_u32
        self.write_u32 = write_u32
        self.utf32 = "utf-32-le" if prefix == "<" else "utf-32-be"

    def read_bytes(self, addr, length):
        start = addr - self.base
        return bytes(self.mem[start:start + length])

    def write_bytes(self, addr, data):
        start = addr - self.base
        self.mem[start:start + len(data)] = data

    def zero(self, addr, length):
        start = addr - self.base
        self.mem[start:start + length] = bytes(length)

    def contains(self, addr):
        return self.base <= addr < self.end
