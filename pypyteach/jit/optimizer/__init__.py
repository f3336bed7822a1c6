"""The trace optimizer: PyPy's optimizeopt, pass by pass.

``optimize_trace(runtime, inputargs, operations, enabled)`` runs the enabled
passes, always in PyPy's order::

    intbounds, rewrite, virtualize, string, pure, earlyforce, heap, unroll

The first seven form one chain that every operation goes through (see
optimizer.py); ``unroll`` is not a link of the chain but the way it is
driven: the loop is peeled into a preamble and a loop body optimized
knowing what the preamble established (unroll.py).

It returns the final operations and, for the notebooks, the trace after
each pass: the trace "after rewrite" is what the chain made of passes up to
rewrite produces (``--jit-param enable_opts=intbounds:rewrite``), and the
last one is exactly what is compiled.  Each is computed from its own copy of
the recorded trace, so none of them shares an operation with another; all
but the last are computed when first looked at (PassSnapshots).
"""

from collections.abc import Sequence

from ..params import ALL_OPTS
from .earlyforce import OptEarlyForce
from .heap import OptHeap
from .intbounds import OptIntBounds
from .optimizer import Optimizer
from .pure import OptPure
from ..reasons import Reasons
from .rewrite import OptRewrite
from .string import OptString
from .tracecopy import copy_trace
from .unroll import optimize_unrolled, is_peelable, jump_to_existing_trace
from .virtualize import OptVirtualize

PASSES = {
    "intbounds": OptIntBounds,
    "rewrite": OptRewrite,
    "virtualize": OptVirtualize,
    "string": OptString,
    "pure": OptPure,
    "earlyforce": OptEarlyForce,
    "heap": OptHeap,
}
assert tuple(PASSES) + ("unroll",) == ALL_OPTS


def make_passes(names):
    """Fresh pass objects for the chain named ``names`` (unroll is no link)."""
    return [PASSES[name]() for name in ALL_OPTS if name in names and name != "unroll"]


def optimize_trace(runtime, inputargs, operations, enabled):
    """Optimize a recorded trace: (final operations, [(pass, operations)])."""
    names = [name for name in ALL_OPTS if name in enabled]
    if not names:
        return operations, []
    snapshots = PassSnapshots(runtime, inputargs, operations, names)
    return snapshots[-1][1], snapshots


class PassSnapshots(Sequence):
    """``[(pass name, operations after it)]`` for the notebooks.

    The last entry is what is compiled, computed at once.  The others, the
    traces a shorter chain of passes gives, are only needed when someone
    looks: each is computed on first access (from the recorded trace, which
    never changes) and kept."""

    def __init__(self, runtime, inputargs, operations, names):
        self.runtime = runtime
        self.inputargs = inputargs
        self.operations = operations
        self.names = names
        self.done = {}
        self.segments = {}              # index -> [(phase, notes)] of the run that made it
        self.compute(len(names) - 1)

    def __len__(self):
        return len(self.names)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = range(len(self))[index]
        return self.names[index], self.compute(index)

    def compute(self, index):
        if index not in self.done:
            chain = self.names[:index + 1]
            ops = None
            segments = []
            if chain[-1] == "unroll" and is_peelable(self.operations):
                ops = optimize_unrolled(self.runtime, self.inputargs, self.operations, make_passes, chain,
                                        segments)
            if ops is None:
                # the chain alone: not a loop, or no loop body held its assumptions
                ops = optimize_simple(self.runtime, self.inputargs, self.operations, chain, segments=segments)
            reset_inputargs(self.inputargs)
            self.done[index] = ops
            self.segments[index] = segments
        return self.done[index]

    def reasons(self, index):
        """What the run after pass ``index`` (a position or a pass name) did
        to each op, with its reason: a reasons.Reasons."""
        if isinstance(index, str):
            index = self.names.index(index)
        index = range(len(self))[index]
        self.compute(index)
        return Reasons(self.segments[index], self.operations)

    def __repr__(self):
        return "<PassSnapshots %s>" % ":".join(self.names)


def optimize_simple(runtime, inputargs, operations, names, enter_body=True, segments=None):
    """One pass of the chain over the trace.  A closing jump to a peeled
    loop enters its body when it can (a bridge's short preamble, see
    unroll.jump_to_existing_trace); otherwise it passes boxed values to
    the loop's preamble."""
    reset_inputargs(inputargs)
    optimizer = Optimizer(runtime, make_passes(names))
    jump = optimizer.run(copy_trace(operations))
    if jump is not None:
        entered = enter_body and "unroll" in names and jump_to_existing_trace(optimizer, jump)
        if entered is None:
            return optimize_simple(runtime, inputargs, operations, names, enter_body=False, segments=segments)
        if not entered:
            jump.resume = None
            optimizer.finish_with_jump(jump)
    if segments is not None:
        segments.append(("", optimizer.notes))
    return optimizer.output


def reset_inputargs(inputargs):
    """Input arguments are shared by every run: forget earlier forwarding."""
    for arg in inputargs or ():
        arg._forwarded = None
