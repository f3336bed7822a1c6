# if/elif/else chains, nested conditions, conditional expressions.
def classify(n):
    if n < 0:
        kind = "negative"
    elif n == 0:
        kind = "zero"
    elif n < 10:
        kind = "small"
    elif n < 100:
        kind = "medium"
    else:
        kind = "large"
    parity = "even" if n % 2 == 0 else "odd"
    return kind + "/" + parity

for n in (-5, 0, 7, 42, 100, 12345):
    print(n, classify(n))
def fizzbuzz(n):
    if n % 15 == 0:
        return "FizzBuzz"
    elif n % 3 == 0:
        return "Fizz"
    elif n % 5 == 0:
        return "Buzz"
    return str(n)
print(" ".join(fizzbuzz(i) for i in range(1, 31)))
def grade(score):
    return "A" if score >= 90 else "B" if score >= 80 else "C" if score >= 70 else "F"
print([grade(s) for s in (95, 85, 75, 65, 90, 89.99)])
def leap(y):
    if y % 4:
        return False
    if y % 100:
        return True
    return y % 400 == 0
print([y for y in range(1896, 1912) if leap(y)], leap(2000), leap(2100))
x, y = 3, -2
if x > 0:
    if y > 0:
        quad = 1
    else:
        quad = 4
else:
    quad = 2 if y > 0 else 3
print("quadrant", quad)
if not []:
    print("empty list is falsy")
if "0":
    print("non-empty string is truthy")
