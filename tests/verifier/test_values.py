"""Arithmetic evidence: exact evaluation, printed numbers that read back exactly, divisors."""

from __future__ import annotations

from fractions import Fraction

import pytest

from veridot.parser.ast import Const, Pred
from veridot.parser.fol import parse_fol
from veridot.verifier.prove_claim import prove
from veridot.verifier.values import holds, number_text, witness

x, y = Const("x"), Const("y")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(4), "4"),
        (Fraction(-5, 2), "-2.5"),
        (Fraction(1, 3), "1/3"),
        (Fraction(1, 8), "0.125"),
    ],
)
def test_numbers_print_so_they_read_back_exactly(value: Fraction, text: str) -> None:
    assert number_text(value) == text
    assert Fraction(text) == value


def test_holds_evaluates_exactly_or_says_it_cannot() -> None:
    env = {"x": Fraction(1, 3)}
    assert holds(parse_fol("3 * x = 1"), env) is True
    assert holds(parse_fol("x = 0.333"), env) is False
    assert holds(parse_fol("x / (x - x) = 1"), env) is None  # division by zero
    assert holds(parse_fol("y = 1"), env) is None  # no value for y
    assert holds(Pred("P", (x,)), env) is None


def test_a_witness_is_offered_only_when_it_evaluates_as_printed() -> None:
    s0 = parse_fol("x + y = 10")
    claim = parse_fol("x = 3")
    found = witness({"x": "0", "y": "10"}, [("s0", s0)], claim)
    assert found is not None
    assert (found.text, found.satisfied) == ("x = 0 and y = 10", ("s0",))
    assert witness({"x": "3", "y": "7"}, [("s0", s0)], claim) is None  # the claim holds
    assert witness({"x": "1.4142?", "y": "7"}, [("s0", s0)], claim) is None  # not exact


def test_a_stated_division_presupposes_a_nonzero_divisor_in_prove() -> None:
    assert prove(["6 / 10 = x / (8 - x)"], "x = 3").verdict.value == "entailed"
    assert prove(["6 / 10 = x / (8 - x)"], "x = 8 / 5").verdict.value == "contradicted"


def test_a_false_rounded_result_states_the_exact_value_cut_not_rounded() -> None:
    from veridot.verifier.values import ground_comparison

    claim = parse_fol("199 / 156 > 1.278 ∧ 199 / 156 < 1.28")
    assert ground_comparison(claim) == "199 / 156 is 1.275641…"
    assert ground_comparison(parse_fol("199 / 156 > 1.27 ∧ 199 / 156 < 1.28")) == ""  # holds
    assert ground_comparison(parse_fol("x > 1")) == ""
