import os
import sys

# tests/reference.py is imported as a plain module by the differential tests
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# The VM raises the host recursion limit so deep guest recursion fits; do it
# once up front so Hypothesis does not warn that it changed mid-test.
sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))
