# Benchmark: a task scheduler in the style of "richards".
# An idle task, a worker, two handlers and two devices exchange packets under a
# priority scheduler.  Written from scratch for pypyteach's test corpus.

IDLE_COUNT = 200          # size parameter: how many times the idle task runs

IDLE, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = range(6)
KIND_DEVICE, KIND_WORK = 0, 1
NAMES = ["idle", "worker", "handlerA", "handlerB", "deviceA", "deviceB"]


class Packet:
    def __init__(self, ident, kind):
        self.link = None
        self.ident = ident
        self.kind = kind
        self.datum = 0
        self.data = [0, 0, 0, 0]


def append(packet, queue):
    packet.link = None
    if queue is None:
        return packet
    node = queue
    while node.link is not None:
        node = node.link
    node.link = packet
    return queue


class Task:
    def __init__(self, sched, ident, priority, queue=None):
        self.sched = sched
        self.ident = ident
        self.priority = priority
        self.queue = queue
        self.held = False
        self.waiting = False
        self.runs = 0
        sched.add(self)

    def ready(self):
        if self.held:
            return False
        return self.queue is not None or not self.waiting

    def take_packet(self):
        packet = self.queue
        if packet is not None:
            self.queue = packet.link
            packet.link = None
            self.waiting = False
        return packet

    def step(self, packet):
        raise NotImplementedError(type(self).__name__ + ".step")


class IdleTask(Task):
    def __init__(self, sched, ident, priority, count):
        super().__init__(sched, ident, priority)
        self.count = count
        self.seed = 1

    def step(self, packet):
        self.count -= 1
        if self.count == 0:
            self.sched.hold_self()
        elif self.seed & 1 == 0:
            self.seed >>= 1
            self.sched.release(DEVICE_A)
        else:
            self.seed = (self.seed >> 1) ^ 0xD008
            self.sched.release(DEVICE_B)


class WorkTask(Task):
    def __init__(self, sched, ident, priority, queue):
        super().__init__(sched, ident, priority, queue)
        self.destination = HANDLER_A
        self.letter = 0

    def step(self, packet):
        if packet is None:
            self.sched.wait()
            return
        self.destination = HANDLER_B if self.destination == HANDLER_A else HANDLER_A
        packet.datum = 0
        for i in range(4):
            self.letter = self.letter % 26 + 1
            packet.data[i] = self.letter
        self.sched.queue_packet(packet, self.destination)


class HandlerTask(Task):
    def __init__(self, sched, ident, priority, queue, device):
        super().__init__(sched, ident, priority, queue)
        self.device = device
        self.work = []
        self.devices = []
        self.sent = 0

    def step(self, packet):
        if packet is not None:
            if packet.kind == KIND_WORK:
                self.work.append(packet)
            else:
                self.devices.append(packet)
        if self.work:
            w = self.work[0]
            if w.datum >= 4:
                self.work.pop(0)
                self.sched.queue_packet(w, WORKER)
                return
            if self.devices:
                d = self.devices.pop(0)
                d.datum = w.data[w.datum]
                w.datum += 1
                self.sent += 1
                self.sched.queue_packet(d, self.device)
                return
        self.sched.wait()


class DeviceTask(Task):
    def __init__(self, sched, ident, priority):
        super().__init__(sched, ident, priority)
        self.pending = None
        self.output = []

    def step(self, packet):
        if packet is None:
            if self.pending is None:
                self.sched.wait()
                return
            p = self.pending
            self.pending = None
            self.sched.queue_packet(p, p.ident)
        else:
            self.pending = packet
            self.output.append(packet.datum)
            self.sched.hold_self()


class Scheduler:
    def __init__(self):
        self.tasks = {}
        self.by_priority = []
        self.current = None
        self.queue_count = 0
        self.hold_count = 0
        self.switches = 0

    def add(self, task):
        self.tasks[task.ident] = task
        self.by_priority.append(task)
        self.by_priority.sort(key=lambda t: -t.priority)

    def run(self):
        while True:
            chosen = None
            for t in self.by_priority:
                if t.ready():
                    chosen = t
                    break
            if chosen is None:
                return
            self.current = chosen
            self.switches += 1
            chosen.runs += 1
            chosen.step(chosen.take_packet())

    def queue_packet(self, packet, target):
        self.queue_count += 1
        packet.ident = self.current.ident
        task = self.tasks[target]
        task.queue = append(packet, task.queue)

    def wait(self):
        self.current.waiting = True

    def hold_self(self):
        self.hold_count += 1
        self.current.held = True

    def release(self, ident):
        self.tasks[ident].held = False


def make_queue(count, ident, kind):
    queue = None
    for _ in range(count):
        queue = append(Packet(ident, kind), queue)
    return queue


def benchmark(idle_count):
    s = Scheduler()
    IdleTask(s, IDLE, 0, idle_count)
    WorkTask(s, WORKER, 1000, make_queue(2, WORKER, KIND_WORK))
    HandlerTask(s, HANDLER_A, 2000, make_queue(3, DEVICE_A, KIND_DEVICE), DEVICE_A)
    HandlerTask(s, HANDLER_B, 3000, make_queue(3, DEVICE_B, KIND_DEVICE), DEVICE_B)
    DeviceTask(s, DEVICE_A, 4000)
    DeviceTask(s, DEVICE_B, 5000)
    s.run()
    return s


sched = benchmark(IDLE_COUNT)
print("queue count", sched.queue_count)
print("hold count", sched.hold_count)
print("task switches", sched.switches)
for ident in range(6):
    t = sched.tasks[ident]
    print(f"{NAMES[ident]:9} priority {t.priority:5} runs {t.runs:4} held={t.held} waiting={t.waiting}")
for ident in (DEVICE_A, DEVICE_B):
    out = sched.tasks[ident].output
    print(NAMES[ident], len(out), "".join(chr(64 + v) for v in out[:30]), sum(out))
print("handler sends", sched.tasks[HANDLER_A].sent, sched.tasks[HANDLER_B].sent)
checksum = 0
for ident in (DEVICE_A, DEVICE_B):
    for v in sched.tasks[ident].output:
        checksum = (checksum * 31 + v) % 1000000007
print("checksum", checksum)
