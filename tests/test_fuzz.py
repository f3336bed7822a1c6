"""Differential fuzzing in the normal test run: a few random programs
(tests/fuzz/generator.py) in every mode, compared with CPython.  Hypothesis
draws each decision, so a failure shrinks to a small program (save it as a
corpus program once fixed).  The long run is ``python -m tests.fuzz --count N``."""

from hypothesis import given, settings, HealthCheck, strategies as st

from fuzz.compare import all_modes, mismatches
from fuzz.generator import HypothesisDraw, RandomDraw, program

MODES = all_modes()


@settings(max_examples=4, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(st.data())
def test_random_programs_match_cpython_in_every_mode(data):
    source = program(HypothesisDraw(data))
    found = mismatches(source, MODES)
    assert not found, "%s\n%s" % (source.split("def run():")[1], found)


def test_generator_is_deterministic_and_covers_the_features():
    sources = [program(RandomDraw(seed)) for seed in range(200)]
    assert sources == [program(RandomDraw(seed)) for seed in range(200)]
    text = "\n".join(sources)
    for feature in ("2**63", "float('nan')", "-0.0", "zip(", "enumerate(", "reversed(", "map(", "gen(",
                    "**{'k'", "*(", "global_bump", "obj.x =", "except", "{1: 'a'",
                    "lst.append(", "lst.sort()", "Seq(", "in Seq(", "while k <", 'f"{', "'-'.join(",
                    "== str(", "lst = lst * 2"):
        assert feature in text, feature
