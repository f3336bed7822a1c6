# Uncaught ZeroDivisionError from integer modulo.
def buckets(n, k):
    return [i % k for i in range(n)]

print(buckets(6, 4))
print(buckets(3, 1))
sizes = [5, 3, 0]
for s in sizes:
    print("bucketing with", s)
    print(buckets(4, s))
