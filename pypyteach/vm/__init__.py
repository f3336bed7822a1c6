"""The VM: four rooms, each a package, importing only downwards.

- ``compiler/``: Python source to pypyteach bytecode (code objects).
- ``memory/``: the heap, object layouts and descrs, the collector, and the
  low-level operations layer everything above is written against.
- ``objspace/``: the guest objects and their operations (PyPy's objspace).
- ``interpreter/``: frames and the dispatch loop, with the JIT's hints.

``errors.py`` holds the errors pypyteach itself reports (bad input, limits).
Nothing under vm/ imports jit/, emu/, viz/ or the drivers above them
(pypyteach/run.py, pypyteach/steprecorder.py); tests/test_architecture.py
checks it.
"""
