"""What the real PyPy 7.3.11 did with the eight anchor loops (benchmarks/anchors/).

Copied by hand from the workplace's shared/anchors/pypy-7.3.11/results.md
("JIT log counts" and the timing table), measured with PyPy 7.3.11
(Python 3.9.16, Debian build 7.3.11+dfsg-2+deb12u3, GCC 12.2.0) against
CPython 3.11.7; PYPYLOG=jit-log-opt,jit-summary.  Notebooks read these
numbers from here because they must not read outside the repository.

LOOP_COUNTS, per program, for the main loop (the loop traced from run()):
- "loop header ops": the N of the log header "loop with N ops" (every op,
  debug_merge_point included; PyPy's loop holds a preamble and the body)
- "non-debug ops": ops other than debug_merge_point in the whole trace
- "body ops": non-debug ops after the second label (the peeled loop body), jump included
- "guards" / "body guards": guards in the whole trace / in the body
- "bridges": bridges attached to the main loop
- "loops", "summary bridges", "opt guards": from the jit-summary
SPEEDUPS: CPython time / PyPy time, for the whole process (cpu) and for the
hot function alone (hot_cpu).
"""

_COLUMNS = ("loop header ops", "non-debug ops", "body ops", "guards", "body guards", "bridges",
            "loops", "summary bridges", "opt guards")

_ROWS = {
    #                   header  nondebug body guards bguards bridges loops sbridges optguards
    "int_loop":         (69,    41,     10,  14,    4,      0,      1,    0,       17),
    "float_loop":       (67,    47,     12,  11,    3,      0,      1,    0,       12),
    "call_loop":        (98,    66,     18,  19,    6,      0,      1,    0,       20),
    "attr_loop":        (73,    51,     13,  14,    4,      0,      1,    0,       15),
    "alloc_loop":       (118,   64,     16,  17,    5,      0,      1,    0,       18),
    "list_loop":        (88,    56,     14,  18,    5,      0,      2,    0,       28),
    "branchy_loop":     (92,    64,     21,  15,    5,      1,      1,    1,       21),
    "polymorphic_loop": (76,    60,     17,  15,    4,      1,      2,    2,       46),
}

LOOP_COUNTS = {name: dict(zip(_COLUMNS, row)) for name, row in _ROWS.items()}

# (speedup cpu, speedup hot_cpu), CPython 3.11.7 time / PyPy 7.3.11 time
SPEEDUPS = {
    "int_loop": (24.8, 56.0), "float_loop": (12.0, 17.2), "call_loop": (34.0, 68.8),
    "attr_loop": (18.7, 40.1), "alloc_loop": (37.3, 120.3), "list_loop": (12.2, 47.3),
    "branchy_loop": (12.0, 25.8), "polymorphic_loop": (2.0, 6.3),
}

# PyPy 7.3.11's main-loop body of branchy_loop, after its optimizer, as logged
# (guard descrs shortened): what a trace of this loop looks like in the real PyPy.
BRANCHY_LOOP_BODY = """\
i52 = int_lt(i51, i23)
guard_true(i52) [p0, p4, p9, p15, p1, i51, i23, i22, i46]
i54 = int_add(i51, 1)
i56 = int_eq(i51, -9223372036854775808)
i58 = int_rshift(i51, 63)
i59 = int_xor(i51, i58)
i61 = uint_mul_high(i59, -6148914691236517205)
i63 = uint_rshift(i61, 1)
i64 = int_xor(i63, i58)
i66 = int_mul(i64, 3)
i67 = int_sub(i51, i66)
setfield_gc(p15, i54, descr=<FieldS ...W_IntRangeIterator.inst_current 8>)
i69 = int_eq(i67, 0)
guard_false(i69) [p0, p4, p9, p15, p1, i67, i51, None, i46]
i72 = int_sub_ovf(i46, 1)
guard_no_overflow() [p0, p4, p9, p15, p1, i67, i51, None, i46]
guard_not_invalidated() [p0, p4, p9, p15, p1, i67, i51, None, i46]
i74 = getfield_raw_i(139889492938080, descr=<FieldS pypysig_long_struct.c_value 0>)
i76 = int_lt(i74, 0)
guard_false(i76) [p0, p4, p9, p15, p1, i67, i51, None, i46]
jump(p0, p1, p4, p9, i72, i51, p15, i54, i23, descr=TargetToken(...))
"""


# --- Timings and jit-summary figures (notebook 08) ---------------------------
# Copied by hand from the same results.md (the workplace's
# shared/anchors/pypy-7.3.11/results.md): medians of 3 runs on a 2-core x86-64
# Debian machine, CPython 3.11.7 against PyPy 7.3.11.  "cpu" is the user+sys
# CPU time of the whole process, "hot_cpu" the process_time() of the hot
# function alone; "ns/iter" CPython's time per iteration and PyPy's marginal
# time per iteration (after warm-up).

_TIMING_COLUMNS = ("n", "cpython cpu s", "pypy cpu s", "cpython hot_cpu s", "pypy hot_cpu s",
                   "cpython ns/iter", "pypy marginal ns/iter")

_TIMING_ROWS = {
    #                   n         cpy cpu pypy cpu cpy hot pypy hot cpy ns pypy ns
    "int_loop":         (20000000, 1.136, 0.046, 1.097, 0.0196, 54.9, 0.86),
    "float_loop":       (20000000, 0.924, 0.077, 0.882, 0.0512, 44.1, 2.42),
    "call_loop":        (20000000, 1.684, 0.050, 1.645, 0.0239, 82.3, 1.05),
    "attr_loop":        (20000000, 0.835, 0.045, 0.793, 0.0198, 39.7, 0.87),
    "alloc_loop":       (5000000,  1.301, 0.035, 1.263, 0.0105, 252.6, 1.27),
    "list_loop":        (10000000, 1.047, 0.085, 0.691, 0.0146, 69.1, 1.31),
    "branchy_loop":     (10000000, 0.575, 0.048, 0.535, 0.0207, 53.5, 1.78),
    "polymorphic_loop": (25000000, 2.682, 1.334, 0.611, 0.0964, 24.4, 3.33),
}

TIMINGS = {name: dict(zip(_TIMING_COLUMNS, row)) for name, row in _TIMING_ROWS.items()}

# `python -c pass`, median wall-clock seconds (results.md, "startup")
STARTUP_WALL_S = {"cpython": 0.0373, "pypy": 0.0242}

# jit-summary of each anchor run: (traces, seconds) for Tracing and Backend,
# and TOTAL seconds, as PyPy printed them
JIT_SUMMARY = {
    "int_loop": ((1, 0.001989), (1, 0.000178), 0.020028),
    "float_loop": ((1, 0.002102), (1, 0.000212), 0.051371),
    "call_loop": ((1, 0.002308), (1, 0.000215), 0.024056),
    "attr_loop": ((1, 0.002200), (1, 0.000220), 0.020149),
    "alloc_loop": ((1, 0.002695), (1, 0.000222), 0.009226),
    "list_loop": ((2, 0.002502), (2, 0.000364), 0.050877),
    "branchy_loop": ((2, 0.002411), (2, 0.000282), 0.020810),
    "polymorphic_loop": ((4, 0.003303), (4, 0.000620), 1.188480),
}
