"""The benchmark scripts' own machinery runs (no timing is checked: the
scripts print ratios; a test only makes sure they do not break)."""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))

import jit_vs_cpython  # noqa: E402

SOURCE = """\
def run(n):
    keep = list(range(40000))      # a large object: allocated from the top, may collect first
    total = 0
    for i in range(n):
        total += keep[i] & 7
    return total
n = 3000
print(run(n))
"""


def test_jit_vs_cpython_times_a_jit_run_with_its_instrumentation():
    seconds, output, record, spent = jit_vs_cpython.run_pypyteach("loop.py", SOURCE, jit="x86_64",
                                                                   params="threshold=50", hook=True)
    assert output == "%d\n" % sum(i & 7 for i in range(3000))
    assert record.loops() and spent["insns"] > 0 and spent["machine"] > 0
    assert spent["gc"] >= 0
