# A score table formatted with % formatting.
scores = {"Ann": [88, 92, 79], "Bob": [65, 70, 81], "Cyd": [99, 100, 98], "Dee": [50, 45, 62]}
print("%-6s %5s %5s %5s %7s" % ("name", "t1", "t2", "t3", "avg"))
best_name = None
best_avg = -1.0
for name in scores:
    s = scores[name]
    avg = sum(s) / len(s)
    if avg > best_avg:
        best_name, best_avg = name, avg
    print("%-6s %5d %5d %5d %7.2f" % (name, s[0], s[1], s[2], avg))
print("best: %s with %.3f" % (best_name, best_avg))
print("%s scored %d%% of max" % (best_name, round(best_avg)))
for pct in (0.5, 12.345, 99.999):
    print("%6.2f%% | %-8.1e | %g" % (pct, pct, pct))
print("hex %04x oct %o sci %E" % (48879, 511, 6.02e23))
