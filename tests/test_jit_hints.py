"""The interpreter calls its JIT hints with the right greens."""

from pypyteach.vm.compiler.pycompiler import compile_source
from pypyteach.vm.interpreter.jithints import pypyjitdriver, JitHooks
from pypyteach.run import new_vm, run_code


class RecordingDriver(JitHooks):
    def __init__(self):
        self.merge_points = 0
        self.loop_entries = []

    def jit_merge_point(self, interp, frame):
        self.merge_points += 1

    def can_enter_jit(self, interp, frame):
        self.loop_entries.append((frame.code.co_name, frame.pc))


def test_driver_declaration_matches_pypy():
    assert pypyjitdriver.greens == ("code", "pc")
    assert pypyjitdriver.reds == ("frame",)
    assert pypyjitdriver.virtualizables == ("frame",)


def test_merge_point_every_bytecode_and_can_enter_jit_every_iteration():
    driver = RecordingDriver()
    space, interp = new_vm(jitdriver=driver)
    code = compile_source("def run(n):\n    i = 0\n    while i < n:\n        i += 1\n    return i\n"
                          "print(run(7))\n", "loop.py")
    result = run_code(space, interp, code)
    assert result.stdout == "7\n"
    assert driver.merge_points == result.steps
    run_code_obj = code.co_consts[[c.__class__.__name__ for c in code.co_consts].index("Code")]
    loop_head = min(i.offset for i in run_code_obj.instructions if i.opname == "LOAD_FAST" and i.line == 3)
    assert driver.loop_entries == [("run", loop_head)] * 7


class HeaderDriver(RecordingDriver):
    """A driver that, like the JIT when it is not tracing, wants merge
    points only where compiled code could be entered."""
    every_bytecode = False

    def __init__(self):
        RecordingDriver.__init__(self)
        self.points = []
        self.returns = []

    def jit_merge_point(self, interp, frame):
        self.points.append((frame.code.co_name, frame.pc))

    def frame_returns(self, frame, w_result):
        self.returns.append(frame.code.co_name)
        return w_result


def test_merge_points_at_loop_headers_and_function_entries_only():
    driver = HeaderDriver()
    space, interp = new_vm(jitdriver=driver)
    code = compile_source("def run(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\n"
                          "def two():\n    return run(2)\n"
                          "print(run(3), two())\n", "loop.py")
    result = run_code(space, interp, code)
    assert result.stdout == "3 1\n"
    run_code_obj = next(c for c in code.co_consts if getattr(c, "co_name", None) == "run")
    header = next(i.offset for i in run_code_obj.instructions if i.opname == "FOR_ITER")
    assert run_code_obj.loop_headers == {header}
    # each call enters at pc 0, then reaches the header once per item and once to leave
    assert driver.points == ([("<module>", 0), ("run", 0)] + [("run", header)] * 4
                             + [("two", 0), ("run", 0)] + [("run", header)] * 3)
    assert driver.loop_entries == [("run", header)] * 5          # every backward jump
    assert driver.returns == ["run", "run", "two", "<module>"]   # every frame's return
