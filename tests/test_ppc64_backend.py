"""What the PPC64 backend adds beyond the shared backend tests (which run it
through BACKENDS): the heap's byte order, traces longer than a conditional
branch reaches, and the views (assembly listing and machine stepper) read
as text on real ppc64 and ppc64le runs of an anchor loop."""

import re

import pytest

from pypyteach import viz
from pypyteach.emu.arch import ARCHS
from pypyteach.jit.backend import ByteOrderError, heap_byteorder
from pypyteach.jit.record import StepRequest
from pypyteach.vm.memory import layout as L
from pypyteach.run import new_vm, run_source

from test_backend import Env, run_all
from test_viz_assembly import PARAMS, anchor

PPC = ["ppc64", "ppc64le"]


# -- the heap's byte order -------------------------------------------------------------------------

@pytest.mark.parametrize("arch,order", [("ppc64", "big"), ("ppc64le", "little"), ("aarch64", "little"),
                                        ("llgraph", "little"), (None, "little")])
def test_the_heap_takes_the_targets_byte_order(arch, order):
    space, _ = new_vm(jit=arch)
    assert space.heap.byteorder == order == heap_byteorder(arch)


def test_a_byte_order_the_target_cannot_use_is_refused_naming_both():
    with pytest.raises(ByteOrderError, match="ppc64 backend .* big-endian .* little-endian was requested"):
        new_vm(jit="ppc64", byteorder="little")
    assert heap_byteorder("llgraph", "big") == "big"


@pytest.mark.parametrize("arch", PPC)
def test_words_in_the_heap_are_stored_in_the_targets_order(arch):
    def scenario(env):
        box = env.obj(L.W_IntObject, intval=0)
        loop = env.compile_loop("""
        [p0, i1]
        label(p0, i1, descr=t1)
        setfield_gc(p0, i1, descr=intval)
        guard_false(1, descr=g0) [p0]
        jump(p0, i1, descr=t1)
        """)
        env.run(loop, [box, 0x0102030405060708])
        offset = box + L.W_IntObject.field("intval").offset - env.heap.base
        return [bytes(env.heap.mem[offset:offset + 8])]
    run_all(scenario, backends=["llgraph", arch])        # the same bytes as llgraph on such a heap
    assert scenario(Env(arch)) == [(0x0102030405060708).to_bytes(8, ARCHS[arch].byteorder)]


# -- branch reach ----------------------------------------------------------------------------------

def long_trace(guards):
    """A loop with ``guards`` guards, each on its own comparison: its exit
    stubs (after the body) are more than 32 KiB from the last guards."""
    lines = ["[i0, i1]", "label(i0, i1, descr=t1)"]
    for k in range(guards):
        lines.append("i%d = int_add(i0, %d)" % (k + 10, k))
        lines.append("i%d = int_lt(i%d, i1)" % (k + 10 + guards, k + 10))
        lines.append("guard_true(i%d, descr=g%d) [i0, i%d]" % (k + 10 + guards, k % 100, k + 10))
    lines.append("jump(i0, i1, descr=t1)")
    return "\n".join(lines)


@pytest.mark.parametrize("arch", PPC)
def test_a_trace_longer_than_a_conditional_branch_reaches_runs_right(arch):
    text = long_trace(1500)

    def scenario(env):
        loop = env.compile_loop(text)
        if env.name != "llgraph":
            assert len(loop.compiled.block.code) > 32768
            rows = loop.compiled.disassemble()
            # every guard's conditional branch skips a `b` to its exit stub
            first = next(i for i, row in enumerate(rows) if row.op is not None and row.op.name == "guard_true")
            assert rows[first].mnemonic == "blt" and rows[first + 1].mnemonic == "b"
            assert int(rows[first].op_str, 16) == rows[first + 2].address
        return [env.summary(env.run(loop, [i0, 1500])) for i0 in (1, 5, 600, 1499, 5000)]
    run_all(scenario, backends=["llgraph", arch])


def test_a_short_trace_keeps_the_short_branches():
    env = Env("ppc64")
    loop = env.compile_loop(long_trace(10))
    rows = loop.compiled.disassemble()
    guards = [row for row in rows if row.op is not None and row.op.name == "guard_true" and row.role == "body"]
    assert [row.mnemonic for row in guards] == ["bge"] * 10


# -- the views -------------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=PPC)
def branchy(request):
    """Loop 1 of the branchy anchor, stepped on its first entry to its exit."""
    result = run_source(anchor("branchy_loop"), "branchy_loop.py", jit=request.param, jit_params=PARAMS,
                        step_machine=StepRequest(loop=1, entry=1, count=500))
    assert result.stdout == run_source(anchor("branchy_loop"), "branchy_loop.py").stdout
    return request.param, result


def test_listing_shows_ppc64_code_under_its_ops(branchy):
    arch, result = branchy
    view = viz.AssemblyView(result.jit)
    text = view.text()
    assert text.startswith("Loop 1 (%s) at 0x" % arch)
    sections = [line.split(":")[0] for line in text.splitlines() if line.startswith("== ")]
    assert sections == ["== entry", "== preamble", "== loop body", "== exit stubs", "== shared exits"]
    assert "frame register r31" in text
    rows = view.rows
    assert not [row for row in rows if row.mnemonic == "(undecodable)"]
    stubs = {}
    for row in rows:
        if row.role == "exit stub":
            stubs.setdefault(row.op, []).append(row)
    jf_descr = L.JitFrame.field("jf_descr").offset
    for guard in [op for op in view.code.operations if op.is_guard()]:
        body = [row for row in rows if row.op is guard and row.role == "body"]
        # a conditional branch (a bit of CR0) to the guard's own exit stub
        assert body[-1].mnemonic in ("blt", "bgt", "beq", "bso", "bge", "ble", "bne", "bns")
        assert int(body[-1].op_str, 16) == stubs[guard][0].address
        # the stub: its exit number into jitframe.jf_descr, then b + three nops (room for a far jump)
        assert stubs[guard][0].text.startswith("li r11, ")
        assert stubs[guard][1].text == "std r11, %d(r31)" % jf_descr
        assert [row.mnemonic for row in stubs[guard][2:]] == ["b", "nop", "nop", "nop"]
    # a field descr's offset is the D-form displacement: <FieldS W_IntObject.intval 8> -> ld rX, 8(rY)
    loads = [row for row in rows if row.op is not None and row.op.name == "getfield_gc_i"]
    assert loads and all(re.fullmatch(r"ld r\d+, (0x)?%x\(r\d+\)" % row.op.descr.offset, row.text)
                         for row in loads)


def test_overflow_forms_are_shown_though_capstone_lacks_them(branchy):
    _, result = branchy
    rows = viz.AssemblyView(result.jit).rows
    ovf = [row for row in rows if row.op is not None and row.op.name == "int_sub_ovf"]
    assert [row.mnemonic for row in ovf][-3:] == ["li", "mtxer", "subfo."]
    guard = next(row for row in rows if row.op is not None and row.op.name == "guard_no_overflow")
    assert guard.mnemonic == "bso"


def test_stepper_shows_ppc64_registers_and_cr0(branchy):
    arch, result = branchy
    stepper = viz.MachineStepper(result.jit)
    steps = result.jit.stepped().steps
    load = next(i for i, s in enumerate(steps) if s.op is not None and s.op.name == "guard_class")
    text = stepper.text(load)
    assert text.startswith("step %d of %d, in Loop 1" % (load, len(steps) - 1))
    assert re.search(r"ld r11, 0\(r\d+\)", text)
    assert re.search(r"read  \[0x[0-9a-f]+\] = 30   header \(type id 30\) of W_IntRangeIterator", text)
    assert "r11=30*" in text and "r31=0x" in text and "r1=0x" in text
    compare = stepper.text(load + 1)
    assert "cmpdi r11, 0x1e" in compare and "flags=cr0.eq*" in compare
    assert "pc=0x%x*" % (steps[load + 1].address + 4) in compare
    last = stepper.text(len(steps) - 1)
    assert "-> the code reached the exit page" in last
    assert steps[0].registers["r31"] == result.jit.stepped().frame


# -- coverage ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("arch", PPC)
def test_every_resop_is_handled_or_rejected_and_every_guard_written(arch):
    from pypyteach.jit.backend import backend_package
    from pypyteach.jit.backend.codegen import GEN_METHODS
    from pypyteach.jit.backend.support import coverage
    from pypyteach.jit.resoperation import OPSPECS
    codegen = backend_package(arch).CODEGENS[arch]
    assert codegen.CODEBUILDER.BYTEORDER == ARCHS[arch].byteorder
    assert set(coverage(codegen.HANDLED, codegen.GUARDS)) == set(OPSPECS)
    assert all(callable(getattr(codegen, method)) for method in set(GEN_METHODS.values()))
    assert all(callable(getattr(codegen, guard)) for guard in codegen.GUARDS
               if guard not in ("guard_no_exception", "guard_not_invalidated"))
