# expect: from math import *
# line: 5 col: 0
# Star imports are outside the subset, even from math.
value = 2.0
from math import *
print(sqrt(value))
