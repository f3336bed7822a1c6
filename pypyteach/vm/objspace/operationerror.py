"""OperationError: a guest exception travelling through host code.

Every layer that runs guest operations raises and catches it (the object
space, the interpreter, the JIT's residual calls), so it lives alone here,
importing nothing, as PyPy's ``pypy/interpreter/error.py``.
"""


class OperationError(Exception):
    """A guest exception travelling through host code (PyPy's name).

    ``w_value`` is the exception instance; ``traceback`` collects
    (code, offset) pairs as the exception leaves frames, innermost last."""

    def __init__(self, w_value):
        Exception.__init__(self, w_value)
        self.w_value = w_value
        self.traceback = []
