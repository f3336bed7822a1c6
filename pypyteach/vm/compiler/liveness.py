"""Which local variables are live at each bytecode of a code object.

A local is *live* at an offset when some path from there reads it
(``LOAD_FAST``, or ``DELETE_FAST``, which fails on an unbound local) before
writing it (``STORE_FAST``).  A dead local's value can never be seen
again, so the JIT passes NULL for it where a trace jumps back to its loop
header (tracer.Tracer.close): the loop then assumes nothing about a value
that only happened to be left over from the last iteration, such as the
``x`` of ``for x in items`` (which the next ``FOR_ITER`` overwrites), and a
bridge where ``x`` has another class can still enter the loop body.

The analysis is the classic backward dataflow over the bytecode's control
flow graph, to a fixpoint.  Exceptions are over-approximated: what is live
at any handler (a ``SETUP_FINALLY`` target) is live everywhere.  A function
using zero-argument ``super()`` reads its first argument from the frame, so
that one is always live.
"""

from . import opcodes


def dead_locals(code, offset):
    """Indexes (into ``co_varnames``) of the locals dead at ``offset``."""
    live = live_at(code)[code.by_slot[offset // 2].offset]
    return tuple(i for i in range(code.co_nlocals) if not live >> i & 1)


def live_at(code):
    """{offset: bit set of live locals} for every instruction, computed once."""
    table = getattr(code, "_live_locals", None)
    if table is None:
        table = code._live_locals = _analyse(code)
    return table


def _analyse(code):
    instrs = code.instructions
    position = {instr.offset: i for i, instr in enumerate(instrs)}

    def index_of(target):
        return position[code.by_slot[target // 2].offset]

    successors, handlers, uses, defs = [], [], [], []
    for i, instr in enumerate(instrs):
        info = opcodes.OPS_BY_CODE[instr.opcode]
        target = opcodes.jump_target(instr.opcode, instr.arg, instr.offset) if info.jump else None
        succ = []
        if info.name == "SETUP_FINALLY":
            handlers.append(index_of(target))
        elif target is not None:
            succ.append(index_of(target))
        if not info.terminates and i + 1 < len(instrs):
            succ.append(i + 1)
        successors.append(succ)
        bit = 1 << instr.arg
        uses.append(bit if info.name in ("LOAD_FAST", "DELETE_FAST") else 0)
        defs.append(bit if info.name == "STORE_FAST" else 0)

    always = 1 if code.co_nlocals and "__class__" in code.co_freevars else 0
    live_in = [0] * len(instrs)
    changed = True
    while changed:
        changed = False
        at_handlers = 0
        for h in handlers:
            at_handlers |= live_in[h]
        for i in range(len(instrs) - 1, -1, -1):
            out = at_handlers | always
            for s in successors[i]:
                out |= live_in[s]
            new = uses[i] | (out & ~defs[i])
            if new != live_in[i]:
                live_in[i] = new
                changed = True
    return {instr.offset: live_in[i] for i, instr in enumerate(instrs)}
