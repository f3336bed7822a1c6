import os
import sys

# tests/reference.py is imported as a plain module by the differential tests
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
