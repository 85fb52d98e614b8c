"""The math reader's notation: each rule with a claim that holds and one that does not."""

from __future__ import annotations

import pytest
from math_reading import read, shown, truths

from veridot.parser.ast import And
from veridot.parser.semantic import TranslationStatus
from veridot.parser.vocabulary import Vocabulary


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        (r"$\frac{3}{4} \times 8 = 6$", True),
        (r"$\dfrac{3}{4} \cdot 8 = 7$", False),
        (r"$10,\!000 \div 4 = 2,\!500$", True),
        (r"$1{,}000 - 1 = 998$", False),
        (r"$5! = 120$", True),
        (r"$4! = 25$", False),
        (r"$\binom{5}{2} = 10$", True),
        (r"$\dbinom{6}{3} = 21$", False),
        (r"$\gcd(12, 18) = 6$", True),
        (r"$\lfloor 7/2 \rfloor = 4$", False),
        (r"$\sqrt{16} + 1 = 5$", True),
        (r"$\sqrt[3]{27} = 4$", False),
        (r"$2^{10} = 1024$", True),
        (r"$(-2)^3 = 8$", False),
        (r"$20\%$ of 50: $20\% \times 50 = 10$", True),
        (r"$3 < 2 + 2 < 5$", True),
        (r"$3 < 2 \cdot 3 < 4$", False),
        (r"$\left(\frac{1}{2}\right)^2 = \frac{1}{4}$", True),
        (r"$90^\circ + 45^\circ = 125^\circ$", False),
        (r"$\boxed{2 + 2 = 4}$", True),
    ],
)
def test_latex_notation_true_and_false(text: str, ok: bool) -> None:
    found = truths(text)
    assert found
    assert all(found) is ok


def test_square_root_of_a_non_square_is_a_fresh_constant() -> None:
    result = read(r"$\sqrt{2} \approx 1.41$")
    assert shown(result.definitions) == ["sqrt_2 * sqrt_2 = 2 ∧ sqrt_2 ≥ 0"]
    (claim,) = result.claims
    assert isinstance(claim, And)


def test_unsupported_notation_is_untranslated_with_the_reason() -> None:
    result = read(r"$\sin x = 1$")
    assert result.status is TranslationStatus.UNTRANSLATED
    assert "sin" in result.reason


@pytest.mark.parametrize("text", [r"$i^2 = -1$", r"$e^2 = 7.39$", r"$M = 2019^{1/2019}$"])
def test_constants_and_huge_roots_are_untranslated(text: str) -> None:
    assert read(text).status is TranslationStatus.UNTRANSLATED


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        (r"$17 \equiv 2 \pmod{5}$", True),
        (r"$17 \equiv 3 \pmod 5$", False),
        (r"$2^{10} \equiv 1 \pmod{11}$", True),
        (r"$7 \not\equiv 2 \pmod{5}$", False),
        (r"$3 \mid 12$", True),
        (r"$5 \mid 12$", False),
        (r"$5 \nmid 12$", True),
    ],
)
def test_congruence_and_divisibility_between_integers(text: str, ok: bool) -> None:
    found = truths(text)
    assert found
    assert all(found) is ok


def test_congruence_with_an_unknown_is_untranslated() -> None:
    assert read(r"$x \equiv 2 \pmod{5}$").status is TranslationStatus.UNTRANSLATED


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("3 × 12 = 36 pencils", True),
        ("3 x 12 = 38 pencils", False),
        ("10 ÷ 4 = 2.5 pies", True),
        ("2 · 6 = 14", False),
        ("$5 + $3 = $8", True),
        ("It costs 9,300 + 700 = 10,000 dollars.", True),
        ("It costs 9,300 + 700 = 11,000 dollars.", False),
        ("20% of 50 = 10", True),
        ("20% of 50 = 12", False),
        ("I lost 7 - 10 = -3 points.", True),
        ("0.1 + 0.2 = 0.4", False),
        ("half of 10 = 5", True),
        ("a third of 9 = 4 cups", False),
        ("twice 12 = 24 pages", True),
        ("$105 (lost income) - $90 (fee) = $15", True),
        ("5 (man) + 4 (wife) = 10", False),
    ],
)
def test_plain_text_notation_true_and_false(text: str, ok: bool) -> None:
    found = truths(text)
    assert found
    assert all(found) is ok


@pytest.mark.parametrize(
    "text",
    ["2 dozen = 24", "A 2 x 4 board is 8 feet long.", "60 minutes = 1 hour", "Blue shoe boxes = 7"],
)
def test_plain_text_never_flagged(text: str) -> None:
    assert read(text).claims == ()


@pytest.mark.parametrize(
    "text",
    [
        "10 pages per day on day 1 * 2 = <<10*2=20>>20 pages per day",
        "Subtract Weeks 3-4 from Weeks 1-2 = 96 - 70 = <<96-70=26>>26",
        "They read 180 pages a day because 14, 400 / 80 = <<14400/80=180>>180",
    ],
)
def test_numbered_items_and_split_numbers_are_not_computations(text: str) -> None:
    found = truths(text)
    assert found
    assert all(found)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        (r"$\frac{199}{156} \approx 1.279$", True),  # 1.2756: within 1% of the value
        (r"$\frac{199}{156} \approx 1.3$", True),
        (r"$\frac{199}{156} \approx 1.5$", False),
        (r"$x^2 = (2.8284)^2 = 8$", True),  # computed from a rounded square root of 8
        (r"$(2.8284)^2 = 9$", False),
        (r"$2.5 \times 4 = 11$", False),  # short decimals are exact as written
    ],
)
def test_approximations_and_rounded_operands(text: str, ok: bool) -> None:
    found = truths(text)
    assert found
    assert all(found) is ok


def test_float_print_out_claims_nothing() -> None:
    assert read(r"$\frac{1}{0.259921049894873} \approx 3.848386471827448$").claims == ()


def test_false_equation_between_different_units_claims_nothing() -> None:
    assert read(r"\[ \frac{1}{2} \text{ inch} = 20 \text{ miles} \]").claims == ()
    assert truths(r"\[ 2 \text{ hours} + 3 \text{ hours} = 6 \text{ hours} \]") == [False]
    assert truths(r"\[ 2 \text{ books} \times 2 \text{ pounds} = 4 \text{ pounds} \]") == [True]


def test_angles_are_symbols() -> None:
    vocabulary = Vocabulary()
    assert shown(read(r"$m\angle ABD = 30^\circ$", vocabulary).definitions) == ["angle_ABD = 30"]
    assert shown(read(r"So $2 \angle ABD = 60^\circ$.", vocabulary).claims) == [
        "2 * angle_ABD = 60"
    ]


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        (r"$\left\lfloor 2.75 \right\rfloor = 2$", True),
        (r"$\left\lceil 2.25 \right\rceil = 2$", False),
        (r"\[ \begin{aligned} 3 + 4 &= 7 \\ 2 \cdot 4 &= 9 \end{aligned} \]", False),
        (r"$\frac{5}{2}(4) = 10$", True),
    ],
)
def test_sizing_inner_environments_and_grouped_fractions(text: str, ok: bool) -> None:
    found = truths(text)
    assert found
    assert all(found) is ok


def test_an_inline_slash_before_a_letter_is_ambiguous() -> None:
    assert read(r"$5/2c = 5$").status is TranslationStatus.UNTRANSLATED


def test_square_brackets_are_read_only_when_grouping_and_integer_part_agree() -> None:
    assert read(r"$\left[ 22.8 \right] = 22$").claims == ()
    assert truths(r"$2[3 + 4] = 14$") == [True]


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        (r"$\log_2 256 = 8$", True),
        (r"$\log_{10} 1000 = 4$", False),
        (r"$\log_4 2 = \frac{1}{2}$", True),
        (r"$\log_3 \frac{1}{9} = -3$", False),
    ],
)
def test_exact_logarithms_of_numbers(text: str, ok: bool) -> None:
    found = truths(text)
    assert found
    assert all(found) is ok


@pytest.mark.parametrize("text", [r"$\log_2 3 = 1.58$", r"$\log 100 = 2$", r"$\log_2 8^2 = 6$"])
def test_irrational_unstated_or_ambiguous_logarithms_are_untranslated(text: str) -> None:
    assert read(text).status is TranslationStatus.UNTRANSLATED


def test_words_in_math_mode_are_labels_or_units() -> None:
    assert truths(r"\[ Total Paid = 25 \times 11 = 275 \]") == [True]
    assert truths(r"\[ Final Payment = Total Owed - Amount Paid = 372 - 275 = 98 \]") == [False]
    assert truths(r"$5 cm + 3 cm = 9 cm$") == [False]
    assert read(r"$x = 20 or x = -4$").status is TranslationStatus.UNTRANSLATED


def test_plain_text_units_are_not_symbols() -> None:
    assert read("20 kb/s ÷ 3600 s = 0.0056 kb/s").claims == ()
    assert read("20 kb/s ÷ 3600 s = 0.0056 kb/s").definitions == ()


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("He spends $1 / 2 = $0.50", True),
        ("He spends $1 / 2 = 40 cents", False),  # no scale makes it hold
        ("5 * 3 = $15,000", False),  # no scale named: read as written
        ("The loss is 5 thousand dollars a day, so 5 * 3 = $14,000", False),
    ],
)
def test_scales_named_in_the_text_true_and_false(text: str, ok: bool) -> None:
    found = truths(text)
    assert found
    assert all(found) is ok


@pytest.mark.parametrize(
    "text",
    [
        "He spends 50 cents because $1 / 2 = 50 cents",
        "Sales are $0.25/glass x 10 glasses = 250 cents.",
        "So, Bea earned $2.50 - $2.24 = 26 cents more than Dawn.",
        "losing 5 thousand dollars a day, so in three days 5 * 3 = $15,000.",
    ],
)
def test_a_result_in_a_named_scale_claims_nothing(text: str) -> None:
    assert read(text).claims == ()


@pytest.mark.parametrize(("text", "ok"), [("900 - 130 = 770", True), ("900 - 130 = 730", False)])
def test_unpadded_differences_true_and_false(text: str, ok: bool) -> None:
    assert truths(text) == [ok]


@pytest.mark.parametrize("text", ["leave at 0900-0130 = 0730 hours", "07 + 5 = 12"])
def test_zero_padded_numbers_are_clock_times_or_codes(text: str) -> None:
    assert read(text).claims == ()


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("he used 25 / 1/3 = 75 total decorations", True),
        ("Marco gets 28 / 1/5 = 28 * 5 = 140 cups", True),
        ("it lasts 7/12 / 1/12/day = 7 days", True),
        ("he used 25 / 1/3 = 80 total decorations", False),
        ("500/ 2/5 = 200 seats are taken", False),  # wrong under either grouping
        ("120 / 2 / 3 = 20", True),
        ("120 / 2 / 3 = 30", False),
    ],
)
def test_a_spaced_division_by_a_fraction(text: str, ok: bool) -> None:
    found = truths(text)
    assert found
    assert all(found) is ok


def test_a_division_chain_true_only_grouped_from_the_right_claims_nothing() -> None:
    assert read("A bottle lasts her 14 / 1 / 4 = 14 * 4 = 56 washes.").claims == ()
    assert truths("A bottle lasts her 14 / 1 / 4 = 50 washes.") == [False]


@pytest.mark.parametrize(
    ("text", "read_as"),
    [
        ("To find W: 6W / 6 = 30 feet / 6, so W = 5 feet.", ["W = 5"]),
        ("x - 0.25*x = 72 sours => x = 72 sours / 0.75 = 96 sours total.", ["72 / 0.75 = 96"]),
        ("she had 260 * 0.5 = 130g of flour left.", []),
        ("Lucien has 200 basketballs x (20 / 100) = 40 basketballs", ["200 * (20 / 100) = 40"]),
        ("The number of spaces in section 2 = x + 200.", []),
    ],
)
def test_units_and_labels_around_plain_algebra_are_not_symbols(
    text: str, read_as: list[str]
) -> None:
    result = read(text)
    assert shown(result.definitions + result.claims) == read_as


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        ("Divide by 2: x = 40 / 2.", ["x = 40 / 2"]),
        ("We get 2x = 480 and so x = 240 feet.", ["2 * x = 480", "x = 240"]),
    ],
)
def test_plain_algebra_beside_units_is_still_read(text: str, claims: list[str]) -> None:
    result = read(text)
    assert shown(result.definitions + result.claims) == claims
