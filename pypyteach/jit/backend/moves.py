"""Parallel copies: move several values at once, as if simultaneously.

Needed wherever values change places together: a ``jump`` (the loop's
values go to the locations its label expects), a fall-through into a
label, a guard's exit stub (saved values go to jitframe slots 0..n-1), the
arguments of a residual call.  As PyPy's ``jump.remap_frame_layout``: first
every move whose destination no pending move still reads, then each
remaining cycle is broken by parking one value in a temporary.
"""

from .locations import Imm


def sequentialize(moves, temp_for):
    """Order ``moves`` [(src, dst)] (distinct dsts) into a list of single
    moves with the same effect.  ``temp_for(loc)`` gives a temporary able to
    hold the value currently in ``loc``."""
    pending = {}
    for src, dst in moves:
        if src != dst:
            assert dst not in pending, "two values moved to %r" % (dst,)
            assert not isinstance(dst, Imm), dst
            pending[dst] = src
    out = []
    while pending:
        readers = {}
        for src in pending.values():
            readers[src] = readers.get(src, 0) + 1
        ready = [dst for dst in pending if not readers.get(dst)]
        if ready:
            for dst in ready:
                out.append((pending.pop(dst), dst))
            continue
        # every remaining destination is still read: they form cycles
        dst = next(iter(pending))
        temp = temp_for(dst)
        out.append((dst, temp))
        for other, src in pending.items():
            if src == dst:
                pending[other] = temp
    return out
