"""The direct fast paths (vm/interpreter/fastpath.py, directloop.py) compute
what the ll handlers of pyopcode.py compute: corpus programs run once
normally and once with ``space.ll`` an equivalent DirectOps that is not
``space.direct_ll`` (so every bytecode takes its ll handler, as while
tracing) must print the same, raise the same, take the same number of
steps, allocate the same bytes and collect as often.  Also: the step budget
stops a program at the same step and line both ways."""

import glob
import os

import pytest

from pypyteach.run import new_vm, run_code
from pypyteach.vm.compiler.pycompiler import compile_source
from pypyteach.vm.memory.lloperation import DirectOps

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = sorted(glob.glob(os.path.join(ROOT, "tests", "programs", "*.py")))
SAMPLE = [p for i, p in enumerate(CORPUS) if i % 5 == 0 or "bench_" in p or "classes" in p]
EXTRA = sorted(glob.glob(os.path.join(ROOT, "benchmarks", "programs", "*.py")))


class LLHandlersOps(DirectOps):
    """DirectOps by another name: not space.direct_ll, so no fast path runs."""


def run(path, fast, **options):
    source = open(path).read()
    code = compile_source(source, os.path.basename(path))
    space, interp = new_vm(**options)
    if not fast:
        space.ll = LLHandlersOps(space.heap, space.gc)
    result = run_code(space, interp, code)
    error = None if result.error is None else (result.error.type_name, result.error.message, result.error.line)
    limit = None if result.step_limit is None else str(result.step_limit)
    return (result.stdout, error, limit, result.steps, space.gc.collections,
            space.gc.bytes_since_collect)


@pytest.mark.parametrize("path", SAMPLE + EXTRA, ids=lambda p: os.path.basename(p)[:-3])
def test_fast_paths_agree_with_ll_handlers(path):
    assert run(path, fast=True, max_steps=3_000_000) == run(path, fast=False, max_steps=3_000_000)


@pytest.mark.parametrize("path", [p for p in EXTRA if "tictactoe" in p or "pystone" in p])
def test_step_budget_stops_at_the_same_place(path):
    fast = run(path, fast=True, max_steps=12345)
    assert fast[2] is not None and fast[3] == 12346
    assert fast == run(path, fast=False, max_steps=12345)


def test_gc_stress_mode_agrees():
    path = [p for p in EXTRA if "pystone" in p][0]
    options = dict(gc_threshold=4096, gc_debug=True)
    assert run(path, fast=True, **options) == run(path, fast=False, **options)


NEW_ATTRIBUTES = """\
class P:
    def __init__(self, i):
        self.a = i
        self.b = i * 0.5
        self.c = str(i)
        self.d = None
        self.e = float('nan')
        self.f = i > 3
        self.g = -i
        self.h = i * 1.5
        self.k = [i]
        self.m = 2 ** 70 + i
class Q(P):
    @property
    def g(self):
        return 'property'
    @g.setter
    def g(self, value):
        self.gg = value
total = 0
for i in range(60):
    p = P(i) if i % 3 else Q(i)
    p.late = i
    total += p.a + len(p.c) + (p.e != p.e) + p.f + p.late
    print(p.a, p.b, p.c, p.d, p.e, p.f, p.g, p.h, p.k, p.m, p.late, getattr(p, 'gg', '-'))
print(total)
"""


def test_new_attribute_fast_path_agrees_and_is_taken(tmp_path, monkeypatch):
    """``self.x = ...`` adding an attribute whose array has room is appended
    by the fast path (typeobject._append runs only where an array grows)."""
    from pypyteach.vm.objspace.std import typeobject
    path = tmp_path / "attrs.py"
    path.write_text(NEW_ATTRIBUTES)
    calls = []
    original = typeobject._append
    monkeypatch.setattr(typeobject, "_append", lambda *args: calls.append(args[3]) or original(*args))
    fast = run(str(path), fast=True)
    appended_fast = len(calls)
    del calls[:]
    assert fast == run(str(path), fast=False)
    assert fast[1] is None and fast[0].count("\n") == 61
    assert appended_fast < len(calls) / 2, (appended_fast, len(calls))     # (arrays grow at 4 and 8)
