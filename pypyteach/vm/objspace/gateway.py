"""Builtin functions and methods: host code callable from the guest.

As PyPy's ``interp2app``: a host function becomes a guest callable.  Its own
Python signature is the guest signature: ``def list_insert(space, w_list,
w_index, w_item)`` takes two arguments after ``self``; keyword-only
parameters with defaults are optional keywords (default ``None`` = not given);
``*args_w`` takes any number of positional arguments.
"""

from collections import namedtuple
from types import FunctionType

CO_VARARGS = 0x04          # inspect.CO_VARARGS; inspect itself is imported only when needed

# One parameter of a host function, read from its code object: inspect.signature
# of ~470 builtins cost a third of pypyteach's start-up.
HostParam = namedtuple("HostParam", "name kind has_default")
POSITIONAL, KEYWORD_ONLY = "positional", "keyword-only"


def host_params(impl):
    """The parameters after ``space`` of a plain host function, or None if
    ``impl`` is not one (then inspect.signature is used)."""
    code = getattr(impl, "__code__", None)
    if code is None or not isinstance(impl, FunctionType):
        return None
    npos, nkw = code.co_argcount, code.co_kwonlyargcount
    names = code.co_varnames
    ndefaults = len(impl.__defaults__ or ())
    params = [HostParam(names[i], POSITIONAL, i >= npos - ndefaults) for i in range(npos)]
    varargs = bool(code.co_flags & CO_VARARGS)
    params += [HostParam(names[npos + i], KEYWORD_ONLY, names[npos + i] in (impl.__kwdefaults__ or {}))
               for i in range(nkw)]
    return params[1:], varargs, code.co_posonlyargcount


# CPython's dunder methods that are method descriptors (the others are slot
# wrappers, whose message for a wrong ``self`` is worded differently)
METHOD_DESCRIPTOR_NAMES = frozenset([
    "__reversed__", "__format__", "__round__", "__trunc__", "__floor__", "__ceil__", "__sizeof__",
    "__reduce__", "__reduce_ex__", "__getnewargs__", "__length_hint__", "__setstate__", "__getstate__",
    "__dir__", "__bytes__", "__set_name__"])
METHOD_DESCRIPTOR_DUNDERS = frozenset([("__getitem__", "list"), ("__getitem__", "dict"), ("__contains__", "dict"),
                                       ("__contains__", "set"), ("__contains__", "frozenset")])


class BuiltinFunction:
    """A host function registered under a guest name.

    ``ll_impl``: None, or the builtin's fast path in ll style, which a call
    from bytecode runs inline (so a trace records its ops instead of a
    residual call): ``ll_impl(space, args_w)`` gets the positional
    arguments (self first) and returns the result, or None, having changed
    nothing, when the arguments need the host function (then it is called
    as any builtin).  In PyPy the JIT's codewriter reads the RPython source
    of every builtin and inlines what has no loop (list.append's fast path:
    the length, a compare with the capacity, setarrayitem_gc, the new
    length); pypyteach's builtins are host code, and only those with an
    ``ll_impl`` are inlined."""

    ll_impl = None
    # the guest type whose method this is (its name; set when the type's
    # MethodTable is installed): the first argument must be an instance
    owner = None

    def __init__(self, name, impl, qualname=None, doc=None):
        self.name = name
        self.qualname = qualname or name
        self.impl = impl
        self._signature = None
        found = host_params(impl)
        if found is None:
            self._init_from_signature(impl)
            return
        params, varargs, posonly = found
        self.positional = [p for p in params if p.kind == POSITIONAL]
        self.min_args = sum(1 for p in self.positional if not p.has_default)
        self.max_args = None if varargs else len(self.positional)
        self.keywords = {p.name: p for p in params[max(posonly - 1, 0):]}

    def _init_from_signature(self, impl):
        import inspect
        sig = self._signature = inspect.signature(impl)
        params = list(sig.parameters.values())[1:]   # drop ``space``
        self.positional = [p for p in params
                           if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        self.min_args = sum(1 for p in self.positional if p.default is p.empty)
        self.max_args = None if any(p.kind == p.VAR_POSITIONAL for p in params) else len(self.positional)
        self.keywords = {p.name: p for p in params
                         if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)}

    @property
    def signature(self):
        """inspect.Signature of the host function, made on first need (slow calls)."""
        if self._signature is None:
            import inspect
            self._signature = inspect.signature(self.impl)
        return self._signature

    def check_self(self, space, args_w):
        """A method called through its type (``list.append(5, 1)``): the
        first argument must be an instance of the type, or TypeError with
        CPython's words (a method descriptor's, or a slot wrapper's)."""
        slot_wrapper = self.name.startswith("__") and (self.name, self.owner) not in METHOD_DESCRIPTOR_DUNDERS \
            and self.name not in METHOD_DESCRIPTOR_NAMES
        if not args_w:
            if slot_wrapper:
                raise space.type_error("descriptor '%s' of '%s' object needs an argument" % (self.name, self.owner))
            raise space.type_error("unbound method %s() needs an argument" % self.qualname)
        w_self = args_w[0]
        if space.isinstance_w(w_self, space.builtin_types[self.owner]):
            return
        if slot_wrapper:
            raise space.type_error("descriptor '%s' requires a '%s' object but received a '%s'"
                                   % (self.name, self.owner, space.type_name(w_self)))
        raise space.type_error("descriptor '%s' for '%s' objects doesn't apply to a '%s' object"
                               % (self.name, self.owner, space.type_name(w_self)))

    def call(self, space, args_w, kwargs_w=None):
        """Call with a list of positional ll values and a dict of keyword ones."""
        nargs = len(args_w)
        if not kwargs_w and nargs >= self.min_args and (self.max_args is None or nargs <= self.max_args):
            return self.impl(space, *args_w)
        return self._call_slow(space, args_w, kwargs_w or {})

    def _call_slow(self, space, args_w, kwargs_w):
        host_kwargs = {}
        for name, w_value in kwargs_w.items():
            param = self.keywords.get(name) or self.keywords.get("w_" + name)
            if param is None:
                raise space.type_error("%s() got an unexpected keyword argument '%s'"
                                       % (self.qualname, name))
            host_kwargs[param.name] = w_value
        try:
            bound = self.signature.bind(space, *args_w, **host_kwargs)
        except TypeError:
            raise space.type_error(self._arity_message(len(args_w)))
        return self.impl(*bound.args, **bound.kwargs)

    def _arity_message(self, given):
        lo, hi = self.min_args, self.max_args
        if hi is not None and lo == hi:
            if lo == 0:
                return "%s() takes no arguments (%d given)" % (self.qualname, given)
            if lo == 1:
                return "%s() takes exactly one argument (%d given)" % (self.qualname, given)
            return "%s expected %d arguments, got %d" % (self.qualname, lo, given)
        if given < lo:
            return "%s expected at least %d argument%s, got %d" % (
                self.qualname, lo, "" if lo == 1 else "s", given)
        return "%s expected at most %d argument%s, got %d" % (
            self.qualname, hi, "" if hi == 1 else "s", given)

    def __repr__(self):
        return "<BuiltinFunction %s>" % self.qualname


class MethodTable:
    """The builtin methods of one guest type, declared by decorator::

        list_methods = MethodTable("list")

        @list_methods.method("append")
        def list_append(space, w_list, w_item): ...
    """

    def __init__(self, typename):
        self.typename = typename
        self.methods = {}

    def method(self, name):
        def register(impl):
            assert name not in self.methods, "%s.%s declared twice" % (self.typename, name)
            self.methods[name] = BuiltinFunction(name, impl, qualname="%s.%s" % (self.typename, name))
            return impl
        return register

    def ll_path(self, name):
        """Decorator: the ll-style fast path of method ``name``, declared
        before (``BuiltinFunction.ll_impl``)."""
        def register(ll_impl):
            self.methods[name].ll_impl = ll_impl
            return ll_impl
        return register


# -- the argument messages builtins share ---------------------------------------------------
# CPython words argument errors differently for type constructors, methods and
# Argument Clinic functions; every builtin of every std/ module uses these.

NO_KEYWORDS = "none"         # "f() takes no keyword arguments"
INVALID_KEYWORD = "invalid"  # "'x' is an invalid keyword argument for f()"


class ClinicBuiltin(BuiltinFunction):
    """A builtin with CPython's argument-clinic error messages.

    ``keywords``: NO_KEYWORDS (default) or INVALID_KEYWORD (accepts the
    impl's keyword parameters, rejects others with the clinic's wording).
    ``arity``: None (the gateway's wording), "missing" ("f() missing
    required argument 'x' (pos 1)" / "f() takes at most N arguments (M
    given)"), or a callable given -> message for the whole check.
    """

    def __init__(self, name, impl, qualname=None, keywords=NO_KEYWORDS, arity=None):
        BuiltinFunction.__init__(self, name, impl, qualname)
        self.keyword_style = keywords
        self.arity_style = arity

    def call(self, space, args_w, kwargs_w=None):
        if kwargs_w:
            self._check_keywords(space, kwargs_w)
        if callable(self.arity_style):
            message = self.arity_style(len(args_w))
            if message:
                raise space.type_error(message)
        return BuiltinFunction.call(self, space, args_w, kwargs_w)

    def _check_keywords(self, space, kwargs_w):
        if self.keyword_style == NO_KEYWORDS:
            raise space.type_error("%s() takes no keyword arguments" % self.qualname)
        for name in kwargs_w:
            if name not in self.keywords and "w_" + name not in self.keywords:
                raise space.type_error("'%s' is an invalid keyword argument for %s()" % (name, self.qualname))

    def _arity_message(self, given):
        if self.arity_style == "missing":
            if given < self.min_args:
                name = self.positional[given].name
                name = name[2:] if name.startswith("w_") else name
                return "%s() missing required argument '%s' (pos %d)" % (self.qualname, name, given + 1)
            return "%s() takes at most %d arguments (%d given)" % (self.qualname, self.max_args, given)
        return BuiltinFunction._arity_message(self, given)


def clinic(table, name, **options):
    """Decorator: register ``impl`` in the dict ``table`` as a ClinicBuiltin."""
    def register(impl):
        assert name not in table, name
        table[name] = ClinicBuiltin(name, impl, **options)
        return impl
    return register


def exactly(name, count):
    """Arity check "name expected 1 argument, got 0" (staticmethod, classmethod)."""
    def check(given):
        if given != count:
            return "%s expected %d argument%s, got %d" % (name, count, "" if count == 1 else "s", given)
        return None
    return check


class NoKeywordsBuiltin(BuiltinFunction):
    """A builtin that refuses keyword arguments with CPython's message
    (type constructors: ``list(x=1)``)."""

    def __init__(self, name, impl, min_args, max_args, message=None):
        BuiltinFunction.__init__(self, name, impl)
        self.min_args, self.max_args = min_args, max_args
        self.no_kw_message = message or "%s() takes no keyword arguments" % name

    def call(self, space, args_w, kwargs_w=None):
        if kwargs_w:
            raise space.type_error(self.no_kw_message)
        n = len(args_w)
        if n < self.min_args or (self.max_args is not None and n > self.max_args):
            raise space.type_error(self._arity_message(n))
        return self.impl(space, *args_w)

    def _arity_message(self, given):
        if self.min_args == self.max_args:
            n = self.min_args
            return "%s expected %d argument%s, got %d" % (self.qualname, n, "" if n == 1 else "s", given)
        return BuiltinFunction._arity_message(self, given)


class MethodBuiltin(BuiltinFunction):
    """A builtin method: CPython's argument-count messages do not count self."""

    def _arity_message(self, given):
        if given == 0:
            return "unbound method %s() needs an argument" % self.qualname
        lo, hi = self.min_args, self.max_args
        self.min_args, self.max_args = lo - 1, (None if hi is None else hi - 1)
        try:
            return BuiltinFunction._arity_message(self, given - 1)
        finally:
            self.min_args, self.max_args = lo, hi


def finish_methods(*tables):
    """Give every plain builtin of these MethodTables the method messages."""
    for table in tables:
        for builtin in table.methods.values():
            if type(builtin) is BuiltinFunction:
                builtin.__class__ = MethodBuiltin


def bare_names(table, *names):
    """Argument-count errors of these methods name them bare ("index expected
    at least 1 argument"), as CPython's Argument Clinic does."""
    for name in names:
        table.methods[name].qualname = name
