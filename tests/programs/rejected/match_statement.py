# expect: match
# line: 7 col: 0
# Structural pattern matching (match/case) is outside the subset.
command = "go north"
words = command.split()

match words:
    case ["go", direction]:
        print("going", direction)
    case _:
        print("unknown")
