"""Differential fuzzing: random programs run under CPython and under
pypyteach in every mode (interpreter, llgraph, each machine backend, both
byte orders where the backend allows) must print the same and end with the
same exception.

``generator.py`` writes the programs; ``compare.py`` runs them.  The test
suite runs a small fixed budget (tests/test_fuzz.py, with Hypothesis
shrinking a failure to a small program); a long run is one command::

    python -m tests.fuzz --count 10000 [--seed 0] [--modes interp,llgraph,x86_64]
"""
