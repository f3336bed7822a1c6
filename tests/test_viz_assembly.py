"""The assembly view and the machine stepper, read through their plain-text
faces, on real x86-64 runs of anchor loops (benchmarks/anchors); and the
step recording they read (JitRecord.machine_steps, a StepRequest)."""

import os
import re

import pytest

from pypyteach import viz
from pypyteach.viz.render import HIGHLIGHT
from pypyteach.emu.machine import EXIT_ADDRESS, STACK_BASE, STACK_SIZE
from pypyteach.jit.record import StepRequest
from pypyteach.vm.memory import layout as L
from pypyteach.run import run_source

ANCHORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "benchmarks", "anchors")
PARAMS = "threshold=10,trace_eagerness=5"
INSN = re.compile(r"^  (>>|  )0x([0-9a-f]+): ([0-9a-f ]+?) +(\S.*?) +; (.*)$")


def anchor(name, n=60):
    with open(os.path.join(ANCHORS, name + ".py")) as f:
        return f.read().replace("n = 100000", "n = %d" % n)


def run(name, **options):
    return run_source(anchor(name), name + ".py", jit="x86_64", jit_params=PARAMS, **options)


@pytest.fixture(scope="module")
def branchy():
    """Loop 1 stepped on its first entry, all the way to its exit (guard 0x10a, i = 12)."""
    return run("branchy_loop", step_machine=StepRequest(loop=1, entry=1, count=500))


@pytest.fixture(scope="module")
def list_loop():
    return run("list_loop", step_machine="loop=1,entry=1,count=40")


def instruction_lines(text):
    return [INSN.match(line) for line in text.splitlines() if INSN.match(line)]


# -- the listing ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name,number", [("branchy_loop", 1), ("branchy_loop", 2), ("list_loop", 1),
                                         ("alloc_loop", 1)])
def test_every_instruction_is_annotated_with_an_op_of_the_trace(name, number, branchy, list_loop):
    result = {"branchy_loop": branchy, "list_loop": list_loop}.get(name) or run(name)
    view = viz.AssemblyView(result.jit, number)
    compiled = result.jit.traces[number - 1].compiled
    ops = compiled.operations
    lines = instruction_lines(view.text())
    assert len(lines) == len(compiled.disassemble()) > 10
    assert "%d instructions" % len(lines) in view.text().splitlines()[0]
    code = compiled.block
    for match in lines:
        address, data, annotation = int(match.group(2), 16), bytes.fromhex(match.group(3)), match.group(5)
        assert code.address <= address < code.end
        assert bytes(code.code[address - code.address:][:len(data)]) == data
        op = code.note_at(address).op
        numbered = re.fullmatch(r"op (\d+) (\w+)", annotation)
        if numbered:
            assert ops[int(numbered.group(1))] is op and op.name == numbered.group(2)
        else:       # a bridge's entry belongs to the guard it leaves from, in the parent trace
            assert compiled.kind == "bridge" and annotation == "%s (parent trace)" % compiled.guard.op.name
            assert op is compiled.guard.op


def test_op_headings_give_bytecode_and_source_line_from_provenance(branchy):
    view = viz.AssemblyView(branchy.jit)
    source = anchor("branchy_loop").splitlines()
    headed = 0
    for item in view.items:
        if item[0] != "op" or item[1].op.provenance is None:
            continue
        prov = item[1].op.provenance
        expected = "#%d %s in %s, line %d: %s" % (prov.offset, prov.opname, prov.code_name, prov.line,
                                                  source[prov.line - 1].strip())
        assert view.where(item[1].source) == expected
        headed += 1
    assert headed > 20
    text = view.text()
    assert "<- #42 INPLACE_SUBTRACT in run, line 8: total -= 1" in text
    assert "-- #24 COMPARE_OP (line 5: if i % 3 == 0:)" in text


def test_sections_and_guards_branch_to_their_exit_stubs(branchy):
    view = viz.AssemblyView(branchy.jit)
    sections = [line for line in view.text().splitlines() if line.startswith("== ")]
    assert [s.split(":")[0] for s in sections] == ["== entry", "== preamble", "== loop body", "== exit stubs",
                                                   "== shared exits"]
    assert "frame register rbp" in sections[0]
    rows = view.rows
    stubs = {}
    for row in rows:
        if row.role == "exit stub":
            stubs.setdefault(row.op, row.address)
    guards = [op for op in view.code.operations if op.is_guard()]
    assert set(stubs) == set(guards)
    for guard in guards:
        body = [row for row in rows if row.op is guard and row.role == "body"]
        # a guard is a test (or flags another op left) and a conditional branch to its own exit stub
        assert body[-1].mnemonic.startswith("j") and body[-1].mnemonic != "jmp"
        assert int(body[-1].op_str, 16) == stubs[guard]
        # the stub stores the exit number in jitframe.jf_descr ([rbp + 8])
        stub = [row for row in rows if row.op is guard and row.role == "exit stub"]
        assert stub[0].text.startswith("mov qword ptr [rbp + %d]" % L.JitFrame.field("jf_descr").offset)
    # a field descr's offset is the displacement of the instruction: <FieldS W_IntObject.intval 8> -> [reg + 8]
    loads = [row for row in rows if row.op is not None and row.op.name == "getfield_gc_i"]
    assert loads and all(row.op_str.endswith("+ 0x%x]" % row.op.descr.offset) or
                         row.op_str.endswith("+ %d]" % row.op.descr.offset) for row in loads)


def test_bridge_listing(branchy):
    view = viz.AssemblyView(branchy.jit, 2)
    text = view.text()
    assert text.startswith("Bridge 2 out of Guard 0x%x (x86_64)" % branchy.jit.bridges()[0].guard.number)
    sections = [line.split(":")[0] for line in text.splitlines() if line.startswith("== ")]
    # the bridge enters the loop body with its int boxes virtual: nothing to allocate
    assert sections[:2] == ["== bridge entry", "== body"] and "== slow paths" not in sections
    assert "bridge entry counter" not in text          # words are named only when stepping
    assert "jmp 0x%x" % branchy.jit.traces[0].compiled.label_addresses[
        branchy.jit.bridges()[0].operations[-1].descr] in text


def test_colour_links_instructions_trace_line_and_source_line(branchy):
    view = viz.AssemblyView(branchy.jit)
    html = view.html
    lines = {row.source[2] for row in view.rows if row.source}
    assert lines == {4, 5, 8} and len(set(view.colours.values())) == len(lines)
    source_rows = dict((int(line), colour) for colour, line in re.findall(
        r'<tr data-row="line-\d+" data-s="[^"]*" style="background: (#[0-9a-f]{6});"><td style="padding: 0;">'
        r'<span class="ppt-arrow"[^>]*></span></td><td style="padding: 0 6px; [^"]*">(\d+)</td>', html))
    assert source_rows == {line: view.colours[line] for line in lines}
    insn_rows = re.findall(r'<tr data-row="a[0-9a-f]+" data-s="[^"]*" style="background: (#[0-9a-f]{6})80;" '
                           r'title="[^"]*, line (\d+): ', html)
    assert len(insn_rows) == sum(1 for row in view.rows if row.source)
    assert all(view.colours[int(line)] == colour for colour, line in insn_rows)
    headings = re.findall(r'<tr style="background: (#[0-9a-f]{6});"><td colspan="5"[^>]*title="[^"]*, line (\d+): ',
                          html)
    assert headings and all(view.colours[int(line)] == colour for colour, line in headings)
    assert repr(view) == view.text() and view._repr_html_() == html


# -- the step recording -----------------------------------------------------------------------------

def test_stepping_keeps_output_heap_and_jit_behaviour():
    plain = run("branchy_loop")
    for request in ("loop=1,entry=1,count=30", "loop=1,entry=3,count=5000"):
        stepped = run("branchy_loop", step_machine=request)
        assert stepped.stdout == plain.stdout == "530\n"
        assert bytes(stepped.space.heap.mem) == bytes(plain.space.heap.mem)
        assert stepped.jit.entries == plain.jit.entries == {1: 6}
        assert [(f.guard.number, f.resumed_at, f.fail_values) for f in stepped.jit.guard_failures] == \
               [(f.guard.number, f.resumed_at, f.fail_values) for f in plain.jit.guard_failures]
        assert [[op.name for op in t.operations] for t in stepped.jit.traces] == \
               [[op.name for op in t.operations] for t in plain.jit.traces]
    assert plain.jit.machine_steps is None and plain.space.heap is not stepped.space.heap


def test_count_limits_the_steps_and_the_run_goes_on(list_loop):
    steps = list_loop.jit.stepped()
    assert len(steps.steps) == 40 and not steps.reached_exit
    assert list_loop.stdout == "1770\n"
    assert steps.exit_kind == "guard" and steps.exit_op.name == "guard_true"     # the loop's end test
    assert steps.guard_failure == 0 and list_loop.jit.guard_failures[0].guard is steps.exit_op.descr
    assert "stepping stopped here (count reached)" in viz.MachineStepper(list_loop.jit).text(39)


def test_steps_agree_with_the_listing(branchy):
    steps = branchy.jit.stepped()
    view = viz.AssemblyView(branchy.jit)
    rows = {row.address: row for row in view.rows}
    assert steps.reached_exit and steps.loop == 1 and steps.entry == 1 and steps.arch == "x86_64"
    assert steps.steps[0].address == view.code.entry
    assert steps.steps[-1].registers["rip"] == EXIT_ADDRESS
    before = steps.initial_registers
    assert before["rbp"] == steps.frame
    for step, following in zip(steps.steps, steps.steps[1:] + [None]):
        row = rows[step.address]
        assert step.block_address == view.code.address and step.op is row.op and step.role == row.role
        if following is not None:
            assert step.registers["rip"] == following.address
        memory = "ptr [" in step.text
        assert bool(step.reads or step.writes) == memory, step.text
        for address, size, value in step.reads + step.writes:
            assert size == 8 and step.words[address]
        load = re.fullmatch(r"mov (\w+), qword ptr \[.*\]", step.text)
        if load:        # a load: the register holds the word read
            assert (step.registers[load.group(1)] - step.reads[0][2]) % (1 << 64) == 0
        changed = [name for name in step.registers if step.registers[name] != before.get(name)]
        dest = re.match(r"(?:mov|lea|add|sub|imul|neg) (\w+),", step.text)
        if dest and dest.group(1) in step.registers:
            assert set(changed) <= {dest.group(1), "rip", "eflags"}
        before = step.registers
    # reading the loop's fields: the W_IntRangeIterator, then the exit stub's jf_descr
    words = [step.words[a] for step in steps.steps for a, _, _ in step.reads + step.writes]
    assert any(re.fullmatch(r"field current of W_IntRangeIterator at 0x[0-9a-f]+", w) for w in words)
    assert any(re.fullmatch(r"header \(type id %d\) of W_IntObject at 0x[0-9a-f]+" % L.W_IntObject.tid, w)
               for w in words)
    stub = next(step for step in steps.steps if step.role == "exit stub")
    exit_number = next(e.number for e in view.trace.compiled.exits if e.op is steps.exit_op)
    assert stub.writes == ((steps.frame + 8, 8, exit_number),) and stub.words[steps.frame + 8] == "jitframe.jf_descr"
    saved = [step for step in steps.steps if step.role == "exit (shared)" and step.writes]
    assert [step.words[step.writes[0][0]] for step in saved] == \
           ["jitframe slot %d" % i for i in range(len(steps.exit_op.fail_args))]


def test_host_calls_and_the_machine_stack_are_named():
    # a dict store: a residual call (list.append is inlined)
    source = "def run(n):\n    out = {}\n    for i in range(n):\n        out[i] = i\n    return len(out)\nprint(run(40))\n"
    result = run_source(source, "store.py", jit="x86_64", jit_params="threshold=10",
                        step_machine="loop=1,entry=1,count=400")
    assert result.stdout == "40\n"
    steps = result.jit.stepped().steps
    host = [i for i, step in enumerate(steps) if step.host_call]
    assert host and all(steps[i].block_address is None and steps[i].text == "ret" for i in host)
    call = steps[host[0] - 1]
    assert call.text.startswith("call") and call.words[call.writes[0][0]] == "the machine stack"
    assert STACK_BASE <= call.writes[0][0] < STACK_BASE + STACK_SIZE
    text = viz.MachineStepper(result.jit).text(host[0])
    assert "in host code" in text and "host code ran here: %s" % steps[host[0]].host_call in text
    assert re.search(r"op:        (p\d+ = )?call_\w\(", text)


# -- the stepper ----------------------------------------------------------------------------------------

def test_machine_stepper_text(branchy):
    stepper = viz.MachineStepper(branchy.jit)
    steps = branchy.jit.stepped().steps
    guard_class = next(i for i, s in enumerate(steps) if s.op is not None and s.op.name == "guard_class")
    text = stepper.text(guard_class)
    assert text.startswith("step %d of %d, in Loop 1 (stepping entry 1 of loop 1" % (guard_class, len(steps) - 1))
    assert "cmp qword ptr [r9], 0x%x" % L.W_IntRangeIterator.tid in text
    assert "op:        guard_class(p5, ConstClass(W_IntRangeIterator), descr=<Guard0x100>)" in text
    assert "bytecode:  #12 FOR_ITER in run" in text and "source:    line 4: for i in range(n):" in text
    assert re.search(r"read  \[0x[0-9a-f]+\] = 30   header \(type id 30\) of W_IntRangeIterator", text)
    assert "rip=0x%x*" % (steps[guard_class].address + 4) in text and "flags=ZF*" in text
    last = stepper.text(len(steps) - 1)
    guard = branchy.jit.guard_failures[0].guard.number
    assert "-> the code reached the exit page: it left through guard 0x%x (guard_false)" % guard in last
    assert "-> blackhole step: finished #24 COMPARE_OP in run, line 5" in last
    assert "-> interpreter takes over at #26 POP_JUMP_IF_FALSE in run, line 5" in last
    # the exit stub's jump went to the shared exit; by the end of the run it goes to the bridge
    patched = next(i for i, s in enumerate(steps) if s.role == "exit stub" and s.text.startswith("jmp"))
    assert "(patched later: at the end of the run it reads `jmp 0x%x`, the entry of Bridge 2" % (
        branchy.jit.traces[1].compiled.entry) in stepper.text(patched)


def test_machine_stepper_widget_follows_the_slider(branchy):
    stepper = viz.MachineStepper(branchy.jit, start=12)
    assert stepper.slider.value == 12 and "step 12 of" in stepper.view.value
    address = branchy.jit.stepped().steps[12].address
    # the instruction is marked (arrow and highlight) in the listing the widget shows
    assert re.search(r'data-row="a%x" [^>]*data-ppt-cur="1"[^>]*>[^▶]*▶</span>' % address, stepper.view.value)
    stepper.next_button.click()
    assert stepper.slider.value == 13 and "step 13 of" in stepper.view.value
    assert "%s\">rip=" % HIGHLIGHT in stepper.view.value and "*</td>" in stepper.view.value  # rip changed
    stepper.go(10 ** 6)
    assert stepper.slider.value == stepper.slider.max and "interpreter takes over at" in stepper.view.value
    stepper.go(0)
    stepper.prev_button.click()
    assert stepper.slider.value == 0


# -- bad input ---------------------------------------------------------------------------------------

def test_clear_errors(branchy):
    with pytest.raises(ValueError, match=r"no trace number 9; the traces are \[1, 2\]"):
        viz.AssemblyView(branchy.jit, 9)
    llgraph = run_source(anchor("branchy_loop"), "b.py", jit="llgraph", jit_params=PARAMS)
    with pytest.raises(ValueError, match="llgraph backend, which makes no machine code"):
        viz.AssemblyView(llgraph.jit)
    with pytest.raises(ValueError, match=r"no machine steps were recorded: run with step_machine="):
        viz.MachineStepper(llgraph.jit)
    unknown = run("branchy_loop", step_machine="loop=7")
    assert unknown.stdout == "530\n" and unknown.jit.machine_steps is None
    with pytest.raises(ValueError, match=r"loop 7 was never compiled \(the loops are \[1\]\)"):
        viz.MachineStepper(unknown.jit)
    late = run("branchy_loop", step_machine=StepRequest(entry=50))
    with pytest.raises(ValueError, match=r"loop 1 was entered 6 time\(s\) from the interpreter, fewer than entry=50"):
        late.jit.stepped()
    last = len(branchy.jit.stepped().steps) - 1
    with pytest.raises(ValueError, match="no step 500: the steps are 0..%d" % last):
        viz.MachineStepper(branchy.jit).text(500)
    with pytest.raises(ValueError, match="step_machine needs a machine backend"):
        run_source("print(1)", jit="llgraph", step_machine="loop=1")
    with pytest.raises(ValueError, match="step_machine needs a JIT"):
        run_source("print(1)", step_machine="loop=1")
    with pytest.raises(ValueError, match="count must be a positive integer"):
        StepRequest(count=0)
    with pytest.raises(ValueError, match="expected loop=N, entry=N, count=N"):
        StepRequest.parse("loop=one")
    with pytest.raises(ValueError, match="more than 20000 instructions"):
        StepRequest(count=10 ** 6)
    assert StepRequest.parse("loop=2, count=7") == StepRequest(loop=2, entry=1, count=7)


def test_op_listing_shows_one_guard_everywhere_its_code_is(branchy):
    view = viz.AssemblyView(branchy.jit)
    guard = branchy.jit.guard_failures[0].guard.op
    text = view.op_listing(guard)
    assert [line.split(":")[0] for line in text.splitlines() if line.startswith("== ")] == \
           ["== loop body", "== exit stubs", "== shared exits"]
    lines = instruction_lines(text)
    assert {m.group(5) for m in lines} == {"op %d guard_false" % view.code.operations.index(guard)}
    assert len(lines) == sum(1 for row in view.rows if row.op is guard)
    assert re.search(r"je 0x[0-9a-f]+ +; op \d+ guard_false", text)
    with pytest.raises(ValueError, match="none of these ops has machine code in Loop 1"):
        view.op_listing(branchy.jit.traces[0].operations[1])        # the debug_merge_point


def test_source_pane_keeps_the_function_as_written(branchy):
    html = viz.AssemblyView(branchy.jit).source_html()
    cells = re.findall(r'<td style="padding: 0 6px; white-space: pre; text-align: left;">(.*?)</td>', html)
    assert cells == [line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                     for line in anchor("branchy_loop").splitlines()[1:9]]


# -- s390x: the same views on a big-endian machine with a condition code ------------------------------

def test_s390x_listing_and_stepper_show_the_condition_code():
    result = run_source(anchor("branchy_loop"), "branchy_loop.py", jit="s390x", jit_params=PARAMS,
                        step_machine=StepRequest(loop=1, entry=1, count=500))
    assert result.stdout == "530\n" and result.space.heap.byteorder == "big"
    view = viz.AssemblyView(result.jit)
    assert view.header().startswith("Loop 1 (s390x) at 0x%x" % view.code.address)
    sizes = {len(row.bytes) for row in view.rows}
    assert sizes <= {2, 4, 6} and {4, 6} <= sizes                     # 2-, 4- and 6-byte forms
    assert "(frame register r11)" in view.text()
    for row in view.rows:
        assert "0x%x: %s" % (row.address, row.bytes.hex(" ")) in view.text()
    texts = [row.text for row in view.rows]
    assert any(t.startswith("lg %r") for t in texts) and any(t.startswith("jg") for t in texts)
    steps = result.jit.stepped().steps
    stepper = viz.MachineStepper(result.jit)
    compare = next(i for i, s in enumerate(steps) if s.text.startswith("cghi %r") and steps[i + 1].text.startswith("jg"))
    text = stepper.text(compare)
    cc = (steps[compare].registers["pswm"] >> 44) & 3
    assert "flags=CC=%d" % cc in text and "pc=0x%x*" % steps[compare + 1].address in text
    assert "r11=0x%x" % result.jit.stepped().frame in text
    load = next(s for s in steps if re.fullmatch(r"lg %r(\d+), \w+\(%r\d+\)", s.text) and s.reads)
    register = "r" + re.fullmatch(r"lg %r(\d+), .*", load.text).group(1)
    assert (load.registers[register] - load.reads[0][2]) % (1 << 64) == 0      # big-endian words read right
