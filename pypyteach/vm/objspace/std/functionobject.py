"""Functions, bound methods, builtin functions, and the call protocol used by
host code (builtins calling a key function, special methods...).

Guest-to-guest calls made by bytecode do not come through here: the
interpreter pushes the callee's frame in its own dispatch loop (see
interpreter.py), which is what lets the JIT inline them.
"""

from ...memory import layout as L
from ..gateway import MethodTable
from ...memory.heap import NULL
from ...compiler.opcodes import CO_VARARGS, CO_VARKEYWORDS
from . import typeobject
from ..operationerror import OperationError
from . import exceptions

F = L.W_FunctionObject
F_CODE, F_GLOBALS, F_DEFAULTS = F.field("code"), F.field("globals"), F.field("defaults")
F_KWDEFAULTS, F_CLOSURE, F_NAME = F.field("kwdefaults"), F.field("closure"), F.field("name")
F_QUALNAME, F_DICT = F.field("qualname"), F.field("dict")
M_FUNC, M_SELF = L.W_MethodObject.field("func"), L.W_MethodObject.field("self")
B_INDEX, B_SELF = L.W_BuiltinFunctionObject.field("index"), L.W_BuiltinFunctionObject.field("self")
CODE_INDEX, CODE_CONSTS = L.W_CodeObject.field("index"), L.W_CodeObject.field("consts")


def new_function(space, w_code, w_globals, w_qualname, w_defaults=NULL, w_kwdefaults=NULL, w_closure=NULL):
    heap = space.heap
    code = code_of(space, w_code)
    w_func = space.allocate(F)
    heap.write_int(w_func + F_CODE.offset, w_code)
    heap.write_int(w_func + F_GLOBALS.offset, w_globals)
    heap.write_int(w_func + F_DEFAULTS.offset, w_defaults)
    heap.write_int(w_func + F_KWDEFAULTS.offset, w_kwdefaults)
    heap.write_int(w_func + F_CLOSURE.offset, w_closure)
    heap.write_int(w_func + F_NAME.offset, space.intern(code.co_name))
    heap.write_int(w_func + F_QUALNAME.offset, w_qualname)
    return w_func


def code_of(space, w_code):
    """The host Code object behind a W_CodeObject."""
    return space.code_table[space.heap.read_int(w_code + CODE_INDEX.offset)][0]


def func_code(space, w_func):
    return code_of(space, space.heap.read_int(w_func + F_CODE.offset))


def func_name(space, w_func):
    return space.str_w(space.heap.read_int(w_func + F_NAME.offset))


def func_qualname(space, w_func):
    return space.str_w(space.heap.read_int(w_func + F_QUALNAME.offset))


def new_method(space, w_func, w_self):
    ll = space.ll
    w_method = ll.new_with_vtable(L.W_MethodObject.size_descr)
    ll.setfield_gc(w_method, w_func, M_FUNC)
    ll.setfield_gc(w_method, w_self, M_SELF)
    return w_method


def builtin_of(space, w_builtin):
    return space.builtin_functions[space.heap.read_int(w_builtin + B_INDEX.offset)]


# -- argument binding -----------------------------------------------------------------------

def bind_arguments(space, w_func, args_w, kwargs_w):
    """The initial locals of a call: a list of len(co_varnames) ll values
    (NULL for unbound locals), following CPython's rules and messages."""
    code = func_code(space, w_func)
    nargs = code.co_argcount
    nkwonly = code.co_kwonlyargcount
    locals_w = [NULL] * code.co_nlocals
    npos = min(len(args_w), nargs)
    locals_w[:npos] = args_w[:npos]
    extra = args_w[nargs:]
    slot = nargs + nkwonly
    if code.co_flags & CO_VARARGS:
        locals_w[slot] = space.newtuple(extra)
        slot += 1
    elif extra:
        raise space.type_error(_too_many_message(space, w_func, code, len(args_w), kwargs_w))
    has_kwargs = code.co_flags & CO_VARKEYWORDS
    extra_kwargs = []              # name, value, name, value... for **kwargs
    if kwargs_w:
        names = code.co_varnames[:nargs + nkwonly]
        for name, w_value in kwargs_w.items():
            try:
                index = names.index(name)
            except ValueError:
                if has_kwargs:
                    extra_kwargs += [space.intern(name), w_value]
                    continue
                raise space.type_error("%s() got an unexpected keyword argument '%s'"
                                       % (func_qualname(space, w_func), name))
            if locals_w[index]:
                raise space.type_error("%s() got multiple values for argument '%s'"
                                       % (func_qualname(space, w_func), name))
            locals_w[index] = w_value
    if has_kwargs:
        # a residual call: while tracing, the values are trace values and the
        # dict is a new object every call (not one host-made constant)
        locals_w[slot] = space.ll.call_r(space.newdict_from_flat, extra_kwargs)
    if npos < nargs or nkwonly:
        _fill_defaults(space, w_func, code, locals_w)
    return locals_w


def _fill_defaults(space, w_func, code, locals_w):
    heap = space.heap
    nargs = code.co_argcount
    w_defaults = heap.read_int(w_func + F_DEFAULTS.offset)
    defaults_w = space.tuple_w(w_defaults) if w_defaults else []
    first_default = nargs - len(defaults_w)
    missing = []
    for i in range(nargs):
        if not locals_w[i]:
            if i >= first_default:
                locals_w[i] = defaults_w[i - first_default]
            else:
                missing.append(code.co_varnames[i])
    if missing:
        raise space.type_error(_missing_message(space, w_func, missing, "positional"))
    w_kwdefaults = heap.read_int(w_func + F_KWDEFAULTS.offset)
    for i in range(nargs, nargs + code.co_kwonlyargcount):
        if not locals_w[i]:
            name = code.co_varnames[i]
            w_default = space.getitem_str(w_kwdefaults, name) if w_kwdefaults else NULL
            if not w_default:
                missing.append(name)
            locals_w[i] = w_default
    if missing:
        raise space.type_error(_missing_message(space, w_func, missing, "keyword-only"))


def _missing_message(space, w_func, missing, kind):
    names = ["'%s'" % name for name in missing]
    if len(names) == 1:
        listed = names[0]
    elif len(names) == 2:
        listed = "%s and %s" % tuple(names)
    else:
        listed = ", ".join(names[:-1]) + ", and " + names[-1]
    return "%s() missing %d required %s argument%s: %s" % (
        func_qualname(space, w_func), len(missing), kind, "" if len(missing) == 1 else "s", listed)


def _too_many_message(space, w_func, code, given, kwargs_w):
    w_defaults = space.heap.read_int(w_func + F_DEFAULTS.offset)
    ndefaults = len(space.tuple_w(w_defaults)) if w_defaults else 0
    nargs = code.co_argcount
    if ndefaults:
        takes = "from %d to %d positional arguments" % (nargs - ndefaults, nargs)
    else:
        takes = "%d positional argument%s" % (nargs, "" if nargs == 1 else "s")
    kwonly_given = sum(1 for name in (kwargs_w or {}) if name in code.co_varnames[nargs:nargs + code.co_kwonlyargcount])
    if kwonly_given:
        given_text = "%d positional argument%s (and %d keyword-only argument%s) were given" % (
            given, "" if given == 1 else "s", kwonly_given, "" if kwonly_given == 1 else "s")
        return "%s() takes %s but %s" % (func_qualname(space, w_func), takes, given_text)
    return "%s() takes %s but %d %s given" % (func_qualname(space, w_func), takes, given,
                                             "was" if given == 1 else "were")


# -- the host call protocol ------------------------------------------------------------------

def call_args(space, w_callable, args_w, kwargs_w=None, gc_safe=False):
    """Call any guest callable from host code.

    ``gc_safe``: the caller has pinned ``w_callable``, the arguments and
    every other heap reference it holds across the call (``space.call_held``),
    so guest code runs with collections allowed; otherwise they wait until
    the call returns."""
    tid = space.tid(w_callable)
    if tid == F.tid:
        return space.interp.call_function_nested(w_callable, args_w, kwargs_w, gc_safe)
    if tid == L.W_MethodObject.tid:
        heap = space.heap
        w_func = heap.read_int(w_callable + M_FUNC.offset)     # both reachable from the pinned method
        return call_args(space, w_func, [heap.read_int(w_callable + M_SELF.offset)] + list(args_w), kwargs_w,
                         gc_safe)
    if tid == L.W_BuiltinFunctionObject.tid:
        builtin = builtin_of(space, w_callable)
        w_self = space.heap.read_int(w_callable + B_SELF.offset)
        if w_self:
            args_w = [w_self] + list(args_w)
        return _pinned_call(space, builtin, args_w, kwargs_w)
    if tid == L.W_TypeObject.tid:
        return instantiate(space, w_callable, args_w, kwargs_w, gc_safe)
    w_call = typeobject.lookup(space, space.type(w_callable), "__call__")
    if w_call:
        return call_args(space, w_call, [w_callable] + list(args_w), kwargs_w, gc_safe)
    raise space.type_error("'%s' object is not callable" % space.type_name(w_callable))


def _pinned_call(space, builtin, args_w, kwargs_w):
    """Run a builtin with its arguments pinned: the bytecode that called it
    has popped them, and a builtin driving a generator lets collections run
    (containerops.iterate)."""
    if builtin.owner is not None:
        builtin.check_self(space, args_w)
    gc = space.gc
    keywords_w = list(kwargs_w.values()) if kwargs_w else []
    gc.pinned += (args_w, keywords_w)
    try:
        return builtin.call(space, args_w, kwargs_w)
    finally:
        gc.unpin(keywords_w)
        gc.unpin(args_w)


def instantiate(space, w_type, args_w, kwargs_w, gc_safe=False):
    """Calling a class: builtin constructors, or new instance + __init__."""
    constructor = space.constructors.get(w_type)
    if constructor is not None:
        return _pinned_call(space, constructor, list(args_w), kwargs_w)
    flags = typeobject.type_flags(space, w_type)
    if not flags & typeobject.FLAG_ACCEPTS_ATTRS:
        raise space.type_error("cannot create '%s' instances" % space.type_name_of(w_type))
    w_obj = typeobject.new_instance(space, w_type)
    if flags & typeobject.FLAG_EXCEPTION:
        exceptions.set_args(space, w_obj, list(args_w))
    w_init = typeobject.lookup(space, w_type, "__init__")
    # pinned: __init__ may drop its ``self`` (del self) and collect
    with space.gc.pinning([w_obj]):
        init_instance(space, w_type, w_obj, w_init, args_w, kwargs_w, gc_safe)
    return w_obj


def init_instance(space, w_type, w_obj, w_init, args_w, kwargs_w, gc_safe=False):
    if w_init == space.w_object_init:
        if args_w or kwargs_w:
            raise space.type_error("%s() takes no arguments" % space.type_name_of(w_type))
        return
    w_result = call_args(space, w_init, [w_obj] + list(args_w), kwargs_w, gc_safe)
    if w_result != space.w_None:
        raise space.type_error("__init__() should return None, not '%s'" % space.type_name(w_result))


# -- guest-visible methods ---------------------------------------------------------------------

function_methods = MethodTable("function")
method_methods = MethodTable("method")
builtin_methods = MethodTable("builtin_function_or_method")
generator_methods = MethodTable("generator")


@function_methods.method("__repr__")
def function_repr(space, w_func):
    return space.newstr("<function %s at 0x%x>" % (func_qualname(space, w_func), w_func))


@method_methods.method("__repr__")
def method_repr(space, w_method):
    heap = space.heap
    w_func = heap.read_int(w_method + M_FUNC.offset)
    w_self = heap.read_int(w_method + M_SELF.offset)
    name = func_qualname(space, w_func) if space.tid(w_func) == F.tid else "?"
    return space.newstr("<bound method %s of %s>" % (name, space.repr_w(w_self)))


@builtin_methods.method("__repr__")
def builtin_repr(space, w_builtin):
    builtin = builtin_of(space, w_builtin)
    w_self = space.heap.read_int(w_builtin + B_SELF.offset)
    if w_self:
        return space.newstr("<built-in method %s of %s object at 0x%x>"
                            % (builtin.name, space.type_name(w_self), w_self))
    return space.newstr("<built-in function %s>" % builtin.name)


@generator_methods.method("__iter__")
def generator_iter(space, w_gen):
    return w_gen


# gen.__next__() and gen.send(v) are builtins, their arguments pinned
# (_pinned_call), and hold nothing else: the generator may collect (gc_safe)

@generator_methods.method("__next__")
def generator_next(space, w_gen):
    w_item = space.interp.generator_next(w_gen, True)
    if not w_item:
        _raise_stop_iteration(space, space.interp.last_return)
    return w_item


@generator_methods.method("send")
def generator_send(space, w_gen, w_value):
    w_item = space.interp.generator_send(w_gen, w_value, True)
    if not w_item:
        _raise_stop_iteration(space, space.interp.last_return)
    return w_item


@generator_methods.method("close")
def generator_close(space, w_gen):
    space.interp.generator_close(w_gen)
    return space.w_None


@generator_methods.method("__repr__")
def generator_repr(space, w_gen):
    w_name = space.heap.read_int(w_gen + L.W_GeneratorObject.field("name").offset)
    return space.newstr("<generator object %s at 0x%x>" % (space.str_w(w_name), w_gen))


def _raise_stop_iteration(space, w_value):
    args = [] if w_value == space.w_None else [w_value]
    raise OperationError(space.new_exception(space.w_StopIteration, *args))


TYPE_TABLES = [("function", function_methods), ("method", method_methods),
               ("builtin_function_or_method", builtin_methods), ("generator", generator_methods)]
TYPE_CONSTRUCTORS = {}
