"""Errors that pypyteach itself reports (as opposed to the guest program's
exceptions, which live on the heap and travel as OperationError).

Each names what is wrong and where: file, line and column.
"""


class PyPyTeachError(Exception):
    """Base class of every error pypyteach reports about its input."""


class CompileError(PyPyTeachError):
    """The source cannot be compiled: a SyntaxError (as CPython would report
    it) or a construct outside pypyteach's Python subset."""

    def __init__(self, kind, message, filename, line, col, source_line=""):
        self.kind = kind              # "SyntaxError" or "UnsupportedError"
        self.message = message
        self.filename = filename
        self.line = line
        self.col = col                # 0-based, as in Python's ast
        self.source_line = source_line
        Exception.__init__(self, self.format())

    def format(self):
        where = '  File "%s", line %s, column %s' % (self.filename, self.line, self.col + 1)
        text = [where]
        if self.source_line:
            text.append("    " + self.source_line.strip())
            indent = len(self.source_line) - len(self.source_line.lstrip())
            text.append("    " + " " * max(self.col - indent, 0) + "^")
        text.append("%s: %s" % (self.kind, self.message))
        return "\n".join(text)


class StepLimitExceeded(PyPyTeachError):
    """The program ran more bytecodes than --max-steps allows."""

    def __init__(self, max_steps, filename, line):
        self.max_steps = max_steps
        self.filename = filename
        self.line = line
        Exception.__init__(
            self, "stopped after %d bytecodes (--max-steps) at %s, line %s" % (max_steps, filename, line))


class RestartBytecode(Exception):
    """Raised by an attached JIT when the current bytecode must be run again
    from its start (the JIT has put the frame back as it was)."""
