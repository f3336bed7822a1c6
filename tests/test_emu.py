"""The emulated machine: the shared heap mapped zero-copy, trampolines,
exits, single-stepping, faults, and the annotated disassembly."""

import re

import pytest

from pypyteach.emu.arch import ARCHS, descriptor
from pypyteach.jit.backend.listing import disassemble, op_ranges, format_listing
from pypyteach.emu.machine import EXIT_ADDRESS, EmulatorFault, Machine
from pypyteach.jit.backend.x86.rx86 import CodeBuilder, Mem
from pypyteach.vm.memory.heap import Heap, HEAP_BASE
from pypyteach.run import run_source

from test_backend import Env


def assemble(machine, build, name="test code"):
    asm = CodeBuilder(base=machine.next_code_address())
    build(asm)
    spans = [(asm.base + r.offset, asm.base + r.offset + r.size, r.note) for r in asm.records]
    return machine.install(asm.getcode(), name, spans=spans)


def test_heap_is_shared_zero_copy_both_ways():
    heap = Heap(1 << 20)
    machine = Machine("x86_64", heap)
    heap.write_int(HEAP_BASE + 8, 1000)

    def build(asm):
        asm.emit("mov", "rax", Mem(None, HEAP_BASE + 8))
        asm.emit("add", "rax", 234)
        asm.emit("mov", Mem(None, HEAP_BASE + 16), "rax")
        asm.emit("mov", Mem("rbp", 0), -5)
        asm.emit("jmp", asm.label_at(EXIT_ADDRESS))
    block = assemble(machine, build)
    machine.run(block.address, HEAP_BASE + 64)
    assert heap.read_int(HEAP_BASE + 16) == 1234          # written by emulated code, read by Python
    assert heap.read_int(HEAP_BASE + 64) == -5            # rbp is the frame address given to run()
    heap.write_int(HEAP_BASE + 8, 1)                      # written by Python, read by emulated code
    machine.run(block.address, HEAP_BASE + 64)
    assert heap.read_int(HEAP_BASE + 16) == 235


def test_trampoline_calls_host_code_and_returns_a_result():
    heap = Heap(1 << 20)
    machine = Machine("x86_64", heap)
    seen = []

    def handler(m):
        a, b = m.read_int_reg("rdi"), m.read_int_reg("rsi")
        seen.append((a, b))
        m.write_int_reg("rax", a * b)
    slot = machine.add_trampoline(handler, "multiply")

    def build(asm):
        asm.emit("mov", "rdi", -6)
        asm.emit("mov", "rsi", 7)
        asm.emit("mov", "rbx", 100)
        asm.emit("call", asm.label_at(slot))
        asm.emit("add", "rax", "rbx")
        asm.emit("mov", Mem("rbp", 0), "rax")
        asm.emit("jmp", asm.label_at(EXIT_ADDRESS))
    machine.run(assemble(machine, build).address, HEAP_BASE)
    assert seen == [(-6, 7)] and heap.read_int(HEAP_BASE) == 58
    assert machine.slot_at(slot).name == "multiply"


def test_host_errors_in_a_trampoline_propagate_and_machine_stays_usable():
    heap = Heap(1 << 20)
    machine = Machine("x86_64", heap)

    def handler(m):
        raise KeyError("from the host")
    slot = machine.add_trampoline(handler, "broken")
    block = assemble(machine, lambda asm: (asm.emit("call", asm.label_at(slot)),
                                           asm.emit("jmp", asm.label_at(EXIT_ADDRESS))))
    with pytest.raises(KeyError):
        machine.run(block.address, HEAP_BASE)
    ok = assemble(machine, lambda asm: (asm.emit("mov", Mem("rbp", 0), 9),
                                        asm.emit("jmp", asm.label_at(EXIT_ADDRESS))))
    machine.run(ok.address, HEAP_BASE)
    assert heap.read_int(HEAP_BASE) == 9


def test_descriptor_rows():
    assert set(ARCHS) == {"x86_64", "aarch64", "ppc64", "ppc64le", "s390x"}
    for desc in ARCHS.values():
        assert desc.page_size == 4096
        assert desc.int_result in desc.int_regs + desc.int_arg_regs
        assert desc.frame_reg in desc.callee_saved
        assert not set(desc.scratch_int) & set(desc.int_regs)
    assert descriptor("x86_64").byteorder == "little"
    assert ARCHS["s390x"].byteorder == ARCHS["ppc64"].byteorder == "big"
    # ppc64le: Unicorn has no little-endian PPC64 mode (MSR[LE] does it); Capstone has one
    assert ARCHS["ppc64le"].byteorder == "little" and ARCHS["ppc64le"].uc_mode == ARCHS["ppc64"].uc_mode
    assert ARCHS["ppc64le"].ret_bytes == ARCHS["ppc64"].ret_bytes[::-1]
    with pytest.raises(ValueError, match="mips"):
        descriptor("mips")


# -- faults --------------------------------------------------------------------------------------

FAULTY = """
[i0]
label(i0, descr=t1)
i1 = int_add(i0, 1)
i2 = getfield_gc_i(ConstPtr(bad), descr=intval)
guard_false(1, descr=g0) [i1, i2]
jump(i1, descr=t1)
"""


def test_unmapped_access_names_loop_op_and_instruction_and_vm_stays_usable():
    env = Env("x86_64")
    env.ns["bad"] = 0x40                      # page 0: never mapped
    loop = env.compile_loop(FAULTY)
    with pytest.raises(EmulatorFault) as info:
        env.run(loop, [1])
    fault = info.value
    assert fault.kind == "read of unmapped memory" and fault.detail == "address 0x48"
    assert fault.note.op.name == "getfield_gc_i" and fault.note.role == "body" and fault.loop is loop.compiled
    assert "getfield_gc_i" in str(fault)
    assert "Loop 1" in str(fault) and "getfield_gc_i" in str(fault) and "mov" in str(fault)
    address, data, text = fault.insn
    assert loop.compiled.block.address <= address < loop.compiled.block.end and text.startswith("mov")
    # the VM and the backend go on: another loop runs, the GC walks the heap
    ok = env.compile_loop("[i0]\nlabel(i0, descr=t2)\ni1 = int_add(i0, 1)\nguard_false(1, descr=g5) [i1]\n"
                          "jump(i1, descr=t2)")
    assert env.run(ok, [41]).values == [42]
    env.gc.collect()
    result = run_source("print(sum([1, 2, 3]))", "x.py")
    assert result.stdout == "6\n"


def test_invalid_instruction_is_a_fault():
    heap = Heap(1 << 20)
    machine = Machine("x86_64", heap)
    block = assemble(machine, lambda asm: (asm.emit("nop", note="first"), asm.emit("ud2", note="trap")), "Trap")
    with pytest.raises(EmulatorFault) as info:
        machine.run(block.address, HEAP_BASE)
    assert info.value.kind == "invalid instruction" and info.value.note == "trap"
    assert info.value.insn[2] == "ud2" and "Trap" in str(info.value)


def test_runaway_loop_stops_at_its_budget():
    env = Env("x86_64")
    loop = env.compile_loop("[i0]\nlabel(i0, descr=t1)\ni1 = int_add(i0, 1)\njump(i1, descr=t1)")
    env.backend.budget = 100000
    with pytest.raises(EmulatorFault, match="budget of 100000 instructions exhausted") as info:
        env.run(loop, [0])
    assert info.value.note.op.name in ("int_add", "jump", "label")
    env.backend.budget = None
    done = env.compile_loop("[i0]\nlabel(i0, descr=t2)\ni1 = int_add(i0, 1)\ni2 = int_lt(i1, 10)\n"
                            "guard_true(i2, descr=g1) [i1]\njump(i1, descr=t2)")
    assert env.run(done, [0]).values == [10]


def test_division_by_zero_is_a_fault():
    env = Env("x86_64")
    loop = env.compile_loop("[i0, i1]\nlabel(i0, i1, descr=t1)\ni2 = int_floordiv(i0, i1)\n"
                            "guard_false(1, descr=g0) [i2]\njump(i0, i1, descr=t1)")
    with pytest.raises(EmulatorFault, match="divide error") as info:
        env.run(loop, [1, 0])
    assert info.value.note.op.name == "int_floordiv"
    assert env.run(loop, [7, 2]).values == [3]


# -- single-stepping -----------------------------------------------------------------------------

STEP_LOOP = """
[p0, i1]
label(p0, i1, descr=t1)
i2 = getfield_gc_i(p0, descr=intval)
i3 = int_add(i2, i1)
setfield_gc(p0, i3, descr=intval)
i4 = int_add(i1, 1)
i5 = int_lt(i4, 3)
guard_true(i5, descr=g1) [p0, i4]
jump(p0, i4, descr=t1)
"""


def test_single_step_shows_instructions_registers_and_heap_accesses():
    from pypyteach.vm.memory import layout as L
    env = Env("x86_64")
    obj = env.obj(L.W_IntObject, intval=10)
    loop = env.compile_loop(STEP_LOOP)
    stepper = env.backend.start_stepping(loop, [obj, 0])
    steps = []
    while not stepper.done:
        steps.append(stepper.step())
    dead = stepper.result
    assert dead.kind == "guard" and dead.values == [obj, 3]
    assert env.heap.read_int(obj + 8) == 13
    loads = [s for s in steps if s.note is not None and s.note.op.name == "getfield_gc_i"]
    assert loads and all((obj + 8, 8, loads[0].reads[0][2]) == s.reads[0] for s in loads[:1])
    stores = [s for s in steps if s.note is not None and s.note.op.name == "setfield_gc"]
    assert [w[2] for s in stores for w in s.writes] == [10, 11, 13]
    assert all("rip" in s.registers and "rax" in s.registers for s in steps)
    assert steps[-1].text.startswith("jmp") and steps[-1].registers["rip"] == EXIT_ADDRESS
    assert all(s.block is loop.compiled.block for s in steps)
    assert "read [0x%x]=10" % (obj + 8) in loads[0].format()
    # hooks are gone: a normal run gives the same answer
    env.heap.write_int(obj + 8, 10)
    assert env.run(loop, [obj, 0]).values == [obj, 3] and env.heap.read_int(obj + 8) == 13


def test_stepping_then_running_to_the_end():
    env = Env("x86_64")
    loop = env.compile_loop("[i0]\nlabel(i0, descr=t1)\ni1 = int_add(i0, 1)\ni2 = int_lt(i1, 1000)\n"
                            "guard_true(i2, descr=g1) [i1]\njump(i1, descr=t1)")
    stepper = env.backend.start_stepping(loop, [0])
    first = [stepper.step() for _ in range(5)]
    assert [s.note.op.name for s in first][:2] == ["label", "int_add"]
    dead = stepper.run_to_end()
    assert dead.values == [1000] and stepper.done
    assert env.run(loop, [0]).values == [1000]


def test_stepping_through_a_residual_call():
    calls = {"c_add": (lambda env: (lambda a, b: a + b), "ii", "i")}
    env = Env("x86_64", calls=calls)
    loop = env.compile_loop("[i0]\nlabel(i0, descr=t1)\ni1 = call_i(1, i0, 5, descr=c_add)\n"
                            "guard_no_exception(descr=g1) [i0]\nguard_false(1, descr=g0) [i1]\njump(i0, descr=t1)")
    stepper = env.backend.start_stepping(loop, [37])
    steps = []
    while not stepper.done:
        steps.append(stepper.step())
    assert stepper.result.values == [42]
    host = [s for s in steps if s.host_call]
    assert len(host) == 1 and host[0].text == "ret" and host[0].block is None


# -- nesting ---------------------------------------------------------------------------------------

def test_host_call_running_compiled_code_again():
    holder = {}

    def reenter(env):
        def run_inner(value):
            return env.run(holder["inner"], [value]).values[0]
        return run_inner
    env = Env("x86_64", calls={"c_inner": (reenter, "i", "i")})
    holder["inner"] = env.compile_loop("[i0]\nlabel(i0, descr=t2)\ni1 = int_mul(i0, 3)\n"
                                       "guard_false(1, descr=g9) [i1]\njump(i0, descr=t2)")
    outer = env.compile_loop("""
    [i0, i1]
    label(i0, i1, descr=t1)
    i2 = int_add(i0, 100)
    i3 = call_i(1, i0, descr=c_inner)
    guard_no_exception(descr=g1) [i0]
    i4 = int_add(i1, i3)
    i5 = int_add(i4, i2)
    i6 = int_add(i0, 1)
    i7 = int_lt(i6, 10)
    guard_true(i7, descr=g2) [i6, i5]
    jump(i6, i5, descr=t1)
    """)
    dead = env.run(outer, [0, 0])
    assert dead.values == [10, sum(3 * i + i + 100 for i in range(10))]


# -- disassembly ------------------------------------------------------------------------------------

def test_every_instruction_maps_to_an_op_with_provenance():
    src = "def f(n):\n    t = 0\n    for i in range(n):\n        t += i * 2\n    return t\nprint(f(300))\n"
    result = run_source(src, "d.py", jit="x86_64", jit_params="threshold=3")
    assert result.stdout == "89700\n"
    trace = result.jit.traces[0].compiled
    rows = disassemble(trace)
    assert rows and all(row.op is not None for row in rows)
    in_trace = [row for row in rows if row.index >= 0]
    assert len(in_trace) == len(rows)
    with_source = [row for row in rows if row.source is not None]
    assert {row.source[2] for row in with_source} <= {3, 4} and with_source
    # each op: one contiguous range in the body, plus one out of line for guards and slow paths
    for op, ranges in op_ranges(trace).items():
        assert len(ranges) <= 3, (op, ranges)
    listing = format_listing(trace)
    assert "<- f line 4" in listing and "[exit stub]" in listing
    assert trace.block.note_at(rows[0].address).op is rows[0].op


def test_fault_inside_a_guest_program_names_source_and_vm_goes_on():
    """A fault while a program's hot loop runs as machine code: the error
    names the loop, the op as the log prints it, its source line and the
    instruction; the same VM then runs more code, JIT included."""
    from pypyteach.vm.compiler.pycompiler import compile_source
    from pypyteach.run import new_globals, new_vm
    space, interp = new_vm(jit="x86_64", jit_params="threshold=3")
    interp.jitdriver.backend.budget = 500
    source = "def f(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\nprint(f(100000))\n"
    w_globals = new_globals(space)
    code = compile_source(source, "hot.py")
    space.load_code(code)
    with pytest.raises(EmulatorFault) as info:
        interp.run_module(code, w_globals)
    text = str(info.value)
    assert "Loop 1" in text and "budget of 500 instructions exhausted" in text
    assert "descr=<" in text and re.search(r"hot\.py line [34] ", text) and "instruction 0x" in text
    interp.jitdriver.backend.budget = None
    again = compile_source("print(f(2000))\n", "again.py")
    space.load_code(again)
    interp.run_module(again, w_globals)
    assert space.output[-1] == "%d\n" % sum(range(2000))


# -- s390x: faults arrive as program interrupts (emu/interrupts.py) ------------------------------

def test_s390x_unmapped_read_and_write_name_loop_op_and_instruction():
    env = Env("s390x")
    env.ns["bad"] = 0x40                      # page 0: never mapped
    loop = env.compile_loop(FAULTY)
    with pytest.raises(EmulatorFault) as info:
        env.run(loop, [1])
    fault = info.value
    assert fault.kind == "read of unmapped memory" and fault.detail == "address 0x48"
    assert fault.note.op.name == "getfield_gc_i" and fault.loop is loop.compiled
    assert "s390x emulator fault in Loop 1" in str(fault) and fault.insn[2].startswith("lg %r")
    store = env.compile_loop(FAULTY.replace("i2 = getfield_gc_i(ConstPtr(bad), descr=intval)",
                                            "setfield_gc(ConstPtr(bad), i1, descr=intval)")
                             .replace("[i1, i2]", "[i1]").replace("t1", "t2"))
    with pytest.raises(EmulatorFault) as info:
        env.run(store, [1])
    assert info.value.kind == "write to unmapped memory" and info.value.detail == "address 0x48"
    assert info.value.note.op.name == "setfield_gc" and info.value.insn[2].startswith("stg %r")
    ok = env.compile_loop("[i0]\nlabel(i0, descr=t3)\ni1 = int_add(i0, 1)\nguard_false(1, descr=g5) [i1]\n"
                          "jump(i1, descr=t3)")
    assert env.run(ok, [41]).values == [42]


def test_s390x_invalid_instruction_and_budget():
    from pypyteach.jit.backend.s390x.cpu import setup
    heap = Heap(1 << 20, byteorder="big")
    machine = Machine("s390x", heap, setup)
    block = machine.install(bytes.fromhex("a7190005") + b"\0\0", "Trap",
                            spans=[(machine.next_code_address(), machine.next_code_address() + 6, "trap")])
    with pytest.raises(EmulatorFault) as info:
        machine.run(block.address, HEAP_BASE)
    assert info.value.kind == "invalid instruction" and info.value.pc == block.address + 4
    assert info.value.note == "trap" and "Trap" in str(info.value)
    assert machine.read_int_reg("r1") == 5
    env = Env("s390x")
    loop = env.compile_loop("[i0]\nlabel(i0, descr=t1)\ni1 = int_add(i0, 1)\njump(i1, descr=t1)")
    env.backend.budget = 100000
    with pytest.raises(EmulatorFault, match="budget of 100000 instructions exhausted"):
        env.run(loop, [0])


def test_s390x_guard_class_on_null_is_an_implicit_null_check():
    env = Env("s390x")
    loop = env.compile_loop("[p0]\nlabel(p0, descr=t1)\nguard_class(p0, ConstClass(W_IntObject), descr=g1) [p0]\n"
                            "guard_false(1, descr=g2) [p0]\njump(p0, descr=t1)")
    dead = env.run(loop, [0])
    assert dead.op.name == "guard_class" and dead.values == [0]
    assert len(loop.compiled.block.code) and env.backend.machine.fault_handlers
