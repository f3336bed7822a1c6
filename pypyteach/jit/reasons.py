"""Why each op went: the reasons the optimizer passes record as they work.

Every time a pass removes an op, replaces its result by another value or a
constant, or adds an op (a forced virtual, a merged guard, the peeled loop's
label), it records a note on the driver (``Optimizer.note``): a small tuple
``(op, kind, code, args)``, where ``kind`` is "removed", "replaced" or
"added", ``code`` names the rule (a key of REASONS below) and ``args`` are
the values it acted on (bounds, the value used instead, the op a virtual
escaped into).  Nothing is formatted while optimizing: the sentence is made
only when someone looks (``Reasons.text``), naming values as the listing it
sits beside names them.

Each op the optimizer works on is a copy of an op of the recorded trace and
knows it (``op.origin``); ops a pass makes (a forced allocation, a plain
``int_add`` for an ``int_add_ovf``) take the origin of the op they stand for.
That is how a view finds, for an op of one version of the trace, what the
run making the next version did to it (``Reasons.removal``).

The passes' own notes are the whole record: nothing here guesses from op
names.  In PyPy the optimizer keeps no such record: its log shows the trace
before the optimizer (``jit-log-noopt``) and after it (``jit-log-opt``), not
per pass, and not why an op went.
"""

from .resoperation import Const

KINDS = ("removed", "replaced", "added")
RENAME = "rename"       # a segment that is no notes but {stand-in: value} (a peeled loop body's)


class Note:
    """One recorded decision, as the views read it."""

    __slots__ = ("op", "kind", "code", "args", "phase")

    def __init__(self, op, kind, code, args, phase):
        self.op, self.kind, self.code, self.args, self.phase = op, kind, code, args, phase

    @property
    def origin(self):
        return self.op.origin or self.op

    def __repr__(self):
        return "<Note %s %s %s>" % (self.kind, self.code, self.op.name)


def origin_of(op):
    return getattr(op, "origin", None) or op


class Reasons:
    """What one optimizer run did to each op: ``op -> [Note]``, and by the
    recorded op each stands for.  ``segments`` are ``[(phase, notes)]`` as
    the optimizers recorded them (a peeled loop: preamble, then loop body)."""

    def __init__(self, segments, recorded=None):
        self.rename = {}
        for phase, notes in segments:
            if phase == RENAME:
                self.rename.update(notes)
        self.notes = [Note(op, kind, code, args, phase)
                      for phase, notes in segments if phase != RENAME for op, kind, code, args in notes]
        self.recorded = recorded
        self.by_op, self.by_origin = {}, {}
        for note in self.notes:
            self.by_op.setdefault(note.op, []).append(note)
            self.by_origin.setdefault(note.origin, []).append(note)
        self._by_key = None

    def __len__(self):
        return len(self.notes)

    def __iter__(self):
        return iter(self.notes)

    def of(self, op):
        """The notes on exactly ``op``."""
        return self.by_op.get(op, [])

    def about(self, op):
        """The notes on any copy of the recorded op ``op`` stands for."""
        return self.by_origin.get(origin_of(op), [])

    def removal(self, op, before=None, taken=(), counterpart=None):
        """The note saying why ``op`` (an op of the version before this run,
        or of another run) is not in this run's output, or None.  A note
        whose rule the version before (``before``, a Reasons) did not
        already apply comes first.  For an op of another run, matched by what
        it is (op_key), ``taken`` are the notes already given to other ops."""
        if before is not None:
            for note in before.of(op):
                if note.code == "forced_store":
                    # a store initialising a forced virtual: it goes with the allocation
                    found = self.removal(note.args[0], before, taken)
                    if found is not None:
                        return found
        candidates = [n for n in self.about(op) if n.kind != "added"]
        if not candidates:
            candidates = [n for n in self.by_key().get(op_key(op), ()) if n not in taken]
            if len(candidates) > 1 and counterpart is not None:
                # several ops of this run are what ``op`` is: first those on the same values
                wanted = [counterpart(a) for a in op.args]
                candidates.sort(key=lambda n: [self.rename.get(a, a) for a in n.op.args] != wanted)
        if not candidates:
            return None
        if before is not None:
            known = {n.code for n in before.about(op)}
            fresh = [n for n in candidates if n.code not in known]
            if fresh:
                return fresh[0]
        return candidates[0]

    def addition(self, op):
        """The note saying why ``op`` of this run's output was added, or None."""
        for note in self.of(op):
            if note.kind == "added":
                return note
        return None

    def by_key(self):
        """Notes on removed or replaced ops by what the ops are (name, descr,
        bytecode): for ops of another run of the optimizer."""
        if self._by_key is None:
            self._by_key = {}
            for note in self.notes:
                if note.kind != "added":
                    self._by_key.setdefault(op_key(note.op), []).append(note)
        return self._by_key

    def text(self, note, name=None):
        """The reason in words, values named by ``name`` (value -> text)."""
        name = name or default_name
        rename = self.rename
        return describe(note, (lambda value: name(rename.get(value, value))) if rename else name, self)


def op_key(op):
    """What an op is, whatever run made it: name, descr, bytecode."""
    prov = op.provenance
    where = (prov.depth, prov.offset) if prov is not None else None
    numbered = op.is_guard() or op.name in ("label", "jump")
    return (op.name, repr(op.descr) if op.descr is not None and not numbered else "", where)


# -- words ----------------------------------------------------------------------------------------

def default_name(value):
    if isinstance(value, Const):
        return _const_text(value)
    return "%s(%s)" % (getattr(value, "name", "value"), getattr(value, "type", "?"))


def _const_text(const):
    if const.type == "r":
        return "NULL" if not const.value else "0x%x" % const.value
    return repr(const.value) if const.type == "f" else str(const.value)


def _namer(name):
    def text(value):
        if value is None:
            return "?"
        if isinstance(value, Const):
            return _const_text(value)
        if isinstance(value, (int, float)):
            return str(value)
        return name(value)
    return text


def bound_text(bound):
    from ..vm.memory.lloperation import MAXINT, MININT
    if bound.lower == bound.upper:
        return "= %d" % bound.lower
    if bound.lower == MININT and bound.upper == MAXINT:
        return "unbounded"
    if bound.lower == MININT:
        return "<= %d" % bound.upper
    if bound.upper == MAXINT:
        return ">= %d" % bound.lower
    return "in [%d, %d]" % (bound.lower, bound.upper)


def class_name(tid):
    from ..vm.memory.layout import LAYOUTS
    if isinstance(tid, int) and 0 < tid < len(LAYOUTS.by_tid):
        return LAYOUTS.by_tid[tid].name
    return "class %r" % (tid,)


def descr_text(descr):
    if descr is None:
        return ""
    if hasattr(descr, "items_offset"):
        return "%s array" % descr.struct_name
    if hasattr(descr, "struct_name"):
        return "%s.%s" % (descr.struct_name, descr.name)
    layout = getattr(descr, "layout", None)
    if layout is not None and hasattr(layout, "name"):
        return layout.name
    return getattr(descr, "name", None) or repr(descr)


def op_text(op, n):
    """``int_mul(i3, 3)``: an op with its arguments named (and its field)."""
    args = [n(a) for a in op.args]
    if hasattr(op.descr, "struct_name") and not hasattr(op.descr, "items_offset"):
        args.append(descr_text(op.descr))
    return "%s(%s)" % (op.name, ", ".join(args))


def _bounds_of_args(op, bounds, n):
    parts = []
    for arg, bound in zip(op.args, bounds):
        if not isinstance(arg, Const):
            parts.append("%s %s" % (n(arg), bound_text(bound)))
    return ", ".join(parts) or "constant arguments"


_SYMBOL = {"int_lt": "<", "int_le": "<=", "int_gt": ">", "int_ge": ">=", "int_eq": "==", "int_ne": "!=",
           "uint_lt": "<", "uint_le": "<=", "uint_gt": ">", "uint_ge": ">="}


def _condition(op, n):
    symbol = _SYMBOL.get(op.name)
    if symbol and len(op.args) == 2:
        return "%s %s %s" % (n(op.args[0]), symbol, n(op.args[1]))
    return op_text(op, n)


def _escape(into, n):
    if into is None:
        return "the compiled code"
    if isinstance(into, str):
        return {"header": "the loop header (an earlier attempt at peeling showed it cannot stay virtual "
                          "across it)",
                "body_end": "the loop body's closing jump (its label takes it boxed)"}.get(into, into)
    if getattr(into, "name", None) in ("new_with_vtable", "new_array"):
        return "a field of the forced %s" % n(into)
    if getattr(into, "name", None) == "jump":
        return "the jump (the next iteration gets it as an object)"
    return into.name


def _preamble(flag):
    return " (known from the preamble)" if flag else ""


def _guard_condition(note, n, reasons):
    """Why a guard's argument is a constant: the note on its condition."""
    guard = note.op
    recorded = origin_of(guard)
    cond = recorded.args[0] if recorded.args else None
    if cond is None or isinstance(cond, Const):
        return ""
    for other in reasons.about(cond) if reasons is not None else ():
        if other.phase == note.phase and other.kind != "added":
            return describe(other, n, reasons, short=True)
    return ""


def describe(note, name, reasons=None, short=False):
    """The sentence for ``note``; ``short``: just the why (for nesting)."""
    n = _namer(name)
    op, args, code = note.op, note.args, note.code
    phase = " in the loop body" if note.phase == "loop body" and not short else ""
    fn = REASONS.get(code)
    if fn is None:
        why = code.replace("_", " ")
        head = note.kind
    else:
        head, why = fn(op, args, n, note, reasons)
    if short:
        return why
    return "%s%s: %s" % (head, phase, why)


def _r_bounds_decide(op, args, n, note, reasons):
    decided, b0, b1 = args
    return ("replaced by %d" % decided,
            "the bounds decide %s: %s" % (_condition(op, n), _bounds_of_args(op, (b0, b1), n)))


def _r_bounds_nonzero(op, args, n, note, reasons):
    result, bound = args
    return "replaced by %d" % result, "%s is never 0: %s %s" % (n(op.args[0]), n(op.args[0]), bound_text(bound))


def _r_no_overflow(op, args, n, note, reasons):
    plain, b0, b1 = args
    return ("replaced by %s" % plain.name,
            "the bounds prove %s cannot overflow: %s" % (op_text(op, n), _bounds_of_args(op, (b0, b1), n)))


def _r_no_overflow_new(op, args, n, note, reasons):
    ovf, b0, b1 = args
    return ("added", "stands for %s, which cannot overflow: %s" % (ovf.name, _bounds_of_args(ovf, (b0, b1), n)))


def _r_ovf_guard_gone(op, args, n, note, reasons):
    source = args[0]
    if source is None:
        return "removed", "no operation before it can overflow"
    return "removed", "the %s it checks became %s: it cannot overflow" % (
        source.name, getattr(source.get_box_replacement(), "name", "a constant"))


def _r_ovf_guard_fails(op, args, n, note, reasons):
    return "replaced by guard_true(0)", "the %s it checks cannot overflow: it always fails" % (
        args[0].name if args[0] is not None else "operation")


def _r_ovf_guard_fails_new(op, args, n, note, reasons):
    return "added", "stands for a guard_overflow that always fails"


def _r_algebra(op, args, n, note, reasons):
    value = args[0]
    if op.name == "int_is_true":
        return "replaced by %s" % n(value), "%s is a comparison: already 0 or 1" % n(op.args[0])
    if op.name.startswith("same_as"):
        return "replaced by %s" % n(value), "a copy of %s" % n(value)
    return "replaced by %s" % n(value), "%s always equals %s (algebra)" % (op_text(op, n), n(value))


def _r_guard_const(op, args, n, note, reasons):
    why = _guard_condition(note, n, reasons)
    if why:
        return "removed", "guard implied: %s" % why
    return "removed", "its argument is the constant %s: it always passes" % n(op.args[0])


def _r_guard_value_const(op, args, n, note, reasons):
    return "removed", "the value is already the constant %s" % n(op.args[0])


def _r_known_nonnull(op, args, n, note, reasons):
    return "removed", "%s is already known to be non-NULL (a fresh object or an earlier guard)" % n(op.args[0])


def _r_known_class(op, args, n, note, reasons):
    return "removed", "%s already known: %s is %s" % (op.name, n(op.args[0]), class_name(op.args[1].value))


def _r_merged_class(op, args, n, note, reasons):
    return "removed", "merged into the guard_nonnull on %s just before, now guard_nonnull_class %s" % (
        n(op.args[0]), class_name(op.args[1].value))


def _r_merged_nonnull(op, args, n, note, reasons):
    merged, _ = args
    return "replaced by guard_nonnull_class", "the guard_class on %s right after it merged in (class %s)" % (
        n(merged.args[0]), class_name(merged.args[1].value))


def _r_merged_new(op, args, n, note, reasons):
    return "added", "guard_nonnull and guard_class on %s merged into one guard" % n(op.args[0])


def _r_invalidation_checked(op, args, n, note, reasons):
    return "removed", "guard_not_invalidated already checked, and no call since"


def _r_no_call_before(op, args, n, note, reasons):
    return "removed", "no call just before it: nothing can have raised"


def _r_forced(op, args, n, note, reasons):
    virtual, into = args
    return "added", "forced: virtual %s escapes into %s" % (descr_text(op.descr), _escape(into, n))


def _r_forced_store(op, args, n, note, reasons):
    return "added", "writes the tracked %s of the forced %s" % (
        "item %s" % n(op.args[1]) if op.name.startswith("setarrayitem") else "field " + descr_text(op.descr),
        n(args[0]))


def _r_virtual_at_label(op, args, n, note, reasons):
    return "removed", "%s stays virtual across the jump: the peeled loop's label takes its fields" % (
        descr_text(op.descr))


def _r_virtual_new(op, args, n, note, reasons):
    return "removed", "allocation of %s is virtual, its fields are tracked" % descr_text(op.descr)


def _r_virtual_new_array(op, args, n, note, reasons):
    return "removed", "allocation of an array of %d items is virtual, its items are tracked" % args[0]


def _r_virtual_setfield(op, args, n, note, reasons):
    return "removed", "write of %s into %s of virtual %s: tracked, not stored" % (
        n(op.args[1]), descr_text(op.descr), n(op.args[0]))


def _r_virtual_getfield(op, args, n, note, reasons):
    value = args[0]
    return "replaced by %s" % n(value), "read of %s of virtual %s: the value %s" % (
        descr_text(op.descr), n(op.args[0]), "written to it" if args[1] is not None else "it holds")


def _r_virtual_length(op, args, n, note, reasons):
    return "replaced by %d" % args[0], "the length of virtual array %s is known" % n(op.args[0])


def _r_virtual_setitem(op, args, n, note, reasons):
    return "removed", "write of %s into item %s of virtual array %s: tracked, not stored" % (
        n(op.args[2]), n(op.args[1]), n(op.args[0]))


def _r_virtual_getitem(op, args, n, note, reasons):
    return "replaced by %s" % n(args[0]), "read of item %s of virtual array %s: the value %s" % (
        n(op.args[1]), n(op.args[0]), "written to it" if args[1] is not None else "it holds")


def _r_virtual_identity(op, args, n, note, reasons):
    result, virtual = args
    return "replaced by %d" % result, "%s is virtual, a fresh object: identical only to itself" % n(virtual)


def _r_virtual_nonnull(op, args, n, note, reasons):
    return "removed", "%s is virtual: not NULL" % n(op.args[0])


def _r_virtual_class(op, args, n, note, reasons):
    return "removed", "%s already known: %s is a virtual %s" % (op.name, n(op.args[0]),
                                                                class_name(op.args[1].value))


def _r_pure_fold(op, args, n, note, reasons):
    return "replaced by %s" % n(args[0]), "%s has constant arguments: computed now" % op_text(op, n)


def _r_pure_same(op, args, n, note, reasons):
    found, imported = args
    return "replaced by %s" % n(found), "same pure operation as %s = %s%s" % (
        n(found), op_text(found, n) if hasattr(found, "args") else op.name, _preamble(imported is not None))


def _call_name(op):
    return getattr(op.descr, "name", op.name).split(".")[-1]


def _r_elidable_fold(op, args, n, note, reasons):
    return "replaced by %s" % n(args[0]), "elidable call to %s with constant arguments: its result " \
        "while tracing" % _call_name(op)


def _r_elidable_fold_void(op, args, n, note, reasons):
    return "removed", "elidable call to %s with constant arguments and no result" % _call_name(op)


def _r_elidable_same(op, args, n, note, reasons):
    found, imported = args
    return "replaced by %s" % n(found), "same elidable call to %s as %s%s" % (
        _call_name(op), n(found), _preamble(imported is not None))


def _r_elidable_call(op, args, n, note, reasons):
    return "replaced by %s" % args[0].name, "%s is elidable, its arguments not all constant: the call " \
        "is made, and a later call with the same arguments shares its result" % _call_name(op)


def _r_elidable_call_new(op, args, n, note, reasons):
    return "added", "stands for %s: the elidable call made as a plain call (PyPy's optimizer does the " \
        "same)" % args[0].name


def _r_elidable_no_exception(op, args, n, note, reasons):
    call = args[0]
    return "removed", "the elidable call before it%s was folded or shared: it cannot raise" % (
        " (%s)" % _call_name(call) if call is not None else "")


def _r_heap_field(op, args, n, note, reasons):
    value, imported = args
    return "replaced by %s" % n(value), "%s of %s is already known: read or written earlier, nothing " \
        "since can change it%s" % (descr_text(op.descr), n(op.args[0]), _preamble(imported))


def _r_heap_item(op, args, n, note, reasons):
    value, imported = args
    return "replaced by %s" % n(value), "item %s of %s is already known%s" % (
        n(op.args[1]), n(op.args[0]), _preamble(imported))


def _r_heap_same_write(op, args, n, note, reasons):
    where = ("%s of %s" % (descr_text(op.descr), n(op.args[0])) if op.name == "setfield_gc"
             else "item %s of %s" % (n(op.args[1]), n(op.args[0])))
    return "removed", "%s already holds %s%s" % (where, n(op.args[-1]), _preamble(args[0]))


def _r_preamble_jump(op, args, n, note, reasons):
    return "replaced by the loop body's label", "the preamble (the first iteration) ends by entering the " \
        "peeled loop"


def _r_body_label(op, args, n, note, reasons):
    return "added", "the peeled loop starts here, with %d values; what the preamble established holds " \
        "here" % args[0]


def _r_body_jump(op, args, n, note, reasons):
    return "replaced", "the loop body jumps back to its own label"


def _r_body_jump_new(op, args, n, note, reasons):
    return "added", "the loop body jumps back to its own label, not to the preamble"


def _r_extra_at_end(op, args, n, note, reasons):
    return "added", "the label hands this value to the next iteration, so the body computes it at its end"


def _r_short_preamble(op, args, n, note, reasons):
    name = op.name
    if name in ("guard_class", "guard_nonnull_class"):
        what = "%s is %s" % (n(op.args[0]), class_name(op.args[1].value))
    elif name == "guard_nonnull":
        what = "%s is not NULL" % n(op.args[0])
    elif name == "guard_value":
        what = "%s is %s" % (n(op.args[0]), n(op.args[1]))
    elif name == "guard_true" and getattr(op.args[0], "name", None) in _SYMBOL:
        what = _condition(op.args[0], n)
    elif name == "guard_not_invalidated":
        what = "that the loop is still valid"
    else:
        what = _condition(op, n)
    return "added", "the bridge enters the peeled loop body, which assumes %s at its label: checked here" % what


def _r_short_preamble_read(op, args, n, note, reasons):
    return "added", "the bridge enters the peeled loop body, whose label takes %s: computed here" % op_text(op, n)


def _r_bridge_enters_body(op, args, n, note, reasons):
    return "replaced", "jumps to the peeled loop's body, not its preamble"


def _r_boxed_at_label(op, args, n, note, reasons):
    return "added", "a constant the loop body may not assume: passed as a label argument"


def _r_string_concat(op, args, n, note, reasons):
    return "removed", "call with OS_UNI_CONCAT: the result is a virtual concatenation of %s and %s" % (
        n(op.args[1]), n(op.args[2]))


def _r_string_slice(op, args, n, note, reasons):
    return "removed", "call with OS_UNI_SLICE: the result is a virtual slice of %s" % n(op.args[1])


def _r_string_newunicode(op, args, n, note, reasons):
    return "removed", "newunicode of constant length: a virtual string, its code points are tracked"


def _r_string_setitem(op, args, n, note, reasons):
    return "removed", "write of %s into virtual string %s: tracked, not stored" % (n(op.args[2]), n(op.args[0]))


def _r_string_length(op, args, n, note, reasons):
    return "replaced by %s" % n(args[0]), "length of %s: known (a virtual string's is the sum of its parts')" % (
        n(op.args[0]))


def _r_string_getitem(op, args, n, note, reasons):
    return "replaced by %s" % n(args[0]), "code point of virtual string %s: the value written there" % (
        n(op.args[0]))


def _r_string_getitem_slice(op, args, n, note, reasons):
    return "replaced by %s" % n(args[0]), "code point of virtual slice %s: read from the string it slices" % (
        n(op.args[0]))


def _r_string_getitem_concat(op, args, n, note, reasons):
    return "replaced by %s" % n(args[0]), "code point of virtual concatenation %s at a constant index: " \
        "read from the part it falls in" % n(op.args[0])


def _r_string_getitem_const(op, args, n, note, reasons):
    return "replaced by %s" % n(args[0]), "code point of a constant string at a constant index"


def _r_string_getitem_slice_new(op, args, n, note, reasons):
    return "added", "reads the code point %s of the virtual slice stands for" % n(args[0])


def _r_string_no_exception(op, args, n, note, reasons):
    return "removed", "the call before it (%s) was made a virtual string: nothing can raise" % n(args[0])


def _r_string_forced(op, args, n, note, reasons):
    virtual, into = args
    return "added", "forced: virtual string %s escapes into %s" % (n(virtual), _escape(into, n))


def _r_string_copy(op, args, n, note, reasons):
    return "added", "copies a part of the forced string %s" % n(args[0])


def _r_string_copy_item(op, args, n, note, reasons):
    return "added", "writes a tracked code point of the forced string %s" % n(args[0])


def _r_string_copy_read(op, args, n, note, reasons):
    return "added", "reads a code point to copy into the forced string %s (a short copy: PyPy's " \
        "copy_str_content)" % n(args[0])


def _r_string_length_add(op, args, n, note, reasons):
    return "added", "the length of a virtual concatenation, or an offset in the string being forced"


def _r_string_length_sub(op, args, n, note, reasons):
    return "added", "the length of a virtual slice"


def _r_string_length_read(op, args, n, note, reasons):
    return "added", "the length of %s, which a virtual string is made of" % n(args[0])


def _r_string_equal(op, args, n, note, reasons):
    return "replaced by %s" % n(args[0]), "call with OS_UNI_EQUAL: %s" % args[1]


def _r_string_equal_new(op, args, n, note, reasons):
    return "added", "stands for the OS_UNI_EQUAL call %s" % n(args[0])


def _r_string_equal_no_exception(op, args, n, note, reasons):
    return "removed", "the OS_UNI_EQUAL call before it (%s) cannot raise" % n(args[0])


REASONS = {name[len("_r_"):]: fn for name, fn in globals().items() if name.startswith("_r_")}

# the pass (or part of the optimizer) each rule belongs to
PASS_OF = {}
for _pass, _codes in {
        "intbounds": "bounds_decide bounds_nonzero no_overflow no_overflow_new",
        "rewrite": "algebra guard_const guard_value_const known_nonnull known_class merged_class merged_nonnull "
                   "merged_new invalidation_checked",
        "virtualize": "virtual_new virtual_new_array virtual_setfield virtual_getfield virtual_length "
                      "virtual_setitem virtual_getitem virtual_identity virtual_nonnull virtual_class",
        "string": "string_concat string_slice string_newunicode string_setitem string_length string_getitem "
                  "string_getitem_slice string_getitem_slice_new string_no_exception string_forced string_copy "
                  "string_copy_item string_copy_read string_length_add string_length_sub string_length_read string_equal "
                  "string_equal_new string_equal_no_exception string_getitem_concat string_getitem_const",
        "pure": "pure_fold pure_same elidable_fold elidable_fold_void elidable_same elidable_call "
                "elidable_call_new elidable_no_exception",
        "heap": "heap_field heap_item heap_same_write",
        "unroll": "virtual_at_label preamble_jump body_label body_jump body_jump_new extra_at_end "
                  "short_preamble short_preamble_read bridge_enters_body boxed_at_label",
        "driver": "forced forced_store no_call_before ovf_guard_gone ovf_guard_fails ovf_guard_fails_new"}.items():
    for _code in _codes.split():
        PASS_OF[_code] = _pass
assert set(PASS_OF) == set(REASONS), set(PASS_OF) ^ set(REASONS)

