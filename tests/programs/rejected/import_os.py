# expect: import os
# line: 5 col: 0
# Only the math module may be imported.
import math
import os

print(math.sqrt(2), os.getcwd())
