# expect: @
# line: 7 col: 10
# The matrix-multiplication operator @ is outside the subset; the position is
# that of the binary operation.
a = [[1, 2], [3, 4]]
b = [[5, 6], [7, 8]]
product = a @ b
print(product)
