# expect: complex
# line: 6 col: 8
# Complex (imaginary) literals are outside the subset.
real = 3.0
imag = 4.0
z = 3 + 4j
print(real, imag, abs(z))
