# Uncaught ZeroDivisionError from float true division.
speeds = [(100.0, 2.0), (42.0, 0.5), (7.5, 0.0)]
for distance, hours in speeds:
    print(distance, hours)
    print("speed", distance / hours)
