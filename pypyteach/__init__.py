"""pypyteach: see how PyPy runs Python, one real stage at a time."""

__version__ = "0.1.0"
