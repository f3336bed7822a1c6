"""heap: caching reads and writes of the heap (PyPy's OptHeap).

The pass remembers, per (object, field descr) and per (array, index, array
descr), the value last read or written there:

- a read of a remembered location is replaced by the remembered value;
- a write of the value a location already holds is dropped.

What may change memory makes it forget:

- a write to field ``f`` of one object forgets ``f`` of every *other*
  object (they may be the same object: nothing here proves otherwise);
- a write to an array item forgets the items of other arrays with the same
  descr at the same index, and every item if the index is not a constant;
- a residual call may write anything: it forgets everything except
  immutable ("pure") fields, which never change once an object is built.

Writes are never delayed or reordered.  A failing guard's blackhole step
re-enters its bytecode from the start and expects every
earlier write done (PyPy keeps delayed writes in the resume data instead),
so writes stay where they were, and only writes that change nothing go.
"""

from ..resoperation import Const
from .optimizer import Optimization, const_key, may_write_heap, replace


def _same(a, b):
    a, b = replace(a), replace(b)
    return a is b or (isinstance(a, Const) and isinstance(b, Const) and const_key(a) == const_key(b))


class OptHeap(Optimization):
    name = "heap"

    def setup(self):
        self.fields = {}                # FieldDescr -> {object: value}
        self.items = {}                 # ArrayDescr -> {(array, index key): (index, value)}
        self.imported = {}              # (descr, object[, index key]) -> (source, value) of import_state

    def note_hit(self, key, value):
        """A cached value was used: tell the optimizer if it was imported."""
        source, imported = self.imported.get(key, (None, None))
        if imported is value:
            self.optimizer.note_import_used(source)

    def from_preamble(self, key, value):
        """Is ``value``, cached at ``key``, what the preamble handed over?"""
        return self.imported.get(key, (None, None))[1] is value

    # -- fields -----------------------------------------------------------------------------

    def optimize_getfield(self, op):
        obj = op.args[0]
        cached = self.fields.get(op.descr, {}).get(obj)
        if cached is not None:
            self.note_hit((op.descr, obj), cached)
            self.optimizer.note(op, "replaced", "heap_field", replace(cached),
                                self.from_preamble((op.descr, obj), cached))
            self.make_equal_to(op, cached)
            return
        self.emit(op)
        self.fields.setdefault(op.descr, {})[obj] = op

    optimize_GETFIELD_GC_I = optimize_GETFIELD_GC_R = optimize_GETFIELD_GC_F = optimize_getfield

    def optimize_SETFIELD_GC(self, op):
        obj, value = op.args
        cache = self.fields.get(op.descr, {})
        if obj in cache and _same(cache[obj], value):
            self.note_hit((op.descr, obj), cache[obj])
            self.optimizer.note(op, "removed", "heap_same_write", self.from_preamble((op.descr, obj), cache[obj]))
            return                  # the field already holds this value
        self.emit(op)
        if getattr(op.descr, "immutable", False):
            # only a fresh object's immutable field is ever written: no other changes
            self.fields.setdefault(op.descr, {})[obj] = value
        else:
            # any other object may be this one: only this entry is still sure
            self.fields[op.descr] = {obj: value}

    # -- array items ---------------------------------------------------------------------------

    def optimize_getarrayitem(self, op):
        array, index = op.args
        cached = self.items.get(op.descr, {}).get((array, const_key(index)))
        if cached is not None:
            self.note_hit((op.descr, array, const_key(index)), cached[1])
            self.optimizer.note(op, "replaced", "heap_item", replace(cached[1]),
                                self.from_preamble((op.descr, array, const_key(index)), cached[1]))
            self.make_equal_to(op, cached[1])
            return
        self.emit(op)
        self.items.setdefault(op.descr, {})[(array, const_key(index))] = (index, op)

    optimize_GETARRAYITEM_GC_I = optimize_GETARRAYITEM_GC_R = optimize_GETARRAYITEM_GC_F = optimize_getarrayitem

    def optimize_SETARRAYITEM_GC(self, op):
        array, index, value = op.args
        key = (array, const_key(index))
        cache = self.items.get(op.descr, {})
        if key in cache and _same(cache[key][1], value):
            self.note_hit((op.descr,) + key, cache[key][1])
            self.optimizer.note(op, "removed", "heap_same_write", self.from_preamble((op.descr,) + key, cache[key][1]))
            return
        self.emit(op)
        if isinstance(index, Const):
            # other arrays may be this one; other constant indexes are other items
            kept = {k: v for k, v in cache.items()
                    if isinstance(v[0], Const) and const_key(v[0]) != const_key(index)}
        else:
            kept = {}
        kept[key] = (index, value)
        self.items[op.descr] = kept

    # -- what forgets ---------------------------------------------------------------------------

    def optimize_default(self, op):
        if may_write_heap(op):
            self.forget_mutable()
        self.emit(op)

    def forget_mutable(self):
        self.fields = {descr: cache for descr, cache in self.fields.items() if getattr(descr, "immutable", False)}
        self.items = {}

    # -- unroll ----------------------------------------------------------------------------------

    def export_state(self):
        entries = []
        for descr, cache in self.fields.items():
            for obj, value in cache.items():
                entries.append(("field", None, descr, [replace(obj)], replace(value)))
        for descr, cache in self.items.items():
            for (array, _), (index, value) in cache.items():
                entries.append(("item", None, descr, [replace(array), replace(index)], replace(value)))
        return entries

    def import_state(self, entries):
        for kind, _, descr, keys, value, source in entries:
            if kind == "field":
                self.fields.setdefault(descr, {})[keys[0]] = value
                self.imported[(descr, keys[0])] = (source, value)
            elif kind == "item":
                self.items.setdefault(descr, {})[(keys[0], const_key(keys[1]))] = (keys[1], value)
                self.imported[(descr, keys[0], const_key(keys[1]))] = (source, value)
