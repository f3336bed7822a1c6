"""Iterators and lazy iterables: range and its iterator, sequence iterators,
reversed, enumerate, zip, map, filter, the dict and set iterators, and
next() for all of them.

Every iterator's state is in its heap object (layout.py); ``next_generic``
dispatches on the type id to the host code below, falling back to a
``__next__`` method for user iterators.  The interpreter's FOR_ITER has ll
fast paths for W_IntRangeIterator and list iterators (containerops.py) with
the same semantics as ``range_iter_next`` and ``_seq_next`` here.
"""

from ...memory import layout as L
from ...memory.heap import NULL
from ..gateway import MethodTable, BuiltinFunction, NoKeywordsBuiltin, finish_methods
from ...memory.lloperation import MAXINT, MININT
from ...compiler.subset import not_in_subset
from . import typeobject, sliceobject, dictobject, liststrategy, tupleobject
from . import dictobject as D, setobject as S
from ..operationerror import OperationError

R = L.W_RangeObject
R_START, R_STOP, R_STEP = R.field("start"), R.field("stop"), R.field("step")
RI = L.W_IntRangeIterator
RI_CURRENT, RI_STOP, RI_STEP = RI.field("current"), RI.field("stop"), RI.field("step")
LR = L.W_LongRangeObject
LR_START, LR_STOP, LR_STEP = LR.field("start"), LR.field("stop"), LR.field("step")
LRI = L.W_LongRangeIterator
LRI_CURRENT, LRI_REMAINING, LRI_STEP = LRI.field("current"), LRI.field("remaining"), LRI.field("step")
SI = L.W_SeqIterObject
SI_SEQ, SI_INDEX = SI.field("seq"), SI.field("index")
RSI = L.W_ReverseSeqIterObject
RSI_SEQ, RSI_INDEX = RSI.field("seq"), RSI.field("index")
EN = L.W_EnumerateObject
EN_ITER, EN_INDEX = EN.field("iter"), EN.field("index")
ZIP_ITERS = L.W_ZipObject.field("iters")
MAP_FUNC, MAP_ITERS = L.W_MapObject.field("func"), L.W_MapObject.field("iters")
FI_FUNC, FI_ITER = L.W_FilterObject.field("func"), L.W_FilterObject.field("iter")
LIST, TUPLE = L.W_ListObject.tid, L.W_TupleObject.tid
LIST_LENGTH = L.W_ListObject.field("length")
TUPLE_ITEMS = L.W_TupleObject.array
EXACT_INT = frozenset([L.W_IntObject.tid, L.W_LongObject.tid])

range_methods = MethodTable("range")
rangeiter_methods = MethodTable("range_iterator")
longrangeiter_methods = MethodTable("longrange_iterator")
seqiter_methods = MethodTable("iterator")
reversed_methods = MethodTable("reversed")
enumerate_methods = MethodTable("enumerate")
zip_methods = MethodTable("zip")
map_methods = MethodTable("map")
filter_methods = MethodTable("filter")
dictiter_methods = MethodTable("dict_iterator")
setiter_methods = MethodTable("set_iterator")


def _read(space, w_obj, field):
    return space.heap.read_int(w_obj + field.offset)


def _write(space, w_obj, field, value):
    space.heap.write_int(w_obj + field.offset, value)


def _new(space, layout, **fields):
    w_obj = space.allocate(layout)
    for name, value in fields.items():
        _write(space, w_obj, layout.field(name), value)
    return w_obj


def stop_iteration(space):
    return space.error(space.w_StopIteration)


# -- range ------------------------------------------------------------------------------------

def range_parts(space, w_range):
    """start, stop, step of either kind of range, as host ints."""
    if space.tid(w_range) == LR.tid:
        return tuple(space.int_w(_read(space, w_range, f)) for f in (LR_START, LR_STOP, LR_STEP))
    return _read(space, w_range, R_START), _read(space, w_range, R_STOP), _read(space, w_range, R_STEP)


def range_length(start, stop, step):
    if step > 0 and start < stop:
        return (stop - start - 1) // step + 1
    if step < 0 and start > stop:
        return (start - stop - 1) // (-step) + 1
    return 0


def _fits(*values):
    return all(MININT <= value <= MAXINT for value in values)


def _machine_int(space, value):
    if not MININT <= value <= MAXINT:
        raise space.error(space.w_OverflowError, "Python int too large to convert to C ssize_t")
    return value


def _fast_forward(start, stop, step):
    """May ``iter(range(start, stop, step))`` be a W_IntRangeIterator?
    CPython's test in range_iter (rangeobject.c): start, stop, step and the
    length fit a C long, and so does ``stop + step - 1`` (``stop + step + 1``
    going down), a bound of the value after the last item, where the
    iterator's ``current`` ends."""
    if not _fits(start, stop, step):
        return False
    n = range_length(start, stop, step)
    if n > MAXINT:
        return False
    return n == 0 or _fits(stop + step - 1 if step > 0 else stop + step + 1)


def _fast_reverse(start, stop, step):
    """CPython's test in range_reverse: start, stop, step, -step,
    ``start - step`` (where the reversed iterator ends) and the length fit."""
    return (_fits(start, stop, step, -step, start - step)
            and range_length(start, stop, step) <= MAXINT)


def newrange(space, start, stop, step):
    """A W_RangeObject when its iteration stays in machine words (what the
    JIT inlines: ll_range_iter, the W_IntRangeIterator fast paths), else a
    W_LongRangeObject (in CPython every range holds PyLongs; its iterator
    is then a longrange_iterator)."""
    if _fast_forward(start, stop, step):
        return _new(space, R, start=start, stop=stop, step=step)
    w_start, w_stop, w_step = space.wrap_int(start), space.wrap_int(stop), space.wrap_int(step)
    # a collection in this allocation (a full heap) finds the three in this frame
    return _new(space, LR, start=w_start, stop=w_stop, step=w_step)


def range_new(space, *args_w):
    values = [sliceobject.int_arg(space, w_arg) for w_arg in args_w]
    if len(values) == 1:
        values = [0, values[0], 1]
    elif len(values) == 2:
        values.append(1)
    if values[2] == 0:
        raise space.value_error("range() arg 3 must not be zero")
    return newrange(space, *values)


def is_range(space, w_obj):
    return space.tid(w_obj) in L.RANGE_TIDS


def range_attribute(space, w_range, name):
    """``r.start`` / ``r.stop`` / ``r.step`` (for attributes.special_attribute); NULL otherwise."""
    if name in ("start", "stop", "step"):
        if space.tid(w_range) == LR.tid:
            return _read(space, w_range, LR.field(name))
        return space.newint(_read(space, w_range, R.field(name)))
    return NULL


def _range_contains_int(space, w_range, value):
    start, stop, step = range_parts(space, w_range)
    if step > 0 and not start <= value < stop:
        return False
    if step < 0 and not stop < value <= start:
        return False
    return (value - start) % step == 0


@range_methods.method("__len__")
def range_len(space, w_range):
    return space.newint(_machine_int(space, range_length(*range_parts(space, w_range))))


@range_methods.method("__getitem__")
def range_getitem(space, w_range, w_index):
    start, stop, step = range_parts(space, w_range)
    n = range_length(start, stop, step)
    if sliceobject.is_index(space, w_index):
        i = sliceobject.int_arg(space, w_index)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise space.error(space.w_IndexError, "range object index out of range")
        return space.wrap_int(start + i * step)
    if sliceobject.is_slice(space, w_index):
        w_indices = sliceobject.slice_indices_method(space, w_index, space.wrap_int(n))
        lo, hi, substep = (space.int_w(w) for w in space.tuple_w(w_indices))
        return newrange(space, start + lo * step, start + hi * step, step * substep)
    raise space.type_error("range indices must be integers or slices, not %s" % space.type_name(w_index))


@range_methods.method("__contains__")
def range_contains(space, w_range, w_value):
    if space.tid(w_value) in EXACT_INT:
        return space.newbool(_range_contains_int(space, w_range, space.int_w(w_value)))
    return space.newbool(any(space.eq_w(w_item, w_value) for w_item in _range_items(space, w_range)))


def _range_items(space, w_range):
    for value in range(*range_parts(space, w_range)):
        yield space.wrap_int(value)


@range_methods.method("count")
def range_count(space, w_range, w_value):
    if space.tid(w_value) in EXACT_INT:
        return space.wrap_int(int(_range_contains_int(space, w_range, space.int_w(w_value))))
    return space.wrap_int(sum(1 for w_item in _range_items(space, w_range) if space.eq_w(w_item, w_value)))


@range_methods.method("index")
def range_index(space, w_range, w_value):
    start, _, step = range_parts(space, w_range)
    if space.tid(w_value) in EXACT_INT:
        value = space.int_w(w_value)
        if _range_contains_int(space, w_range, value):
            return space.wrap_int((value - start) // step)
        raise space.value_error("%s is not in range" % space.repr_w(w_value))
    for i, w_item in enumerate(_range_items(space, w_range)):
        if space.eq_w(w_item, w_value):
            return space.wrap_int(i)
    raise space.value_error("sequence.index(x): x not in sequence")


@range_methods.method("__iter__")
def range_iter_method(space, w_range):
    return range_iter(space, w_range)


def range_iter(space, w_range):
    """A W_IntRangeIterator when CPython's range_iter would make a
    range_iterator, else a longrange_iterator (W_LongRangeIterator)."""
    start, stop, step = range_parts(space, w_range)
    if _fast_forward(start, stop, step):
        return _new(space, RI, current=start, stop=stop, step=step)
    return _new_long_iter(space, start, range_length(start, stop, step), step)


def _new_long_iter(space, current, remaining, step):
    w_current, w_remaining, w_step = space.wrap_int(current), space.wrap_int(remaining), space.wrap_int(step)
    return _new(space, LRI, current=w_current, remaining=w_remaining, step=w_step)


@range_methods.method("__reversed__")
def range_reversed(space, w_range):
    """CPython's range_reverse: ``range(start + (n-1)*step, start - step,
    -step)``, a range_iterator when all of that fits in words."""
    start, stop, step = range_parts(space, w_range)
    n = range_length(start, stop, step)
    if _fast_reverse(start, stop, step):
        return _new(space, RI, current=start + (n - 1) * step, stop=start - step, step=-step)
    return _new_long_iter(space, start + (n - 1) * step, n, -step)


@range_methods.method("__bool__")
def range_bool(space, w_range):
    # CPython's range_bool: no len(), which overflows beyond a word
    return space.newbool(range_length(*range_parts(space, w_range)) != 0)


@range_methods.method("__repr__")
def range_repr(space, w_range):
    start, stop, step = range_parts(space, w_range)
    if step == 1:
        return space.newstr("range(%d, %d)" % (start, stop))
    return space.newstr("range(%d, %d, %d)" % (start, stop, step))


def _range_key(space, w_range):
    """What identifies a range's sequence: (len, start or None, step or None)."""
    start, stop, step = range_parts(space, w_range)
    n = range_length(start, stop, step)
    return n, (start if n > 0 else None), (step if n > 1 else None)


@range_methods.method("__eq__")
def range_eq(space, w_range, w_other):
    if not is_range(space, w_other):
        return space.w_NotImplemented
    return space.newbool(w_range == w_other or _range_key(space, w_range) == _range_key(space, w_other))


@range_methods.method("__ne__")
def range_ne(space, w_range, w_other):
    w_result = range_eq(space, w_range, w_other)
    return w_result if w_result == space.w_NotImplemented else space.newbool(w_result == space.w_False)


@range_methods.method("__hash__")
def range_hash(space, w_range):
    return space.wrap_int(space.hash_w(space.wrap(_range_key(space, w_range))))


def range_iter_next(space, w_iter):
    current, stop, step = (_read(space, w_iter, f) for f in (RI_CURRENT, RI_STOP, RI_STEP))
    if not (current < stop if step > 0 else current > stop):
        return NULL
    _write(space, w_iter, RI_CURRENT, current + step)
    return space.newint(current)


def longrange_iter_next(space, w_iter):
    """CPython's longrangeiter_next: counts down ``remaining``, so no bound
    is ever compared against a value past the last item."""
    remaining = space.int_w(_read(space, w_iter, LRI_REMAINING))
    if remaining <= 0:
        return NULL
    w_current = _read(space, w_iter, LRI_CURRENT)
    current = space.int_w(w_current)
    step = space.int_w(_read(space, w_iter, LRI_STEP))
    w_next, w_remaining = space.wrap_int(current + step), space.wrap_int(remaining - 1)
    _write(space, w_iter, LRI_CURRENT, w_next)
    _write(space, w_iter, LRI_REMAINING, w_remaining)
    return w_current       # ints are immutable: the item is the stored object


# -- sequence iterators ---------------------------------------------------------------------------

def new_seq_iter(space, w_seq):
    return _new(space, SI, seq=w_seq)


def new_reverse_iter(space, w_seq, index):
    return _new(space, RSI, seq=w_seq, index=index)


def _seq_next(space, w_iter):
    """The iterator of lists, tuples, strs and anything with __getitem__."""
    w_seq = _read(space, w_iter, SI_SEQ)
    if not w_seq:
        return NULL
    index = _read(space, w_iter, SI_INDEX)
    if space.tid(w_seq) == LIST or space.tid(w_seq) in L.TUPLE_TIDS:
        if index >= _seq_length(space, w_seq):
            _write(space, w_iter, SI_SEQ, NULL)
            return NULL
        _write(space, w_iter, SI_INDEX, index + 1)
        return _seq_item(space, w_seq, index)
    try:
        w_item = space.getitem_generic(w_seq, space.newint(index))
    except OperationError as operr:
        if _ends_iteration(space, operr):
            _write(space, w_iter, SI_SEQ, NULL)
            return NULL
        raise
    _write(space, w_iter, SI_INDEX, index + 1)
    return w_item


def _seq_length(space, w_seq):
    if space.tid(w_seq) == LIST:
        return _read(space, w_seq, LIST_LENGTH)
    return tupleobject.tuple_length(space, w_seq)


def _seq_item(space, w_seq, index):
    """Item ``index`` (in range) of a list or tuple."""
    if space.tid(w_seq) == LIST:
        return liststrategy.get_item(space, w_seq, index)
    return tupleobject.tuple_item(space, w_seq, index)


def _ends_iteration(space, operr):
    return (space.isinstance_w(operr.w_value, space.w_IndexError)
            or space.isinstance_w(operr.w_value, space.w_StopIteration))


def _reverse_next(space, w_iter):
    """list_reverseiterator and the reversed object."""
    w_seq = _read(space, w_iter, RSI_SEQ)
    index = _read(space, w_iter, RSI_INDEX)
    if w_seq and index >= 0:
        if space.tid(w_seq) == LIST:
            if index < _seq_length(space, w_seq):
                _write(space, w_iter, RSI_INDEX, index - 1)
                return _seq_item(space, w_seq, index)
        else:
            try:
                w_item = space.getitem_generic(w_seq, space.newint(index))
            except OperationError as operr:
                if not _ends_iteration(space, operr):
                    raise
            else:
                _write(space, w_iter, RSI_INDEX, index - 1)
                return w_item
    _write(space, w_iter, RSI_INDEX, -1)
    _write(space, w_iter, RSI_SEQ, NULL)
    return NULL


def reversed_new(space, w_seq):
    name = space.type_name(w_seq)
    w_method = space.lookup_special(w_seq, "__reversed__")
    if w_method == space.w_None:
        raise space.type_error("'%s' object is not reversible" % name)
    if w_method:
        return space.call_function(w_method, w_seq)
    if not space.lookup_special(w_seq, "__getitem__") or dictobject.is_dict(space, w_seq):
        raise space.type_error("'%s' object is not reversible" % name)
    return new_reverse_iter(space, w_seq, space.len_w(w_seq) - 1)


# -- enumerate, zip, map, filter ------------------------------------------------------------------

class _EnumerateBuiltin(BuiltinFunction):
    """enumerate(iterable, start=0): keywords allowed, CPython's messages."""

    def call(self, space, args_w, kwargs_w=None):
        kwargs_w = kwargs_w or {}
        given = len(args_w) + len(kwargs_w)
        if given > 2:
            raise space.type_error("enumerate() takes at most 2 arguments (%d given)" % given)
        for name in kwargs_w:
            if name not in ("iterable", "start"):
                raise space.type_error("'%s' is an invalid keyword argument for enumerate()" % name)
        args_w = list(args_w) + [None] * (2 - len(args_w))
        w_iterable = kwargs_w.get("iterable", args_w[0])
        w_start = kwargs_w.get("start", args_w[1])
        if w_iterable is None:
            raise space.type_error("enumerate() missing required argument 'iterable'")
        return self.impl(space, w_iterable, w_start)


def enumerate_new(space, w_iterable, w_start=None):
    w_iter = space.iter(w_iterable)
    start = 0 if w_start is None else sliceobject.int_arg(space, w_start)
    return _new(space, EN, iter=w_iter, index=space.wrap_int(start))


# The next() of enumerate, zip, map and filter hold nothing but their own
# object (rooted by whoever calls them, or collections are inhibited by
# next_generic), so the iterators under them may run generators with
# collections allowed (gc_safe), and map's and filter's functions run
# through call_held (what they need after the call is pinned there).

def _enumerate_next(space, w_enum):
    w_item = space.next_or_null(_read(space, w_enum, EN_ITER), True)
    if not w_item:
        return NULL
    w_index = _read(space, w_enum, EN_INDEX)
    _write(space, w_enum, EN_INDEX, space.wrap_int(space.int_w(w_index) + 1))
    return space.newtuple([w_index, w_item])


class _ZipBuiltin(BuiltinFunction):
    def call(self, space, args_w, kwargs_w=None):
        for name in kwargs_w or {}:
            if name == "strict":
                raise space.type_error(not_in_subset("zip(strict=...) is"))
            raise space.type_error("'%s' is an invalid keyword argument for zip()" % name)
        return self.impl(space, *args_w)


def zip_new(space, *iterables_w):
    iters_w = []
    with space.gc.pinning(iters_w):
        for w_iterable in iterables_w:
            iters_w.append(space.iter(w_iterable))
        return _new(space, L.W_ZipObject, iters=space.newtuple(iters_w))


def _next_of_each(space, w_iters):
    """The next item of every iterator, or None as soon as one is exhausted."""
    items_w = []
    with space.gc.pinning(items_w):
        for w_iter in space.tuple_w(w_iters):
            w_item = space.next_or_null(w_iter, True)
            if not w_item:
                return None
            items_w.append(w_item)
    return items_w


def _zip_next(space, w_zip):
    w_iters = _read(space, w_zip, ZIP_ITERS)
    items_w = _next_of_each(space, w_iters) if space.tuple_w(w_iters) else None
    return space.newtuple(items_w) if items_w is not None else NULL


def map_new(space, *args_w):
    if len(args_w) < 2:
        raise space.type_error("map() must have at least two arguments.")
    iters_w = [space.iter(w_iterable) for w_iterable in args_w[1:]]
    return _new(space, L.W_MapObject, func=args_w[0], iters=space.newtuple(iters_w))


def _map_next(space, w_map):
    items_w = _next_of_each(space, _read(space, w_map, MAP_ITERS))
    if items_w is None:
        return NULL
    return space.call_held(_read(space, w_map, MAP_FUNC), items_w)


def filter_new(space, w_func, w_iterable):
    return _new(space, L.W_FilterObject, func=w_func, iter=space.iter(w_iterable))


def _filter_next(space, w_filter):
    w_func = _read(space, w_filter, FI_FUNC)
    w_iter = _read(space, w_filter, FI_ITER)
    while True:
        w_item = space.next_or_null(w_iter, True)
        if not w_item:
            return NULL
        if w_func == space.w_None or w_func == space.w_bool:
            ok = space.is_true(w_item)
        else:
            ok = space.is_true(space.call_held(w_func, [w_item]))
        if ok:
            return w_item


# -- dict and set iterators ----------------------------------------------------------------------

DI = L.W_DictIterObject
DI_DICT, DI_INDEX, DI_KIND, DI_EXPECTED = (DI.field("dict"), DI.field("index"), DI.field("kind"),
                                           DI.field("expected"))

SETI = L.W_SetIterObject
SETI_SET, SETI_INDEX, SETI_EXPECTED = SETI.field("set"), SETI.field("index"), SETI.field("expected")


def new_dict_iter(space, w_dict, kind, reverse):
    """A W_DictIterObject over keys, values or items (D.KEYS...).  Its
    ``kind`` field packs that kind, the D.REVERSED flag and, from bit 3 up,
    how many items may still come (CPython's di->len: "dictionary keys
    changed during iteration")."""
    used = D.length(space, w_dict)
    start = D.nentries(space, w_dict) - 1 if reverse else 0
    packed = kind | (D.REVERSED if reverse else 0) | (used << 3)
    return _new(space, DI, dict=w_dict, index=start, kind=packed, expected=used)


def dict_iter_next(space, w_iter):
    """dictiter_iternext*: the next key, value or item, or NULL at the end."""
    w_dict = _read(space, w_iter, DI_DICT)
    if not w_dict:
        return NULL
    if _read(space, w_iter, DI_EXPECTED) != D.length(space, w_dict):
        _write(space, w_iter, DI_EXPECTED, -1)        # sticky, as CPython
        raise space.error(space.w_RuntimeError, "dictionary changed size during iteration")
    packed = _read(space, w_iter, DI_KIND)
    reverse = packed & D.REVERSED
    step = -1 if reverse else 1
    position = _read(space, w_iter, DI_INDEX)
    while 0 <= position < D.nentries(space, w_dict):
        entry = D.live_entry(space, w_dict, position)
        if entry is not None:
            if packed >> 3 == 0 and not reverse:
                _write(space, w_iter, DI_DICT, NULL)
                raise space.error(space.w_RuntimeError, "dictionary keys changed during iteration")
            _write(space, w_iter, DI_INDEX, position + step)
            _write(space, w_iter, DI_KIND, packed - 8)
            return _item_of_kind(space, packed & 3, *entry)
        position += step
    _write(space, w_iter, DI_DICT, NULL)
    return NULL


def _item_of_kind(space, kind, w_key, w_value):
    if kind == D.KEYS:
        return w_key
    if kind == D.VALUES:
        return w_value
    return space.newtuple([w_key, w_value])


def new_set_iter(space, w_set):
    return _new(space, SETI, set=w_set, expected=S.set_length(space, w_set))


def set_iter_next(space, w_iter):
    """setiter_iternext: the next key in table order, or NULL at the end."""
    w_set = _read(space, w_iter, SETI_SET)
    if not w_set:
        return NULL
    if _read(space, w_iter, SETI_EXPECTED) != S.set_length(space, w_set):
        _write(space, w_iter, SETI_EXPECTED, -1)      # sticky, as CPython
        raise space.error(space.w_RuntimeError, "Set changed size during iteration")
    i = _read(space, w_iter, SETI_INDEX)
    while i < S.slot_count(space, w_set):
        w_key = S.live_key(space, w_set, i)
        i += 1
        if w_key:
            _write(space, w_iter, SETI_INDEX, i)
            return w_key
    _write(space, w_iter, SETI_INDEX, i + 1)
    _write(space, w_iter, SETI_SET, NULL)
    return NULL


# -- next() for every iterator --------------------------------------------------------------------

NEXT = {
    RI.tid: range_iter_next,
    LRI.tid: longrange_iter_next,
    SI.tid: _seq_next,
    RSI.tid: _reverse_next,
    DI.tid: dict_iter_next,
    SETI.tid: set_iter_next,
    EN.tid: _enumerate_next,
    L.W_ZipObject.tid: _zip_next,
    L.W_MapObject.tid: _map_next,
    L.W_FilterObject.tid: _filter_next,
}


def next_generic(space, w_iter):
    """The next item of any iterator, or NULL when it is exhausted."""
    step = NEXT.get(space.tid(w_iter))
    if step is not None:
        return step(space, w_iter)
    w_next = typeobject.lookup(space, space.type(w_iter), "__next__")
    if not w_next:
        raise space.type_error("'%s' object is not an iterator" % space.type_name(w_iter))
    try:
        # pinned by call_held; when the caller is not gc_safe,
        # containerops.next_generic has inhibited collections anyway
        return space.call_held(w_next, [w_iter])
    except OperationError as operr:
        if space.isinstance_w(operr.w_value, space.w_StopIteration):
            return NULL
        raise


def _iter_self(space, w_iter):
    return w_iter


def _next_method(step):
    def impl(space, w_iter):
        w_item = step(space, w_iter)
        if not w_item:
            raise stop_iteration(space)
        return w_item
    return impl


for _table, _tid in ((rangeiter_methods, RI.tid), (longrangeiter_methods, LRI.tid), (seqiter_methods, SI.tid),
                     (reversed_methods, RSI.tid),
                     (enumerate_methods, EN.tid), (zip_methods, L.W_ZipObject.tid),
                     (map_methods, L.W_MapObject.tid), (filter_methods, L.W_FilterObject.tid),
                     (dictiter_methods, DI.tid), (setiter_methods, SETI.tid)):
    _table.methods["__iter__"] = BuiltinFunction("__iter__", _iter_self, qualname=_table.typename + ".__iter__")
    _table.methods["__next__"] = BuiltinFunction("__next__", _next_method(NEXT[_tid]),
                                                 qualname=_table.typename + ".__next__")

finish_methods(range_methods, rangeiter_methods, longrangeiter_methods, seqiter_methods, reversed_methods,
               enumerate_methods, zip_methods, map_methods, filter_methods, dictiter_methods, setiter_methods)
TYPE_TABLES = [("range", range_methods), ("range_iterator", rangeiter_methods),
               ("longrange_iterator", longrangeiter_methods), ("iterator", seqiter_methods),
               ("reversed", reversed_methods), ("enumerate", enumerate_methods), ("zip", zip_methods),
               ("map", map_methods), ("filter", filter_methods), ("dict_iterator", dictiter_methods),
               ("set_iterator", setiter_methods)] + sliceobject.TYPE_TABLES
TYPE_CONSTRUCTORS = {
    "range": NoKeywordsBuiltin("range", range_new, 1, 3),
    "reversed": NoKeywordsBuiltin("reversed", reversed_new, 1, 1),
    "enumerate": _EnumerateBuiltin("enumerate", enumerate_new),
    "zip": _ZipBuiltin("zip", zip_new),
    "map": NoKeywordsBuiltin("map", map_new, 0, None),
    "filter": NoKeywordsBuiltin("filter", filter_new, 2, 2),
}
TYPE_CONSTRUCTORS.update(sliceobject.TYPE_CONSTRUCTORS)
INT_LIKE = frozenset([L.W_IntObject.tid, L.W_BoolObject.tid])
INTVAL = L.W_IntObject.field("intval")


def ll_range_new(space, args_w):
    """``range(stop)`` and ``range(start, stop)`` of machine ints from
    bytecode, inline (the constructor's ``ll_impl``): a new W_RangeObject,
    which a trace keeps virtual when only a ``for`` loop uses it, as PyPy's
    traces do with their range objects.  Other arguments (a step, which may
    be 0; objects with ``__index__``) take the host constructor.  Such a
    range always iterates within words (step 1: the value after its last
    item is ``stop``), so it is a W_RangeObject; one difference from CPython
    is left: ``range(-2**63, 5)`` has more than sys.maxsize items, and there
    ``iter()`` gives a longrange_iterator, here a range_iterator (the same
    items; a check of the length would put a guard in every loop's trace)."""
    ll = space.ll
    if not 1 <= len(args_w) <= 2:
        return None
    for w_arg in args_w:
        if ll.classof(w_arg) not in INT_LIKE:
            return None
    values = [ll.getfield_gc_i(w_arg, INTVAL) for w_arg in args_w]
    start, stop = (ll.const(0), values[0]) if len(values) == 1 else values
    w_range = ll.new_with_vtable(R.size_descr)
    ll.setfield_gc(w_range, start, R_START)
    ll.setfield_gc(w_range, stop, R_STOP)
    ll.setfield_gc(w_range, ll.const(1), R_STEP)
    return w_range


TYPE_CONSTRUCTORS["range"].ll_impl = ll_range_new


def ll_range_iter(space, w_range):
    """``iter(range)`` in ll style (GET_ITER, ``for``): a new
    W_IntRangeIterator (PyPy's W_IntRangeIterator, virtual in traces)."""
    ll = space.ll
    start = ll.getfield_gc_i(w_range, R_START)
    stop = ll.getfield_gc_i(w_range, R_STOP)
    step = ll.getfield_gc_i(w_range, R_STEP)
    w_iter = ll.new_with_vtable(RI.size_descr)
    ll.setfield_gc(w_iter, start, RI_CURRENT)
    ll.setfield_gc(w_iter, stop, RI_STOP)
    ll.setfield_gc(w_iter, step, RI_STEP)
    return w_iter
