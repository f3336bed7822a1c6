"""JIT parameters, with PyPy's names and defaults (rpython/rlib/jit.py).

Set them as PyPy does: ``--jit-param threshold=3,trace_eagerness=2`` on the
command line, or ``JitParams.parse("threshold=3")`` from Python.

PyPy's defaults stay the defaults.  ``preset=teaching`` (``--jit-param
preset=teaching``, ``JitParams.preset("teaching")``) is pypyteach's own, for
classroom demos: PyPy has no presets.  Its values (PRESETS, explained in
PRESET_REASONS) make a ten-line loop of 1,000 iterations reach compiled code
and grow bridges without further tuning.  A preset is applied first, so
``preset=teaching,threshold=20`` keeps threshold 20 whatever the order.
"""

from dataclasses import dataclass, fields

ALL_OPTS = ("intbounds", "rewrite", "virtualize", "string", "pure", "earlyforce", "heap", "unroll")

DOCS = {
    "threshold": "number of times a loop has to run for it to become hot",
    "function_threshold": "number of times a function must run for it to become traced from start",
    "trace_eagerness": "number of times a guard has to fail before we start compiling a bridge",
    "decay": "amount to regularly decay counters by (0=none, 1000=max)",
    "trace_limit": "number of recorded operations before we abort tracing with ABORT_TOO_LONG",
    "inlining": "inline python functions or not (1/0)",
    "max_unroll_recursion": "how many levels deep to unroll a recursive function",
    "enable_opts": "internal use only (may not work or lead to crashes): optimizations to enable, "
                   "or 'all' or 'none'",
}


PRESETS = {
    "teaching": {"threshold": 50, "function_threshold": 80, "trace_eagerness": 10},
}

PRESET_REASONS = {
    "teaching": {
        "threshold": "a 1,000-iteration loop becomes hot after 5% of its iterations, so about 95% of "
                     "them run as compiled code; still enough interpreted iterations to watch the "
                     "counter climb in the stepper",
        "function_threshold": "PyPy's ratio to threshold kept (1619/1039 is about 1.6): loops still "
                              "get hot before the functions they are in",
        "trace_eagerness": "PyPy's 200 is a fifth of its threshold; in a 1,000-iteration demo a branch "
                           "taken every fifth iteration would stay unbridged for most of the run: after "
                           "10 failures a guard gets its bridge, while the loop's exit guard, failing "
                           "once, gets none",
    },
}


class JitParamError(ValueError):
    """A --jit-param setting that names no parameter or has a bad value."""


@dataclass
class JitParams:
    threshold: int = 1039
    function_threshold: int = 1619
    trace_eagerness: int = 200
    decay: int = 40
    trace_limit: int = 6000
    inlining: int = 1
    max_unroll_recursion: int = 7
    enable_opts: str = "all"

    @classmethod
    def parse(cls, text):
        """``'threshold=3,trace_eagerness=2'`` (or ``'preset=teaching'``) -> JitParams."""
        params = cls()
        items = []
        for item in filter(None, (part.strip() for part in text.split(","))):
            name, sep, value = item.partition("=")
            items.append((name.strip(), value.strip() if sep else None))
        for name, value in sorted(items, key=lambda item: item[0] != "preset"):   # presets first
            params.set(name, value)
        return params

    @classmethod
    def preset(cls, name):
        """The parameters of a named preset (PRESETS): ``JitParams.preset("teaching")``."""
        params = cls()
        params.set("preset", name)
        return params

    def set(self, name, value):
        if name == "preset":
            if not value:
                raise JitParamError("JIT parameter 'preset' needs a value, as in preset=teaching")
            if value not in PRESETS:
                raise JitParamError("unknown JIT preset %r (choices: %s)" % (value, ", ".join(sorted(PRESETS))))
            for field_name, number in PRESETS[value].items():
                setattr(self, field_name, number)
            return
        known = {f.name: f for f in fields(self)}
        if name not in known:
            raise JitParamError("unknown JIT parameter %r (known: %s, and preset=%s)"
                                % (name, ", ".join(known), "|".join(sorted(PRESETS))))
        if value is None or value == "":
            raise JitParamError("JIT parameter %r needs a value, as in %s=..." % (name, name))
        if known[name].type in (int, "int"):
            try:
                number = int(value)
            except ValueError:
                raise JitParamError("JIT parameter %s must be an integer, not %r" % (name, value))
            if number < 0:
                raise JitParamError("JIT parameter %s must not be negative" % name)
            setattr(self, name, number)
        else:
            self.enabled_passes_of(value)       # validates
            setattr(self, name, value)

    @staticmethod
    def enabled_passes_of(value):
        if value == "all":
            return ALL_OPTS
        if value == "none":
            return ()
        names = tuple(filter(None, value.split(":")))
        for name in names:
            if name not in ALL_OPTS:
                raise JitParamError("unknown optimization %r in enable_opts (known: %s)"
                                    % (name, ":".join(ALL_OPTS)))
        return tuple(name for name in ALL_OPTS if name in names)

    @property
    def enabled_passes(self):
        return self.enabled_passes_of(self.enable_opts)
