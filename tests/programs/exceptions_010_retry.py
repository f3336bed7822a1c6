# Retry loops with exceptions, break/continue inside try blocks.
class ConnectionFailed(Exception):
    pass

class Flaky:
    def __init__(self, failures):
        self.failures = failures
        self.calls = 0

    def call(self):
        self.calls += 1
        if self.calls <= self.failures:
            raise ConnectionFailed(f"attempt {self.calls} failed")
        return f"success after {self.calls} calls"

def with_retry(service, attempts):
    for i in range(attempts):
        try:
            result = service.call()
        except ConnectionFailed as e:
            print("   retry:", e)
            continue
        else:
            return result
        finally:
            print("   attempt", i + 1, "done")
    return "gave up"

print(with_retry(Flaky(2), 5))
print(with_retry(Flaky(9), 3))
values = ["3", "x", "5", "-", "7", "stop", "9"]
total = 0
for v in values:
    try:
        if v == "stop":
            break
        total += int(v)
    except ValueError:
        print("skipping", repr(v))
        continue
    print("running total", total)
print("final", total)
attempts = 0
while True:
    attempts += 1
    try:
        if attempts < 4:
            raise RuntimeError("not yet")
        break
    except RuntimeError:
        pass
print("attempts", attempts)
