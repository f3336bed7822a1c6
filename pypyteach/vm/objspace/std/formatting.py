"""String formatting: ``str % values``, ``str.format`` and ``str.__format__``.

The parsers follow CPython 3.11's C code (Objects/unicodeobject.c,
PyUnicode_Format; Objects/stringlib/unicode_format.h, MarkupIterator) step
by step, so that the order in which arguments are consumed and errors are
detected is the same.  Each single conversion is then done by the host's own
``%`` operator or ``format()`` on host values, so padding, precision and
number formatting are CPython's exactly.

Only the space's public API is used here (no import of strobject, which
imports this module).
"""

import sys

from ...memory import layout as L


STR = L.W_UnicodeObject.tid
TUPLE_TIDS = L.TUPLE_TIDS
FLOAT = L.W_FloatObject.tid
INSTANCE = L.W_InstanceObject.tid
INTEGRAL = frozenset([L.W_IntObject.tid, L.W_BoolObject.tid, L.W_LongObject.tid])
INT_MAX = (1 << 31) - 1


# -- shared helpers -------------------------------------------------------------------------

def host_call(space, fn, *args):
    """Run a host str/number operation, turning its exceptions into guest
    ones with the same messages."""
    try:
        return fn(*args)
    except OverflowError as exc:
        raise space.error(space.w_OverflowError, str(exc))
    except ValueError as exc:
        raise space.error(space.w_ValueError, str(exc))
    except TypeError as exc:
        raise space.type_error(str(exc))
    except MemoryError:
        raise space.error(space.w_MemoryError)


def check_size(space, length):
    """MemoryError instead of building a host string the heap cannot hold."""
    if length > space.heap.size // 4:
        raise space.error(space.w_MemoryError)


def index_w(space, w_obj):
    """operator.index(): the host int of an int, or of an object with __index__."""
    if space.tid(w_obj) in INTEGRAL:
        return space.int_w(w_obj)
    w_index = space.lookup_special(w_obj, "__index__") if space.tid(w_obj) == INSTANCE else None
    if not w_index:
        raise space.type_error("'%s' object cannot be interpreted as an integer" % space.type_name(w_obj))
    w_result = space.call_function(w_index, w_obj)
    if space.tid(w_result) not in INTEGRAL:
        raise space.type_error("__index__ returned non-int (type %s)" % space.type_name(w_result))
    return space.int_w(w_result)


def ssize_w(space, w_obj, c_int=False):
    """An argument CPython converts to a C Py_ssize_t (or int): index_w, then
    OverflowError when it does not fit."""
    return host_call(space, _c_int if c_int else _ssize, index_w(space, w_obj))


def ascii_of(space, w_obj):
    """ascii(obj) as a host str."""
    return space.repr_w(w_obj).encode("ascii", "backslashreplace").decode("ascii")


def format_str(space, text, spec):
    """str.__format__: the host's format() on the host text."""
    check_spec_width(space, spec)
    return host_call(space, format, text, spec)


def check_spec_width(space, spec):
    """MemoryError for a width the heap cannot hold (after any fill and align)."""
    if len(spec) >= 2 and spec[1] in "<>=^":
        spec = spec[2:]
    digits = ""
    for ch in spec + " ":
        if "0" <= ch <= "9":
            digits += ch
            continue
        if digits and int(digits) <= sys.maxsize:
            check_size(space, int(digits))
        digits = ""


# -- printf-style formatting: str % values ------------------------------------------------------

class _Percent:
    """PyUnicode_Format's state: the format, the cursor and the arguments."""

    def __init__(self, space, fmt, w_values):
        self.space = space
        self.fmt = fmt
        self.pos = 0
        self.w_args = w_values
        tid = space.tid(w_values)
        if tid in TUPLE_TIDS:
            self.items_w = space.tuple_w(w_values)
            self.arglen, self.argidx = len(self.items_w), 0
        else:
            self.arglen, self.argidx = -1, -2
        mapping = tid not in TUPLE_TIDS and tid != STR and space.lookup_special(w_values, "__getitem__")
        self.w_dict = w_values if mapping else None

    def next_arg(self):
        if self.argidx < self.arglen:
            self.argidx += 1
            if self.arglen < 0:
                return self.w_args
            return self.items_w[self.argidx - 1]
        raise self.space.type_error("not enough arguments for format string")

    def read(self):
        """The next format character, or None at the end."""
        if self.pos >= len(self.fmt):
            self.pos += 1
            return None
        ch = self.fmt[self.pos]
        self.pos += 1
        return ch


def percent_format(space, fmt, w_values):
    """``fmt % values`` as a host str."""
    state = _Percent(space, fmt, w_values)
    out = []
    while state.pos < len(fmt):
        j = fmt.find("%", state.pos)
        if j < 0:
            out.append(fmt[state.pos:])
            break
        out.append(fmt[state.pos:j])
        state.pos = j + 1
        if state.pos < len(fmt) and fmt[state.pos] == "%":
            state.pos += 1
            out.append("%")
            continue
        out.append(_format_arg(state))
    if state.argidx < state.arglen and state.w_dict is None:
        raise space.type_error("not all arguments converted during string formatting")
    return "".join(out)


def _format_arg(state):
    space = state.space
    if state.pos < len(state.fmt) and state.fmt[state.pos] == "(":
        _read_key(state)
    flags, ch = _read_flags(state)
    width, ch, flags = _read_width(state, ch, flags)
    prec, ch = _read_precision(state, ch)
    if ch in ("h", "l", "L"):
        ch = state.read()
    if ch is None:
        raise space.value_error("incomplete format")
    w_value = state.next_arg()
    value, conv = _convert_value(state, w_value, ch)
    if width is not None:
        check_size(space, width)
    if prec is not None and conv not in "sc":
        check_size(space, prec)
    spec = "%" + flags + ("" if width is None else str(width)) + ("" if prec is None else "." + str(prec))
    return host_call(space, lambda: (spec + conv) % (value,))


def _read_key(state):
    space = state.space
    if state.w_dict is None:
        raise space.type_error("format requires a mapping")
    state.pos += 1
    start, depth = state.pos, 1
    while depth > 0:
        ch = state.read()
        if ch is None:
            raise space.value_error("incomplete format key")
        if ch == ")":
            depth -= 1
        elif ch == "(":
            depth += 1
    key = state.fmt[start:state.pos - 1]
    state.w_args = space.getitem(state.w_dict, space.newstr(key))
    state.arglen, state.argidx = -1, -2


def _read_flags(state):
    flags = ""
    while True:
        ch = state.read()
        if ch is None or ch not in "-+ #0":
            return flags, ch
        flags += ch


def _star_arg(state):
    w_value = state.next_arg()
    if state.space.tid(w_value) not in INTEGRAL:
        raise state.space.type_error("* wants int")
    return state.space.int_w(w_value)


def _read_number(state, first, limit, message):
    value = ord(first) - ord("0")
    while True:
        ch = state.read()
        if ch is None or not "0" <= ch <= "9":
            return value, ch
        digit = ord(ch) - ord("0")
        if value > (limit - digit) // 10:
            raise state.space.value_error(message)
        value = value * 10 + digit


def _read_width(state, ch, flags):
    if ch == "*":
        width = host_call(state.space, _ssize, _star_arg(state))
        if width < 0:
            flags, width = flags + "-", -width
        return width, state.read(), flags
    if ch is not None and "0" <= ch <= "9":
        width, ch = _read_number(state, ch, sys.maxsize, "width too big")
        return width, ch, flags
    return None, ch, flags


def _read_precision(state, ch):
    if ch != ".":
        return None, ch
    ch = state.read()
    if ch == "*":
        prec = host_call(state.space, _c_int, _star_arg(state))
        return max(prec, 0), state.read()
    if ch is not None and "0" <= ch <= "9":
        return _read_number(state, ch, INT_MAX, "precision too big")
    return 0, ch


def _ssize(value):
    if not -sys.maxsize - 1 <= value <= sys.maxsize:
        raise OverflowError("Python int too large to convert to C ssize_t")
    return value


def _c_int(value):
    if not -INT_MAX - 1 <= value <= INT_MAX:
        raise OverflowError("Python int too large to convert to C int")
    return value


def _convert_value(state, w_value, ch):
    """(host value, host conversion character) for one conversion."""
    space = state.space
    if ch == "s":
        return space.str_of(w_value), "s"
    if ch == "r":
        return space.repr_w(w_value), "s"
    if ch == "a":
        return ascii_of(space, w_value), "s"
    if ch in "diuoxX":
        return _int_value(space, w_value, ch), ch
    if ch in "eEfFgG":
        return _float_value(space, w_value), ch
    if ch == "c":
        return _char_value(space, w_value), "c"
    shown = ch if 31 <= ord(ch) <= 126 else "?"
    raise space.value_error("unsupported format character '%s' (0x%x) at index %d"
                            % (shown, ord(ch), state.pos - 1))


def _int_value(space, w_value, ch):
    tid = space.tid(w_value)
    if tid in INTEGRAL:
        return space.int_w(w_value)
    integer_only = ch in "oxX"
    if tid == FLOAT and not integer_only:
        return host_call(space, int, space.float_w(w_value))
    if tid == INSTANCE:
        for name in (("__index__",) if integer_only else ("__int__", "__index__")):
            w_method = space.lookup_special(w_value, name)
            if w_method:
                return _number_result(space, space.call_function(w_method, w_value), name, INTEGRAL, "int")
    required = "an integer" if integer_only else "a real number"
    raise space.type_error("%%%s format: %s is required, not %s" % (ch, required, space.type_name(w_value)))


def _float_value(space, w_value):
    tid = space.tid(w_value)
    if tid == FLOAT:
        return space.float_w(w_value)
    if tid in INTEGRAL:
        return space.int_w(w_value)
    if tid == INSTANCE:
        w_method = space.lookup_special(w_value, "__float__")
        if w_method:
            return _number_result(space, space.call_function(w_method, w_value), "__float__",
                                  (FLOAT,), "float")
        if space.lookup_special(w_value, "__index__"):
            return index_w(space, w_value)
    raise space.type_error("must be real number, not %s" % space.type_name(w_value))


def _number_result(space, w_result, name, tids, kind):
    if space.tid(w_result) not in tids:
        raise space.type_error("%s returned non-%s (type %s)" % (name, kind, space.type_name(w_result)))
    return space.float_w(w_result) if kind == "float" else space.int_w(w_result)


def _char_value(space, w_value):
    tid = space.tid(w_value)
    if tid == STR:
        text = space.str_w(w_value)
        if len(text) == 1:
            return text
    elif tid in INTEGRAL or (tid == INSTANCE and space.lookup_special(w_value, "__index__")):
        code = index_w(space, w_value)
        if not 0 <= code < 0x110000:
            raise space.error(space.w_OverflowError, "%c arg not in range(0x110000)")
        return chr(code)
    raise space.type_error("%c requires int or char")


# -- str.format ---------------------------------------------------------------------------------

class _AutoNumber:
    """Automatic ('{}') versus manual ('{0}') field numbering."""

    def __init__(self):
        self.state = None        # None, "auto" or "manual"
        self.next = 0


def format_method(space, fmt, args_w, kwargs):
    """str.format (args_w a host list, kwargs a host dict name -> w_value) or
    str.format_map (args_w None, kwargs a guest mapping)."""
    return _build_string(space, fmt, args_w, kwargs, 2, _AutoNumber())


def _build_string(space, fmt, args_w, kwargs, depth, auto):
    if depth <= 0:
        raise space.value_error("Max string recursion exceeded")
    out = []
    pos = 0
    while pos < len(fmt):
        literal, field, pos = _next_markup(space, fmt, pos)
        out.append(literal)
        if field is not None:
            out.append(_render_field(space, field, args_w, kwargs, depth, auto))
    return "".join(out)


def _next_markup(space, fmt, start):
    """(literal text, field or None, new position): MarkupIterator_next."""
    n, pos, ch, markup = len(fmt), start, "", False
    while pos < n:
        ch = fmt[pos]
        pos += 1
        if ch in "{}":
            markup = True
            break
    at_end = pos >= n
    length = pos - start
    if ch == "}" and (at_end or fmt[pos] != "}"):
        raise space.value_error("Single '}' encountered in format string")
    if at_end and ch == "{":
        raise space.value_error("Single '{' encountered in format string")
    if not at_end:
        if fmt[pos] == ch:
            pos += 1
            markup = False
        else:
            length -= 1
    literal = fmt[start:start + length]
    if not markup:
        return literal, None, pos
    field, pos = _parse_field(space, fmt, pos)
    return literal, field, pos


def _parse_field(space, fmt, pos):
    """((name, conversion, spec, spec needs expanding), new position)."""
    n, start, ch = len(fmt), pos, ""
    while pos < n:
        ch = fmt[pos]
        pos += 1
        if ch == "{":
            raise space.value_error("unexpected '{' in field name")
        if ch == "[":
            while pos < n and fmt[pos] != "]":
                pos += 1
            continue
        if ch in "}:!":
            break
    name = fmt[start:pos - 1]
    if ch not in "!:":
        if ch != "}":
            raise space.value_error("expected '}' before end of string")
        return (name, None, "", False), pos
    conversion = None
    if ch == "!":
        if pos >= n:
            raise space.value_error("end of string while looking for conversion specifier")
        conversion = fmt[pos]
        pos += 1
        if pos < n:
            ch = fmt[pos]
            pos += 1
            if ch == "}":
                return (name, conversion, "", False), pos
            if ch != ":":
                raise space.value_error("expected ':' after conversion specifier")
    return _parse_spec(space, fmt, pos, name, conversion)


def _parse_spec(space, fmt, pos, name, conversion):
    spec_start, count, expanding = pos, 1, False
    while pos < len(fmt):
        ch = fmt[pos]
        pos += 1
        if ch == "{":
            expanding = True
            count += 1
        elif ch == "}":
            count -= 1
            if count == 0:
                return (name, conversion, fmt[spec_start:pos - 1], expanding), pos
    raise space.value_error("unmatched '{' in format spec")


def _render_field(space, field, args_w, kwargs, depth, auto):
    name, conversion, spec, expanding = field
    w_obj = _field_object(space, name, args_w, kwargs, auto)
    if conversion is not None:
        w_obj = space.newstr(_convert(space, w_obj, conversion))
    if expanding:
        spec = _build_string(space, spec, args_w, kwargs, depth - 1, auto)
    return space.str_w(space.format(w_obj, space.newstr(spec)))


def _convert(space, w_obj, conversion):
    if conversion == "r":
        return space.repr_w(w_obj)
    if conversion == "s":
        return space.str_of(w_obj)
    if conversion == "a":
        return ascii_of(space, w_obj)
    code = ord(conversion)
    shown = conversion if 32 < code < 127 else "\\x%x" % code
    raise space.value_error("Unknown conversion specifier %s" % shown)


def _get_integer(space, text):
    """The decimal value of ``text``, or -1 if it is not all digits."""
    if not text:
        return -1
    value = 0
    for ch in text:
        if not ch.isdecimal():
            return -1
        digit = int(ch)
        if value > (sys.maxsize - digit) // 10:
            raise space.value_error("Too many decimal digits in format string")
        value = value * 10 + digit
    return value


def _field_object(space, name, args_w, kwargs, auto):
    """get_field_object: the argument named by the first part of the field
    name, then the .attribute and [index] lookups of the rest."""
    split = min([i for i in (name.find("."), name.find("[")) if i >= 0] or [len(name)])
    first, rest = name[:split], name[split:]
    index = _get_integer(space, first)
    empty = not first
    if empty or index != -1:
        if auto.state is None:
            auto.state = "auto" if empty else "manual"
        if auto.state == "manual" and empty:
            raise space.value_error("cannot switch from manual field specification "
                                    "to automatic field numbering")
        if auto.state == "auto" and not empty:
            raise space.value_error("cannot switch from automatic field numbering "
                                    "to manual field specification")
        if empty:
            index = auto.next
            auto.next += 1
    w_obj = _lookup_argument(space, first, index, args_w, kwargs)
    return _follow_rest(space, w_obj, rest)


def _lookup_argument(space, key, index, args_w, kwargs):
    if index == -1:
        if isinstance(kwargs, dict):
            w_value = kwargs.get(key)
            if w_value is None:
                raise space.error(space.w_KeyError, key)
            return w_value
        return space.getitem(kwargs, space.newstr(key))
    if args_w is None:
        raise space.value_error("Format string contains positional fields")
    if index >= len(args_w):
        raise space.error(space.w_IndexError,
                          "Replacement index %d out of range for positional args tuple" % index)
    return args_w[index]


def _follow_rest(space, w_obj, rest):
    pos, n = 0, len(rest)
    while pos < n:
        ch = rest[pos]
        pos += 1
        start = pos
        if ch == ".":
            while pos < n and rest[pos] not in ".[":
                pos += 1
            name = rest[start:pos]
        elif ch == "[":
            while pos < n and rest[pos] != "]":
                pos += 1
            if pos >= n:
                raise space.value_error("Missing ']' in format string")
            name = rest[start:pos]
            pos += 1
        else:
            raise space.value_error("Only '.' or '[' may follow ']' in format field specifier")
        if not name:
            raise space.value_error("Empty attribute in format string")
        if ch == ".":
            w_obj = space.getattr(w_obj, name)
        else:
            index = _get_integer(space, name)
            w_key = space.newint(index) if index != -1 else space.newstr(name)
            w_obj = space.getitem(w_obj, w_key)
    return w_obj
