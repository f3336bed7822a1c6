"""Container operations: subscription, iteration, membership, building.

Fast paths (ll style) cover what hot loops do: ``lst[i]`` and ``lst[i] = x``
with a machine-int index, ``for i in range(...)`` and ``for x in lst``.
Everything else is host code following Python's protocols.
"""

from ..memory import layout as L
from ..memory.heap import NULL
from ..memory.lloperation import MAXINT
from .std import typeobject, dictobject, listobject, strobject, iterobject, setobject, tupleobject
from .std.listobject import LIST_LENGTH


INT = L.W_IntObject.tid
BOOL = L.W_BoolObject.tid
INT_LIKE = frozenset([INT, BOOL])
LIST = L.W_ListObject.tid
TUPLE = L.W_TupleObject.tid
STR = L.W_UnicodeObject.tid
INTVAL = L.W_IntObject.field("intval")
RANGE_ITER = L.W_IntRangeIterator
RI_CURRENT, RI_STOP, RI_STEP = (RANGE_ITER.field("current"), RANGE_ITER.field("stop"),
                                RANGE_ITER.field("step"))
SEQ_ITER = L.W_SeqIterObject
ENUMERATE = L.W_EnumerateObject
EN_ITER, EN_INDEX = ENUMERATE.field("iter"), ENUMERATE.field("index")
SI_SEQ, SI_INDEX = SEQ_ITER.field("seq"), SEQ_ITER.field("index")
TUPLE_ARRAY = L.W_TupleObject.array
SLICE = L.W_SliceObject.tid
DICT = L.W_DictObject.tid
SLICE_START, SLICE_STOP, SLICE_STEP = (L.W_SliceObject.field("start"), L.W_SliceObject.field("stop"),
                                       L.W_SliceObject.field("step"))


class ContainerOperations:
    """Mixed into ObjSpace."""

    # -- subscription -----------------------------------------------------------------

    def getitem(self, w_obj, w_index, gc_safe=False):
        """``obj[index]``: a list, tuple or str with a machine-int index
        (negative ones counted from the end, as PyPy's traces do) inline, a
        str's slices as the string pass sees them; the rest, and an index
        out of range (IndexError), generic.  ``gc_safe``: the caller holds
        no other heap reference across the call (BINARY_SUBSCR popped both
        operands), so a ``__getitem__`` written in Python runs with
        collections allowed."""
        ll = self.ll
        tid = ll.classof(w_obj)
        if tid == DICT:
            # one residual call of the lookup, as in PyPy's traces (there
            # ``ll_call_lookup_function``, then a read of the entry)
            if gc_safe:
                # pins both: the key's __hash__/__eq__ may collect
                return ll.call_r(dictobject.dict_getitem, self, w_obj, w_index)
            return ll.call_r(dictobject.getitem_or_raise, self, w_obj, w_index)
        if tid == STR:
            w_result = strobject.ll_subscr(self, w_obj, w_index)
            if w_result is not None:
                return w_result
            return ll.call_r(self.getitem_generic, w_obj, w_index, gc_safe)
        if not (tid == LIST or tid in L.TUPLE_TIDS):
            return ll.call_r(self.getitem_generic, w_obj, w_index, gc_safe)
        index_tid = ll.classof(w_index)
        if index_tid == SLICE:
            start, stop, step = self._slice_fields(w_index)
            return ll.call_r(self.getitem_slice, w_obj, start, stop, step)
        if index_tid in INT_LIKE:
            index = ll.getfield_gc_i(w_index, INTVAL)
            index = self._seq_index(index, self.ll_len(w_obj, tid))
            if index is not None:
                if tid == LIST:
                    return listobject.ll_getitem(self, w_obj, index)
                if tid == TUPLE:
                    return ll.getarrayitem_gc_r(w_obj, index, TUPLE_ARRAY)
                first = ll.is_true(ll.int_eq(index, ll.const(0)))
                return tupleobject.ll_items2(self, w_obj, tid)[0 if first else 1]
        return ll.call_r(self.getitem_generic, w_obj, w_index, gc_safe)

    def _slice_fields(self, w_slice):
        """The start, stop and step of a slice object: a slice built by
        BUILD_SLICE stays virtual in a trace when only subscription reads
        it (PyPy's traces pass its parts to the slicing call the same way)."""
        ll = self.ll
        return (ll.getfield_gc_r(w_slice, SLICE_START), ll.getfield_gc_r(w_slice, SLICE_STOP),
                ll.getfield_gc_r(w_slice, SLICE_STEP))

    def getitem_slice(self, w_obj, w_start, w_stop, w_step):
        """``obj[start:stop:step]`` (host code, called with the slice's
        parts): a new slice object for the type's ``__getitem__``."""
        return self.getitem_generic(w_obj, self.newslice(w_start, w_stop, w_step))

    def setitem_slice(self, w_obj, w_start, w_stop, w_step, w_value):
        self.setitem_generic(w_obj, self.newslice(w_start, w_stop, w_step), w_value)

    def ll_newslice(self, w_start, w_stop, w_step):
        """BUILD_SLICE (ll style): a new W_SliceObject."""
        ll = self.ll
        w_slice = ll.new_with_vtable(L.W_SliceObject.size_descr)
        ll.setfield_gc(w_slice, w_start, SLICE_START)
        ll.setfield_gc(w_slice, w_stop, SLICE_STOP)
        ll.setfield_gc(w_slice, w_step, SLICE_STEP)
        return w_slice

    def setitem(self, w_obj, w_index, w_value, gc_safe=False):
        """``w_obj[w_index] = w_value``; ``gc_safe`` as for getitem."""
        ll = self.ll
        tid = ll.classof(w_obj)
        if tid == DICT:
            if gc_safe:
                # dict_setitem pins its arguments: the key's __hash__/__eq__ may collect
                ll.call_n(dictobject.dict_setitem, self, w_obj, w_index, w_value)
            else:
                ll.call_n(dictobject.setitem, self, w_obj, w_index, w_value)
            return
        if tid == LIST and ll.classof(w_index) == SLICE:
            start, stop, step = self._slice_fields(w_index)
            ll.call_n(self.setitem_slice, w_obj, start, stop, step, w_value)
            return
        if tid == LIST and ll.classof(w_index) in INT_LIKE:
            index = ll.getfield_gc_i(w_index, INTVAL)
            index = self._seq_index(index, ll.getfield_gc_i(w_obj, LIST_LENGTH))
            if index is not None:
                listobject.ll_setitem(self, w_obj, index, w_value)
                return
        ll.call_n(self.setitem_generic, w_obj, w_index, w_value, gc_safe)

    def _seq_index(self, index, length):
        """The ll index into a sequence of ``length`` items, a negative one
        counted from the end; None if out of range (the generic path
        raises).  A non-negative index costs the same two guards as
        before negative ones were handled."""
        ll = self.ll
        if not ll.is_true(ll.int_ge(index, ll.const(0))):
            index = ll.int_add(index, length)
            if not ll.is_true(ll.int_ge(index, ll.const(0))):
                return None
        if ll.is_true(ll.int_lt(index, length)):
            return index
        return None

    def getitem_generic(self, w_obj, w_index, gc_safe=False):
        w_method = typeobject.lookup(self, self.type(w_obj), "__getitem__")
        if not w_method:
            if self.tid(w_obj) == L.W_TypeObject.tid:
                raise self.type_error("type '%s' is not subscriptable" % self.type_name_of(w_obj))
            raise self.type_error("'%s' object is not subscriptable" % self.type_name(w_obj))
        if gc_safe:
            return self.call_held(w_method, [w_obj, w_index])
        return self.call_function(w_method, w_obj, w_index)

    def setitem_generic(self, w_obj, w_index, w_value, gc_safe=False):
        w_method = typeobject.lookup(self, self.type(w_obj), "__setitem__")
        if not w_method:
            raise self.type_error("'%s' object does not support item assignment" % self.type_name(w_obj))
        if gc_safe:
            self.call_held(w_method, [w_obj, w_index, w_value])
        else:
            self.call_function(w_method, w_obj, w_index, w_value)

    def delitem(self, w_obj, w_index):
        """DELETE_SUBSCR, which popped both operands: nothing else is held,
        so ``__delitem__`` runs with collections allowed (call_held)."""
        w_method = typeobject.lookup(self, self.type(w_obj), "__delitem__")
        if not w_method:
            raise self.type_error("'%s' object doesn't support item deletion" % self.type_name(w_obj))
        self.call_held(w_method, [w_obj, w_index])

    def contains(self, w_container, w_item):
        """``item in container`` as a host int (0 or 1).  Only CONTAINS_OP
        calls it, which popped both operands: nothing else is held, so
        ``__contains__`` runs with collections allowed (call_held)."""
        w_method = typeobject.lookup(self, self.type(w_container), "__contains__")
        if w_method:
            return int(self.generic_is_true(self.call_held(w_method, [w_container, w_item])) == 1)
        w_type = self.type(w_container)
        if not (typeobject.lookup(self, w_type, "__iter__") or typeobject.lookup(self, w_type, "__getitem__")):
            # CPython's message for ``in`` (iter_generic's is "'int' object is not iterable")
            raise self.type_error("argument of type '%s' is not iterable" % self.type_name(w_container))
        # CONTAINS_OP popped both operands: nothing else is held
        for w_next in self.iterate(w_container, [w_item]):
            if self.eq_w(w_next, w_item):
                return 1
        return 0

    # -- iteration ---------------------------------------------------------------------------

    def iter(self, w_obj):
        ll = self.ll
        tid = ll.classof(w_obj)
        if tid == L.W_RangeObject.tid:
            return iterobject.ll_range_iter(self, w_obj)
        if tid == LIST or tid in L.TUPLE_TIDS or tid == STR:
            w_iter = ll.new_with_vtable(SEQ_ITER.size_descr)
            ll.setfield_gc(w_iter, w_obj, SI_SEQ)
            ll.setfield_gc(w_iter, ll.const(0), SI_INDEX)
            return w_iter
        return ll.call_r(self.iter_generic, w_obj)

    def iter_generic(self, w_obj):
        w_method = typeobject.lookup(self, self.type(w_obj), "__iter__")
        if w_method:
            w_iter = self.call_function(w_method, w_obj)
            if not typeobject.lookup(self, self.type(w_iter), "__next__"):
                raise self.type_error("iter() returned non-iterator of type '%s'" % self.type_name(w_iter))
            return w_iter
        if typeobject.lookup(self, self.type(w_obj), "__getitem__"):
            return iterobject.new_seq_iter(self, w_obj)
        raise self.type_error("'%s' object is not iterable" % self.type_name(w_obj))

    def next_or_null(self, w_iter, gc_safe=False):
        """The next item, or NULL when the iterator is exhausted.

        ``gc_safe``: ``w_iter`` and every heap reference the caller holds
        are rooted (on a frame's stack for FOR_ITER; pinned for host loops,
        see ``iterate``), so a generator's body may collect garbage."""
        ll = self.ll
        tid = ll.classof(w_iter)
        if tid == RANGE_ITER.tid:
            current = ll.getfield_gc_i(w_iter, RI_CURRENT)
            step = ll.getfield_gc_i(w_iter, RI_STEP)
            stop = ll.getfield_gc_i(w_iter, RI_STOP)
            if ll.is_true(ll.int_gt(step, ll.const(0))):
                more = ll.int_lt(current, stop)
            else:
                more = ll.int_gt(current, stop)
            if not ll.is_true(more):
                return NULL
            # box first: an allocation before the bytecode's first heap write
            # keeps its nursery exit in compiled code (tracer.record_alloc)
            w_item = self.newint(current)
            ll.setfield_gc(w_iter, ll.int_add(current, step), RI_CURRENT)
            return w_item
        if tid == SEQ_ITER.tid:
            # the iterator of a list, tuple or str: inline, as PyPy's
            # W_FastListIterObject, W_FastTupleIterObject and its str iterator
            w_seq = ll.getfield_gc_r(w_iter, SI_SEQ)
            if not ll.is_null(w_seq):
                seq_tid = ll.classof(w_seq)
                if seq_tid == LIST or seq_tid == STR or seq_tid in L.TUPLE_TIDS:
                    index = ll.getfield_gc_i(w_iter, SI_INDEX)
                    if ll.is_true(ll.int_lt(index, self.ll_len(w_seq, seq_tid))):
                        if seq_tid == LIST:
                            w_item = listobject.ll_getitem(self, w_seq, index)
                        elif seq_tid == STR:
                            w_item = strobject.ll_char(self, w_seq, index)
                        elif seq_tid == TUPLE:
                            w_item = ll.getarrayitem_gc_r(w_seq, index, TUPLE_ARRAY)
                        else:
                            first = ll.is_true(ll.int_eq(index, ll.const(0)))
                            w_item = tupleobject.ll_items2(self, w_seq, seq_tid)[0 if first else 1]
                        # items are never NULL: FOR_ITER's test of the item needs no guard
                        ll.is_null(w_item)
                        ll.setfield_gc(w_iter, ll.int_add(index, ll.const(1)), SI_INDEX)
                        return w_item
                    ll.setfield_gc(w_iter, ll.const(NULL), SI_SEQ)
                    return NULL
        if tid == ENUMERATE.tid:
            w_tuple = self._enumerate_next(w_iter, gc_safe)
            if w_tuple is not None:
                return w_tuple
        if tid == L.W_GeneratorObject.tid:
            return ll.call_r(self.interp.generator_next, w_iter, gc_safe)
        return ll.call_r(self.next_generic, w_iter, gc_safe)

    def _enumerate_next(self, w_enum, gc_safe):
        """``enumerate``'s next over a range, list, tuple or str iterator,
        inline (PyPy's W_Enumerate.descr_next is RPython without a loop: its
        traces inline it), or None: a residual call.

        Everything that can fail a guard comes before the first heap write
        (the inner iterator's), as the blackhole step re-runs the bytecode
        from its start: the index's class and range, the inner iterator's
        kind, the two allocations (a plain 2-tuple: no class guards on its
        items), then the inner next (its guards, then its write); the
        tuple's items and the new index are written after."""
        ll = self.ll
        w_index = ll.getfield_gc_r(w_enum, EN_INDEX)
        if ll.classof(w_index) != INT:
            return None
        index = ll.getfield_gc_i(w_index, INTVAL)
        if not ll.is_true(ll.int_lt(index, ll.const(MAXINT))):
            return None
        w_inner = ll.getfield_gc_r(w_enum, EN_ITER)
        inner_tid = ll.classof(w_inner)
        if inner_tid != RANGE_ITER.tid and inner_tid != SEQ_ITER.tid:
            return None
        w_tuple = ll.new_array(L.W_TupleObject, 2)
        w_next_index = self.newint(ll.int_add(index, ll.const(1)))
        w_item = self.next_or_null(w_inner, gc_safe)
        if ll.is_null(w_item):
            return NULL
        ll.setarrayitem_gc(w_tuple, ll.const(0), w_index, TUPLE_ARRAY)
        ll.setarrayitem_gc(w_tuple, ll.const(1), w_item, TUPLE_ARRAY)
        ll.setfield_gc(w_enum, w_next_index, EN_INDEX)
        return w_tuple

    def next_generic(self, w_iter, gc_safe=False):
        if gc_safe:
            # a chain (map over zip over a generator...) passes the promise on
            return iterobject.next_generic(self, w_iter)
        with self.gc.inhibited():
            return iterobject.next_generic(self, w_iter)

    def iterate(self, w_iterable, held):
        """The items of a guest iterable, one at a time, for a host loop.

        A generator behind it runs with collections allowed, so its garbage
        is freed as it goes (in PyPy, the GC finds the host's references on
        its shadow stack; here the host says where they are): the iterator
        is pinned, and so is ``held``, the list in which the caller keeps
        every other heap reference it needs across items.  The arguments of
        the builtin that loops are pinned by ``call_args``."""
        w_iter = self.iter(w_iterable)
        roots = [w_iter]
        with self.gc.pinning(roots), self.gc.pinning(held):
            while True:
                w_item = self.next_or_null(w_iter, True)
                if not w_item:
                    return
                yield w_item

    def drain(self, w_iter, held=()):
        """All remaining items of a guest iterator as a host list; collections
        allowed as in ``iterate`` (the items so far are pinned)."""
        items = []
        with self.gc.pinning([w_iter]), self.gc.pinning(items), self.gc.pinning(held):
            while True:
                w_item = self.next_or_null(w_iter, True)
                if not w_item:
                    return items
                items.append(w_item)

    def next(self, w_iter):
        """next(it): the item, or StopIteration raised."""
        w_item = self.next_or_null(w_iter)
        if not w_item:
            raise self.error(self.w_StopIteration)
        return w_item

    def unpack_iterable(self, w_iterable, held):
        """All items of an iterable, as a host list.  A generator behind the
        iterable collects its garbage as it goes: ``held`` lists every other
        heap reference the caller needs afterwards ([] when none), pinned
        meanwhile (``drain``)."""
        tid = self.tid(w_iterable)
        if tid == LIST:
            return listobject.list_items(self, w_iterable)
        if tid in L.TUPLE_TIDS:
            return self.tuple_w(w_iterable)
        return self.drain(self.iter(w_iterable), held)

    def unpack_sequence(self, w_iterable, expected):
        """The ``expected`` items of an iterable, as a host list of ll values."""
        ll = self.ll
        tid = ll.classof(w_iterable)
        if tid in tupleobject.SPECIALISED and expected == 2:
            return tupleobject.ll_items2(self, w_iterable, tid)
        if tid != TUPLE:
            w_iterable = ll.call_r(self._unpack_checked, w_iterable, expected)
        elif not ll.is_true(ll.int_eq(ll.arraylen_gc(w_iterable, TUPLE_ARRAY), ll.const(expected))):
            w_iterable = ll.call_r(self._unpack_checked, w_iterable, expected)
        return [ll.getarrayitem_gc_r(w_iterable, ll.const(i), TUPLE_ARRAY) for i in range(expected)]

    def _unpack_checked(self, w_iterable, expected):
        """A tuple of exactly ``expected`` items, or CPython's ValueError.
        UNPACK_SEQUENCE popped the iterable: nothing else is held while a
        generator behind it runs (with collections allowed)."""
        items = self.unpack_iterable(w_iterable, ())
        if len(items) > expected:
            raise self.value_error("too many values to unpack (expected %d)" % expected)
        if len(items) < expected:
            raise self.value_error("not enough values to unpack (expected %d, got %d)" % (expected, len(items)))
        return self.newtuple_generic(items)     # read as a W_TupleObject by unpack_sequence

    def unpack_starred(self, w_iterable, before, after):
        """``a, *b, c = it``: a tuple (items before, list of the middle,
        items after).  UNPACK_EX popped the iterable: nothing else is held."""
        items = self.unpack_iterable(w_iterable, ())
        if len(items) < before + after:
            raise self.value_error("not enough values to unpack (expected at least %d, got %d)"
                                   % (before + after, len(items)))
        middle = items[before:len(items) - after]
        return self.newtuple(items[:before] + [self.newlist(middle)] + items[len(items) - after:])

    def list_to_tuple(self, w_list):
        return self.newtuple(listobject.list_items(self, w_list))

    def call_star_args(self, w_func, w_args, w_kwargs):
        """f(*args, **kwargs): a call from host code.  CALL_FUNCTION_EX
        popped its operands and holds nothing else: the function and the
        keywords are pinned while a generator behind ``w_args`` runs, and
        the call itself may collect (call_held)."""
        args_w = self.unpack_iterable(w_args, [w_func, w_kwargs])
        kwargs_w = None
        if w_kwargs:
            kwargs_w = {}
            for w_key, w_value in dictobject.items(self, w_kwargs):
                if self.tid(w_key) != STR:
                    raise self.type_error("keywords must be strings")
                kwargs_w[self.str_w(w_key)] = w_value
        return self.call_held(w_func, args_w, kwargs_w)

    # -- building --------------------------------------------------------------------------------

    def list_append(self, w_list, w_item):
        listobject.append(self, w_list, w_item)

    def list_extend(self, w_list, w_iterable):
        items = self.unpack_iterable(w_iterable, [w_list, w_iterable])
        listobject.set_items(self, w_list, listobject.list_items(self, w_list) + items)

    def newdict_from_flat(self, items_w):
        w_dict = self.newdict()
        for i in range(0, len(items_w), 2):
            dictobject.setitem(self, w_dict, items_w[i], items_w[i + 1])
        return w_dict

    def dict_setitem(self, w_dict, w_key, w_value):
        """MAP_ADD: the dict is on the frame's stack, the key and value were
        popped; held_setitem pins them while the key's __hash__/__eq__ run."""
        dictobject.held_setitem(self, w_dict, w_key, w_value)

    def dict_update(self, w_dict, w_mapping, reject_duplicates):
        """{**m} (DICT_UPDATE) and f(**m) (DICT_MERGE: a key twice is an error)."""
        if not reject_duplicates:
            dictobject.update_arg(self, w_dict, w_mapping)
            return
        if self.tid(w_mapping) != L.W_DictObject.tid:
            raise self.type_error("argument after ** must be a mapping, not %s" % self.type_name(w_mapping))
        for w_key, w_value in dictobject.items(self, w_mapping):
            if dictobject.getitem(self, w_dict, w_key):
                raise self.type_error("got multiple values for keyword argument '%s'" % self.str_of(w_key))
            dictobject.setitem(self, w_dict, w_key, w_value)

    def newset(self, items_w):
        return setobject.newset(self, items_w)

    def set_add(self, w_set, w_item):
        """SET_ADD: the set is on the frame's stack, the item was popped."""
        setobject.held_add(self, w_set, w_item)

    def set_update(self, w_set, w_iterable):
        setobject.update_internal(self, w_set, w_iterable)

    def newslice(self, w_start, w_stop, w_step):
        w_slice = self.allocate(L.W_SliceObject)
        heap = self.heap
        for name, w_value in (("start", w_start), ("stop", w_stop), ("step", w_step)):
            heap.write_int(w_slice + L.W_SliceObject.field(name).offset, w_value)
        return w_slice

    def concat_strings(self, pieces_w):
        return self.newstr("".join(strobject.str_value(self, w_piece) for w_piece in pieces_w))

    def format_value(self, w_value, conversion, w_spec):
        """An f-string field: conversion (0 none, 1 str, 2 repr, 3 ascii), then format."""
        if conversion == 1:
            w_value = self.newstr(self.str_of(w_value))
        elif conversion == 2:
            w_value = self.newstr(self.repr_w(w_value))
        elif conversion == 3:
            w_value = self.newstr(self.repr_w(w_value).encode("ascii", "backslashreplace").decode("ascii"))
        return self.format(w_value, w_spec if w_spec else self.newstr(""))

    def format(self, w_value, w_spec):
        """format(value, spec): __format__ of the value's type."""
        w_method = typeobject.lookup(self, self.type(w_value), "__format__")
        w_result = self.call_function(w_method, w_value, w_spec)
        if self.tid(w_result) != L.W_UnicodeObject.tid:
            raise self.type_error("__format__ must return a str, not %s" % self.type_name(w_result))
        return w_result
