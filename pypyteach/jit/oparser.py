"""Reading traces and PYPYLOG files back (PyPy's ``rpython/jit/tool/oparser.py``).

``parse_trace`` turns trace text into real resoperation objects, as PyPy's
oparser does for its optimizer tests::

    [p0, i1]
    i2 = int_add(i1, 1)
    guard_true(i2, descr=g1) [p0, i2]
    jump(p0, i2, descr=target)

``parse_log`` reads a whole PYPYLOG file (ours, or PyPy's: the anchors) into
its loops, bridges, jit-summary and jit-backend sections (logfile.py does
the sections, this module each trace's ops).  PyPy's logs use ops our table does not
have (``getfield_raw_i``, ``cond_call``...), or has with another shape (PyPy's
``int_signext`` takes the byte count as a second argument); those become
ForeignOps with the same attributes, so any log parses.
"""

import re
import zlib

from .logger import ConstClass
from .resoperation import AbstractValue, ConstInt, ConstFloat, ConstPtr, InputArg, OPSPECS, OpSpec, ResOperation

KIND_OF_PREFIX = {"i": "i", "p": "r", "f": "f"}

_OFFSET = re.compile(r"\+(\d+): (.*)")
_MERGE_POINT = re.compile(r"debug_merge_point\((-?\d+), (-?\d+), '(.*)'\)")
_OP = re.compile(r"(?:(\w+) = )?([a-z_][a-z0-9_]*)\((.*)\)(?: \[(.*)\])?")
_DESCR = re.compile(r"(?:^|, )descr=(.*)$")
_INT = re.compile(r"-?\d+")
_FLOAT = re.compile(r"-?(\d+\.\d*(e[-+]?\d+)?|inf|nan)")
_CONST = re.compile(r"(ConstPtr|ConstClass)\((.+)\)")
_GUARD_DESCR = re.compile(r"<Guard0x([0-9a-f]+)>")
_END = "--end of the loop--"


class ParseError(ValueError):
    pass


class UnresolvedDescr:
    """A descr the namespace did not name: kept as its text."""

    def __init__(self, text):
        self.text = text

    def __eq__(self, other):
        return isinstance(other, UnresolvedDescr) and other.text == self.text

    def __hash__(self):
        return hash(self.text)

    def __repr__(self):
        return self.text


class ForeignOp(AbstractValue):
    """An op our table lacks (or has with another arity/result/descr), with
    ResOperation's attributes: name, args, descr, fail_args, type, spec."""

    def __init__(self, name, args, descr=None, result="n"):
        self.spec = OpSpec(name, -1, result, frozenset(
            (["guard"] if name.startswith("guard_") else []) + (["descr"] if descr is not None else [])))
        self.name = name
        self.args = list(args)
        self.descr = descr
        self.value = None
        self.fail_args = None
        self.resume = None
        self.provenance = None
        self._forwarded = None       # as AbstractValue's: views follow replacements

    @property
    def type(self):
        return self.spec.result if self.spec.result != "n" else "v"

    def is_guard(self):
        return self.spec.is_guard

    def getarg(self, i):
        return self.args[i]

    def __repr__(self):
        return "<foreign %s %s>" % (self.name, ", ".join(map(repr, self.args)))


def fake_address(name):
    """A stable non-zero value for a pointer or class known only by name."""
    return (zlib.crc32(name.encode()) << 4) | 8


class TraceParser:
    """Parses the lines of one trace; keeps each op's offset (``+267: ``)."""

    def __init__(self, namespace=None):
        self.namespace = namespace or {}
        self.values = {}
        self.inputargs = None
        self.operations = []
        self.offsets = []
        self.end_offset = None

    def parse(self, lines, first_lineno=1):
        for lineno, line in enumerate(lines, first_lineno):
            try:
                self.parse_line(line.strip())
            except ParseError as error:
                raise ParseError("line %d: %s: %r" % (lineno, error, line)) from None
        return self.inputargs, self.operations

    def parse_line(self, line):
        if not line or line.startswith("#"):
            return
        offset = None
        match = _OFFSET.fullmatch(line)
        if match:
            offset, line = int(match.group(1)), match.group(2)
        if line == _END:
            self.end_offset = offset
        elif line.startswith("[") and line.endswith("]") and not self.operations:
            self.inputargs = [self.define(name, None) for name in _split(line[1:-1])]
        else:
            self.operations.append(self.parse_op(line))
            self.offsets.append(offset)

    def define(self, name, op):
        """Name a value: a new InputArg (op None), or an op's result."""
        if name in self.values:
            raise ParseError("%s defined twice" % name)
        if op is None:
            if name[:1] not in KIND_OF_PREFIX:
                raise ParseError("cannot tell the kind of %s (names start with i, p or f)" % name)
            op = InputArg(KIND_OF_PREFIX[name[0]])
        self.values[name] = op
        return op

    def parse_op(self, line):
        match = _MERGE_POINT.fullmatch(line)
        if match:
            # the location stays a plain str, as the tracer records it
            args = [ConstInt(int(match.group(1))), ConstInt(int(match.group(2))), match.group(3)]
            return ResOperation("debug_merge_point", args)
        match = _OP.fullmatch(line)
        if not match:
            raise ParseError("not an operation")
        result, name, argtext, failtext = match.groups()
        argtext, descr_text = _split_descr(argtext)
        args = [self.arg(text) for text in _split(argtext)]
        op = self.make_op(name, args, descr_text, result)
        if failtext is not None:
            op.fail_args = [self.arg(text) for text in _split(failtext)]
        if result is not None:
            self.define(result, op)
        return op

    def make_op(self, name, args, descr_text, result):
        descr = None if descr_text is None else self.descr(descr_text)
        kind = None if result is None else KIND_OF_PREFIX.get(result[0])
        if result is not None and kind is None:
            raise ParseError("cannot tell the kind of %s" % result)
        spec = OPSPECS.get(name)
        if _fits(spec, args, descr, kind):
            op = ResOperation(name, args, descr)
        else:
            op = ForeignOp(name, args, descr, kind or "n")
        if descr_text is not None and op.is_guard():
            match = _GUARD_DESCR.fullmatch(descr_text)
            if match:
                op.guard_number = int(match.group(1), 16)
        return op

    def descr(self, text):
        if text in self.namespace:
            return self.namespace[text]
        return UnresolvedDescr(text)

    def arg(self, text):
        if text == "None":
            return None
        if _INT.fullmatch(text):
            return ConstInt(int(text))
        if _FLOAT.fullmatch(text):
            return ConstFloat(float(text))
        match = _CONST.fullmatch(text)
        if match:
            return self.named_const(*match.groups())
        if text in self.values:
            return self.values[text]
        if isinstance(self.namespace.get(text), AbstractValue):
            return self.namespace[text]
        raise ParseError("unknown name %s" % text)

    def named_const(self, which, name):
        if which == "ConstPtr":
            if name == "null":
                return ConstPtr(0)
            value = self.namespace.get(name)
            if isinstance(value, ConstPtr):
                return value
            return ConstPtr(value if isinstance(value, int) else fake_address(name))
        obj = self.namespace.get(name)
        return ConstClass(_class_value(obj, name), name, obj)


def _class_value(obj, name):
    if isinstance(obj, int):
        return obj
    if isinstance(obj, ConstInt):
        return obj.value
    if isinstance(getattr(obj, "tid", None), int):         # a vm.layout.Layout
        return obj.tid
    return fake_address(name)


def _fits(spec, args, descr, kind):
    """Does our table's row for this op describe it (else: a ForeignOp)?"""
    if spec is None:
        return False
    if spec.arity >= 0 and spec.arity != len(args):
        return False
    if descr is not None and not (spec.has_descr or spec.is_guard):
        return False
    return kind is None or kind == spec.result


def _split_descr(argtext):
    match = _DESCR.search(argtext)
    if match is None:
        return argtext, None
    return argtext[:match.start()], match.group(1)


def _split(text):
    return [part.strip() for part in text.split(", ")] if text.strip() else []


def parse_trace(text, namespace=None):
    """(inputargs, operations) of a trace's text; inputargs is None when the
    text has no ``[...]`` line.  ``descr=name``, ``ConstPtr(name)`` and
    ``ConstClass(name)`` are looked up in ``namespace``."""
    return TraceParser(namespace).parse(text.split("\n"))


# -- whole logs ------------------------------------------------------------------------------

def parse_log(text, filename=None):
    """Read a whole PYPYLOG file (see jit/logfile.py: loops, bridges,
    jit-summary and the jit-backend sections)."""
    from .logfile import parse_log as parse
    return parse(text, filename)
