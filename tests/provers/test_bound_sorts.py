"""Quantified variables read in their whole formula by every printer and converter.

`∀x (x > 0 → ∀y (y = x))`: `y` is a number because it is equated with the number `x` bound
further out. Read alone, `∀y (y = x)` makes `y` an object, which cvc5 refused ("sort
mismatch") and the SMT-LIB and TPTP printers declared with the wrong sort.
"""

from __future__ import annotations

import importlib.util

import pytest

from veridot.parser.ast import Forall, Implies
from veridot.parser.bound_sorts import BoundSorts
from veridot.parser.fol import parse_fol
from veridot.parser.sorts import Sort, infer_signature
from veridot.provers.base import Verdict
from veridot.provers.export import to_smtlib, to_tptp
from veridot.provers.registry import get_prover

NESTED = "∀x (x > 0 → ∀y (y = x))"


def test_a_variable_equated_with_an_outer_number_is_a_number() -> None:
    formula = parse_fol(NESTED)
    assert isinstance(formula, Forall)
    assert isinstance(formula.body, Implies)
    inner = formula.body.right
    assert isinstance(inner, Forall)
    sorts = BoundSorts(infer_signature([formula]), [formula])
    assert sorts.of(formula) == Sort.NUMBER
    assert sorts.of(inner) == Sort.NUMBER


def test_a_quantifier_of_an_unread_formula_is_read_alone() -> None:
    formula = parse_fol("∀y (y = y)")
    assert isinstance(formula, Forall)
    assert BoundSorts(infer_signature([formula])).of(formula) == Sort.OBJECT


def test_smtlib_and_tptp_declare_the_inner_variable_a_number() -> None:
    premises, claim = [parse_fol(NESTED)], parse_fol("a = 2")
    assert "(forall ((y Real))" in to_smtlib(premises, claim)
    assert "![V_y: $real]" in to_tptp(premises, claim)


@pytest.mark.skipif(importlib.util.find_spec("cvc5") is None, reason="cvc5 not installed")
def test_cvc5_translates_it() -> None:
    # The premise is false over the reals (take y = x + 1), so the premises are inconsistent.
    result = get_prover("cvc5").prove([parse_fol(NESTED)], parse_fol("a = 2"))
    assert result.verdict is Verdict.INCONSISTENT, result.reason
