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
