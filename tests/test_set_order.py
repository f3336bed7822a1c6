"""Set iteration order is CPython 3.11's, exactly.

pypyteach's set (std/setobject.py) replicates setobject.c: probing, dummies,
resizing, merging and the way each operation builds its result.  Hypothesis
draws random sequences of set operations on ints (small, large, negative,
colliding modulo the table sizes), floats, bools and tuples; the same
operations run on a real host set and in a guest program that prints
``list(s)`` after every step: the outputs must be identical.

(None is left out: CPython 3.11 hashes None by address, so even CPython's
order for sets holding None changes from run to run.)
"""

import pytest
from hypothesis import assume, given, settings, strategies as st, HealthCheck

from pypyteach.vm.compiler.pycompiler import compile_source
from pypyteach.run import new_vm, run_code
from pypyteach.vm.objspace.std import setobject

# -- values -------------------------------------------------------------------------------------

small_ints = st.integers(-20, 100)
colliding = st.builds(lambda k, size, base: base + k * size,
                      st.integers(-6, 6), st.sampled_from([8, 16, 32, 64, 128, 256]), st.integers(0, 9))
large_ints = st.one_of(st.integers(-2 ** 70, 2 ** 70),
                       st.builds(lambda k: k * (2 ** 61 - 1) + 5, st.integers(-3, 3)),
                       st.builds(lambda e, d: 2 ** e + d, st.integers(30, 66), st.integers(-2, 2)))
floats = st.builds(lambda n: n / 4, st.integers(-40, 40))
scalars = st.one_of(small_ints, small_ints, colliding, large_ints, floats, st.booleans())
values = st.one_of(scalars, scalars, scalars, st.tuples(small_ints, small_ints), st.tuples(small_ints))
pools = st.lists(values, max_size=40)


# -- operations: (guest source, host function on the state) -----------------------------------------
# The state is a dict {"s": set, "o": set}; a host function returns what the
# guest line prints besides list(s) (or None).

def _src(items):
    return "[%s]" % ", ".join(repr(v) for v in items)


def op_add(x):
    return "s.add(%r)" % (x,), lambda st_: st_["s"].add(x)


def op_discard(x):
    return "s.discard(%r)" % (x,), lambda st_: st_["s"].discard(x)


def op_remove_present(index):
    def host(st_):
        items = list(st_["s"])
        if items:
            st_["s"].remove(items[index % len(items)])
    return ("items = list(s)\nif items:\n    s.remove(items[%d %% len(items)])" % index, host)


def op_pop():
    def host(st_):
        return repr(st_["s"].pop()) if st_["s"] else None
    return "if s:\n    print(repr(s.pop()))", host


def op_set_other(items):
    def host(st_):
        st_["o"] = set(items)
    return "o = set(%s)" % _src(items), host


def op_method(name, items, as_set):
    arg = "o" if as_set else _src(items)

    def host(st_):
        other = st_["o"] if as_set else list(items)
        result = getattr(st_["s"], name)(other)
        if result is not None and isinstance(result, set):
            st_["s"] = result
    assign = name in ("union", "intersection", "difference", "symmetric_difference", "copy")
    line = "s = s.%s(%s)" % (name, arg) if assign else "s.%s(%s)" % (name, arg)
    return line, host


def op_operator(symbol, in_place):
    table = {"|": set.__or__, "&": set.__and__, "-": set.__sub__, "^": set.__xor__}
    itable = {"|": set.__ior__, "&": set.__iand__, "-": set.__isub__, "^": set.__ixor__}

    def host(st_):
        st_["s"] = (itable if in_place else table)[symbol](st_["s"], st_["o"])
    line = "s %s= o" % symbol if in_place else "s = s %s o" % symbol
    return line, host


def op_reversed_operator(symbol):
    table = {"|": set.__or__, "&": set.__and__, "-": set.__sub__, "^": set.__xor__}

    def host(st_):
        st_["s"] = table[symbol](st_["o"], st_["s"])
    return "s = o %s s" % symbol, host


def op_swap():
    def host(st_):
        st_["s"], st_["o"] = st_["o"], st_["s"]
    return "s, o = o, s", host


def op_rebuild(kind, items):
    builders = {
        "set": ("s = set(%s)" % _src(items), lambda: set(items)),
        "copy": ("s = s.copy()", None),
        "comprehension": ("s = {x for x in %s}" % _src(items), lambda: {x for x in items}),
        "from_set": ("s = set(s)", None),
        "fromkeys": ("s = set(dict.fromkeys(%s))" % _src(items), lambda: set(dict.fromkeys(items))),
        "update_dict": ("s.update(dict.fromkeys(%s))" % _src(items), None),
    }
    line, make = builders[kind]

    def host(st_):
        if kind == "copy":
            st_["s"] = st_["s"].copy()
        elif kind == "from_set":
            st_["s"] = set(st_["s"])
        elif kind == "update_dict":
            st_["s"].update(dict.fromkeys(items))
        else:
            st_["s"] = make()
    return line, host


def op_range(start, length, step):
    def host(st_):
        st_["s"].update(range(start, start + length * step, step))
    return "s.update(range(%d, %d, %d))" % (start, start + length * step, step), host


def op_clear():
    return "s.clear()", lambda st_: st_["s"].clear()


def op_discard_many(items):
    def host(st_):
        for x in items:
            st_["s"].discard(x)
    return "for x in %s:\n    s.discard(x)" % _src(items), host


def op_add_many(items):
    def host(st_):
        for x in items:
            st_["s"].add(x)
    return "for x in %s:\n    s.add(x)" % _src(items), host


METHODS = ["update", "union", "intersection", "difference", "symmetric_difference",
           "intersection_update", "difference_update", "symmetric_difference_update"]

operations = st.one_of(
    st.builds(op_add, values),
    st.builds(op_add_many, pools),
    st.builds(op_discard, values),
    st.builds(op_discard_many, pools),
    st.builds(op_remove_present, st.integers(0, 1000)),
    st.just(None).map(lambda _: op_pop()),
    st.builds(op_set_other, pools),
    st.builds(op_method, st.sampled_from(METHODS), pools, st.booleans()),
    st.builds(op_operator, st.sampled_from("|&-^"), st.booleans()),
    st.builds(op_reversed_operator, st.sampled_from("|&-^")),
    st.just(None).map(lambda _: op_swap()),
    st.builds(op_rebuild, st.sampled_from(["set", "copy", "comprehension", "from_set", "fromkeys",
                                           "update_dict"]), pools),
    st.builds(op_range, st.integers(-2 ** 40, 2 ** 40) | small_ints, st.integers(0, 200),
              st.sampled_from([1, 3, 8, 32, -5, 2 ** 30, -(2 ** 40)])),
    st.just(None).map(lambda _: op_clear()),
)


# -- running ---------------------------------------------------------------------------------------

_VM = {}


def _vm():
    if "vm" not in _VM:
        _VM["vm"] = new_vm()
    return _VM["vm"]


def run_guest(source):
    space, interp = _vm()
    result = run_code(space, interp, compile_source(source, "<set-order>"))
    assert result.error is None, (result.error, source)
    return result.stdout


def program_and_expected(ops):
    state = {"s": set(), "o": set()}
    lines = ["s = set()", "o = set()"]
    expected = []
    for line, host in ops:
        lines.append(line)
        lines.append("print(list(s))")
        printed = host(state)
        if printed is not None:
            expected.append(printed)
        expected.append(repr(list(state["s"])))
    return "\n".join(lines) + "\n", "".join(text + "\n" for text in expected)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operations, min_size=1, max_size=25))
def test_random_operations_iterate_in_cpythons_order(ops):
    source, expected = program_and_expected(ops)
    assert run_guest(source) == expected, source


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(small_ints, colliding, large_ints), max_size=300),
       st.lists(st.integers(0, 400), max_size=300))
def test_growth_and_deletion(adds, deletes):
    """Long runs of adds and discards: resizes and dummy reuse."""
    ops = [op_add_many(adds), op_discard_many([adds[i % len(adds)] for i in deletes] if adds else []),
           op_add_many(list(reversed(adds)))]
    source, expected = program_and_expected(ops)
    assert run_guest(source) == expected, source


@settings(max_examples=150, deadline=None)
@given(pools, st.integers(0, 60))
def test_pop_follows_the_finger(items, npops):
    ops = [op_add_many(items)] + [op_pop() for _ in range(npops)] + [op_add_many(items[::2])] + \
          [op_pop() for _ in range(3)] + [op_clear(), op_add_many(items[:5]), op_pop()]
    source, expected = program_and_expected(ops)
    assert run_guest(source) == expected, source


def test_iterating_while_adding_raises():
    source = "s = set([1, 2, 3])\ntry:\n    for x in s:\n        s.add(x + 10)\nexcept RuntimeError as e:\n    print(e)\n"
    assert run_guest(source) == "Set changed size during iteration\n"


# -- set displays of constants (CPython folds them into a frozenset constant) --------------------------

def _host_literal_orders(items_lists):
    """What the host prints for ``print(list({...}))`` and ``for x in {...}``."""
    import contextlib
    import io
    lines = []
    for items in items_lists:
        display = "{%s}" % ", ".join(repr(v) for v in items)
        lines.append("print(list(%s))" % display)
        lines.append("print([x for x in %s])" % display)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile("\n".join(lines), "<displays>", "exec"), {})    # the reference run, in the host
    return out.getvalue().splitlines()


def _assume_distinct_constants(items_lists):
    """CPython's compiler shares equal frozenset constants within a module
    (the first display's layout wins): keep the displays' contents distinct."""
    keys = [frozenset((type(v), repr(v)) for v in items) for items in items_lists]
    assume(len(set(keys)) == len(keys))


def _guest_order(space, w_set):
    return [space.repr_w(w) for w in setobject.set_items(space, w_set)]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.one_of(small_ints, colliding, large_ints, floats), min_size=3, max_size=30),
                min_size=1, max_size=5))
def test_constant_set_helpers_match_cpythons_displays(items_lists):
    """setobject.newset_from_constants / constant_set reproduce what CPython's
    compiler does with a set display of constants (for the compiler to use)."""
    _assume_distinct_constants(items_lists)
    space, _ = _vm()
    host = _host_literal_orders(items_lists)
    for k, items in enumerate(items_lists):
        items_w = [space.wrap(v) for v in items]
        built = _guest_order(space, setobject.newset_from_constants(space, items_w))
        iterated = _guest_order(space, setobject.constant_set(space, items_w))
        assert "[%s]" % ", ".join(built) == host[2 * k]
        assert "[%s]" % ", ".join(iterated) == host[2 * k + 1]


def _compiler_folds_constant_sets():
    return run_guest("print(list({5, 19, 3}))\n") == "[19, 3, 5]\n"


@pytest.mark.skipif(not _compiler_folds_constant_sets(),
                    reason="needs the compiler/interpreter to build set displays of > 2 constants with "
                           "setobject.newset_from_constants (CPython folds them into a frozenset)")
@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.one_of(small_ints, colliding, large_ints), min_size=3, max_size=20),
                min_size=1, max_size=5))
def test_constant_set_displays(items_lists):
    _assume_distinct_constants(items_lists)
    lines = []
    for items in items_lists:
        display = "{%s}" % ", ".join(repr(v) for v in items)
        lines.append("print(list(%s))" % display)
        lines.append("print([x for x in %s])" % display)
    host = _host_literal_orders(items_lists)
    assert run_guest("\n".join(lines) + "\n").splitlines() == host


def _set_update_merges():
    source = "s = set([64 * k + 1 for k in range(6)] + [2**40, -3, 17, 33])\nprint(list({*s}))\n"
    return run_guest(source) == "[1099511627776, 65, 1, 129, 193, 257, 321, 33, 17, -3]\n"


@pytest.mark.skipif(not _set_update_merges(),
                    reason="needs containerops.set_update to call setobject.update_internal "
                           "(SET_UPDATE merges a set operand, as CPython's _PySet_Update)")
@settings(max_examples=100, deadline=None)
@given(pools, pools, st.integers(0, 30))
def test_star_unpacking_merges_sets(a, b, ndiscard):
    import contextlib
    import io
    source = ("s = set(%r)\nfor x in %r:\n    s.discard(x)\nd = dict.fromkeys(%r)\n"
              "print(list({*s}), list({*s, *%r}), list({*d, *s}), list({-7, *s}))\n"
              % (a, a[:ndiscard], b, b))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "<star>", "exec"), {})    # the reference run, in the host
    assert run_guest(source) == out.getvalue(), source


def test_displays_with_folded_constants():
    """CPython folds ``2**64 - 1`` before it sees the display, so the display
    is a frozenset constant, iterated into the new set (issue 12's case)."""
    source = ("print(list({2147483647, 3037000499, 2**64-1}))\nprint(list({2**62, 2**63 + 1, -2**61, 5 * 7}))\n"
              "x = 5\nprint(list({2147483647, 3037000499, 2**64-1, x}))\n")
    x = 5       # not a constant: BUILD_SET inserts in source order
    expected = "".join("%s\n" % list(s) for s in ({2147483647, 3037000499, 2**64-1}, {2**62, 2**63 + 1, -2**61, 5 * 7},
                                                   {2147483647, 3037000499, 2**64-1, x}))
    assert run_guest(source) == expected
