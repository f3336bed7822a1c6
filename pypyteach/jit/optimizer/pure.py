"""pure: constant folding and common-subexpression elimination (PyPy's OptPure).

- A pure operation (no side effect, result a function of its arguments)
  whose arguments are all constants is computed now, with executor.py,
  and becomes a constant.  Reading an immutable ("pure") field or the
  length of a constant object is folded the same way.
- A pure operation equal to one already emitted (same name, descr and
  arguments; either order for commutative ones) is replaced by it.
- A residual call to an *elidable* host function (``@elidable``, see
  vm/interpreter/jithints.py), which the tracer records as ``call_pure_*``
  (as PyPy's metainterp does), is pure too: with constant arguments it
  folds to the result seen while tracing and its ``guard_no_exception``
  goes (it did not raise then, and cannot now); a repeated call is
  replaced by the first; otherwise it is emitted as a plain ``call_*``, as
  PyPy's OptPure emits it (``optimize_call_pure``: "replace CALL_PURE with
  just CALL").
"""

from ...vm.interpreter.jithints import is_elidable
from .. import executor
from ..resoperation import Const, const_of_kind
from .optimizer import Optimization, const_key, replace

COMMUTATIVE = frozenset(["int_add", "int_mul", "int_and", "int_or", "int_xor", "int_eq", "int_ne",
                         "float_add", "float_mul", "float_eq", "float_ne", "ptr_eq", "ptr_ne"])
_HEAP_READS = ("getfield_gc_", "arraylen_gc", "unicodelen", "unicodegetitem")   # of a constant: a str never changes


def _descr_key(descr):
    key = descr.key() if hasattr(descr, "key") else descr
    try:
        hash(key)
    except TypeError:
        return id(descr)
    return key


def is_pure_read(op):
    """Reads that give the same result whenever made: immutable fields,
    array lengths."""
    if op.name.startswith("getfield_gc_"):
        return bool(getattr(op.descr, "immutable", False))
    return op.name == "arraylen_gc"


class OptPure(Optimization):
    name = "pure"

    def setup(self):
        self.cache = {}                 # key -> (name, descr, args, result)
        self.imported = {}              # key -> where an entry of import_state came from
        self.drop_guard_no_exception = False
        self.dropped_call = None
        self.last_imported = None       # the source of the last cache hit, if imported (for reasons)

    def key(self, name, descr, args):
        return (name, _descr_key(descr) if descr is not None else None,
                tuple(const_key(replace(a)) for a in args))

    def lookup(self, name, descr, args):
        keys = [self.key(name, descr, args)]
        if name in COMMUTATIVE:
            keys.append(self.key(name, descr, args[::-1]))
        for key in keys:
            found = self.cache.get(key)
            if found is not None:
                self.last_imported = self.imported.get(key)
                self.optimizer.note_import_used(self.last_imported)
                return replace(found[3])
        return None

    def remember(self, name, descr, args, result):
        self.cache[self.key(name, descr, args)] = (name, descr, list(args), result)

    def optimize_default(self, op):
        if op.name == "guard_no_exception" and self.drop_guard_no_exception:
            self.drop_guard_no_exception = False
            self.optimizer.note(op, "removed", "elidable_no_exception", self.dropped_call)
            return
        self.drop_guard_no_exception = False
        if op.spec.is_call:
            self.optimize_call(op)
        elif op.spec.is_pure or is_pure_read(op):
            self.optimize_pure(op)
        else:
            self.emit(op)

    def optimize_pure(self, op):
        folded = self.fold(op)
        if folded is not None:
            self.optimizer.note(op, "replaced", "pure_fold", folded)
            self.make_constant(op, folded)
            return
        found = self.lookup(op.name, op.descr, op.args)
        if found is not None:
            self.optimizer.note(op, "replaced", "pure_same", found, self.last_imported)
            self.make_equal_to(op, found)
            return
        self.emit(op)
        self.remember(op.name, op.descr, op.args, op)

    def fold(self, op):
        """The constant result of ``op`` if all its arguments are constants."""
        if not all(isinstance(a, Const) for a in op.args):
            return None
        ll = None
        if op.name.startswith(_HEAP_READS):
            ll = self.optimizer.direct_ll()
            if ll is None or not op.args[0].value:
                return None
        try:
            value = executor.execute(ll, op.name, [a.value for a in op.args], op.descr)
        except (ArithmeticError, ValueError, NotImplementedError):
            return None             # e.g. a division by zero: left to fail at run time
        return const_of_kind(op.type, value)

    # -- calls ------------------------------------------------------------------------------

    def optimize_call(self, op):
        func = getattr(op.descr, "func", None)
        if op.spec.is_pure or (func is not None and is_elidable(func)):
            self.optimize_elidable_call(op)
        else:
            self.emit(op)

    def optimize_elidable_call(self, op):
        if all(isinstance(a, Const) for a in op.args):
            value = op.value if op.value is not None else op.descr.call([a.value for a in op.args[1:]])
            if op.type != "v":
                self.optimizer.note(op, "replaced", "elidable_fold", const_of_kind(op.type, value))
                self.make_constant(op, const_of_kind(op.type, value))
            else:
                self.optimizer.note(op, "removed", "elidable_fold_void")
            self.drop_guard_no_exception = True
            self.dropped_call = op
            return
        if op.type == "v":
            self.emit(op)           # an elidable call without a result: nothing to share
            return
        pure_name = "call_pure_" + op.type
        found = self.lookup(pure_name, op.descr, op.args)
        if found is not None:
            self.optimizer.note(op, "replaced", "elidable_same", found, self.last_imported)
            self.make_equal_to(op, found)
            self.drop_guard_no_exception = True
            self.dropped_call = op
            return
        call_name = "call_" + op.type
        if op.name != call_name:
            new = op.copy_and_change(call_name)
            self.optimizer.note(op, "replaced", "elidable_call", new)
            self.optimizer.note(new, "added", "elidable_call_new", op)
            self.make_equal_to(op, new)
            op = new
        self.emit(op)
        self.remember(pure_name, op.descr, op.args, op)

    # -- unroll ----------------------------------------------------------------------------

    def export_state(self):
        return [("pure", name, descr, [replace(a) for a in args], replace(result))
                for name, descr, args, result in self.cache.values()]

    def import_state(self, entries):
        for kind, name, descr, args, result, source in entries:
            if kind == "pure":
                self.remember(name, descr, args, result)
                self.imported[self.key(name, descr, args)] = source
