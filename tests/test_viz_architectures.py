"""ArchitecturesView: one loop's machine code on every architecture, as text."""

import pathlib

import pytest

from pypyteach.emu.arch import ARCHS
from pypyteach.jit.backend import backend_names
from pypyteach.run import run_on_every_backend
from pypyteach.viz import ArchitecturesView

ANCHORS = pathlib.Path(__file__).parent.parent / "benchmarks" / "anchors"
MACHINES = [name for name in backend_names() if name != "llgraph"]


def anchor(name, n=300):
    """An anchor loop with a small n: the loop gets hot, the run stays short."""
    source = (ANCHORS / name).read_text()
    lines = [("n = %d" % n) if line.startswith("n = ") else line for line in source.splitlines()]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def int_view():
    return ArchitecturesView(run_on_every_backend(anchor("int_loop.py")))


def test_every_architecture_has_a_column(int_view):
    text = int_view.text()
    header = text.splitlines()[1]
    for name in ARCHS:
        assert name in header
    for name in MACHINES:
        insns, size = int_view.count(name)
        assert insns > 10 and size > insns          # every target's instructions are >1 byte on average
        assert "%s: %d insns, %d bytes" % (name, insns, size) in header
    for name in set(ARCHS) - set(MACHINES):
        assert "%s: no code" % name in header and "no %s backend yet" % name in text


def test_rows_are_aligned_by_trace_op(int_view):
    text = int_view.text()
    assert "== entry ==" in text and "== body ==" in text and "== exit stubs ==" in text
    add_row = next(line for line in text.splitlines() if line.startswith("-- ") and "int_add_ovf(" in line)
    for name in MACHINES:
        assert "%s " % name in add_row
    # the op's instructions follow its row, each column in its own target's syntax
    lines = text.splitlines()
    first = lines[lines.index(add_row) + 1]
    columns = [c.strip() for c in first.split(" | ")]
    by_arch = dict(zip(ARCHS, columns))
    assert by_arch["x86_64"].startswith("add ")
    assert by_arch["aarch64"].startswith("adds ")
    assert by_arch["s390x"].startswith("agrk %r")


def test_counts_add_up(int_view):
    for name in MACHINES:
        per_row = [int_view.count(name, key) for key in int_view.keys]
        assert sum(i for i, _ in per_row) == int_view.count(name)[0]
        assert sum(b for _, b in per_row) == int_view.count(name)[1]
        assert int_view.count(name)[1] <= len(int_view.traces[name].machine_code.code)


def test_html_and_widget(int_view):
    html = int_view._repr_html_()
    assert "<table" in html and "s390x" in html and "ppc64le" in html
    assert int_view.widget().value.count("<table") == 1


@pytest.mark.parametrize("name", ["float_loop.py", "alloc_loop.py"])
def test_other_anchor_loops(name):
    view = ArchitecturesView(run_on_every_backend(anchor(name)))
    text = view.text()
    ops = {line.split("(")[0] for line in text.splitlines() if line.startswith("-- ")}
    assert len(ops) > 3
    if name == "float_loop.py":
        assert "adbr" in text or "mdbr" in text or "ddbr" in text
    else:
        assert "== shared exits ==" in text and "jg 0xff0000" in text     # s390x leaves through the exit page


def test_records_given_directly_and_a_bad_loop_number():
    from pypyteach.run import run_source
    result = run_source(anchor("int_loop.py"), jit="s390x", jit_params="threshold=3")
    view = ArchitecturesView({"s390x": result.jit})
    assert "x86_64: not recorded" in view.text()
    with pytest.raises(ValueError, match="no trace number 99"):
        ArchitecturesView({"s390x": result.jit}, loop=99)


def test_a_target_without_a_backend_says_so_in_its_column(int_view):
    records = {name: trace_record for name, trace_record in int_view.records.items()}
    records["s390x"] = None
    text = ArchitecturesView(records).text()
    assert "s390x: no code" in text and "no s390x backend yet" in text

