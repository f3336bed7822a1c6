"""A str's 4-byte code points in machine code: ``unicodegetitem`` is a
zero-extending 32-bit load and ``unicodesetitem`` a 32-bit store on every
machine backend (x86-64 ``mov r32, m32`` / ``mov m32, r32|imm32``, AArch64
``ldr``/``str`` of a W register, PPC64 ``lwz``/``stw`` and their X-forms,
s390x ``llgf``/``st``/``sty``), as PyPy's backends emit them, not a residual
call of a host helper; against llgraph on traces (register and constant
indexes, displacements beyond the short forms, spilled values, astral code
points, big-endian heaps) and against CPython on hot loops."""

import pytest

from test_backend import MACHINES, Env, run_all
from test_optimizer_string import cpython_output
from pypyteach.run import run_source
from pypyteach.vm.objspace.std.strobject import newstr, str_value

FAR = 9000          # items_offset + 4 * FAR is beyond AArch64's scaled imm12, PPC64's D-form and ST's 12 bits
TEXT = "A\xff\U0001F600\u20ac" + "x" * (FAR - 4) + "\U0010FFFF" + "z"

ITEMS_TRACE = """
[p0, i1, i2]
label(p0, i1, i2, descr=t1)
i3 = unicodegetitem(p0, i1)
i4 = unicodegetitem(p0, 2)
i5 = unicodegetitem(p0, %(far)d)
p6 = newunicode(i2)
unicodesetitem(p6, 0, i3)
unicodesetitem(p6, 1, 255)
unicodesetitem(p6, 2, -2)
unicodesetitem(p6, %(far)d, i5)
unicodesetitem(p6, i1, 128512)
unicodesetitem(p6, 3, i4)
i7 = unicodegetitem(p6, i1)
i8 = unicodegetitem(p6, 2)
i9 = unicodegetitem(p6, %(far)d)
i10 = int_sub(i1, 1)
unicodesetitem(p6, i10, i9)
i11 = unicodelen(p6)
guard_false(1, descr=g0) [p6, i3, i4, i5, i7, i8, i9, i11]
jump(p0, i1, i2, descr=t1)
""" % {"far": FAR}


def test_items_against_llgraph_on_every_backend():
    """Register and constant indexes, an item far from the header, a
    constant stored (255, an astral code point, -2 whose low 32 bits read
    back as 0xFFFFFFFE: the load is unsigned), values read back; every
    backend's heap (byte order included) must be llgraph's."""
    def scenario(env):
        text = newstr(env.space, TEXT)
        loop = env.compile_loop(ITEMS_TRACE)
        results = []
        for i in (4, 5, FAR - 1, FAR + 1):
            dead = env.run(loop, [text, i, FAR + 2])
            results.append(env.summary(dead))
        return results
    summary = run_all(scenario)[0]
    assert summary[3][1:] == [ord("x"), 0x1F600, 0x10FFFF, 0x1F600, 0xFFFFFFFE, 0x10FFFF, FAR + 2]


def spilled_trace(count):
    reads = ["i%d = unicodegetitem(p0, %d)" % (10 + k, k) for k in range(count)]
    writes = ["unicodesetitem(p1, %d, i%d)" % (count - 1 - k, 10 + k) for k in range(count)]
    back = ["i%d = unicodegetitem(p1, i2)" % (10 + count)]
    live = ", ".join("i%d" % (10 + k) for k in range(count + 1))
    return "\n".join(["[p0, p1, i2]", "label(p0, p1, i2, descr=t1)"] + reads + writes + back
                     + ["guard_false(1, descr=g0) [p1, %s]" % live, "jump(p0, p1, i2, descr=t1)"])


def test_spilled_values_are_stored_as_four_bytes():
    """More code points live at once than there are registers: some are in
    frame slots when stored (each architecture's path for a memory value)."""
    count = 40
    def scenario(env):
        src = newstr(env.space, "".join(chr(c) for c in range(0x1F600, 0x1F600 + count)))
        dst = newstr(env.space, "." * count)
        loop = env.compile_loop(spilled_trace(count))
        dead = env.run(loop, [src, dst, 7])
        return [env.summary(dead), str_value(env.space, dst)]
    results = run_all(scenario)
    assert results[1] == "".join(chr(c) for c in reversed(range(0x1F600, 0x1F600 + count)))


# -- the machine code: a 4-byte access, no helper call -------------------------------------------

LOADS = {"x86_64": ("mov",), "aarch64": ("ldr", "ldur"), "ppc64": ("lwz", "lwzx"),
         "ppc64le": ("lwz", "lwzx"), "s390x": ("llgf",)}
STORES = {"x86_64": ("mov",), "aarch64": ("str", "stur"), "ppc64": ("stw", "stwx"),
          "ppc64le": ("stw", "stwx"), "s390x": ("st", "sty")}
CALLS = {"call", "bl", "blr", "bctrl", "basr", "brasl"}


def is_four_byte(backend, row, mnemonics, load):
    """``row`` is the 32-bit access: x86's dword operand (a 32-bit register
    for a load), a W register on AArch64, the word forms elsewhere."""
    if row.mnemonic not in mnemonics:
        return False
    if backend == "x86_64":
        return "dword ptr" in row.op_str and (not load or row.op_str.startswith("e")
                                              or row.op_str.split(",")[0].endswith("d"))
    if backend == "aarch64":
        return row.op_str.startswith("w")
    return True


def check_code(backend, trace):
    """Every unicodegetitem/unicodesetitem of a compiled trace is one 4-byte
    access among address arithmetic, never a call."""
    rows = {}
    for row in trace.disassemble():
        if row.op is not None and row.op.name in ("unicodegetitem", "unicodesetitem"):
            rows.setdefault(id(row.op), (row.op, []))[1].append(row)
    for op, op_rows in rows.values():
        load = op.name == "unicodegetitem"
        table = LOADS if load else STORES
        texts = ["%s %s" % (r.mnemonic, r.op_str) for r in op_rows]
        assert not [r for r in op_rows if r.mnemonic in CALLS], texts
        assert sum(is_four_byte(backend, r, table[backend], load) for r in op_rows) == 1, texts
    return {op.name for op, _ in rows.values()}


@pytest.mark.parametrize("backend", MACHINES)
def test_the_code_is_a_four_byte_load_or_store_not_a_call(backend):
    env = Env(backend)
    loop = env.compile_loop(ITEMS_TRACE)
    assert check_code(backend, loop.compiled) == {"unicodegetitem", "unicodesetitem"}
    helpers = env.backend.string_helpers()
    assert "unicodegetitem" not in helpers and "unicodesetitem" not in helpers
    names = [descr.name for _, descr in env.backend.call_slots.values()]
    assert not [name for name in names if name in ("ll_unicodegetitem", "ll_unicodesetitem")]


# -- programs: s[i], slices, join, chr/ord, comparisons; against CPython -------------------------

PROGRAM = r"""
def f(n):
    s = "h\xe9llo \U0001F600 w\u20acrld \xff!"
    out = []
    hits = 0
    total = 0
    for i in range(n):
        j = i % len(s)
        c = s[j]
        if c == "o":
            hits += 1
        if c == "\U0001F600":
            hits += 100
        if c == "\xff":
            hits += 10000
        total += ord(c)
        out.append(c)
        out.append(s[j:j + 3])
        out.append(chr(ord(c) + 1) if ord(c) < 0x10FFFF else c)
        if s[2:5] == "llo":
            total += 1
    joined = "".join(out)
    print(hits, total, len(joined), joined[:40], joined[-40:])
    print([ord(x) for x in joined[100:130]])

f(300)
"""


@pytest.mark.parametrize("backend", MACHINES)
def test_hot_str_loop_on_every_backend_against_cpython(backend):
    result = run_source(PROGRAM, "items.py", jit=backend, jit_params="threshold=3,trace_eagerness=2")
    assert result.error is None, result.error.traceback
    assert result.stdout == cpython_output(PROGRAM)
    seen = set()
    for trace in result.jit.traces:
        if trace.compiled is not None:
            seen |= check_code(backend, trace.compiled)
    assert "unicodegetitem" in seen
