"""The builtins module: builtin functions and the names of builtin types.

Each builtin is a host function registered with ``@builtin``; its Python
signature is the guest signature (see gateway.py).  Each one follows CPython
3.11: results, and the wording of every error (argument errors too: see
``ClinicBuiltin`` in gateway.py).  The functions that would reach the host
(files, input, dynamic code, the interpreter's namespaces) raise
NotImplementedError naming them as outside pypyteach's Python subset.
"""

from ..memory import layout as L
from .gateway import BuiltinFunction, INVALID_KEYWORD, ClinicBuiltin, clinic
from ..memory.heap import NULL
from .std import dictobject, typeobject
from .operationerror import OperationError
from .std.numberobject import INTEGRAL_TIDS, host_call, index_value
from ..compiler.subset import not_in_subset
from .descroperation import LENGTH_KNOWN

BUILTINS = {}


def setup(space):
    """Create the builtins dict and the guest modules."""
    w_builtins = space.prebuild(space.newdict())
    space.w_builtins = w_builtins
    for name, w_type in space.builtin_types.items():
        if name in PUBLIC_TYPES or space.is_subtype(w_type, space.w_BaseException):
            dictobject.setitem_str(space, w_builtins, name, w_type)
    for name, fn in BUILTINS.items():
        dictobject.setitem_str(space, w_builtins, name, space.new_builtin_function(fn))
    space.w_build_class = space.prebuild(space.new_builtin_function(BUILD_CLASS))
    for name, w_value in (("None", space.w_None), ("True", space.w_True), ("False", space.w_False),
                          ("NotImplemented", space.w_NotImplemented), ("Ellipsis", space.w_Ellipsis)):
        dictobject.setitem_str(space, w_builtins, name, w_value)
    from . import mathmodule
    space.modules = {"math": mathmodule.make_module(space)}


PUBLIC_TYPES = {"object", "type", "int", "bool", "float", "str", "tuple", "list", "dict", "set",
                "range", "enumerate", "zip", "map", "filter", "reversed", "slice", "super",
                "staticmethod", "classmethod", "property"}


def build_class(space, w_body, w_name, *bases_w):
    """__build_class__: run the class body in a fresh namespace, then make the type."""
    name = space.str_w(w_name)
    if len(bases_w) > 1:
        raise space.type_error("multiple inheritance is not part of pypyteach's Python subset "
                               "(class %s has %d bases)" % (name, len(bases_w)))
    w_base = bases_w[0] if bases_w else space.w_object
    if space.tid(w_base) != L.W_TypeObject.tid:
        raise space.type_error("bases must be types")
    if not typeobject.type_flags(space, w_base) & typeobject.FLAG_ACCEPTS_ATTRS:
        raise space.type_error("subclassing the builtin type '%s' is not part of pypyteach's Python subset"
                               % space.type_name_of(w_base))
    w_namespace = space.newdict()
    space.interp.run_class_body(w_body, w_namespace)
    w_type = typeobject.new_type(space, name, w_base, w_namespace, typeobject.FLAG_USER)
    w_cell = dictobject.getitem_str(space, w_namespace, "__classcell__")
    if w_cell:
        space.heap.write_int(w_cell + L.W_CellObject.field("ref").offset, w_type)
        dictobject.delitem(space, w_namespace, space.intern("__classcell__"))
    if typeobject.lookup(space, w_type, "__eq__") != typeobject.lookup(space, space.w_object, "__eq__") \
            and not dictobject.getitem_str(space, w_namespace, "__hash__"):
        # as CPython: defining __eq__ without __hash__ makes instances unhashable
        if dictobject.getitem_str(space, w_namespace, "__eq__"):
            dictobject.setitem_str(space, w_namespace, "__hash__", space.w_None)
    space.type_lookup_cache.clear()
    return w_type


BUILD_CLASS = BuiltinFunction("__build_class__", build_class)


STR = L.W_UnicodeObject.tid
TUPLE_TIDS = L.TUPLE_TIDS
TYPE = L.W_TypeObject.tid
FLOAT = L.W_FloatObject.tid
NUMBER_TIDS = INTEGRAL_TIDS | {FLOAT}
CALLABLE_TIDS = frozenset([L.W_FunctionObject.tid, L.W_MethodObject.tid,
                           L.W_BuiltinFunctionObject.tid, TYPE])


def builtin(name, **options):
    """Register a builtin function with CPython's argument messages (no keywords by default)."""
    return clinic(BUILTINS, name, **options)


# -- print: sep= and end=; flush= is accepted; file= would reach the host ------------------------

def builtin_print(space, *args_w, sep=None, end=None, file=None, flush=None):
    if file is not None and file != space.w_None:
        raise space.type_error(not_in_subset("print(file=...) is") + ": print writes to standard output")
    sep_text = " " if sep is None or sep == space.w_None else _print_str(space, sep, "sep")
    end_text = "\n" if end is None or end == space.w_None else _print_str(space, end, "end")
    space.write(sep_text.join(space.str_of(w_arg) for w_arg in args_w) + end_text)
    return space.w_None


def _print_str(space, w_value, what):
    if space.tid(w_value) != STR:
        raise space.type_error("%s must be None or a string, not %s" % (what, space.type_name(w_value)))
    return space.str_w(w_value)


BUILTINS["print"] = ClinicBuiltin("print", builtin_print, keywords=INVALID_KEYWORD)

# -- objects and types --------------------------------------------------------------------------


@builtin("len")
def builtin_len(space, w_obj):
    return space.wrap_int(space.len_w(w_obj))


def ll_builtin_len(space, args_w):
    """``len(x)`` from bytecode of a list, tuple, str, dict or set: its
    length word, inline (``space.ll_len``; for a str ``unicodelen``, which
    the optimizer's string pass knows for the strings it keeps virtual)."""
    if len(args_w) != 1:
        return None
    tid = space.ll.classof(args_w[0])
    if tid not in LENGTH_KNOWN:
        return None
    return space.newint(space.ll_len(args_w[0], tid))


BUILTINS["len"].ll_impl = ll_builtin_len


@builtin("repr")
def builtin_repr(space, w_obj):
    return space.newstr(space.repr_w(w_obj))


@builtin("ascii")
def builtin_ascii(space, w_obj):
    return space.newstr(space.repr_w(w_obj).encode("ascii", "backslashreplace").decode("ascii"))


@builtin("isinstance")
def builtin_isinstance(space, w_obj, w_classinfo):
    if space.tid(w_classinfo) in TUPLE_TIDS:
        return space.newbool(any(space.is_true(builtin_isinstance(space, w_obj, w_cls))
                                 for w_cls in space.tuple_w(w_classinfo)))
    if space.tid(w_classinfo) != TYPE:
        raise space.type_error("isinstance() arg 2 must be a type, a tuple of types, or a union")
    return space.newbool(space.isinstance_w(w_obj, w_classinfo))


@builtin("issubclass")
def builtin_issubclass(space, w_cls, w_classinfo):
    if space.tid(w_classinfo) in TUPLE_TIDS:
        return space.newbool(any(space.is_true(builtin_issubclass(space, w_cls, w_item))
                                 for w_item in space.tuple_w(w_classinfo)))
    if space.tid(w_classinfo) != TYPE:
        raise space.type_error("issubclass() arg 2 must be a class, a tuple of classes, or a union")
    if space.tid(w_cls) != TYPE:
        raise space.type_error("issubclass() arg 1 must be a class")
    return space.newbool(space.is_subtype(w_cls, w_classinfo))


@builtin("callable")
def builtin_callable(space, w_obj):
    if space.tid(w_obj) in CALLABLE_TIDS:
        return space.w_True
    return space.newbool(bool(space.lookup_special(w_obj, "__call__")))


@builtin("id")
def builtin_id(space, w_obj):
    return space.wrap_int(w_obj)


@builtin("hash")
def builtin_hash(space, w_obj):
    return space.wrap_int(space.hash_w(w_obj, gc_safe=True))


@builtin("format")
def builtin_format(space, w_value, w_spec=None):
    if w_spec is None:
        w_spec = space.newstr("")
    elif space.tid(w_spec) != STR:
        raise space.type_error("format() argument 2 must be str, not %s" % space.type_name(w_spec))
    return space.format(w_value, w_spec)


# -- attributes --------------------------------------------------------------------------------

def _attr_name(space, w_name):
    if space.tid(w_name) != STR:
        raise space.type_error("attribute name must be string, not '%s'" % space.type_name(w_name))
    return space.str_w(w_name)


def _is_attribute_error(space, operr):
    return space.isinstance_w(operr.w_value, space.w_AttributeError)


@builtin("getattr")
def builtin_getattr(space, w_obj, w_name, w_default=None):
    name = _attr_name(space, w_name)
    try:
        return space.getattr(w_obj, name)
    except OperationError as operr:
        if w_default is None or not _is_attribute_error(space, operr):
            raise
        return w_default


@builtin("hasattr")
def builtin_hasattr(space, w_obj, w_name):
    name = _attr_name(space, w_name)
    try:
        space.getattr(w_obj, name)
    except OperationError as operr:
        if not _is_attribute_error(space, operr):
            raise
        return space.w_False
    return space.w_True


@builtin("setattr")
def builtin_setattr(space, w_obj, w_name, w_value):
    space.setattr(w_obj, _attr_name(space, w_name), w_value)
    return space.w_None


@builtin("delattr")
def builtin_delattr(space, w_obj, w_name):
    space.delattr(w_obj, _attr_name(space, w_name))
    return space.w_None


# -- numbers -------------------------------------------------------------------------------------

@builtin("abs")
def builtin_abs(space, w_x):
    w_abs = space.lookup_special(w_x, "__abs__")
    if not w_abs:
        raise space.type_error("bad operand type for abs(): '%s'" % space.type_name(w_x))
    return space.call_function(w_abs, w_x)


@builtin("divmod")
def builtin_divmod(space, w_a, w_b):
    w_result = space._try_binop(w_a, w_b, "__divmod__", "__rdivmod__")
    if w_result == space.w_NotImplemented:
        raise space.type_error("unsupported operand type(s) for divmod(): '%s' and '%s'"
                               % (space.type_name(w_a), space.type_name(w_b)))
    return w_result


@builtin("pow", keywords=INVALID_KEYWORD, arity="missing")
def builtin_pow(space, w_base, w_exp, w_mod=None):
    if w_mod is None or w_mod == space.w_None:
        return space.binop(w_base, w_exp, "pow")
    operands_w = (w_base, w_exp, w_mod)
    if all(space.tid(w) in NUMBER_TIDS for w in operands_w):
        if any(space.tid(w) == FLOAT for w in operands_w):
            raise space.type_error("pow() 3rd argument not allowed unless all arguments are integers")
        return space.wrap_int(host_call(space, pow, *[space.int_w(w) for w in operands_w]))
    w_pow = space.lookup_special(w_base, "__pow__")
    if w_pow and space.tid(w_base) not in NUMBER_TIDS:
        w_result = space.call_function(w_pow, w_base, w_exp, w_mod)
        if w_result != space.w_NotImplemented:
            return w_result
    raise space.type_error("unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'"
                           % tuple(space.type_name(w) for w in operands_w))


@builtin("round", keywords=INVALID_KEYWORD, arity="missing")
def builtin_round(space, w_number, w_ndigits=None):
    w_round = space.lookup_special(w_number, "__round__")
    if not w_round:
        raise space.type_error("type %s doesn't define __round__ method" % space.type_name(w_number))
    if w_ndigits is None or w_ndigits == space.w_None:
        return space.call_function(w_round, w_number)
    return space.call_function(w_round, w_number, w_ndigits)


def _int_text(space, w_x, host_fn):
    return space.newstr(host_fn(index_value(space, w_x)))


@builtin("hex")
def builtin_hex(space, w_x):
    return _int_text(space, w_x, hex)


@builtin("oct")
def builtin_oct(space, w_x):
    return _int_text(space, w_x, oct)


@builtin("bin")
def builtin_bin(space, w_x):
    return _int_text(space, w_x, bin)


# -- characters ----------------------------------------------------------------------------------

@builtin("ord")
def builtin_ord(space, w_c):
    if space.tid(w_c) != STR:
        raise space.type_error("ord() expected string of length 1, but %s found" % space.type_name(w_c))
    text = space.str_w(w_c)
    if len(text) != 1:
        raise space.type_error("ord() expected a character, but string of length %d found" % len(text))
    return space.newint(ord(text))


@builtin("chr")
def builtin_chr(space, w_i):
    i = index_value(space, w_i)
    if not -2 ** 31 <= i < 2 ** 31:
        raise space.error(space.w_OverflowError, "Python int too large to convert to C int")
    if not 0 <= i < 0x110000:
        raise space.value_error("chr() arg not in range(0x110000)")
    return space.newstr(chr(i))


# -- iteration -----------------------------------------------------------------------------------

@builtin("iter")
def builtin_iter(space, w_obj, w_sentinel=None):
    if w_sentinel is not None:
        if not space.is_true(builtin_callable(space, w_obj)):
            raise space.type_error("iter(v, w): v must be callable")
        raise space.type_error(not_in_subset("iter(callable, sentinel) is"))
    return space.iter(w_obj)


@builtin("next")
def builtin_next(space, w_iter, w_default=None):
    if w_default is None:
        # through __next__ itself: its StopIteration carries the generator's return value
        w_next = space.lookup_special(w_iter, "__next__")
        if w_next:
            return space.call_function(w_next, w_iter)
    w_item = space.next_or_null(w_iter, True)     # both arguments are pinned (_pinned_call)
    if w_item:
        return w_item
    if w_default is not None:
        return w_default
    raise space.error(space.w_StopIteration)


@builtin("any")
def builtin_any(space, w_iterable):
    for w_item in space.iterate(w_iterable, ()):
        if space.is_true(w_item):
            return space.w_True
    return space.w_False


@builtin("all")
def builtin_all(space, w_iterable):
    for w_item in space.iterate(w_iterable, ()):
        if not space.is_true(w_item):
            return space.w_False
    return space.w_True


def _sum_arity(given):
    if given == 0:
        return "sum() takes at least 1 positional argument (0 given)"
    if given > 2:
        return "sum() takes at most 2 arguments (%d given)" % given
    return None


@builtin("sum", keywords=INVALID_KEYWORD, arity=_sum_arity)
def builtin_sum(space, w_iterable, /, start=None):
    w_total = space.newint(0) if start is None else start
    if space.tid(w_total) == STR:
        raise space.type_error("sum() can't sum strings [use ''.join(seq) instead]")
    held = [w_total]
    for w_item in space.iterate(w_iterable, held):
        w_total = held[0] = space.add(w_total, w_item)
    return w_total


def _min_max(space, name, symbol, args_w, w_key, w_default):
    if not args_w:
        raise space.type_error("%s expected at least 1 argument, got 0" % name)
    if len(args_w) > 1 and w_default is not None:
        raise space.type_error("Cannot specify a default for %s() with multiple positional arguments" % name)
    held = [NULL, NULL]         # the best item so far and its key
    items = space.iterate(args_w[0], held) if len(args_w) == 1 else iter(args_w)
    has_key = w_key is not None and w_key != space.w_None
    w_best = w_best_key = NULL
    for w_item in items:
        w_item_key = space.call_held(w_key, [w_item], held=held) if has_key else w_item
        if not w_best or space.is_true(space.compare(w_item_key, w_best_key, symbol)):
            w_best, w_best_key = held[:] = w_item, w_item_key
    if w_best:
        return w_best
    if w_default is not None:
        return w_default
    raise space.value_error("%s() arg is an empty sequence" % name)


@builtin("max", keywords=INVALID_KEYWORD)
def builtin_max(space, *args_w, key=None, default=None):
    return _min_max(space, "max", ">", args_w, key, default)


@builtin("min", keywords=INVALID_KEYWORD)
def builtin_min(space, *args_w, key=None, default=None):
    return _min_max(space, "min", "<", args_w, key, default)


def _sorted_arity(given):
    return None if given == 1 else "sorted expected 1 argument, got %d" % given


class _SortedBuiltin(ClinicBuiltin):
    """sorted() passes every keyword on to list.sort, which checks them."""

    def _check_keywords(self, space, kwargs_w):
        pass

    def call(self, space, args_w, kwargs_w=None):
        message = _sorted_arity(len(args_w))
        if message:
            raise space.type_error(message)
        return builtin_sorted(space, args_w[0], kwargs_w or {})


def builtin_sorted(space, w_iterable, kwargs_w):
    for name in kwargs_w:
        if name not in ("key", "reverse"):     # CPython's message comes from list.sort
            raise space.type_error("'%s' is an invalid keyword argument for sort()" % name)
    w_list = space.newlist(space.unpack_iterable(w_iterable, []))
    w_sort = space.lookup_special(w_list, "sort")
    space.call_args(w_sort, [w_list], kwargs_w)
    return w_list


def _sorted_signature(space, w_iterable):
    """sorted's guest signature only: _SortedBuiltin.call does the work."""
    return builtin_sorted(space, w_iterable, {})


BUILTINS["sorted"] = _SortedBuiltin("sorted", _sorted_signature)

# -- outside the subset: these would reach the host or the interpreter's internals ---------------

HOST_ONLY = {
    "open": "a guest program has no files",
    "input": "a guest program has no standard input",
    "eval": "a guest program cannot compile code at run time",
    "exec": "a guest program cannot compile code at run time",
    "compile": "a guest program cannot compile code at run time",
    "__import__": "use an import statement",
    "globals": "namespaces are not guest objects",
    "locals": "namespaces are not guest objects",
    "vars": "namespaces are not guest objects",
    "dir": "namespaces are not guest objects",
}


def _outside_subset(name, reason):
    def impl(space, *args_w):
        raise space.error(space.w_NotImplementedError,
                          "%s (%s)" % (not_in_subset("%s() is" % name), reason))
    return impl


class _RejectAnyCall(ClinicBuiltin):
    def _check_keywords(self, space, kwargs_w):
        pass

    def call(self, space, args_w, kwargs_w=None):
        return self.impl(space, *args_w)


for _name, _reason in HOST_ONLY.items():
    BUILTINS[_name] = _RejectAnyCall(_name, _outside_subset(_name, _reason))
del _name, _reason

