"""Builtin functions and methods: host code callable from the guest.

As PyPy's ``interp2app``: a host function becomes a guest callable.  Its own
Python signature is the guest signature: ``def list_insert(space, w_list,
w_index, w_item)`` takes two arguments after ``self``; keyword-only
parameters with defaults are optional keywords (default ``None`` = not given);
``*args_w`` takes any number of positional arguments.
"""

import inspect


class BuiltinFunction:
    """A host function registered under a guest name."""

    def __init__(self, name, impl, qualname=None, doc=None):
        self.name = name
        self.qualname = qualname or name
        self.impl = impl
        sig = inspect.signature(impl)
        params = list(sig.parameters.values())[1:]   # drop ``space``
        self.signature = sig
        self.positional = [p for p in params
                           if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        self.min_args = sum(1 for p in self.positional if p.default is p.empty)
        self.max_args = None if any(p.kind == p.VAR_POSITIONAL for p in params) else len(self.positional)
        self.keywords = {p.name: p for p in params
                         if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)}

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
