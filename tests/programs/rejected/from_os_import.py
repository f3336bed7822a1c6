# expect: from os import path
# line: 6 col: 0
# Only the math module may be imported (from-imports included).
from math import sqrt
print(sqrt(9))
from os import path
print(path.join("a", "b"))
