"""pypyteach's bytecode beside the host CPython's, for one function.

pypyteach's compiler emits its own bytecode, modelled on CPython 3.9's
(the bytecode PyPy 3.9 uses too).  The host CPython (3.10, 3.11, 3.12...)
has its own, which changes with every release: this view only *prints*
what the host's ``dis`` module says, next to pypyteach's listing, so the
two can be compared.  Nothing in pypyteach ever decodes the host's bytecode.

Because the right-hand column depends on the Python running the notebook,
a notebook should not compare it with stored output.
"""

import dis
import sys

from ..vm.compiler import opcodes
from .bytecode import instruction_rows
from .render import GREY, MONO, HTMLText, esc

_FUNCTION_PROBLEM = "%r is not a function defined at the top level of the source (functions: %s)"


def host_version():
    return "CPython %d.%d" % sys.version_info[:2]


def _host_rows(source, function):
    host_code = compile(source, "<source>", "exec")
    consts = [c for c in host_code.co_consts if hasattr(c, "co_code")]
    found = next((c for c in consts if c.co_name == function), None)
    if found is None:
        raise ValueError(_FUNCTION_PROBLEM % (function, ", ".join(c.co_name for c in consts) or "none"))
    return [(str(i.offset), i.opname, i.argrepr) for i in dis.get_instructions(found)]


def _own_rows(code, function):
    nested = [c for c in code.co_consts if hasattr(c, "co_name")]
    found = next((c for c in nested if c.co_name == function), None)
    if found is None:
        raise ValueError(_FUNCTION_PROBLEM % (function, ", ".join(c.co_name for c in nested) or "none"))
    return [(str(offset), name, meaning or arg) for _, _, offset, name, arg, meaning in instruction_rows(found)]


class DisSideBySide(HTMLText):
    """``.own`` and ``.host``: [(offset, opname, argument)] of each side;
    ``.shared`` the opnames both use."""

    def __init__(self, code, source, function):
        self.function = function
        self.own = _own_rows(code, function)
        self.host = _host_rows(source, function)
        self.shared = sorted({r[1] for r in self.own} & {r[1] for r in self.host})
        HTMLText.__init__(self, self._html(), self._text())

    def _titles(self):
        return ("pypyteach (modelled on CPython 3.9, as PyPy 3.9): %d instructions" % len(self.own),
                "this kernel's %s: %d instructions" % (host_version(), len(self.host)))

    def _text(self):
        left_title, right_title = self._titles()
        lines = ["%-44s | %s" % (left_title, right_title)]
        for i in range(max(len(self.own), len(self.host))):
            left = "%4s %-20s %s" % self.own[i] if i < len(self.own) else ""
            right = "%4s %-20s %s" % self.host[i] if i < len(self.host) else ""
            lines.append("%-44s | %s" % (left[:44], right))
        return "\n".join(lines)

    def _html(self):
        def column(title, rows):
            body = "".join('<tr><td style="%s">%s</td><td style="padding:0 6px;%s">%s</td><td>%s</td></tr>'
                           % (GREY, esc(o), "font-weight:bold;" if n in self.shared else "", esc(n), esc(a))
                           for o, n, a in rows)
            return '<div><div style="%s">%s</div><table style="%s">%s</table></div>' % (GREY, esc(title), MONO, body)
        left_title, right_title = self._titles()
        return ('<div style="display:flex; gap:24px; align-items:flex-start;">%s%s</div>'
                '<div style="%s %s">bold: instructions both use</div>'
                % (column(left_title, self.own), column(right_title, self.host), MONO, GREY))


def dis_side_by_side(code, source, function):
    """pypyteach's bytecode of ``function`` (from ``code``, the module
    compiled by pypyteach) beside what the host CPython compiles ``source``
    to."""
    return DisSideBySide(code, source, function)


def opcode_count():
    """How many opcodes pypyteach's table declares."""
    return len(opcodes.OPS_BY_CODE)
