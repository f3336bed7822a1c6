# A round-robin process scheduler with time slices.
class Process:
    def __init__(self, pid, burst, priority):
        self.pid = pid
        self.remaining = burst
        self.burst = burst
        self.priority = priority
        self.finished_at = None

    def __repr__(self):
        return f"P{self.pid}({self.remaining}/{self.burst})"

def round_robin(procs, quantum):
    queue = list(procs)
    clock = 0
    timeline = []
    while queue:
        p = queue.pop(0)
        run = min(quantum, p.remaining)
        timeline.append((clock, p.pid, run))
        clock += run
        p.remaining -= run
        if p.remaining:
            queue.append(p)
        else:
            p.finished_at = clock
    return timeline, clock

procs = [Process(1, 5, 2), Process(2, 3, 1), Process(3, 8, 3), Process(4, 2, 2)]
timeline, end = round_robin(procs, 2)
for start, pid, run in timeline:
    print(f"t={start:2} P{pid} runs {run}")
print("end", end, [(p.pid, p.finished_at) for p in procs])
turnaround = [p.finished_at for p in procs]
print("avg turnaround", sum(turnaround) / len(turnaround))
procs2 = sorted([Process(i, b, pr) for i, b, pr in [(1, 4, 3), (2, 1, 1), (3, 3, 2)]], key=lambda p: (p.priority, p.pid))
print(procs2, round_robin(procs2, 10)[1])
