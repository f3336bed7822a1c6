"""The optimizer's shared driver (PyPy's optimizeopt/optimizer.py).

The passes form a chain, as in PyPy: each operation of the trace enters the
first pass; a pass either handles it (removes it, replaces its result by
another value, rewrites it) or passes it on with ``emit``; what leaves the
last pass reaches this driver, which appends it to the output.  After an
operation went down the chain, each pass it went through may look at it
again (``postprocess_*``), e.g. to learn the bounds of its result.

Replacing a value always goes through the union-find of resoperation.py:
``op.set_forwarded(value)``, and everyone reads values through
``get_box_replacement()``.  The driver replaces an operation's arguments
before the first pass sees it, so every pass works on current values, and
a pass late in the chain (pure, heap) improves what an early one
(intbounds) sees on the next operations.

What the passes know about values lives here, shared by all of them:
known class, non-null, constants (forwarding to a Const), virtual objects
(allocations removed by the virtualize pass, with their fields) and integer
bounds (filled in by intbounds).

The driver also keeps the resume data of every guard right: it is mapped at
the guard's entry (forwarded values replaced, virtual objects turned into
VirtualInfo recipes) and the guard's fail args are recomputed from it.
"""

import itertools
import math

from ...vm.interpreter.jithints import is_elidable
from ...vm.memory.layout import W_UnicodeObject
from ..descr import GuardDescr
from ..resoperation import (OPSPECS, AbstractValue, Const, ConstInt, ConstFloat, ConstPtr, NULLCONST, ResOperation,
                            const_of_kind)
from ..resume import VirtualInfo, fail_args_of
from .intutils import IntBound
from .tracecopy import map_resume, map_virtualinfo

# guards whose resume data describes the state *before* the call they follow:
# re-running from there would repeat the call, so they are no resume point
STR_TID = W_UnicodeObject.tid
NO_RESUME_POINT = frozenset(["guard_no_exception", "guard_exception", "guard_not_forced"])
OVERFLOW_GUARDS = frozenset(["guard_no_overflow", "guard_overflow"])
EXCEPTION_GUARDS = frozenset(["guard_no_exception", "guard_exception"])
BOOLEAN_RESULTS = frozenset("""int_lt int_le int_eq int_ne int_gt int_ge uint_lt uint_le uint_gt uint_ge
    int_is_true int_is_zero float_lt float_le float_eq float_ne float_gt float_ge ptr_eq ptr_ne""".split())
OVF_TO_PLAIN = {"int_add_ovf": "int_add", "int_sub_ovf": "int_sub", "int_mul_ovf": "int_mul"}

_fallback_guard_numbers = itertools.count(0x100000)


def replace(value):
    """The current value standing for ``value`` (plain host values unchanged)."""
    return value.get_box_replacement() if isinstance(value, AbstractValue) else value


def default_const(kind):
    """What a field of a fresh object holds: the heap is zero-filled."""
    return const_of_kind(kind if kind in "irf" else "i", 0.0 if kind == "f" else 0)


def is_default_const(value):
    if not isinstance(value, Const):
        return False
    if isinstance(value, ConstFloat):
        return value.value == 0.0 and math.copysign(1.0, value.value) > 0
    return value.value == 0


def const_key(value):
    """A dict key telling constants apart exactly (0.0 and -0.0 differ)."""
    if isinstance(value, ConstFloat):
        return ("f", math.copysign(1.0, value.value), value.value if value.value == value.value else "nan")
    if isinstance(value, Const):
        return (value.type, value.value)
    return value


# -- virtual objects ------------------------------------------------------------------------


def may_write_heap(op):
    """A call that may change the heap: not ``call_pure_*``, nor a plain
    call of an elidable function (the pure pass emits those as ``call_*``;
    in PyPy their effect info writes nothing)."""
    return op.spec.is_call and not op.spec.is_pure and not is_elidable(getattr(op.descr, "func", None))

class VirtualStruct:
    """An object whose allocation was removed: its class and fields."""

    def __init__(self, descr):
        self.descr = descr            # SizeDescr
        self.fields = {}              # FieldDescr -> value
        self.writers = {}             # FieldDescr -> the setfield_gc that wrote it (for reasons)

    @property
    def tid(self):
        return self.descr.tid

    def field_descrs(self):
        return sorted(self.descr.layout.fields.values(), key=lambda f: f.offset)

    def get(self, field):
        value = self.fields.get(field)
        return default_const(field.kind) if value is None else replace(value)

    def leaves(self):
        """(key, value) for every field, in layout order."""
        return [(field, self.get(field)) for field in self.field_descrs()]


class VirtualArray:
    """An array whose allocation was removed: its length and items."""

    def __init__(self, descr, length):
        self.descr = descr            # ArrayDescr
        self.items = [None] * length
        self.writers = {}             # index -> the setarrayitem_gc that wrote it (for reasons)

    @property
    def tid(self):
        return self.descr.layout.tid

    def get(self, index, kind=None):
        value = self.items[index]
        return default_const(kind or self.descr.kind) if value is None else replace(value)

    def leaves(self):
        return [(index, self.get(index)) for index in range(len(self.items))]


# -- passes ------------------------------------------------------------------------------------

class Optimization:
    """One pass of the chain.  Handlers are methods named after the resop
    they handle, as in PyPy: ``optimize_INT_ADD(op)`` and, after the op went
    down the chain, ``postprocess_INT_ADD(op)``.  Without a handler an op is
    passed on unchanged (``optimize_default`` when a pass defines one)."""

    name = None
    _dispatch = {}
    _post = {}

    def __init_subclass__(cls, **kwargs):
        """Collect the handlers: ``optimize_INT_ADD`` and ``postprocess_INT_ADD``
        (upper case: a resop's name) are handlers, checked against the resop
        table here, at import; lower-case ones (``optimize_compare``) are
        helpers that handlers share."""
        super().__init_subclass__(**kwargs)
        cls._dispatch, cls._post = {}, {}
        for klass in reversed(cls.__mro__):
            for attr, fn in vars(klass).items():
                for prefix, table in (("optimize_", cls._dispatch), ("postprocess_", cls._post)):
                    name = attr[len(prefix):] if attr.startswith(prefix) else ""
                    if name and name.isupper():
                        if name.lower() not in OPSPECS:
                            raise NameError("%s.%s handles no resop: %r is not in resoperation.RESOPS"
                                            % (cls.__name__, attr, name.lower()))
                        table[name.lower()] = fn

    def __init__(self):
        self.next = None
        self.optimizer = None

    def setup(self):
        """Called once the chain is built."""

    def propagate_forward(self, op):
        handler = self._dispatch.get(op.name)
        if handler is not None:
            handler(self, op)
        else:
            self.optimize_default(op)

    def optimize_default(self, op):
        self.emit(op)

    def emit(self, op):
        """Pass ``op`` on to the rest of the chain, then postprocess it."""
        self.next.propagate_forward(op)
        post = self._post.get(op.name)
        if post is not None:
            post(self, op)

    def force_at_jump(self, jump):
        """The trace's closing jump is about to leave the chain (to the unroll
        pass or the driver): a pass whose virtuals the rest of the optimizer
        does not know forces those among its arguments (the string pass)."""

    # -- for the unroll pass: what this pass knows at the end of the preamble ---------------

    def export_state(self):
        """Cached facts as (kind, descr, key values, value) entries."""
        return []

    def import_state(self, entries):
        """Start knowing ``entries``: export_state's, values renamed, each
        with its source; a pass using one calls ``note_import_used(source)``."""

    # -- shorthands ---------------------------------------------------------------------

    def make_equal_to(self, op, value):
        self.optimizer.make_equal_to(op, value)

    def make_constant(self, value, const):
        self.optimizer.make_constant(value, const)

    def getintbound(self, value):
        return self.optimizer.getintbound(value)


# -- the driver --------------------------------------------------------------------------------

class Optimizer:
    """Runs a chain of passes over one trace and collects the output."""

    def __init__(self, runtime, passes, used_descrs=None):
        self.runtime = runtime
        self.passes = passes
        self.by_name = {opt.name: opt for opt in passes}
        for opt, nxt in zip(passes, passes[1:] + [self]):
            opt.next = nxt
            opt.optimizer = self
        self.first = passes[0] if passes else self
        # forcing a virtual emits ops just after the virtualize pass, so that
        # pure and heap see the allocation and its field writes
        self.force_via = self.by_name.get("virtualize")
        self.output = []
        self.known_class = {}           # value -> type id
        self.nonnull = set()
        self.bounds = {}                # value -> IntBound (intbounds)
        self.virtuals = {}              # value -> VirtualStruct | VirtualArray
        self.invalidation_checked = False
        self.string_recipe = None       # the string pass: (value, memo, resume_value) -> recipe or None
        self.string_force = None        # the string pass: (value, into) -> value, a virtual string forced
        self.last_emitted = None
        self.next_op = None             # the op after the one being optimized
        self.resume_point = None        # resume data still valid right now
        self.fresh = set()              # objects allocated since resume_point
        self.emitted_ovf = set()        # int_*_ovf ops in the output
        self.used_descrs = set() if used_descrs is None else used_descrs
        self.used_imports = set()       # sources of import_state entries the passes relied on
        # what the passes did to each op, as (op, kind, code, args): formatted
        # only when someone looks (jit/reasons.py); ``phase`` names this run's part
        # of a peeled loop ("preamble", "loop body", "" when not peeled)
        self.notes = []
        self.phase = ""
        for opt in passes:
            opt.setup()

    # -- facts about values ---------------------------------------------------------------

    def make_equal_to(self, op, value):
        value = replace(value)
        if value is not op:
            op.set_forwarded(value)

    def make_constant(self, value, const):
        value = replace(value)
        if not isinstance(value, Const):
            value.set_forwarded(const)

    def getintbound(self, value):
        value = replace(value)
        if isinstance(value, ConstInt):
            return IntBound.exact(value.value)
        bound = self.bounds.get(value)
        return bound.copy() if bound is not None else IntBound()

    def setintbound(self, value, bound):
        """Narrow what is known of ``value``; an exact bound makes it a constant."""
        value = replace(value)
        if isinstance(value, Const) or value.type != "i":
            return
        known = self.bounds.get(value)
        if known is None:
            known = self.bounds[value] = bound.copy()
        else:
            known.intersect(bound)
        if known.is_constant():
            self.make_constant(value, ConstInt(known.lower))

    def note(self, op, kind, code, *args):
        """Record what happened to ``op``: ``kind`` is "removed", "replaced"
        or "added", ``code`` a key of reasons.REASONS, ``args`` its values."""
        self.notes.append((op, kind, code, args))

    def note_import_used(self, source):
        if source is not None:
            self.used_imports.add(source)

    def get_virtual(self, value):
        return self.virtuals.get(replace(value))

    def is_virtual(self, value):
        return replace(value) in self.virtuals

    def get_known_class(self, value):
        value = replace(value)
        info = self.virtuals.get(value)
        if info is not None:
            return info.tid
        if isinstance(value, ConstPtr):
            return self.read_tid(value.value) if value.value else None
        return self.known_class.get(value)

    def read_tid(self, address):
        ll = self.direct_ll()
        return ll.classof(address) if ll is not None else None

    def is_nonnull(self, value):
        value = replace(value)
        if isinstance(value, Const):
            return bool(value.value)
        return value in self.nonnull or value in self.virtuals or value in self.known_class

    def direct_ll(self):
        space = getattr(self.runtime, "space", None)
        return getattr(space, "direct_ll", None)

    def new_guard_descr(self):
        numbers = getattr(self.runtime, "guard_numbers", None) or _fallback_guard_numbers
        return GuardDescr(next(numbers))

    # -- running ---------------------------------------------------------------------------

    def run(self, operations):
        """Optimize ``operations``; stops at a final ``jump`` and returns it
        (arguments replaced, not emitted), or None."""
        for index, op in enumerate(operations):
            if op.name == "label" and index == 0:
                self.output.append(op)
                continue
            self.next_op = operations[index + 1] if index + 1 < len(operations) else None
            if op.name == "jump":
                op.args = [replace(a) for a in op.args]
                for opt in self.passes:
                    opt.force_at_jump(op)
                op.args = [replace(a) for a in op.args]
                return op
            self.send(op)
        return None

    def send(self, op):
        """One operation into the chain: current arguments, mapped resume data."""
        op.args = [replace(a) for a in op.args]
        if op.resume is not None:
            if op.name == "finish":
                # a generator frame yields (runtime.frame_yields): the value
                # yielded escapes before the frame's state is saved, so
                # the state names the object the consumer gets, not a copy
                op.args = [self.force_box(arg, None, op) for arg in op.args]
            op.resume = self.map_resume(op.resume, op.copy_mapping)
            op.copy_mapping = None
            if op.name not in NO_RESUME_POINT:
                self.resume_point = op.resume
                self.fresh = set()
        self.first.propagate_forward(op)

    def finish_with_jump(self, jump):
        """A trace that is not peeled: everything the jump passes is boxed."""
        jump.args = [self.force_box(arg, self.force_via, jump) for arg in jump.args]
        self.propagate_forward(jump)

    # -- resume data ------------------------------------------------------------------------

    def map_resume(self, resume, mapping=None):
        """Resume data as a guard here must save it; ``mapping`` first renames
        the values of the recorded trace to those of the copy optimized."""
        memo = {}
        if not mapping:
            return map_resume(resume, lambda value: self.resume_value(value, memo))
        get = mapping.get
        return map_resume(resume, lambda value: self.resume_value(get(value, value), memo))

    def resume_value(self, value, memo):
        """A value as a failing guard must save it: virtual objects become
        VirtualInfo recipes (one per object, so sharing and cycles survive)."""
        if isinstance(value, VirtualInfo):
            return map_virtualinfo(value, lambda v: self.resume_value(v, memo), {})
        value = replace(value)
        info = self.virtuals.get(value)
        if info is None:
            if self.string_recipe is not None and value not in memo:
                recipe = self.string_recipe(value, memo, lambda v: self.resume_value(v, memo))
                if recipe is not None:
                    return recipe
            return memo.get(value, value)
        if value in memo:
            return memo[value]
        recipe = memo[value] = VirtualInfo(info.descr, [], None)
        if isinstance(info, VirtualArray):
            recipe.array = [self.resume_value(v, memo) for _, v in info.leaves()]
        else:
            recipe.fields = [(field, self.resume_value(v, memo)) for field, v in info.leaves()
                             if not is_default_const(v)]
        return recipe

    # -- forcing virtuals -----------------------------------------------------------------------

    def force_box(self, value, via=None, into=None):
        """``value`` as a real object: a virtual is allocated and its fields
        written, the ops going down the chain after ``via`` (None: straight
        to the output).  ``into`` is where it escapes (an op, or words), for
        the reason recorded."""
        if not isinstance(value, AbstractValue):
            return value
        value = replace(value)
        info = self.virtuals.pop(value, None)
        if info is None:
            return value
        emit = via.emit if via is not None else self.propagate_forward
        if isinstance(info, VirtualArray):
            alloc = ResOperation("new_array", [ConstInt(len(info.items))], info.descr)
        else:
            alloc = ResOperation("new_with_vtable", [], info.descr)
        alloc.origin = value.origin or value
        self.note(alloc, "added", "forced", value, into)
        # a nursery exit may only go back to a point whose state is still true
        alloc.resume = self.resume_point
        value.set_forwarded(alloc)
        emit(alloc)
        for key, item in info.leaves():
            item = self.force_box(item, via, alloc)
            if self.string_force is not None:
                item = self.string_force(item, alloc)     # a virtual string stored into it
            if is_default_const(item):
                continue
            if isinstance(info, VirtualArray):
                # raw words (an instance's unboxed attributes) hold doubles too
                descr = info.descr.for_kind(item.type)
                store = ResOperation("setarrayitem_gc", [alloc, ConstInt(key), item], descr)
            else:
                store = ResOperation("setfield_gc", [alloc, item], key)
            writer = info.writers.get(key)
            store.origin = (writer.origin or writer) if writer is not None else alloc.origin
            self.note(store, "added", "forced_store", alloc)
            emit(store)
        return alloc

    # -- the end of the chain: emitting ------------------------------------------------------

    def propagate_forward(self, op):
        if self.virtuals and op.name != "debug_merge_point":
            # the last safety net: no virtual object reaches compiled code
            op.args = [self.force_box(arg, None, op) for arg in op.args]
        if op.is_guard():
            op = self.prepare_guard(op)
            if op is None:
                return
        if op.resume is not None:
            op.fail_args = fail_args_of(op.resume)
        self.output.append(op)
        self.note_emitted(op)
        self.last_emitted = op

    def prepare_guard(self, op):
        """Last checks on a guard about to be emitted: the guard to emit, or None."""
        name = op.name
        if name in EXCEPTION_GUARDS:
            # only a call just before can leave an exception pending
            last = self.last_emitted
            if last is None or not last.spec.is_call:
                self.note(op, "removed", "no_call_before", last)
                return None
        if name in OVERFLOW_GUARDS:
            op = self.prepare_overflow_guard(op)
            if op is None:
                return None
        if op.descr is None or op.descr in self.used_descrs:
            copied = op.descr
            op.descr = self.new_guard_descr()
            op.descr.copy_of = copied
        self.used_descrs.add(op.descr)
        if op.resume is None and op.fail_args is not None:
            op.fail_args = [replace(a) for a in op.fail_args]
        return op

    def prepare_overflow_guard(self, op):
        # follow the forwarding only while the op was not emitted: a result
        # known after the guard (made a constant by its bounds) is still the
        # operation the guard checks
        source = first = op.overflow_source
        while source is not None and source not in self.emitted_ovf:
            source = source._forwarded
        if source is not None:
            op.overflow_source = source
            return op
        if op.name == "guard_no_overflow":
            self.note(op, "removed", "ovf_guard_gone", first)
            return None             # the operation became one that cannot overflow
        # guard_overflow on an operation shown unable to overflow: it always fails
        failing = op.copy_and_change("guard_true", args=[ConstInt(0)])
        self.note(op, "replaced", "ovf_guard_fails", first, failing)
        self.note(failing, "added", "ovf_guard_fails_new", first, op)
        return failing

    def note_emitted(self, op):
        """What an emitted operation teaches: facts from guards, and whether
        the resume point is still valid after it."""
        name = op.name
        if op.is_guard():
            self.note_guard(op)
        elif may_write_heap(op):
            self.resume_point = None
            self.invalidation_checked = False
        elif name in ("setfield_gc", "setarrayitem_gc", "unicodesetitem"):
            if op.args[0] not in self.fresh:
                self.resume_point = None
        elif name == "copyunicodecontent":
            if op.args[1] not in self.fresh:
                self.resume_point = None
        elif name == "newunicode":
            self.known_class[op] = STR_TID
            self.nonnull.add(op)
            self.fresh.add(op)
        elif op.spec.is_ovf:
            self.emitted_ovf.add(op)
        elif name in ("new_with_vtable", "new_array"):
            self.known_class[op] = op.descr.tid if name == "new_with_vtable" else op.descr.layout.tid
            self.nonnull.add(op)
            self.fresh.add(op)

    def note_guard(self, op):
        name = op.name
        arg = op.args[0] if op.args else None
        if name == "guard_true":
            # any nonzero int passes guard_true: only a 0-or-1 value is then known
            if self.is_boolean(arg):
                self.make_constant(arg, ConstInt(1))
        elif name == "guard_false":
            self.make_constant(arg, ConstInt(0))
        elif name == "guard_value":
            self.make_constant(arg, op.args[1])
        elif name == "guard_isnull":
            self.make_constant(arg, NULLCONST)
        elif name == "guard_nonnull":
            self.nonnull.add(replace(arg))
        elif name in ("guard_class", "guard_nonnull_class"):
            self.note_class(arg, op.args[1].value)
        elif name == "guard_not_invalidated":
            self.invalidation_checked = True

    def is_boolean(self, value):
        value = replace(value)
        if isinstance(value, ResOperation) and value.name in BOOLEAN_RESULTS:
            return True
        bound = self.getintbound(value)
        return bound.lower >= 0 and bound.upper <= 1

    def note_class(self, value, tid):
        value = replace(value)
        if not isinstance(value, Const):
            self.known_class[value] = tid
            self.nonnull.add(value)
