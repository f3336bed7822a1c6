"""Real PyPy 7.3.11 logs with machine code, read by the one log parser.

tests/data/pypy-7.3.11/backend-logs/ holds copies of the anchors' logs
made with ``PYPYLOG=jit-log-opt,jit-backend,jit-summary`` (their README
says how), and the anchor programs PyPy ran beside them, so that the
source lines are found beside the log; tests/data/pypy-7.3.11/*.log are the
jit-log-opt-only logs.  The numbers below were read off the logs by hand.
"""

from pathlib import Path

import pytest

from pypyteach.jit import backendlog
from pypyteach.jit.oparser import ParseError, parse_log
from pypyteach.jit.pypylog import load

DATA = Path(__file__).parent / "data" / "pypy-7.3.11"
BACKEND = DATA / "backend-logs"
ANCHORS = Path(__file__).parents[2] / "shared" / "anchors" / "pypy-7.3.11"
BACKEND_LOGS = sorted(p.name for p in BACKEND.glob("*.log"))
ALL_LOGS = sorted(str(p.relative_to(DATA)) for p in list(DATA.glob("*.log")) + list(BACKEND.glob("*.log")))


def test_the_copies_are_all_eleven_logs():
    assert len(BACKEND_LOGS) == 11


@pytest.mark.skipif(not ANCHORS.exists(), reason="no shared anchors on this machine")
@pytest.mark.parametrize("name", BACKEND_LOGS)
def test_copies_match_the_anchors(name):
    assert (BACKEND / name).read_text() == (ANCHORS / "backend-logs" / name).read_text()


@pytest.mark.parametrize("name", ALL_LOGS)
def test_every_log_loads_and_prints_back_byte_for_byte(name):
    text = (DATA / name).read_text()
    log = parse_log(text, name)
    assert log.other_sections == []
    assert "\n".join(log.format()) + "\n" == text
    loaded = load(str(DATA / name))
    assert loaded.traces and all(trace.operations for trace in loaded.traces)


@pytest.mark.parametrize("name", BACKEND_LOGS)
def test_rebuilt_code_disassembles_without_gaps(name):
    loaded = load(str(BACKEND / name))
    assert loaded.arch == "x86_64" and loaded.producer == "PyPy"
    for trace in loaded.traces:
        info = trace.addresses
        assert info is not None and trace.missing == [], trace.title
        rows = trace.rows
        assert rows[0].address == info.code_start
        assert rows[-1].address + len(rows[-1].bytes) == info.end
        for row, after in zip(rows, rows[1:]):
            assert row.address + len(row.bytes) == after.address
        assert not [row for row in rows if row.mnemonic.startswith("(")], trace.title
        assert b"".join(row.bytes for row in rows) == trace.code


@pytest.mark.parametrize("name", BACKEND_LOGS)
def test_every_offset_lands_on_an_instruction_boundary(name):
    loaded = load(str(BACKEND / name))
    for trace in loaded.traces:
        starts = {row.address for row in trace.rows}
        failures = trace.addresses.fields["failures"]
        for index, op in enumerate(trace.operations):
            address = trace.address_of(index)
            if op.name == "debug_merge_point":
                assert address is None
            elif address is None:
                # PyPy logs a few guards without an offset (in bench_nbody,
                # _raytrace, _richards, polymorphic_loop: one guard_false each)
                assert op.is_guard(), (trace.title, index, op.name)
            else:
                assert address in starts or address == failures, (trace.title, index, op.name)
        assert trace.addresses.base + trace.logged.end_offset == failures


def test_ops_map_to_their_instructions():
    """int_loop's loop body, as PyPy compiled it (results.md: 10 ops)."""
    loaded = load(str(BACKEND / "int_loop.log"))
    loop = loaded.find(1)
    texts = {}
    for index, op in enumerate(loop.operations):
        if index > 44 and op.name != "debug_merge_point":
            texts.setdefault(op.name, []).append([row.text for row in loop.rows_of(index)])
    assert texts["int_lt"][0] == ["cmp r14, r13"]
    assert texts["guard_true"] == [["jge 0x7f5726e8fcde"]]
    assert texts["int_add_ovf"] == [["mov r9, rdi", "add r9, r14"]]
    assert texts["guard_no_overflow"] == [["jo 0x7f5726e8fcfa"]]
    assert texts["int_add"] == [["lea r12, [r14 + 1]"]]
    # guard_not_invalidated shares its offset with the next op: it made no code
    assert texts["guard_not_invalidated"] == [[]]
    assert texts["jump"][0][-1] == "jmp 0x7f5726e8fb60"
    row = next(row for row in loop.rows if row.text == "add r9, r14")
    assert row.source == ("run", "int_loop.py", 7, 20, "INPLACE_ADD") and row.role == "body"
    assert {row.role for row in loop.rows if row.index < 0} == {"entry", "slow path", "exit stub"}


def test_addresses_and_counts_of_a_loop_and_its_bridge():
    loaded = load(str(BACKEND / "branchy_loop.log"))
    loop, bridge = loaded.find(1), loaded.find("0x7fcb599deda0")
    assert (loop.addresses.start, loop.addresses.stop, loop.addresses.bootstrap) == (
        0x7fcb59802a5b, 0x7fcb59802c30, 0x7fcb598029d0)
    assert loop.addresses.base == 0x7fcb59802950        # the gc table: where +OFFSET counts from
    assert bridge.addresses.fields["jump target"] == 0x7fcb59802e90
    assert (loop.entries, bridge.entries) == (201, 3332786)
    assert sorted(loop.label_counts.values()) == [201, 9998757]
    assert loaded.owner_of(bridge.guard) is loop
    # PyPy attached the bridge by patching the guard's jump (a later CODE_DUMP of
    # 4 bytes): the rebuilt code jumps straight to the bridge
    guard_index = next(i for i, op in enumerate(loop.operations) if getattr(op, "guard_number", 0) == bridge.guard)
    assert [row.text for row in loop.rows_of(guard_index)] == ["je 0x7fcb59802e90"]
    assert bridge.addresses.code_start == 0x7fcb59802e90


def test_invalidated_loops_show_their_code_and_name_the_patch():
    loaded = load(str(BACKEND / "bench_raytrace.log"))
    loop = loaded.find(4)
    # both guard_not_invalidated of the loop (preamble and body) got a jump
    assert [patch.start - loop.base for patch in loop.invalidation_patches] == [727, 1214]
    assert all(patch.data[:1] == b"\xe9" and len(patch.data) == 5 for patch in loop.invalidation_patches)
    assert loop.code != loop.final_code
    record = loaded.to_record()
    notes = next(t for t in record.traces if t.number == 4).machine_code.notes
    assert any("invalidated later: PyPy wrote 'jmp 0x7ff11072d055' at +727" in note for note in notes)


def test_source_lines_beside_the_log():
    loaded = load(str(BACKEND / "branchy_loop.log"))
    assert loaded.source_line("branchy_loop.py", 5) == "    for i in range(n):"
    assert load(str(DATA / "int_loop.log")).source_line("int_loop.py", 6) == ""     # not beside it


def test_backend_names_are_pypys():
    assert backendlog.arch_of("x86_64") == "x86_64" and backendlog.arch_of("arm") == "aarch64"
    assert backendlog.arch_of("ppc") == "ppc64" and backendlog.arch_of("ppc", "pypyteach --jit ppc64le") == "ppc64le"
    assert backendlog.arch_of("x86") is None and backendlog.arch_of("s390x") == "s390x"


BAD = {
    "unclosed": ("[1] {jit-log-opt-loop\n# Loop 1 (x) : loop with 0 ops\n[i0]\n", "bad.log:1: section "
                 "{jit-log-opt-loop is never closed"),
    "never opened": ("[1] jit-summary}\n", "bad.log:1: jit-summary} closes"),
    "bad op": ("[1] {jit-log-opt-loop\n# Loop 1 (x) : loop with 1 ops\n[i0]\ni1 = \n[2] jit-log-opt-loop}\n",
               "bad.log:4: not an operation"),
    "bad header": ("[1] {jit-log-opt-loop\n# Lop 1\n[2] jit-log-opt-loop}\n", "bad.log:2: expected '# Loop"),
    "bad dump": ("[1] {jit-backend-dump\nBACKEND x86_64\nCODE_DUMP @zz +0  00\n[2] jit-backend-dump}\n",
                 "bad.log:1: {jit-backend-dump: a CODE_DUMP line"),
    "odd dump": ("[1] {jit-backend-dump\nCODE_DUMP @10 +0  ABC\n[2] jit-backend-dump}\n", "odd number of hex"),
    "bad addr": ("[1] {jit-backend-addr\nLoop one\n[2] jit-backend-addr}\n", "bad.log:1: {jit-backend-addr"),
    "bad count": ("[1] {jit-backend-counts\nentry x:1\n[2] jit-backend-counts}\n", "{jit-backend-counts"),
    "not a log": ("print('hello')\n", "bad.log:1: not a PYPYLOG file"),
    "bad summary": ("[1] {jit-summary\nops:\tmany\n[2] jit-summary}\n", "bad.log:1: jit-summary"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_malformed_logs_name_file_and_line(case, tmp_path):
    text, message = BAD[case]
    path = tmp_path / "bad.log"
    path.write_text(text)
    with pytest.raises(ParseError) as info:
        load(str(path))
    assert message in str(info.value).replace(str(tmp_path) + "/", "")
