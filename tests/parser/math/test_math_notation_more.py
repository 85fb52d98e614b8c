"""More of the math reader's LaTeX notation (issue 10 §1, §3): each rule with a claim that
holds, one that does not, and the readings that must claim nothing."""

from __future__ import annotations

import pytest
from math_reading import read, shown, truths

from veridot.parser.semantic import TranslationStatus
from veridot.parser.vocabulary import Vocabulary


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        # a thin space "\," before a unit is spacing, not a comma between two items
        (r"a total of: \[ 9 \times 2 = 18 \, \text{miles} \]", True),
        (r"a total of: \[ 9 \, \text{miles} \times 2 = 19 \, \text{miles} \]", False),
        # a factorial followed by a term is a product
        (r"$\binom{5}{2} = \frac{5!}{2!3!} = 10$", True),
        (r"$\binom{5}{2} = \frac{5!}{2!3!} = 20$", False),
        (r"$\binom{13}{4} = \frac{13!}{4!(13-4)!} = 715$", True),
        (r"$\frac{6!}{3!\,3!} = 30$", False),
        # absolute values: sized bars and plain bars paired from the left
        (r"$\left| \frac{1}{2} - 3 \right| = \frac{5}{2}$", True),
        (r"$\left| 3 - 8 \right| = -5$", False),
        (r"$|-2-2| = 4$", True),
        (r"$|0.5 - 0| = 0.6$", False),
        (r"$|3 - 7| + |2 - 1| = 5$", True),
        (r"$\frac{1}{2} \left| 4(2) + (-4)(2) \right| = 1$", False),
        # numbers written in a base
        (r"$2019_{10} = 11111100011_2$", True),
        (r"$441_{10} = 1202_7$", False),
        (r"$242_5 = 2 \times 25 + 4 \times 5 + 2 = 72$", True),
        (r"$367_8 = 3 \times 64 + 6 \times 8 + 7 = 231$", False),
        # an "=" inside a congruence chain is a congruence
        (r"$4^4 = 256 \equiv 6 \mod 25$", True),
        (r"$(-36)^4 = 96^2 \equiv 96 \pmod{100}$", False),
        (r"$4^6 = 6 \cdot 16 = 96 \equiv 21 \pmod{25}$", True),
        (r"$17 \equiv 2 \ (\text{mod } 5)$", True),
        (r"$17 \equiv 3 \ (\text{mod } 5)$", False),
    ],
)
def test_latex_notation_true_and_false(text: str, ok: bool) -> None:
    found = truths(text)
    assert found
    assert all(found) is ok


@pytest.mark.parametrize(
    "text",
    [
        r"$P(A|B) = 0.5$",  # a conditional probability, not an absolute value
        r"$||x| - 1| = 2$",  # nested bars are not paired
        r"$\|v\| = 3$",  # a norm
        r"$3 | 12$",
        r"$182_7 = 5$",  # 8 is no digit in base 7
        r"$3.5_{10} = 15_5$",
        r"$|3 - 8 = 5$",
    ],
)
def test_unclear_bars_and_bases_are_untranslated(text: str) -> None:
    assert read(text).status is TranslationStatus.UNTRANSLATED


def test_a_base_conversion_is_a_claim_unlike_two_bare_numbers() -> None:
    assert read(r"$441_{10} = 1202_7$").claims
    assert read(r"$2 \text{ dozen} = 24$").claims == ()


def test_lower_case_subscripts_end_before_the_next_letter() -> None:
    vocabulary = Vocabulary()
    assert shown(read(r"$r_1 = 2$ and $r_2 = 3$.", vocabulary).definitions) == [
        "r_1 = 2",
        "r_2 = 3",
    ]
    assert shown(read(r"So $r_1r_2 = 6$.", vocabulary).claims) == ["r_1 * r_2 = 6"]
    assert shown(read(r"So $r_{1}r_{2}r_1 = 7$.", vocabulary).claims) == ["r_1 * r_2 * r_1 = 7"]
    # capitals side by side name a segment: not read as a product
    assert read(r"$O_1O_2 = 6$").status is TranslationStatus.UNTRANSLATED


def test_two_statements_run_together_in_one_chain_claim_nothing() -> None:
    # a range, then the same range in decimals: "180/123 ≈ 0.732" links the two, not a claim
    text = (
        r"\[ 90 < 123k < 180 \implies \frac{90}{123} < k < \frac{180}{123} "
        r"\approx 0.732 < k < 1.463 \]"
    )
    result = read(text)
    assert result.claims == ()
    assert shown(result.definitions) == ["90 < 123 * k", "123 * k < 180"]
    assert all(truths(r"$\frac{1}{4} < 0.3 < \frac{1}{3}$"))  # one chain, no symbol twice


def test_a_span_that_continues_an_operation_in_the_prose_drops_its_first_side() -> None:
    text = (
        r"Expected gain = (Expected number of coins after Round 1) × \( \frac{1}{100} = "
        r"\frac{101}{100} \times \frac{1}{100} = \frac{101}{10000} \)."
    )
    assert shown(read(text).claims) == ["101 / 100 * (1 / 100) = 101 / 10000"]
    # the same span after a colon, a list bullet or "=" starts its own first side
    assert truths(r"Expected gain: \( \frac{1}{100} = \frac{101}{100} \times 1 \)") == [False]
    assert truths("Steps:\n- \\( 2 \\times 3 = 7 \\)") == [False]
    assert truths(r"So the total = \( 2 \times 3 = 7 \)") == [False]


def test_a_parenthesis_glued_to_a_letter_in_plain_text_is_an_application() -> None:
    # probability notation: P(S), P(C), P(N) are three values, never one symbol P
    vocabulary = Vocabulary()
    text = "which means P(S) = 0.05. So, P(C) = 0.01 and P(N) = 0.99."
    result = read(text, vocabulary)
    assert result.claims == ()
    assert result.definitions == ()
    assert "P" not in vocabulary.bound
    # a parenthesised label after a space is still dropped
    assert truths("x (Sam's fence) + 4 = 10 so 6 + 4 = 11") == [False]


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        # divisibility inside a chain relates its neighbours; "=" around it are equations
        (r"$2^3 = 8 \mid 2^8$", True),
        (r"However, $3^3 = 27 \nmid 3^4$", False),
        (r"$2^3 = 9 \mid 2^8$", False),
        # tuples compared item by item; a lone letter names the point
        (r"$G = \left( \frac{20 + 20}{2}, \frac{0 + 20}{2} \right) = (20, 10)$", True),
        (r"$M = \left( \frac{4 + 6}{2}, \frac{1 + 3}{2} \right) = (5, 3)$", False),
        (r"$(2 \cdot 1994, 2 \cdot 1994) = (3988, 3988)$", True),
    ],
)
def test_divisibility_chains_and_tuples_true_and_false(text: str, ok: bool) -> None:
    found = truths(text)
    assert found
    assert all(found) is ok


@pytest.mark.parametrize(
    "text",
    [
        r"$(a, b, c) = (2, 2, 2)$",  # may be one solution of several: binds nothing
        r"$(12, 18) = 6$",  # a gcd written as a pair
        r"$(1, 2) = (1, 2, 3)$",
        r"$2(3, 4) = (6, 8)$",
    ],
)
def test_tuples_with_unknowns_or_beside_numbers_are_untranslated(text: str) -> None:
    assert read(text).status is TranslationStatus.UNTRANSLATED


def test_a_tuple_frees_a_name_that_was_a_number() -> None:
    vocabulary = Vocabulary()
    read(r"$G = 5$", vocabulary)
    assert "G" in vocabulary.bound
    read(r"$G = (1, 2)$", vocabulary)
    assert "G" not in vocabulary.bound


@pytest.mark.parametrize(
    "text",
    [
        r"\[ 4 \nmid 3 + 1 = 4 \quad \text{(False)} \]",
        r"\[ 2 + 2 = 5 \quad \text{(not true)} \]",
        r"\[ 7 \times 8 = 54 \quad \text{(incorrect)} \]",
    ],
)
def test_a_span_the_writer_marks_false_asserts_nothing(text: str) -> None:
    result = read(text)
    assert result.claims == ()
    assert result.status is not TranslationStatus.UNTRANSLATED


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (r"\[a_n = 9 - 18(n-1) = 18 - 18n\]", "9 - 18 * (n - 1) = 18 - 18 * n"),
        (
            r"Factor: \[ x^3 - 1 = (x + 1)(x^2 - x + 1). \]",
            "x * x * x - 1 = (x + 1) * (x * x - x + 1)",
        ),
        (r"\[ 2a + b - c = 38k + 8 + 2 - 18 = 38k + 2 \]", "38 * k + 8 + 2 - 18 = 38 * k + 2"),
        (r"\[ \frac{1}{x} = 0 \]", "1 / x = 0"),
    ],
)
def test_an_equation_no_value_satisfies_is_a_claim_not_a_definition(text: str, claim: str) -> None:
    result = read(text)
    assert claim in shown(result.claims)
    assert claim not in shown(result.definitions)


@pytest.mark.parametrize(
    "text",
    [
        r"\[ x^3 - 1 = (x - 1)(x^2 + x + 1) \]",  # an identity
        r"\[ 2x + 3 = 5x - 6 \]",  # an equation to solve
        r"\[ x^2 - 60x + 400 = (x - 20)^2 \]",  # a wrong factoring, but x = 0 satisfies it
        r"\[ \frac{1}{x} + 1 = \frac{x + 2}{x} \]",  # never equal, but not decided this way
    ],
)
def test_an_equation_some_value_satisfies_stays_a_definition(text: str) -> None:
    result = read(text)
    assert result.claims == ()
    assert result.definitions


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("Total time = 20 + 23. Total time = 43 minutes.", True),
        (
            "Total earnings = $3.00 (dishwasher) + $3.00 (laundry) + $1.50 (trash) + $1.50 "
            "(room). Total earnings = $8.00.",
            False,
        ),
        ("Total Post-it notes = 80 + 220 + 23\nTotal Post-it notes = 323", True),
        ("Distance Oliver must climb = 10,000 - 6,000. Distance Oliver must climb = 5,000.", False),
    ],
)
def test_a_named_quantity_computed_then_given_claims_the_two_are_equal(text: str, ok: bool) -> None:
    found = truths(text)
    assert found
    assert all(found) is ok


@pytest.mark.parametrize(
    "text",
    [
        "Cost = 3 x 4. If we buy more, Cost = 13.",  # a hypothesis breaks the pair
        "Cost = 3 x 4. Total = 13.",  # another name
        "Cost = 3 x 4. So x = 2. Cost = 13.",  # another equation in between
        "Cost = 12. Cost = 13.",  # no computation: a value given again
        "If cost = 3 x 4. If cost = 13.",  # a condition, not a name
        "Cost = 3 x 4. Is the cost = 13?",
    ],
)
def test_a_named_quantity_pairs_only_with_the_next_equation_of_that_name(text: str) -> None:
    assert read(text).claims == ()
