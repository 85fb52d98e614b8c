"""Arithmetic claims in prose: exact rational equations, conservative reading."""

from __future__ import annotations

from fractions import Fraction

import pytest

from veridot.parser.ast import And, Arith, Compare, Eq, Formula, Num
from veridot.parser.english import EnglishParser
from veridot.parser.fol import parse_fol
from veridot.parser.math.evaluate import evaluate
from veridot.parser.semantic import TranslationStatus
from veridot.parser.vocabulary import Vocabulary


def claims(text: str) -> tuple[Formula, ...]:
    result = EnglishParser().translate(text, Vocabulary())
    if result.status is not TranslationStatus.CLAIM:
        return ()
    return result.claims


def holds(claim: Formula) -> bool:
    match claim:
        case Eq(left=left, right=right):
            return evaluate(left) == evaluate(right)  # type: ignore[arg-type]
        case And(args=args):
            return all(holds(a) for a in args)
        case Compare(op=op, left=left, right=right):
            a, b = evaluate(left), evaluate(right)  # type: ignore[arg-type]
            return a < b if op == "<" else a > b if op == ">" else False
    raise AssertionError(claim)


@pytest.mark.parametrize(
    ("text", "fols"),
    [
        ("In May she sold 48 / 2 = 24 clips.", ["48 / 2 = 24"]),
        ("That is 3 × 12 = 36 pencils.", ["3 * 12 = 36"]),
        ("$5 + $3 = $8", ["5 + 3 = 8"]),
        ("She has 10 ÷ 4 = 2.5 pies.", ["10 / 4 = 2.5"]),
        ("Total: 2 + 3 = 5 = 10 / 2", ["2 + 3 = 5", "5 = 10 / 2"]),
        ("He pays \\(1/3 \\times 18 = 6\\) dollars.", ["1 / 3 * 18 = 6"]),
        ("\\[ \\frac{3}{4} \\times 8 = 6 \\]", ["3 / 4 * 8 = 6"]),
        (
            "\\[ 2 \\text{ books} \\times 2 \\text{ pounds/book} = 4 \\text{ pounds} \\]",
            ["2 * 2 = 4"],
        ),
        ("2 hours * 60 minutes = 120 minutes", ["2 * 60 = 120"]),
        ("3 fish x $1/fish = $3/day", ["3 * 1 = 3"]),
        ("Total cost = Cost per gallon * gallons = $3.5 * 4000 = $14,000.", ["3.5 * 4000 = 14000"]),
        ("$105 (lost income) - $90 (fee) = $15", ["105 - 90 = 15"]),
        ("So 5 times 4 = 20 apples.", ["5 * 4 = 20"]),
        ("The sum is (2 + 3) * 4 = 20.", ["(2 + 3) * 4 = 20"]),
        ("I lost 7 - 10 = -3 points.", ["7 - 10 = -3"]),
        ("half of 10 = 5", ["10 / 2 = 5"]),
        ("She read twice 12 = 24 pages.", ["2 * 12 = 24"]),
        ("A third of 9 = 3 cups.", ["9 / 3 = 3"]),
    ],
)
def test_equations_become_exact_claims(text: str, fols: list[str]) -> None:
    assert claims(text) == tuple(parse_fol(f) for f in fols)


def test_numbers_are_exact_rationals() -> None:
    (claim,) = claims("0.1 + 0.2 = 0.3")
    assert isinstance(claim, Eq)
    assert evaluate(claim.left) == Fraction(3, 10)  # type: ignore[arg-type]


def test_false_equation_is_still_a_claim() -> None:
    (claim,) = claims("She sold 48 / 2 = 25 clips.")
    assert claim == parse_fol("48 / 2 = 25")
    assert not holds(claim)


def test_percent_and_per_cent_as_unit() -> None:
    (claim,) = claims("20% of 50 = 10")
    assert holds(claim)
    (claim,) = claims("\\[ \\left( \\frac{2}{4} \\right) \\times 100 = 50\\% \\]")
    assert holds(claim)


def test_rounded_decimal_results_hold_to_their_places() -> None:
    (claim,) = claims("450 / 7 = 64.29 birds per day")
    assert isinstance(claim, And)
    assert holds(claim)
    (wrong,) = claims("450 / 7 = 64.5 birds per day")
    assert not holds(wrong)


def test_running_total_reading() -> None:
    found = claims("3 * 4 = 12 + 5 = 17")
    assert found == (parse_fol("3 * 4 = 12"), parse_fol("12 + 5 = 17"))
    assert all(holds(c) for c in found)


@pytest.mark.parametrize(
    "text",
    [
        "Let x = 5.",
        "2x + 3 = 11",
        "3x = 3(12) = 36",
        "half of 10 + 4 = 9",  # half of 10, or of 14? not read
        "60 minutes = 1 hour",
        "It took 1 1/2 = 1.5 hours.",
        "The trip is 2 + 3 = 5 hours 30 minutes.",
        "5 / 0 = 3",
        "36 / 5 = 7 full pens, with a remainder of 1.",
        "\\[ \\frac{1}{3} (x - 30) = 6 \\]",
    ],
)
def test_uncertain_equations_claim_nothing(text: str) -> None:
    assert all(not isinstance(c, Eq) or not isinstance(c.left, Arith) for c in claims(text))
    assert claims(text) == ()


@pytest.mark.parametrize(
    ("text", "fols"),
    [
        # the tail of "Age - 4" is not a side; the rest of the chain is
        ("\\[ \\text{Alyana's Age} = \\text{Chenny's Age} - 4 = 10 - 4 = 6 \\]", ["10 - 4 = 6"]),
        ("D - 8 = 60 - 8", []),
        # "in 48 hours" describes, it does not compute
        (
            "Total quarts in 48 hours = 2400 quarts + 600 quarts = 3000 quarts.",
            ["2400 + 600 = 3000"],
        ),
        # two display blocks are two equations, not one chain
        (
            "\\[ \\text{Price} = \\frac{500}{2} = 250 \\] "
            "\\[ \\text{Earnings} = 45 \\times 250 = 11,250 \\]",
            ["500 / 2 = 250", "45 * 250 = 11250"],
        ),
        ("\\$2000 \\times (1 - 0.75) = \\$500", ["2000 * (1 - 0.75) = 500"]),
    ],
)
def test_fragments_and_blocks(text: str, fols: list[str]) -> None:
    assert claims(text) == tuple(parse_fol(f) for f in fols)


def test_a_step_with_equations_is_checked_by_them_alone() -> None:
    result = EnglishParser().translate(
        "Natalia sold 48/2 = 24 clips in May. Altogether she sold 48 + 24 = 72 clips.",
        Vocabulary(),
    )
    assert result.status is TranslationStatus.CLAIM
    assert result.claims == (parse_fol("48 / 2 = 24"), parse_fol("48 + 24 = 72"))


def test_numbers_as_names_are_not_arithmetic() -> None:
    (claim,) = claims("3 is prime.")
    assert claim == parse_fol("Prime(n3)")
    assert not any(isinstance(n, Num) for n in [claim])


# ---- regressions: ProcessBench MATH/OlympiadBench/Omni-MATH steps that are correct -------


@pytest.mark.parametrize(
    ("text", "fols"),
    [
        # a function application is not a number: its side is dropped, the rest is read
        ("Now, add up the terms: \\( f(-2) = 20 - 6 + 4 \\).", []),
        ("Next, we apply \\( g \\): \\( g(6) = 2 \\cdot 6 = 12 \\).", ["2 * 6 = 12"]),
        ("\\[ f(-3) = -3 + 2 = -1 \\]", ["(-3) + 2 = -1"]),
        ("So, \\( f(-10) = -25 \\).", []),
        (
            "\\[ 4 f\\left( \\frac{1}{3} \\right) = 4 \\cdot \\frac{256}{27} = \\frac{1024}{27}.",
            ["4 * (256 / 27) = 1024 / 27"],
        ),
        ("\\[ f(1) + f(2) = \\frac{1}{2}.", []),
        ("\\[ a(1 + \\frac{3}{2}) = 40\\]", []),
        # alternatives joined by "or"/"and" are two equations, never one
        ("\\[ x = 20 \\quad \\text{or} \\quad x = -4 \\]", []),
        ("\\[ x - 5 = 0 \\quad \\text{or} \\quad x + 2 = 0 \\]", []),
        ("This gives two solutions: $G = 26$ or $G = -25$.", []),
        (
            "\\[ c = \\frac{1 + 3}{2} = 2 \\quad \\text{and} \\quad c = \\frac{1 - 3}{2} = -1.",
            ["(1 + 3) / 2 = 2", "(1 - 3) / 2 = -1"],
        ),
        ("So, the x-intercepts are x = 4 and x = -2.", []),
        # a number glued to a letter, a subscript or a repeating decimal
        ("\\[S_{85,5} = \\frac{0.20}{0.50} = 0.4\\]", ["0.2 / 0.5 = 0.4"]),
        ("Third term: \\(\\frac{2}{3} = 0.\\overline{6}\\).", []),
        ("\\[ 30 = \\frac{3}{4}x - \\frac{2}{4}x \\]", []),
        ("\\[\\log_a(3) = -1.\\]", []),
        # exponents and unit conversions
        ("\\[P(1) = 1^4 - 2\\cdot1^2 - 5 = 1 - 2 - 5 = -6\\]", []),
        (
            "\\[ 1 \\text{ inch} = 2 \\times 20 \\text{ miles} = 40 \\text{ miles} \\]",
            ["2 * 20 = 40"],
        ),
        # integer division, "≈" and float print-outs state no exact value
        ("\\[ 2863 \\div 1344 = 2 \\quad \\text{(quotient)} \\]", []),
        ("So the proportion is 145 / 488 ≈ 0.2969.", []),
        ("\\[ \\frac{1}{0.259921049894873} = 3.848386471827448. \\]", []),
    ],
)
def test_math_notation_is_read_exactly_or_skipped(text: str, fols: list[str]) -> None:
    assert claims(text) == tuple(parse_fol(f) for f in fols)


def test_variable_denominator_is_not_a_unit() -> None:
    assert claims("6 = 18/x") == ()
    assert claims("3 fish x $1/fish = $3/day") == (parse_fol("3 * 1 = 3"),)


def test_mixed_units_do_not_make_a_false_claim() -> None:
    assert claims("It takes 1 hour + 30 minutes = 90 minutes.") == ()
    (claim,) = claims("It takes 2 hours + 3 hours = 6 hours.")  # one unit: a real slip
    assert not holds(claim)


def test_rejected_and_asked_equations_claim_nothing() -> None:
    parsed = EnglishParser().translate("\\[ 2 + 1 = 1 \\]\n(False)", Vocabulary())
    assert parsed.status is not TranslationStatus.CLAIM
    assert claims("Is 3 * 4 = 13?") == ()
    assert claims("We get 2 + 1 = 4, which is false.") == ()


def test_rounding_allows_one_unit_in_the_last_place_only() -> None:
    # 450/7 = 64.2857...: 64.29 (rounded) and 64.28 (truncated) hold, 64.27 and 64.3 do not
    for text, ok in [
        ("450/7 = 64.29", True),
        ("450/7 = 64.28", True),
        ("450/7 = 64.27", False),
        ("450/7 = 64.3", True),
        ("450/7 = 64.4", False),
    ]:
        (claim,) = claims(text)
        assert holds(claim) is ok, text
    # a result the exact value reaches within its places must match exactly
    (claim,) = claims("2.5 + 1.3 = 3.9")
    assert isinstance(claim, Eq)
    assert not holds(claim)


def test_signed_numbers_are_literals() -> None:
    (claim,) = claims("So 7 - 10 = -3.")
    assert claim == Eq(Arith("-", Num(Fraction(7)), Num(Fraction(10))), Num(Fraction(-3)))


def test_percent_results_round_in_value_terms() -> None:
    (claim,) = claims("Percentage: (182/211) * 100% = 86.26%")
    assert holds(claim)
    (claim,) = claims("Percentage: (182/211) * 100% = 86.46%")
    assert not holds(claim)


def test_whole_results_of_inexact_quotients_are_rounded() -> None:
    (claim,) = claims("Helpers needed: 20/6 = 4 helpers")  # rounded up: holds
    assert holds(claim)
    (claim,) = claims("450/7 = 70 birds")  # 64.3 is not 70 in any rounding
    assert not holds(claim)
    (claim,) = claims("48/2 = 25 clips")  # an exact quotient must match exactly
    assert claim == parse_fol("48 / 2 = 25")


@pytest.mark.parametrize(
    "text",
    ["7 * 6 * 5 * 4 * 3 * 2 * 1 = 7!", "4/19/1969 - 10 days = 4/9/1969"],
)
def test_factorials_and_dates_are_not_read(text: str) -> None:
    assert claims(text) == ()


def test_approximately_before_an_equation_claims_nothing() -> None:
    text = "The total is approximately:\n\\[ 11.5098 \\times 720 = 8286.656 \\]"
    assert EnglishParser().translate(text, Vocabulary()).claims == ()
    assert claims("The total is approximately 11.5098 * 720 = 8286.656.") == ()
    assert claims("The total is 11.5098 * 720 = 8286.656.") != ()
