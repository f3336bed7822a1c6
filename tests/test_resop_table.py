"""The resop table is the single source of truth: its derived categories, the
comparison tables (PyPy's _opboolinverse and _opboolreflex), closed operation
objects, and optimizer handlers checked against it at import."""

import itertools
import math

import pytest

from pypyteach.jit import executor
from pypyteach.jit.backend.codegen import FLOAT_COMPARE_OPS, INT_COMPARE_OPS, GenOpsBase
from pypyteach.jit.optimizer import optimizer as opt_module
from pypyteach.jit.optimizer.optimizer import Optimization
from pypyteach.jit.resoperation import (BOOL_INVERSE, BOOL_OPS, BOOL_REFLEX, COMPARISONS, OPSPECS, ConstInt,
                                        InputArg, ResOperation)

INTS = [-(1 << 63), -5, -1, 0, 1, 2, 7, (1 << 63) - 1]
FLOATS = [-math.inf, -1.5, -0.0, 0.0, 2.0, math.inf, math.nan]


def values_for(name):
    return FLOATS if name.startswith("float_") else INTS


def evaluate(name, a, b):
    return executor.execute(None, name, [a, b], None)


@pytest.mark.parametrize("name", sorted(BOOL_INVERSE))
def test_an_inverse_is_the_negation_on_every_value(name):
    inverse = BOOL_INVERSE[name]
    for a, b in itertools.product(values_for(name), repeat=2):
        assert evaluate(name, a, b) == 1 - evaluate(inverse, a, b), (name, a, b)


@pytest.mark.parametrize("name", sorted(BOOL_REFLEX))
def test_a_reflex_swaps_the_arguments_on_every_value(name):
    reflex = BOOL_REFLEX[name]
    for a, b in itertools.product(values_for(name), repeat=2):
        assert evaluate(name, a, b) == evaluate(reflex, b, a), (name, a, b)


def test_ordered_float_comparisons_have_no_inverse_because_of_nan():
    assert evaluate("float_lt", math.nan, 1.0) == evaluate("float_ge", math.nan, 1.0) == 0
    assert not {"float_lt", "float_le", "float_gt", "float_ge"} & set(BOOL_INVERSE)


def test_bool_ops_give_zero_or_one_and_backends_take_their_lists_from_the_table():
    for name in BOOL_OPS:
        assert OPSPECS[name].result == "i" and OPSPECS[name].is_pure
    assert set(INT_COMPARE_OPS) | set(FLOAT_COMPARE_OPS) == COMPARISONS
    assert GenOpsBase.CONDITION_OPS == BOOL_OPS


def test_operations_are_closed():
    op = ResOperation("int_add", [InputArg("i"), ConstInt(1)])
    with pytest.raises(AttributeError):
        op.something_new = 1
    with pytest.raises(AttributeError):
        ConstInt(3).note = "x"
    assert op.overflow_source is None and op.copy_mapping is None and op.guard_number is None


def test_an_optimizer_handler_must_name_a_resop():
    with pytest.raises(NameError, match="INT_ADDD"):
        class Typo(Optimization):          # noqa: F841 (the class statement itself must fail)
            def optimize_INT_ADDD(self, op):
                pass


def test_every_pass_handler_names_a_resop():
    passes = [cls for cls in vars(opt_module).values()
              if isinstance(cls, type) and issubclass(cls, Optimization)]
    from pypyteach.jit.optimizer import (earlyforce, heap, intbounds, pure, rewrite, string, unroll,
                                         virtualize)
    for module in (earlyforce, heap, intbounds, pure, rewrite, string, unroll, virtualize):
        passes += [cls for cls in vars(module).values() if isinstance(cls, type) and issubclass(cls, Optimization)]
    assert len(passes) > 5
    for cls in passes:
        for name in list(cls._dispatch) + list(cls._post):
            assert name in OPSPECS, (cls.__name__, name)


PURE_WORD_OPS = sorted(name for name, spec in OPSPECS.items()
                       if spec.is_pure and not spec.has_descr and not spec.is_call and spec.arity in (1, 2))


def _arg_text(name, position):
    """An input of the kind ``name`` takes (i0/i1, f0/f1, p0/p1)."""
    if name.startswith("float_") or name in ("cast_float_to_int", "same_as_f"):
        return "f%d" % position
    if name in ("ptr_eq", "ptr_ne", "same_as_r"):
        return "p%d" % position
    return "i%d" % position


@pytest.mark.parametrize("opts", ["intbounds", "rewrite", "virtualize", "string", "pure", "earlyforce", "heap",
                                  "intbounds:rewrite:virtualize:string:pure:earlyforce:heap"])
def test_every_pass_handles_or_passes_on_every_pure_op(opts):
    """Each pass, alone and in the chain, meets every pure resop on unknown
    inputs: it must keep it, fold it or replace it, never fail on it."""
    from test_optimizer_passes import optimize
    lines = ["[i0, i1, f0, f1, p0, p1]", "label(i0, i1, f0, f1, p0, p1, descr=L1)"]
    results = []
    for n, name in enumerate(PURE_WORD_OPS):
        spec = OPSPECS[name]
        args = ", ".join(_arg_text(name, k) for k in range(spec.arity))
        if name == "cast_int_to_float":
            args = "i0"
        if name == "int_signext":
            args = "i0, 4"
        result = "%s%d" % ({"i": "i", "f": "f", "r": "p"}[spec.result], 100 + n)
        lines.append("%s = %s(%s)" % (result, name, args))
        results.append(result)
    lines.append("jump(i0, i1, f0, f1, p0, p1, descr=L1)")
    inputargs, final, _ = optimize("\n".join(lines), opts)
    assert final and final[-1].name == "jump"
    assert all(op.name in OPSPECS for op in final)
