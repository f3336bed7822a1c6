"""Which resops a machine backend compiles, and which it refuses.

Every row of resoperation.OPSPECS is in exactly one place (a test checks):

- NO_CODE: markers that produce no instruction (their provenance is kept as
  a zero-length marker in the code map);
- the shared driver (tracecompiler.py): label, jump, finish, guards' exits,
  residual calls (call_assembler among them), allocations;
- the architecture's instruction selection (x86/codegen.py HANDLED);
- LOWERED: the string ops (PyPy's unicode family), which the shared driver
  rewrites before instruction selection into ops every architecture
  already compiles (``lower``), as PyPy's GcRewriter and backends do;
- REJECTED, with the reason: ops the tracer and optimizer never emit and
  whose meaning llgraph (the reference) does not define either.
"""

from ..resoperation import CALLS, OPSPECS, ConstInt, ResOperation
from ...vm.memory.layout import W_UnicodeObject

NO_CODE = frozenset(["debug_merge_point", "enter_portal_frame", "leave_portal_frame", "quasiimmut_field"])

REJECTED = {
    "guard_exception": "the tracer only records guard_no_exception after residual calls; llgraph cannot "
                       "decide guard_exception either",
    "guard_not_forced": "there are no virtualizable frames forced by calls (no call_may_force frames "
                        "escaping); llgraph cannot decide guard_not_forced either",
    "force_token": "no frame forcing: nothing takes the jitframe's address; llgraph has no semantics "
                   "for force_token",
}

ALLOCATIONS = frozenset(["new_with_vtable", "new_array"])
LOWERED = frozenset(["newunicode", "unicodelen", "unicodegetitem", "unicodesetitem", "copyunicodecontent"])
SHARED = frozenset(["label", "jump", "finish"]) | CALLS | ALLOCATIONS | LOWERED


class StringHelperDescr:
    """The call descr of a host helper a lowered string op calls: the VM's
    own low-level operation of that name on the heap.  Only
    ``copyunicodecontent`` is one (PyPy's backends call memcpy for it)."""

    def __init__(self, opname, result_kind, ll):
        self.opname = opname
        self.result_kind = result_kind
        self.name = "ll_" + opname
        self.func = getattr(ll, opname)

    def call(self, values):
        return self.func(*values)

    def __repr__(self):
        return "<Call%s %s>" % (self.result_kind, self.name)


def lower(op, helpers):
    """``op`` itself, or, for a string op, the op the driver compiles in its
    place (same arguments, same resume data): newunicode is PyPy's
    GcRewriter's malloc of the varsize W_UnicodeObject (``new_array``),
    unicodelen reads its length word (``arraylen_gc``), unicodegetitem and
    unicodesetitem read and write one item of its array of 4-byte code
    points (``getarrayitem_gc_i``/``setarrayitem_gc`` with the itemsize-4
    descr: every architecture emits a zero-extending 32-bit load and a
    32-bit store for it, as PyPy's backends do), and copyunicodecontent is
    a residual call of a host helper (``helpers``: opname -> descr; PyPy's
    backends call memcpy)."""
    name = op.name
    if name not in LOWERED:
        return op
    array = W_UnicodeObject.array
    if name == "newunicode":
        low = ResOperation("new_array", op.args, array, op.value)
    elif name == "unicodelen":
        low = ResOperation("arraylen_gc", op.args, array, op.value)
    elif name == "unicodegetitem":
        low = ResOperation("getarrayitem_gc_i", op.args, array, op.value)
    elif name == "unicodesetitem":
        low = ResOperation("setarrayitem_gc", op.args, array, op.value)
    else:
        low = ResOperation("call_n", [ConstInt(0)] + list(op.args), helpers[name], op.value)
    low.resume, low.fail_args, low.provenance = op.resume, op.fail_args, op.provenance
    low.origin = op
    return low


class BackendError(Exception):
    """A trace the machine backend cannot compile (named op, reason)."""


def check_supported(operations, arch_name, arch_handled, guards_handled):
    """Refuse a trace holding an op outside the table, before any code is made."""
    for op in operations:
        name = op.name
        if name in REJECTED:
            raise BackendError("%s backend: cannot compile %s: %s" % (arch_name, name, REJECTED[name]))
        if OPSPECS.get(name) is not op.spec:
            raise BackendError("%s backend: %s is not one of pypyteach's resops (a PyPy log op?)"
                               % (arch_name, name))
        if not (name in NO_CODE or name in SHARED or name in arch_handled or name in guards_handled):
            raise BackendError("%s backend: no instruction selection for %s" % (arch_name, name))


def coverage(arch_handled, guards_handled):
    """{op name: "no code" | "shared" | "arch" | "rejected"} for every resop;
    a name missing from the result is a gap (tested to be empty)."""
    table = {}
    for name in OPSPECS:
        if name in REJECTED:
            table[name] = "rejected"
        elif name in NO_CODE:
            table[name] = "no code"
        elif name in SHARED:
            table[name] = "shared"
        elif name in arch_handled or name in guards_handled:
            table[name] = "arch"
    return table
