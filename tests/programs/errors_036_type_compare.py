# Uncaught TypeError: ordering comparison between str and int (from sorted).
mixed = [3, 1, 2]
print(sorted(mixed))
mixed.append("10")
print(mixed)
print(sorted(mixed))
