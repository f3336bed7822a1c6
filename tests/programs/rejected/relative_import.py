# expect: relative import
# line: 6 col: 0
# Relative imports are outside the subset.
def helper():
    return 1
from . import sibling
print(helper(), sibling)
